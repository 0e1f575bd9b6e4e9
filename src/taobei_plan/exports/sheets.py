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
WIDE = {"重点任务": 60, "原文": 60, "说明": 60, "问题": 60, "值": 60}


@dataclass(slots=True)
class Extras:
    """What a table carries beyond its values: merges inside rows (row, first, last column),
    protection options and the columns it leaves open."""

    merges: list[tuple[int, int, int]] = field(default_factory=list)
    protection: dict[str, Any] | None = None
    unlocked: set[int] = field(default_factory=set)
    moves: Moves | None = None  # where the rows its formulas point at went


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
        self.formats = {name: self.book.add_format(style) for name, style in _STYLES.items()}
        self.formats |= {
            f"{name} open": self.book.add_format({**style, "locked": False})
            for name, style in _STYLES.items()
        }


_TOP = {"valign": "top"}
#: The cell formats of every sheet, by name.
_STYLES: dict[str, dict[str, Any]] = {
    "header": {"bold": True, "bg_color": "#DDEBF7", "pattern": 1, "valign": "vcenter",
               "text_wrap": True},
    "top": _TOP,
    "wrap": {**_TOP, "text_wrap": True},
    "quoted": {**_TOP, "quote_prefix": True},
    "quoted wrap": {**_TOP, "text_wrap": True, "quote_prefix": True},
    "datetime": {**_TOP, "num_format": "yyyy-mm-dd hh:mm"},
    "date": {**_TOP, "num_format": "yyyy-mm-dd"},
}  # fmt: skip


def write_sheet(
    book: Book,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    extras: Extras | None = None,
) -> None:
    """One sheet made for printing and filtering: a bold filled header that stays in view and
    repeats on every printed page, a filter, widths that fit Chinese text, wrapped long text,
    landscape A4 fitted to the width; body cells aligned to the top."""
    extras = extras or Extras()
    sheet = book.book.add_worksheet(title)
    header = [shown_header(name) for name in header]
    wrapped: dict[int, int] = {}  # column index (from 0) → width, for the columns that wrap
    for index, name in enumerate(header):
        widest = max([_width(name), 6, *(_width(_plain(r[index])) for r in rows if index < len(r))])
        width = min(WIDE.get(name, 30), widest + 2)
        sheet.set_column_pixels(index, index, width * 7)  # a width of `width` characters
        if widest + 2 > width:
            wrapped[index] = width
    sheet.write_row(0, 0, header, book.formats["header"])
    for number, values in enumerate(rows, start=1):  # each row as wide as the header
        for column, value in enumerate(values):
            style = ("wrap" if column in wrapped else "top", column in extras.unlocked)
            _cell(book, sheet, (number, column), value, style, extras.moves)
        lines = max([1, *(-(-_width(_plain(values[i])) // (w - 1)) for i, w in wrapped.items()
                          if i < len(values))])  # fmt: skip
        if lines > 1:  # rows as tall as their wrapped text
            sheet.set_row(number, 15 * lines)
    for row, first, last in extras.merges:
        sheet.merge_range(row, first, row, last, None, book.formats["top"])
        style = ("top", first in extras.unlocked)
        _cell(book, sheet, (row, first), rows[row - 1][first], style, extras.moves)
    _page(sheet, len(rows), len(header))
    if extras.protection is not None:
        protect(sheet, extras.protection)


def _page(sheet: Any, rows: int, columns: int) -> None:
    sheet.freeze_panes(1, 0)
    if rows:
        sheet.autofilter(0, 0, rows, columns - 1)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes


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
    _typed(sheet, row, column, value, formats[_named(name, open_)])


def _named(name: str, open_: bool) -> str:
    return f"{name} open" if open_ else name


def _typed(sheet: Any, row: int, column: int, value: Any, style: Any) -> None:
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
