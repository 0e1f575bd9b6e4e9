"""A sheet an office added to its 台账, written again as it was.

openpyxl reads the old sheet, XlsxWriter writes the new workbook: each cell's value or formula
(with its last result), comment and look (font, fill, borders, alignment, number format,
protection), the merges, column widths, row heights, frozen panes, protection and visibility.
Formats are made once per distinct look, as XlsxWriter wants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .carry import protection
from .sheets import write_typed

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as SheetCell
    from openpyxl.worksheet.worksheet import Worksheet

    from .carry import Previous
    from .moves import Moves

#: openpyxl's border styles as XlsxWriter's border indices.
_BORDERS = {"thin": 1, "medium": 2, "dashed": 3, "dotted": 4, "thick": 5, "double": 6,
            "hair": 7, "mediumDashed": 8, "dashDot": 9, "mediumDashDot": 10,
            "dashDotDot": 11, "mediumDashDotDot": 12, "slantDashDot": 13}  # fmt: skip


def copy_sheet(book: Any, sheet: Worksheet, previous: Previous, moves: Moves) -> None:
    """Write ``sheet`` into ``book`` (an XlsxWriter workbook) as it stood; its formulas'
    references to the task sheet follow the rows they point at."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils import column_index_from_string

    from .carry import protect

    target = book.add_worksheet(sheet.title)
    formats: dict[tuple[tuple[str, Any], ...], Any] = {}
    for letter, column in sheet.column_dimensions.items():
        if column.width:
            first = column_index_from_string(letter) - 1
            target.set_column(first, max(first, (column.max or 1) - 1), column.width)
    for number, line in sheet.row_dimensions.items():
        if line.height:
            target.set_row(number - 1, line.height)
    for merged in sheet.merged_cells.ranges:
        target.merge_range(merged.min_row - 1, merged.min_col - 1, merged.max_row - 1,
                           merged.max_col - 1, None, _format(book, formats, merged.start_cell))  # fmt: skip
    for line in sheet.iter_rows():
        for cell in line:
            if not isinstance(cell, MergedCell):
                _write(target, cell, _format(book, formats, cell), previous.cached, moves)
    if sheet.freeze_panes:
        corner = sheet[sheet.freeze_panes]
        target.freeze_panes(corner.row - 1, corner.column - 1)
    options = protection(sheet, previous)
    if options:
        protect(target, options)
    if sheet.sheet_state != "visible":
        target.hide()


def _write(target: Any, cell: SheetCell, style: Any, cached: dict[str, Any], moves: Moves) -> None:
    row, column, value = cell.row - 1, cell.column - 1, cell.value
    if cell.data_type == "f" and isinstance(value, str):
        result = cached.get(f"{cell.parent.title}!{cell.coordinate}")
        formula = moves.formula(value, False)
        target.write_formula(row, column, formula, style, "" if result is None else result)
    elif value is not None or cell.has_style:  # an empty cell only when it has a look
        write_typed(target, row, column, value, style)
    if cell.comment:
        target.write_comment(row, column, cell.comment.text,
                             {"author": cell.comment.author or ""})  # fmt: skip


def _format(book: Any, formats: dict[tuple[tuple[str, Any], ...], Any], cell: SheetCell) -> Any:
    """The XlsxWriter format for the look of ``cell``, made once per distinct look."""
    if not cell.has_style:
        return None
    look = _look(cell)
    key = tuple(sorted(look.items()))
    if key not in formats:
        formats[key] = book.add_format(look)
    return formats[key]


def _look(cell: SheetCell) -> dict[str, Any]:
    font, fill, align = cell.font, cell.fill, cell.alignment
    look: dict[str, Any] = {
        "font_name": font.name,
        "font_size": font.sz,
        "bold": bool(font.b),
        "italic": bool(font.i),
        "underline": 1 if font.u else 0,
        "font_color": _colour(font.color),
        "num_format": cell.number_format,
        "text_wrap": bool(align.wrap_text),
        "align": align.horizontal if align.horizontal not in (None, "general") else None,
        "valign": {"center": "vcenter", "centerContinuous": "vcenter"}.get(
            align.vertical or "", align.vertical
        ),
        "locked": bool(cell.protection.locked),
    }
    if fill.fill_type == "solid":
        look["bg_color"] = _colour(fill.fgColor)
        look["pattern"] = 1
    for side in ("left", "right", "top", "bottom"):
        edge = getattr(cell.border, side)
        if edge is not None and edge.style in _BORDERS:
            look[side] = _BORDERS[edge.style]
            look[f"{side}_color"] = _colour(edge.color)
    return {k: v for k, v in look.items() if v is not None}


def _colour(colour: Any) -> str | None:
    """An ARGB colour as #RRGGBB; theme and indexed colours are left to the default."""
    rgb = getattr(colour, "rgb", None)
    if isinstance(rgb, str) and len(rgb) == 8:
        return f"#{rgb[2:]}"
    return None
