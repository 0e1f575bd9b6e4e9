"""OFD (GB/T 33190, the national e-document format): text objects in reading order, through
ofdkit (pure Python), then ``layout`` unwraps lines and drops page furniture as for PDF.

ofdkit refuses DTDs and entities and bounds part sizes and entry counts; its errors become ours.
"""

from __future__ import annotations

from ..errors import DecodeError
from ..language import _
from . import Extracted
from .layout import Budget, Glyph, Page, lines_of, paragraphs

MAX_PAGES = 2000


def read(data: bytes, encoding: str | None = None, limit: int | None = None) -> Extracted:
    """``limit``: the characters the document may hold (the input limit), checked page by page."""
    import ofdkit

    try:
        with ofdkit.open(data) as document:
            if len(document.pages) > MAX_PAGES:
                raise DecodeError(
                    _("an OFD of {pages} pages is not a notice").format(pages=len(document.pages))
                )
            budget = Budget(limit)
            pages = [_page(page, n, budget) for n, page in enumerate(document.pages, start=1)]
    except ofdkit.OFDLimitError as error:
        raise DecodeError(_("refused: {error}").format(error=error)) from None
    except ofdkit.OFDError as error:
        raise DecodeError(_("a damaged OFD file ({error})").format(error=error)) from None
    if pages and not any(pages):
        raise DecodeError(_("the OFD has no text (scanned image); OCR is not supported"))
    text, page_of_line = paragraphs(pages)
    return Extracted(text, "ofd", "utf-8", page_of_line)


def _page(page: object, number: int, budget: Budget) -> Page:
    """A page's text runs as glyphs: each run spread evenly over its width."""
    glyphs = []
    runs = page.runs  # type: ignore[attr-defined]
    budget.spend(number, sum(len(run.text) for run in runs))
    for run in runs:
        text = run.text
        if not text.strip():
            continue
        step = run.width / len(text) if text else run.size
        for index, char in enumerate(text):
            if char.strip():
                left = run.x + index * step
                glyphs.append(Glyph(char, left, left + step, run.y, run.size))
    return lines_of(glyphs)
