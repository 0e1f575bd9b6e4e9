"""PDF: the text layer in reading order, through pdfium (pypdfium2), then ``layout`` unwraps it.

pdfium gives every character with its box, and marks line ends; we cut each line into pieces
where characters stand far apart (table cells) and hand the positioned lines to ``layout``. A PDF
with pages but no text is a scan: we say so rather than return nothing. An encrypted PDF is
refused: taobei takes no passwords.
"""

from __future__ import annotations

import re
import struct
import zlib
from typing import Any

from ..errors import DecodeError
from ..language import _
from . import Extracted
from .layout import Budget, Glyph, Page, Rule, lines_of, paragraphs

#: pdfium's FS_RECTF as bytes: left, top, right, bottom, each a C float.
_CORNERS = struct.Struct("4f")

#: Most pages read; a notice has tens, a hostile file may claim millions.
MAX_PAGES = 2000


#: Bytes the compressed streams of a PDF other than images may inflate to, together: pdfium
#: inflates a page's content whole, and 190 KB of deflated blanks once took 595 MB.
MAX_INFLATED = 256 * 1024 * 1024
_STREAM = re.compile(rb"(?<!end)stream\r?\n")


def read(data: bytes, encoding: str | None = None, limit: int | None = None) -> Extracted:
    """``limit``: the characters the document may hold (the input limit), checked page by page."""
    import pypdfium2 as pdfium

    _check_inflated(data)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise DecodeError(
                "the PDF is encrypted (password-protected); taobei cannot read it"
            ) from None
        raise DecodeError(_("a damaged PDF file ({error})").format(error=error)) from None
    try:
        if len(document) > MAX_PAGES:
            raise DecodeError(
                _("a PDF of {pages} pages is not a notice").format(pages=len(document))
            )
        budget = Budget(limit)
        pages = [_page_lines(document[index], index + 1, budget) for index in range(len(document))]
    except pdfium.PdfiumError as error:
        raise DecodeError(_("a damaged PDF file ({error})").format(error=error)) from None
    finally:
        document.close()
    if len(pages) and not any(pages):
        raise DecodeError(_("the PDF has no text layer (scanned image); OCR is not supported"))
    text, page_of_line = paragraphs(pages)
    return Extracted(text, "pdf", "utf-8", page_of_line)


def _check_inflated(data: bytes) -> None:
    """Refuse a PDF whose deflated streams (images aside: they are inflated only when drawn,
    and taobei draws nothing) inflate past ``MAX_INFLATED``, before pdfium inflates any. Each
    stream is inflated in steps and thrown away; a stream zlib cannot read is pdfium's to judge."""
    total = 0
    for found in _STREAM.finditer(data):
        head = data[max(0, found.start() - 1024) : found.start()]
        meta = head[head.rfind(b"<<") :] if b"<<" in head else b""
        if b"/FlateDecode" not in meta or b"/Image" in meta:
            continue
        inflater, at = zlib.decompressobj(), found.end()
        try:
            while not inflater.eof and at < len(data) and total <= MAX_INFLATED:
                piece, at = data[at : at + 65536], at + 65536
                while piece and not inflater.eof and total <= MAX_INFLATED:
                    total += len(inflater.decompress(piece, 1 << 20))  # a MB out at a time
                    piece = inflater.unconsumed_tail
        except zlib.error:
            continue
        if total > MAX_INFLATED:
            raise DecodeError(_("refused: the PDF's streams inflate past {limit} MB (a "
                                "compression bomb?)").format(limit=MAX_INFLATED // 1024 // 1024))  # fmt: skip


def _page_lines(page: Any, number: int, budget: Budget) -> Page:
    """A page's lines, top to bottom by position (content order is not reading order in
    tables), each cut into pieces at wide gaps. A character stands on its baseline (its origin),
    not on its box: punctuation set in another font than the text around it has another box,
    and a line sorted by boxes fell apart into runs of each font."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        budget.spend(number, count)
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # surrogate pairs: fall back to one character at a time
            text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
        chars: list[Glyph] = []
        box = raw.FS_RECTF()  # one box filled per character: pypdfium2's helper makes one each
        x, y = ctypes.c_double(), ctypes.c_double()
        handle, into, at = textpage.raw, ctypes.byref(box), (ctypes.byref(x), ctypes.byref(y))
        box_of, origin_of = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin
        # the box read whole (four floats: left, top, right, bottom; a test checks the layout)
        # and glyphs made in C: the loop is a third of reading a PDF, this is 15 % of the loop
        corners, glyph, append = _CORNERS.unpack_from, tuple.__new__, chars.append
        for index, char in enumerate(text):
            if char in "\r\n":
                continue
            if not box_of(handle, index, into) or not origin_of(handle, index, *at):
                raise pdfium.PdfiumError("Failed to get charbox.")
            left, top, right, bottom = corners(box)
            if right > left or char.strip():
                # loose boxes span the font's ascent and descent, so 一 and “ measure alike
                height = top - bottom
                append(glyph(Glyph, (char, left, right, -y.value, max(height, 1.0))))
        rules = _rules(page, number, budget)
    finally:
        textpage.close()
        page.close()
    return lines_of(chars, rules)


def _rules(page: Any, number: int, budget: Budget) -> list[Rule]:
    """Thin path objects as table rules (y grows down); a drawn box gives its four edges."""
    rules = []
    for left, bottom, right, top in _path_bounds(page.raw, number, budget):
        width, height = right - left, top - bottom
        if width < 3 and height > 8:
            rules.append(Rule((left + right) / 2, -top, (left + right) / 2, -bottom))
        elif height < 3 and width > 8:
            rules.append(Rule(left, -(top + bottom) / 2, right, -(top + bottom) / 2))
        elif width > 8 and height > 8 and len(rules) < 20_000:  # a box: four rules
            rules += [Rule(left, -top, left, -bottom), Rule(right, -top, right, -bottom),
                      Rule(left, -top, right, -top), Rule(left, -bottom, right, -bottom)]  # fmt: skip
    return rules


def _path_bounds(page: Any, number: int, budget: Budget) -> list[tuple[float, float, float, float]]:
    """Bounds (left, bottom, right, top) of the page's path objects and of those in the forms
    drawn on it (one level down), in page order, through pdfium's raw calls: pypdfium2's object
    iterator wraps every object of a page (mostly text) in a Python helper to read its type,
    which took longer than the rest of reading the page."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    paths = []
    objects = _children(page, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject)
    budget.spend(number, 0, len(objects))
    for handle in objects:
        kind = raw.FPDFPageObj_GetType(handle)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            paths.append(handle)
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            inner = _children(handle, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject)
            budget.spend(number, 0, len(inner))
            paths += [h for h in inner if raw.FPDFPageObj_GetType(h) == raw.FPDF_PAGEOBJ_PATH]
    corners = [ctypes.c_float() for _ in range(4)]
    bounds = []
    for handle in paths:
        if not raw.FPDFPageObj_GetBounds(handle, *corners):
            raise pdfium.PdfiumError("Failed to locate pageobject.")
        left, bottom, right, top = (corner.value for corner in corners)
        bounds.append((left, bottom, right, top))
    return bounds


def _children(parent: Any, count: Any, get: Any) -> list[Any]:
    """The object handles of a page or form, as pdfium numbers them."""
    import pypdfium2 as pdfium

    total = count(parent)
    if total < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    handles = [get(parent, index) for index in range(total)]
    if not all(handles):
        raise pdfium.PdfiumError("Failed to get pageobject.")
    return handles
