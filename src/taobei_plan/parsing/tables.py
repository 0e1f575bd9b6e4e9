"""Task-decomposition tables (分解表) pasted as text: tab-separated rows, or one cell a line.

A header row names the columns (序号, 工作任务, 牵头单位, 责任单位, 完成时限); then one row a task,
with category cells (发展目标, 一、…) between rows, which become sections. A row's units are read
by the same labelled grammar as ``牵头单位:X,责任单位:A、B``, so a 责任单位 cell that repeats the
lead gives co = the cell without the lead, and a cell ``X牵头，A、B`` is read by its role words.

Merged cells (rowspan) come as empty cells under the one that holds the text. A column written once
over its rows (存在问题, or 序号 and 主要工作任务 over numbered measures 1、2、 in 具体工作措施) is
a group: its text opens a section, and every row under it with its own text and units is a task.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ..diagnostics import Diagnostics
from ..models import Paragraph, Section, Task
from .cells import split_cells
from .combine import combine
from .numbering import find_marker
from .projects import investments, milestones
from .reader import ClauseReader
from .roles import NAME_END
from .source import SENTENCE_MARK, Line, fold

#: Column names and what the column holds. 责任单位 holds co units when a lead column exists;
#: 配合单位 and its kin (support) are co units always.
COLUMNS = {
    "序号": "number",
    "编号": "number",
    "事项": "task",
    "工作事项": "task",
    "工作任务": "task",
    "重点工作": "task",
    "重点任务": "task",
    "重点工作任务": "task",
    "主要任务": "task",
    "具体任务": "task",
    "任务": "task",
    "任务内容": "task",
    "工作内容": "task",
    "牵头单位": "lead",
    "牵头部门": "lead",
    "牵头责任单位": "lead",
    "责任单位": "co",
    "责任部门": "co",
    "配合单位": "support",
    "配合部门": "support",
    "协办单位": "support",
    "参与单位": "support",
    "完成时限": "deadline",
    "完成时间": "deadline",
    "时间节点": "deadline",
    "时限": "deadline",
    "具体内容": "text",  # more task text, joined to the task cell
    "主要内容": "text",
    "建设内容": "text",
    "目标任务": "text",
    "任务目标": "text",
    "工作目标": "text",
    "具体措施": "text",
    "主要措施": "text",
    "工作措施": "text",
    "项目名称": "text",
    "民生实事": "text",
    "实事名称": "text",
    "责任领导": "people",  # people: the task's leaders, never units
    "牵头领导": "people",
    "分管领导": "people",
    "备注": "other",
}
#: Header names not in COLUMNS (主要责任单位, 整改目标和措施, 存在问题) by the words they hold: the
#: first rule that matches decides, so 任务来源 is a note and 主要工作任务 a task.
_KEYWORDS = (
    (re.compile(r"序号|编号"), "number"),
    (re.compile(r"领导"), "people"),
    (re.compile(r"来源|依据|备注|说明"), "other"),
    (re.compile(r"牵头"), "lead"),
    (re.compile(r"配合|协办|协助|参与"), "support"),
    (re.compile(r"(?:责任|负责|承办|主办|落实)(?:单位|部门)"), "co"),
    (re.compile(r"时限|时间|节点"), "deadline"),
    (re.compile(r"问题"), "group"),
    (re.compile(r"任务|事项"), "task"),
    (re.compile(r"措施|内容|目标|举措"), "text"),
)
_SPACE = re.compile(r"\s+")
_NUMBER_CELL = re.compile(r"^[ ]*(\d+)[ .、]*$")


#: A header cell's text at most this long, spaces included (序  号): longer lines are not looked up.
_LONGEST_CELL = 3 * max(len(name) for name in COLUMNS)


def _column(cell: str) -> str | None:
    if len(cell.strip()) > _LONGEST_CELL:
        return None  # a line of prose: no need to take its spaces out to know
    return COLUMNS.get(_SPACE.sub("", cell))


def _header_role(cell: str) -> str:
    """A tabbed header cell's role: its name, else the words in it, else more task text."""
    name = _SPACE.sub("", cell)
    if name in COLUMNS:
        return COLUMNS[name]
    if len(name) <= _LONGEST_CELL:
        for pattern, role in _KEYWORDS:
            if pattern.search(name):
                return role
    return "text"


def _usable(roles: Sequence[str | None]) -> bool:
    known = [role for role in roles if role and role != "text"]
    return "task" in known and bool({"lead", "co", "support"} & set(known)) and len(known) >= 3


def _with_task(roles: list[str]) -> list[str]:
    """Without a task column (存在问题 / 整改目标和措施 / 责任单位) the first text column is it."""
    if "task" not in roles and "text" in roles:
        roles = list(roles)
        roles[roles.index("text")] = "task"
    return roles


def _cells(roles: Sequence[str], values: Sequence[str]) -> dict[str, str]:
    """Cells by role. Columns of unknown name (民生实事) are task text too, joined in column order
    with the task column by "：", so nothing a row says is dropped."""
    cells: dict[str, str] = {}
    for role, value in zip(roles, values, strict=False):
        if not value:
            continue
        key = "task" if role == "text" else role
        cells[key] = f"{cells[key]}：{value}" if key in cells and key == "task" else value
    return cells


