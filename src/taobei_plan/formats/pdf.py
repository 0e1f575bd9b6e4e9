"""PDF: the text layer in reading order, through pdfium (pypdfium2), then ``layout`` unwraps it.

pdfium gives every character with its box, and marks line ends; we cut each line into pieces
where characters stand far apart (table cells) and hand the positioned lines to ``layout``. A PDF
with pages but no text is a scan: we say so rather than return nothing. An encrypted PDF is
refused: taobei takes no passwords.
"""

from __future__ import annotations

from typing import Any

from ..errors import DecodeError
from . import Extracted
from .layout import Glyph, Page, Rule, lines_of, paragraphs

#: Most pages read; a notice has tens, a hostile file may claim millions.
MAX_PAGES = 2000


def read(data: bytes, encoding: str | None = None) -> Extracted:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise DecodeError(
                "the PDF is encrypted (password-protected); taobei cannot read it"
            ) from None
        raise DecodeError(f"a damaged PDF file ({error})") from None
    try:
        if len(document) > MAX_PAGES:
            raise DecodeError(f"a PDF of {len(document)} pages is not a notice")
        pages = [_page_lines(document[index]) for index in range(len(document))]
    except pdfium.PdfiumError as error:
        raise DecodeError(f"a damaged PDF file ({error})") from None
    finally:
        document.close()
    if len(pages) and not any(pages):
        raise DecodeError("the PDF has no text layer (scanned image); OCR is not supported")
    text, page_of_line = paragraphs(pages)
    return Extracted(text, "pdf", "utf-8", page_of_line)


def _page_lines(page: Any) -> Page:
    """A page's lines, top to bottom by position (content order is not reading order in
    tables), each cut into pieces at wide gaps."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # surrogate pairs: fall back to one character at a time
            text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
        chars = []
        for index, char in enumerate(text):
            if char in "\r\n":
                continue
            # loose boxes span the font's ascent and descent, so 一 and “ sit on their line
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            if right > left or char.strip():
                chars.append(Glyph(char, left, right, -bottom, max(top - bottom, 1.0)))
        rules = _rules(page)
    finally:
        textpage.close()
        page.close()
    return lines_of(chars, rules)


def _rules(page: Any) -> list[Rule]:
    """Thin path objects as table rules (y grows down); a drawn box gives its four edges."""
    import pypdfium2.raw as raw

    rules = []
    for item in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = item.get_bounds()
        width, height = right - left, top - bottom
        if width < 3 and height > 8:
            rules.append(Rule((left + right) / 2, -top, (left + right) / 2, -bottom))
        elif height < 3 and width > 8:
            rules.append(Rule(left, -(top + bottom) / 2, right, -(top + bottom) / 2))
        elif width > 8 and height > 8 and len(rules) < 20_000:  # a box: four rules
            rules += [Rule(left, -top, left, -bottom), Rule(right, -top, right, -bottom),
                      Rule(left, -top, right, -top), Rule(left, -bottom, right, -bottom)]  # fmt: skip
    return rules
