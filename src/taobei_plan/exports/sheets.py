"""How a table of the 台账 is written: XlsxWriter formats, cells by type, and a page set up to
print and filter.

XlsxWriter writes the same cells, styles and page setup as openpyxl in half the time (openpyxl
builds, hashes and serialises a style object per cell), never turns text into a formula or a
link (both options are off), and a number no spreadsheet can hold (past 2⁵³, or not finite) is
written as its digits, as text. A cell re-export kept (``Kept``) is written back with its formula
(its references moved with the cells they point at) and its comment.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from .carry import Kept, protect, shown_header
from .emit import looks_like_formula
from .moves import Moves

MARK = "taobei-ledger"  # the workbook's keywords: written by taobei, safe to re-export onto
#: Short columns read best centred.
CENTERED = frozenset({"序号", "角色", "级别", "状态"})
WIDE = {"重点任务": 50, "原文": 60, "说明": 60, "问题": 60, "值": 60}


@dataclass(slots=True)
class Extras:
    """What a table carries beyond its values: title lines above its header, fixed widths by
    header, columns folded away (grouped, hidden until unfolded), the page header's text, merges
    inside rows (body row from 1, first, last column), protection options and the columns it
    leaves open, and where the rows its formulas point at went."""

    title: list[str] = field(default_factory=list)
    widths: dict[str, int] = field(default_factory=dict)
    folded: set[int] = field(default_factory=set)
    page_header: str = ""
    merges: list[tuple[int, int, int]] = field(default_factory=list)
    protection: dict[str, Any] | None = None
    unlocked: set[int] = field(default_factory=set)
    moves: Moves | None = None
    always: bool = False  # printed and shown even without rows (the task sheet)
    fills: dict[int, dict[str, str]] = field(default_factory=dict)  # column → value → colour
    choices: dict[int, tuple[str, ...]] = field(default_factory=dict)  # column → its dropdown


class Book:
    """The workbook being written and the cell formats its sheets share (XlsxWriter wants each
    format made once, before the cells that use it)."""

    def __init__(self, buffer: io.BytesIO) -> None:
        import xlsxwriter

        self.book = xlsxwriter.Workbook(buffer, {
            "in_memory": True,  # no temporary files
            "strings_to_formulas": False,  # text stays text, whatever it starts with
            "strings_to_urls": False,
            "strings_to_numbers": False,
        })  # fmt: skip
        self.book.set_properties({"author": "taobei", "keywords": MARK})
        # the workbook's default font (empty cells, new rows people add): XlsxWriter's documented
        # way is its first format
        self.book.formats[0].set_font_name(BODY_FONT)
        self.book.formats[0].set_font_charset(_GB2312)
        self.formats = {name: self.book.add_format(style) for name, style in _STYLES.items()}
        self.formats |= {
            f"{name} open": self.book.add_format({**style, "locked": False})
            for name, style in _STYLES.items()
        }
        self.buffer = buffer
        self.sheets = 0  # sheets added so far
        self.growing: set[int] = set()  # the sheets (from 1) whose rows grow with their text

    def finish(self) -> bytes:
        """The workbook's bytes. XlsxWriter marks every row height it writes as set by hand
        (``customHeight``), which stops a row growing when someone types a longer note; the
        heights of taobei's rows are its estimate of the text, so the mark is taken off: the
        row prints at that height and grows as it is edited."""
        import zipfile

        self.book.close()
        parts = {f"xl/worksheets/sheet{index}.xml" for index in self.growing}
        source = zipfile.ZipFile(io.BytesIO(self.buffer.getvalue()))
        out = io.BytesIO()
        with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename in parts:
                    data = data.replace(b' customHeight="1"', b"")
                target.writestr(info, data)
        return out.getvalue()


#: Fonts an office prints with: 仿宋 for text, 黑体 for headings. The GB2312 character set tells
#: a spreadsheet without them to take a Chinese font in their place, not a Latin one.
BODY_FONT, HEADING_FONT, _GB2312 = "仿宋", "黑体", 134
_CELL = {"valign": "top", "border": 1, "font_name": BODY_FONT, "font_charset": _GB2312,
         "font_size": 11}  # fmt: skip
#: The cell formats of every sheet, by name: every cell of a table has a thin border.
_STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_name": HEADING_FONT, "font_charset": _GB2312, "font_size": 16,
              "align": "center", "valign": "vcenter"},
    "subtitle": {"font_name": BODY_FONT, "font_charset": _GB2312, "font_size": 11,
                 "valign": "vcenter"},
    "header": {**_CELL, "bold": True, "font_name": HEADING_FONT, "bg_color": "#DDEBF7",
               "pattern": 1, "valign": "vcenter", "align": "center", "text_wrap": True},
    "top": _CELL,
    "wrap": {**_CELL, "text_wrap": True},
    "center": {**_CELL, "align": "center"},
    "quoted": {**_CELL, "quote_prefix": True},
    "quoted wrap": {**_CELL, "text_wrap": True, "quote_prefix": True},
    "datetime": {**_CELL, "num_format": "yyyy-mm-dd hh:mm"},
    "date": {**_CELL, "num_format": "yyyy-mm-dd"},
    # a status's fill (状态, 督办清单): light enough that the black text prints
    "red": {**_CELL, "align": "center", "bg_color": "#F4B6B6", "pattern": 1},
    "yellow": {**_CELL, "align": "center", "bg_color": "#FFE699", "pattern": 1},
    "green": {**_CELL, "align": "center", "bg_color": "#C6E0B4", "pattern": 1},
    "blue": {**_CELL, "align": "center", "bg_color": "#BDD7EE", "pattern": 1},
}  # fmt: skip


def write_sheet(
    book: Book,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    extras: Extras | None = None,
) -> None:
    """One sheet made for printing and filtering: title lines, then a bold filled header that
    stays in view and repeats on every printed page, a filter, thin borders on every cell, widths
    that fit Chinese text, wrapped long text in rows that grow with it, landscape A4 fitted to
    the width with page numbers in the footer. A sheet with no rows is hidden (it would print a
    page of nothing), unless ``extras.always``."""
    extras = extras or Extras()
    sheet = book.book.add_worksheet(title)
    book.sheets += 1
    book.growing.add(book.sheets)
    header = [shown_header(name) for name in header]
    top = len(extras.title)  # the header's row (from 0)
    wrapped = _columns(sheet, header, rows, extras)
    _title(book, sheet, extras.title, max(i for i in range(len(header)) if i not in extras.folded))
    sheet.write_row(top, 0, header, book.formats["header"])
    body = ["center" if name in CENTERED else "wrap" if i in wrapped else "top"
            for i, name in enumerate(header)]  # fmt: skip
    for number, values in enumerate(rows, start=1):  # each row as wide as the header
        for column, value in enumerate(values):
            fill = extras.fills.get(column, {}).get(value) if isinstance(value, str) else None
            style = (fill or body[column], column in extras.unlocked)
            _cell(book, sheet, (top + number, column), value, style, extras.moves)
        lines = max([1, *(_lines(values[i], w) for i, w in wrapped.items() if i < len(values))])
        if lines > 1:  # as tall as its wrapped text, printed; it grows when edited (``finish``)
            sheet.set_row(top + number, 16 * lines + 3)
    for row, first, last in extras.merges:
        sheet.merge_range(top + row, first, top + row, last, None, book.formats["top"])
        style = ("top", first in extras.unlocked)
        _cell(book, sheet, (top + row, first), rows[row - 1][first], style, extras.moves)
    for column, choices in extras.choices.items():
        if rows:
            sheet.data_validation(top + 1, column, top + len(rows), column, {
                "validate": "list", "source": list(choices), "error_title": header[column],
                "error_message": "请从下拉列表中选择：" + "、".join(choices),
            })  # fmt: skip
    _page(sheet, top, len(rows), len(header), extras.page_header or title)
    if extras.protection is not None:
        protect(sheet, extras.protection)
    if not rows and not extras.always:
        sheet.hide()


def _lines(value: Any, width: int) -> int:
    """Lines ``value`` wraps into in a column ``width`` characters wide (a line break starts one)."""
    text = "" if _plain(value) is None else str(_plain(value))
    return sum(max(1, -(-_text_width(part) // max(1, width - 1))) for part in text.split("\n"))


def _columns(
    sheet: Any, header: Sequence[str], rows: Sequence[Sequence[Any]], extras: Extras
) -> dict[int, int]:
    """Set each column's width (fixed, or fitted to its text up to a bound) and fold the
    reference columns; returns the columns whose text wraps, with their widths."""
    wrapped = {}
    for index, name in enumerate(header):
        widest = max([_width(name), 6, *(_width(_plain(r[index])) for r in rows if index < len(r))])
        width = extras.widths.get(name) or min(WIDE.get(name, 30), widest + 2)
        options: dict[str, Any] | None = None
        if index in extras.folded:
            options = {"level": 1, "hidden": True}
        elif extras.folded and index == max(extras.folded) + 1:
            options = {"collapsed": True}  # the fold's button stands after it
        sheet.set_column(index, index, width, None, options)
        breaks = any("\n" in str(_plain(r[index]) or "") for r in rows if index < len(r))
        if widest + 2 > width or breaks:
            wrapped[index] = width
    if extras.folded and max(extras.folded) + 1 == len(header):  # the fold's button after it
        sheet.set_column(len(header), len(header), None, None, {"collapsed": True})
    return wrapped


def _title(book: Book, sheet: Any, lines: Sequence[str], last: int) -> None:
    """Title lines above the table, each across its visible width."""
    for row, line in enumerate(lines):
        style = book.formats["title" if row == 0 else "subtitle"]
        if last > 0:
            sheet.merge_range(row, 0, row, last, line, style)
        else:
            sheet.write_string(row, 0, line, style)
        sheet.set_row(row, 30 if row == 0 else 20)


def _page(sheet: Any, top: int, rows: int, columns: int, header: str) -> None:
    """The header stays in view and on every printed page; A4 landscape, one page wide; the
    notice's 文号 (or the sheet's name) at the top of each page, 第 x 页 共 y 页 at the foot."""
    sheet.freeze_panes(top + 1, 0)
    if rows:
        sheet.autofilter(top, 0, top + rows, columns - 1)
    sheet.repeat_rows(top)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes
    sheet.set_margins(left=0.5, right=0.5, top=0.8, bottom=0.8)
    sheet.center_horizontally()
    sheet.set_header(f"&L{_header_text(header)}")
    sheet.set_footer("&C第 &P 页 共 &N 页")


def _header_text(text: str) -> str:
    """Text for a page header: & doubled (it starts a code), short enough for Excel's 255."""
    return text[:100].replace("&", "&&")


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Kept) else value


