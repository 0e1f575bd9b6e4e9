"""Formulas that follow the cells they point at when re-export moves the rows of 任务台账.

Re-export writes the task rows in the notice's order, drops tasks to 已移除 and puts rows without
a 序号 at the end, so a row of the old sheet may stand elsewhere in the new one. A reference to
任务台账 — in the sheet itself, or ``任务台账!…`` in a sheet of the office's own — is moved as
Excel moves it when rows are cut and pasted or deleted: a cell to where its row went (``#REF!``
when its task left the sheet), a range to the rows it still covers, and a range over every task
(a 合计's ``SUM(J2:J119)``) over every task of the new sheet. Columns follow their header.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

_CELL = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})")
GONE = "#REF!"


@dataclass(slots=True)
class Moves:
    """Where the rows and columns of the old task sheet stand in the new one."""

    sheet: str
    rows: dict[int, int] = field(default_factory=dict)  # old row → new row (1 = the header)
    columns: dict[int, int] = field(default_factory=dict)  # old column → new column (from 1)
    tasks: tuple[int, int] = (0, -1)  # the first and last task row, old
    new_tasks: tuple[int, int] = (0, -1)  # and new
    _order: list[int] = field(default_factory=list)

    def formula(self, text: str, on_sheet: bool) -> str:
        """``text`` (a formula) with its references to the task sheet moved; ``on_sheet``: the
        formula stands in the task sheet, where a reference without a sheet name is to it."""
        from openpyxl.formula.tokenizer import Token, Tokenizer

        if not self._order:
            self._order = sorted(self.rows)
        try:
            items = Tokenizer(text).items
        except Exception:  # a formula openpyxl cannot read is written as it was
            return text
        parts = [
            self._reference(t.value, on_sheet)
            if t.type == Token.OPERAND and t.subtype == Token.RANGE
            else t.value
            for t in items
        ]
        return "=" + "".join(parts)

    def _reference(self, reference: str, on_sheet: bool) -> str:
        sheet, bang, cells = reference.rpartition("!")
        if bang and sheet.strip("'").replace("''", "'") != self.sheet:
            return reference
        if not bang and not on_sheet:
            return reference
        ends = cells.split(":")
        if len(ends) == 1:
            moved = self._cell(ends[0])
        elif len(ends) == 2:
            moved = self._range(ends[0], ends[1])
        else:
            return reference
        return f"{sheet}{bang}{moved}"

    def _cell(self, cell: str) -> str:
        found = _CELL.fullmatch(cell)
        if found is None:  # a whole column or row, a name: as written
            return cell
        row = self.rows.get(int(found[4]))
        return GONE if row is None else self._written(found, row)

    def _range(self, start: str, end: str) -> str:
        first, last = _CELL.fullmatch(start), _CELL.fullmatch(end)
        if first is None or last is None:
            return f"{start}:{end}"
        low, high = sorted((int(first[4]), int(last[4])))
        kept = self._order[bisect_left(self._order, low) : bisect_right(self._order, high)]
        if not kept:
            return GONE
        rows = [self.rows[r] for r in kept]
        top, bottom = min(rows), max(rows)
        if low <= self.tasks[0] and high >= self.tasks[1]:  # every task: every task still
            top, bottom = min(top, self.new_tasks[0]), max(bottom, self.new_tasks[1])
        return f"{self._written(first, top)}:{self._written(last, bottom)}"

    def _written(self, found: re.Match[str], row: int) -> str:
        from openpyxl.utils import column_index_from_string, get_column_letter

        column = column_index_from_string(found[2].upper())
        letter = get_column_letter(self.columns.get(column, column))
        return f"{found[1]}{letter}{found[3]}{row}"
