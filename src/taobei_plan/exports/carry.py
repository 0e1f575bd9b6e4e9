"""What re-export carries from the 台账 it replaces, so nothing an office did by hand is lost.

An office keeps working in the workbook between exports: notes in the tracking columns, columns
and sheets of its own, a 合计 row, comments, merged cells, sheet protection with a few columns
left open, formulas. Re-export reads all of that with openpyxl and hands it to the writer:

- 任务台账: every cell people could have typed, by task (notice, 序号) and column header, with its
  comment and its formula (moved with its row, as Excel moves a formula with a cut row); rows
  without a 序号 (合计, notes) go to the end; merges inside one row stay with the row; the
  protection, its password hash, and the columns it leaves unlocked.
- A sheet taobei does not write is copied as it was: values, formulas, comments, merges, widths,
  heights, fonts, fills, borders, number formats, frozen panes, protection.
- The other sheets taobei writes (责任分工, 单位统计 …) are worked out again from the notice.

What this cannot carry (pictures and charts, pivot tables, data validation, conditional
formatting, named ranges, links, array formulas, merges across task rows, edits to the worked-out
sheets) is named in ``lost``; the caller refuses to write without ``--force``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as SheetCell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

HIDDEN = "\x00"  # joins a header to the column letter that tells two same-named columns apart


def shown_header(key: str) -> str:
    """The header written for a column key: a column without a header stays without one."""
    return key.split(HIDDEN, 1)[0]


@dataclass(frozen=True, slots=True)
class Kept:
    """One cell as people left it."""

    value: Any  # the value, or the formula's text (starting with =)
    formula: bool = False
    cached: Any = None  # the formula's last result, shown until the sheet recalculates
    comment: tuple[str, str] | None = None  # (text, author)


@dataclass(slots=True)
class Row:
    """A row of 任务台账 or 已移除: its cells by column key, and merges inside it."""

    cells: dict[str, Kept]
    merges: list[tuple[str, str]] = field(default_factory=list)  # first and last column key
    number: int = 0  # where the row stood in its sheet (0: a new row)

    def get(self, key: str) -> Any:
        cell = self.cells.get(key)
        return None if cell is None else cell.value


@dataclass(slots=True)
class Previous:
    """Everything re-export keeps from the workbook it replaces."""

    tasks: dict[tuple[str, int], Row] = field(default_factory=dict)
    loose: list[Row] = field(default_factory=list)  # rows of 任务台账 without a 序号
    removed: list[Row] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # keys of columns people added
    positions: dict[str, int] = field(default_factory=dict)  # column key → where it stood
    unlocked: set[str] = field(default_factory=set)  # column keys open under protection
    protection: dict[str, Any] | None = None  # XlsxWriter's protect options of 任务台账
    foreign: list[Worksheet] = field(default_factory=list)  # sheets taobei does not write
    order: list[str] = field(default_factory=list)  # the sheet names as they stood
    cached: dict[str, Any] = field(default_factory=dict)  # formula results by sheet!cell
    header_rows: dict[str, int] = field(default_factory=dict)  # where each table's header stood
    lost: list[str] = field(default_factory=list)

    def notes(self, tracking: Sequence[str]) -> tuple[int, int]:
        """How many filled cells of the tracking and added columns, on how many tasks."""
        keys = [*tracking, *self.columns]
        counts = [sum(r.get(k) not in (None, "") for k in keys) for r in self.tasks.values()]
        return sum(counts), sum(c > 0 for c in counts)


def read(book: Workbook, path: Path, written: Mapping[str, Sequence[str]]) -> Previous:
    """What ``book`` (the workbook at ``path``) holds beyond what taobei writes. ``written``:
    the sheets taobei writes, each with its header; the first is the task sheet, the last 已移除."""
    names = list(written)
    tasks_sheet, removed_sheet = names[0], names[-1]
    previous = Previous(order=list(book.sheetnames), lost=_lost_parts(path, book))
    cached = previous.cached = _cached(path, book)
    for sheet in book.worksheets:
        previous.lost += _lost_in_sheet(sheet)
        if sheet.title == tasks_sheet:
            _read_tasks(sheet, written[tasks_sheet], previous, cached)
        elif sheet.title == removed_sheet:
            previous.removed = _table(sheet, cached, previous)[1]
        elif sheet.title in written:
            previous.lost += _edits_of_worked_out(sheet, written[sheet.title])
        else:
            previous.foreign.append(sheet)
    return previous


def _read_tasks(
    sheet: Worksheet, header: Sequence[str], previous: Previous, cached: dict[str, Any]
) -> None:
    keys, rows = _table(sheet, cached, previous)
    previous.positions = {key: index for index, key in enumerate(keys, start=1)}
    for row in rows:
        number, name = row.get("序号"), row.get("通知")
        if isinstance(number, int | float) and not isinstance(number, bool):
            previous.tasks[(str(name), int(number))] = row
        else:
            previous.loose.append(row)
    used = {k for row in rows for k in row.cells}
    added = [k for k in keys if k not in header]
    while added and not (shown_header(added[-1]) or added[-1] in used):
        added.pop()  # empty columns past the last one in use; those between stay, as spacing
    previous.columns = added
    previous.protection = protection(sheet, previous)
    if previous.protection:
        previous.unlocked = _unlocked_columns(sheet, keys)


def _table(
    sheet: Worksheet, cached: dict[str, Any], previous: Previous
) -> tuple[list[str], list[Row]]:
    """A sheet read as a header row and rows of kept cells; merges inside one row are kept with
    it, merges across rows named as lost."""
    top = _header_row(sheet)
    lines = sheet.iter_rows(min_row=top)
    keys = _keys(next(lines, ()))
    previous.header_rows[sheet.title] = top
    rows: list[Row] = []
    numbers: dict[int, Row] = {}
    for cells in lines:
        row = Row({}, number=cells[0].row)
        for key, cell in zip(keys, cells, strict=False):
            kept = _kept(cell, cached, previous)
            if kept is not None:
                row.cells[key] = kept
        if row.cells:
            rows.append(row)
            numbers[cells[0].row] = row
    for merged in sheet.merged_cells.ranges:
        if merged.max_row < top:
            continue  # the title lines above the header: taobei's, written again
        holder = numbers.get(merged.min_row) if merged.min_row == merged.max_row else None
        if holder is None:
            previous.lost.append(f"merged cells {merged.coord} in {sheet.title}")
        else:
            holder.merges.append((keys[merged.min_col - 1], keys[merged.max_col - 1]))
    return keys, rows


def _header_row(sheet: Worksheet) -> int:
    """The row of the table's header: the first of the top rows holding 序号 (title lines
    stand above it), else the first row."""
    for line in sheet.iter_rows(max_row=6):
        if any(cell.value == "序号" for cell in line):
            return int(line[0].row)
    return 1


def _keys(header: Sequence[SheetCell]) -> list[str]:
    """A key for each column: its header; the header and column letter when the header is
    empty or repeated, so every column is carried on its own."""
    keys: list[str] = []
    for cell in header:
        name = "" if cell.value is None else str(cell.value)
        keys.append(name if name and name not in keys else f"{name}{HIDDEN}{cell.column_letter}")
    return keys


def _kept(cell: SheetCell, cached: dict[str, Any], previous: Previous) -> Kept | None:
    value = cell.value
    comment = (cell.comment.text, cell.comment.author or "") if cell.comment else None
    if value is None and comment is None:
        return None
    where = f"{cell.parent.title}!{cell.coordinate}"
    formula = cell.data_type == "f"
    if formula and not isinstance(value, str):  # an array or data-table formula
        previous.lost.append(f"the array formula in {where}")
        return Kept(None, comment=comment)
    return Kept(value, formula, cached.get(where), comment)


def _cached(path: Path, book: Workbook) -> dict[str, Any]:
    """The last results of the formulas in ``book`` (openpyxl gives a formula or its result per
    load, so the file is read again, only when it holds a formula)."""
    formulas = [
        f"{s.title}!{c.coordinate}"
        for s in book.worksheets
        for line in s.iter_rows()
        for c in line
        if c.data_type == "f"
    ]
    if not formulas:
        return {}
    from openpyxl import load_workbook

    values = load_workbook(path, data_only=True)
    return {where: values[where.split("!")[0]][where.split("!")[1]].value for where in formulas}


def _lost_parts(path: Path, book: Workbook) -> list[str]:
    """Parts of the package re-export cannot write again."""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        drawn = any(_anchored(package, n) for n in names if n.startswith("xl/drawings/drawing"))
    kinds = [("xl/pivotTables/", "pivot tables"), ("xl/externalLinks/", "links to other workbooks"),
             ("xl/vbaProject", "macros"), ("xl/slicers/", "slicers")]  # fmt: skip
    lost = ["pictures, charts or shapes"] if drawn else []
    lost += [what for prefix, what in kinds if any(n.startswith(prefix) for n in names)]
    lost += [f"the named range {name}" for name in book.defined_names]
    return lost


def _anchored(package: zipfile.ZipFile, name: str) -> bool:
    """Whether a drawing part places anything (LibreOffice writes an empty one for each sheet);
    an anchor comes within its first bytes."""
    with package.open(name) as part:
        return b"Anchor" in part.read(1 << 16)


def _lost_in_sheet(sheet: Worksheet) -> list[str]:
    lost = []
    if sheet.data_validations.dataValidation:
        lost.append(f"data validation in {sheet.title}")
    if list(sheet.conditional_formatting):
        lost.append(f"conditional formatting in {sheet.title}")
    if sheet._hyperlinks:
        lost.append(f"links in {sheet.title}")
    return lost


def _edits_of_worked_out(sheet: Worksheet, header: Sequence[str]) -> list[str]:
    """A sheet taobei works out again: what people added to it would be lost."""
    lost = []
    width = len(header)
    if sheet.max_column > width:
        lost.append(f"columns added to {sheet.title}")
    if any(c.comment for line in sheet.iter_rows() for c in line):
        lost.append(f"comments in {sheet.title}")
    top = _header_row(sheet)  # the title lines above it are taobei's, written again
    if any(merged.max_row >= top for merged in sheet.merged_cells.ranges):
        lost.append(f"merged cells in {sheet.title}")
    return lost


_OPTIONS = {"objects": "objects", "scenarios": "scenarios", "formatCells": "format_cells",
            "formatColumns": "format_columns", "formatRows": "format_rows",
            "insertColumns": "insert_columns", "insertRows": "insert_rows",
            "insertHyperlinks": "insert_hyperlinks", "deleteColumns": "delete_columns",
            "deleteRows": "delete_rows", "selectLockedCells": "select_locked_cells",
            "sort": "sort", "autoFilter": "autofilter", "pivotTables": "pivot_tables",
            "selectUnlockedCells": "select_unlocked_cells"}  # fmt: skip


def protection(sheet: Worksheet, previous: Previous) -> dict[str, Any] | None:
    """The sheet's protection as XlsxWriter's options (in the file a set flag forbids an action;
    in XlsxWriter's options a true one allows it), with the password's hash as it stood. A
    password hashed with SHA-512 (``hashValue``) cannot be written again: named as lost."""
    guard = sheet.protection
    if not guard.sheet:
        return None
    options: dict[str, Any] = {
        ours: not getattr(guard, theirs) for theirs, ours in _OPTIONS.items()
    }
    options["password"] = guard.password or ""
    if guard.hashValue:
        previous.lost.append(f"the password of {sheet.title}'s protection (kept protected, open)")
    return options


def _unlocked_columns(sheet: Worksheet, keys: Sequence[str]) -> set[str]:
    """Columns an office left open under protection: the whole column, or every cell in it."""
    from openpyxl.utils import get_column_letter

    unlocked = set()
    for index, key in enumerate(keys, start=1):
        letter = get_column_letter(index)
        whole = sheet.column_dimensions.get(letter)
        if whole is not None and whole.has_style and not whole.protection.locked:
            unlocked.add(key)
            continue
        below = _header_row(sheet) + 1
        cells = [line[0] for line in sheet.iter_rows(min_row=below, min_col=index, max_col=index)]
        styled = [c for c in cells if c.has_style]
        if styled and all(not c.protection.locked for c in styled):
            unlocked.add(key)
    return unlocked


def protect(target: Any, options: dict[str, Any]) -> None:
    """Protect a sheet being written with ``options`` as ``protection`` read them. XlsxWriter
    hashes a password given in plain text; the hash read is set in its place."""
    target.protect("", {k: v for k, v in options.items() if k != "password"})
    target.protect_options["password"] = options["password"]