class Row:
    """One task row: cells by column role, as written, with the lines they came from."""

    __slots__ = ("cells", "end_line", "line")

    def __init__(self, line: int, end_line: int, cells: dict[str, str]) -> None:
        self.line = line
        self.end_line = end_line
        self.cells = cells


class Category(NamedTuple):
    text: str
    line: int
    number: str = ""  # the group's 序号 cell, when a group column is numbered


class Table:
    __slots__ = ("header_line", "items", "measured", "roles")

    def __init__(self, header_line: int, roles: list[str]) -> None:
        self.header_line = header_line
        self.roles = roles
        self.measured = False  # the task column's cells are numbered measures (1、2、)
        self.items: list[Row | Category | Line] = []  # Line: text after the table


_PEOPLE_SEPARATOR = re.compile(r"[、,，;； ]+")


def find_table(lines: Sequence[Line], start: int = 0) -> Table | None:
    """The first table header at or after ``lines[start]``, read with its rows."""
    for index in range(start, len(lines)):
        line = lines[index]
        header = split_cells(line.raw)
        if header is not None:
            roles = _with_task([_header_role(fold(cell)) for cell in header])
            if _usable(roles):
                return _read_tabbed(lines, index, roles)
        elif _column(line.folded):
            table = _read_cell_lines(lines, index)
            if table is not None:
                return table
    return None


def _read_tabbed(lines: Sequence[Line], header: int, roles: list[str]) -> Table:
    rows = [line for line in lines[header + 1 :] if not line.blank]
    table = _settle(Table(lines[header].number, roles), rows)
    for line in rows:
        cells = [cell.strip() for cell in split_cells(line.raw) or [line.raw]]
        folded = [fold(cell).strip() for cell in cells]
        filled, last = len([c for c in cells if c]), table.items[-1] if table.items else None
        if _with_task([_header_role(cell) for cell in folded]) == roles:
            continue  # the header repeated at the top of a page
        if filled >= 2 and _starts_row(table, folded):
            _open_group(table, cells, line.number)
            table.items.append(Row(line.number, line.number, _cells(table.roles, cells)))
        elif isinstance(last, Row) and (filled >= 2 or _wrapped_text(table.roles, cells)):
            _continue_row(last, table.roles, cells, line.number)
        else:
            _category_or_text(table, line)
    return table


def _wrapped_text(roles: Sequence[str], cells: Sequence[str]) -> bool:
    """A full row whose one filled cell is task text, first cell empty: the text above, wrapped
    (a category stands in the first cell; a paragraph indented by a tab is no full row)."""
    filled = [role for role, cell in zip(roles, cells, strict=False) if cell]
    return len(cells) == len(roles) and not cells[0] and filled in (["task"], ["text"])


def _measure_cells(rows: Sequence[Line], column: int) -> tuple[int, int]:
    """How many of a column's filled cells there are, and how many start with a number (1、)."""
    filled = numbered = 0
    for line in rows:
        cells = split_cells(line.raw) or []
        cell = fold(cells[column]).strip() if column < len(cells) else ""
        if cell:
            filled += 1
            marker = find_marker(cell)
            numbered += marker is not None and not marker.scheme.name.startswith("cn-")
    return filled, numbered


def _settle(table: Table, rows: Sequence[Line]) -> Table:
    """Numbered measures in a text column (具体工作措施: 1、…46、) are the tasks: the task column
    above them and a 序号 column numbering those groups become groups."""
    for column, role in enumerate(table.roles):
        if role not in ("task", "text"):
            continue
        filled, numbered = _measure_cells(rows, column)
        if filled >= 2 and numbered * 2 > filled:
            table.roles = [
                "task" if i == column else "group" if r in ("task", "number") else r
                for i, r in enumerate(table.roles)
            ]
            table.measured = True
            break
    return table


def _starts_row(table: Table, folded: Sequence[str]) -> bool:
    """A new task: a numbered measure; a row numbered in its 序号 cell; without a 序号 column, any
    row with task text and units (its group cell left empty, merged with the one above)."""
    cells = dict(zip(table.roles, folded, strict=False))
    if table.measured:
        return find_marker(cells.get("task", "")) is not None
    if "number" in table.roles:
        return _NUMBER_CELL.match(cells.get("number", "")) is not None
    units = any(cells.get(role) for role in ("lead", "co", "support"))
    return bool(cells.get("task")) and units


def _open_group(table: Table, cells: Sequence[str], line: int) -> None:
    """A filled group cell (merged over the rows below it) opens a section."""
    groups = [c for r, c in zip(table.roles, cells, strict=False) if r == "group" and c]
    if not groups:
        return
    number = groups.pop(0) if _NUMBER_CELL.match(fold(groups[0])) and len(groups) > 1 else ""
    table.items.append(Category(" ".join(groups), line, number.strip()))


#: Columns whose cells are lists: a row under a merged 序号 adds its own names to the task's.
_LIST_ROLES = ("lead", "co", "support")