def _cell(
    book: Book,
    sheet: Any,
    where: tuple[int, int],
    value: Any,
    style: tuple[str, bool],
    moves: Moves | None,
) -> None:
    """One body cell, by the type of its value: formula-looking text as text (with Excel's quote
    prefix, so it stays text when edited), dates as dates, and an empty cell still styled; a kept
    formula as a formula, a kept comment as a comment."""
    (row, column), (name, open_) = where, style
    formats = book.formats
    if isinstance(value, Kept):
        if value.comment is not None:
            text, author = value.comment
            sheet.write_comment(row, column, text, {"author": author})
        if value.formula:
            result = "" if value.cached is None else value.cached
            formula = value.value if moves is None else moves.formula(value.value, True)
            sheet.write_formula(row, column, formula, formats[_named(name, open_)], result)
            return
        value = value.value
    if isinstance(value, str) and looks_like_formula(value):
        name = "quoted wrap" if name == "wrap" else "quoted"
    elif isinstance(value, datetime):
        name = "datetime"
    elif not isinstance(value, str) and hasattr(value, "isoformat"):
        name = "date"
    write_typed(sheet, row, column, value, formats[_named(name, open_)])


def _named(name: str, open_: bool) -> str:
    return f"{name} open" if open_ else name


def write_typed(sheet: Any, row: int, column: int, value: Any, style: Any) -> None:
    """A value by its type; a number no spreadsheet holds as its digits, as text."""
    if value is None or value == "":
        sheet.write_blank(row, column, None, style)
    elif isinstance(value, str):
        sheet.write_string(row, column, value, style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    elif isinstance(value, int | float):
        if _holds(value):
            sheet.write_number(row, column, value, style)
        else:
            sheet.write_string(row, column, str(value), style)
    elif hasattr(value, "isoformat"):
        sheet.write_datetime(row, column, value, style)
    else:
        sheet.write_string(row, column, str(value), style)


def _holds(number: int | float) -> bool:
    """Whether a spreadsheet holds ``number`` as a number: a double, exact for an integer."""
    if isinstance(number, int):
        return abs(number) <= 2**53
    return math.isfinite(number)


def _width(value: Any) -> int:
    """Display width: a Chinese character takes two columns."""
    return 0 if value is None else _text_width(str(value))


@lru_cache(maxsize=4096)
def _text_width(text: str) -> int:
    """Memoised: each cell's width is asked twice, and unit names and the notice's name repeat
    down their columns."""
    return len(text) if text.isascii() else sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