def _continue_row(row: Row, roles: list[str], cells: list[str], number: int) -> None:
    """A row of the task above: a cell wrapped onto another line (copied from Word) or a row of
    its own under a merged 序号 cell. Text appends as it is; a unit cell that already ends a name
    (区发改局) gets ``、`` before the next one (区招商局), never glued into one name, and a second
    deadline gets ``；``."""
    for role, cell in zip(roles, cells, strict=False):
        key = "task" if role == "text" else role
        if not cell:
            continue
        before = row.cells.get(key, "")
        if key == "deadline" and before and before[-1] not in "，、,；;":
            before += "；"
        elif key in _LIST_ROLES and NAME_END.search(before):
            before += "、"
        row.cells[key] = before + cell
    row.end_line = number


def _read_cell_lines(lines: Sequence[Line], header: int) -> Table | None:
    """Header cells one a line; then each row's cells one a line, starting with its number."""
    content = [line for line in lines[header:] if not line.blank]
    roles: list[str] = []
    while content and (role := _column(content[0].folded)):
        roles.append(role)
        content.pop(0)
    if not _usable(roles) or roles[0] != "number":
        return None
    table = Table(lines[header].number, roles)
    position = 0
    while position < len(content):
        line = content[position]
        cells = content[position + 1 : position + len(roles)]
        if _NUMBER_CELL.match(line.folded) and len(cells) == len(roles) - 1:
            values = [line.raw.strip()] + [cell.raw.strip() for cell in cells]
            table.items.append(Row(line.number, cells[-1].number, _cells(roles, values)))
            position += len(roles)
        else:
            _category_or_text(table, line)
            position += 1
    return table


def _category_or_text(table: Table, line: Line) -> None:
    """A short line without sentence punctuation between rows is a category; else text."""
    text = line.raw.strip()
    if len(text) <= 40 and not SENTENCE_MARK.search(line.folded):
        table.items.append(Category(text, line.number))
    else:
        table.items.append(line)


def category_section(category: Category) -> Section:
    """A category row as a section: numbered by its own 一、 marker or its group's 序号 cell,
    else 0 (unnumbered)."""
    if digits := _NUMBER_CELL.match(fold(category.number)):
        number = int(digits[1])
        return Section(
            number=number, numeral=str(number), label=category.number, title=category.text,
            line=category.line,
        )  # fmt: skip
    marker = find_marker(fold(category.text))
    if marker is None or not marker.scheme.name.startswith("cn-"):
        return Section(number=0, numeral="", title=category.text, line=category.line)
    label = category.text[: marker.end].strip()
    return Section(
        number=marker.number,
        numeral=label.strip(" 、.（）()"),
        label=label,
        title=category.text[marker.end :].strip(),
        line=category.line,
    )


#: How a row's unit cells are read, as labels: a 责任单位 cell alone leads (it names who is
#: responsible); a 配合单位 cell never does, even when the lead cell is empty.
_LABELS = {"lead": "牵头单位", "co": "责任单位", "support": "配合单位"}


def read_table(
    table: Table, reader: ClauseReader, diagnostics: Diagnostics
) -> tuple[list[Section], list[Paragraph]]:
    """Sections (from category rows) holding one task per row; text after the rows is closing."""
    sections: list[Section] = []
    closing: list[Paragraph] = []
    seq = 0
    for item in table.items:
        if isinstance(item, Category):
            sections.append(category_section(item))
        elif isinstance(item, Row):
            if not sections:
                sections.append(Section(number=0, numeral="", title="", line=item.line))
            seq += 1
            task = _task(item, seq, sections[-1].number, reader, table.measured)
            sections[-1].tasks.append(task)
        elif sections and sections[-1].tasks:
            closing.append(Paragraph(text=item.raw.strip(), line=item.number))
        else:
            diagnostics.info("text-in-table", item.number, "a line between rows is not a row")
            target = sections[-1].text if sections else closing
            target.append(Paragraph(text=item.raw.strip(), line=item.number))
    return sections, closing


def _task(row: Row, seq: int, section: int, reader: ClauseReader, measured: bool) -> Task:
    cells = row.cells
    parts = [f"{_LABELS[role]}:{cells[role]}" for role in _LABELS if cells.get(role)]
    raw = ";".join(parts)
    clause = reader.read(raw, fold(raw), row.line, "cell")
    label, text = cells.get("number", ""), cells.get("task", "")
    digits = _NUMBER_CELL.match(fold(label))
    number = int(digits[1]) if digits else seq
    if measured and (marker := find_marker(fold(text))) is not None:
        label, number, text = text[: marker.end].strip(), marker.number, text[marker.end :].strip()
    return Task(
        seq=seq,
        number=number,
        label=label,
        section=section,
        line=row.line,
        end_line=row.end_line,
        text=text,
        responsibility=combine([clause]),
        deadline=cells.get("deadline") or None,
        leaders=[name for name in _PEOPLE_SEPARATOR.split(cells.get("people", "")) if name],
        investments=investments(text),
        milestones=milestones(text),
    )
