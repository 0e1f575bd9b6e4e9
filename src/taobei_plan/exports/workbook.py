"""The Excel 台账 a supervision office keeps: one workbook, sheets in Chinese, made to be printed,
filtered, and re-exported without losing what people typed into it.

Re-export reads the old workbook first: the tracking columns (进展情况, 完成情况, 备注) and any
column people added are carried to the same task, matched by notice and 序号; a task that no
longer exists moves to 已移除 with its notes. A workbook taobei did not write is refused unless
``force``. Text that looks like a formula (``=…``, ``+…``, ``-…``, ``@…``) is written as text.

openpyxl reads the old workbook; XlsxWriter writes the new one, in memory: it writes the same
cells, styles and page setup in half the time (openpyxl builds, hashes and serialises a style
object per cell), never turns text into a formula or a link (both options are off), and a number
no spreadsheet can hold (past 2⁵³, or not finite) is written as its digits, as text.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import UsageError
from ..query import notice_name, placed_indicators
from . import COMPARATOR_NAMES, DIRECTION_NAMES, KIND_NAMES
from .carry import Kept, Previous, Row, read
from .moves import Moves
from .sheets import MARK, Book, Extras, write_sheet

if TYPE_CHECKING:
    from ..models import Notice, Task

TASKS = "任务台账"
REMOVED = "已移除"
TRACKING = ("进展情况", "完成情况", "备注")
TASK_HEADER = ("通知", "序号", "编号", "板块", "小标题", "重点任务", "牵头单位", "配合单位",
               "完成时限", "投资（亿元）", "原文行", *TRACKING)  # fmt: skip
#: Every sheet taobei writes, with its header: re-export works them out again.
WRITTEN: dict[str, tuple[str, ...]] = {
    TASKS: TASK_HEADER,
    "责任分工": ("通知", "序号", "单位", "角色", "类别"),
    "单位统计": ("单位", "类别", "牵头数", "配合数", "合计"),
    "目标指标": ("通知", "板块", "序号", "年份", "指标", "比较", "数值", "上限", "单位", "折算值",
                 "折算单位", "方向", "原文", "原文行"),
    "投资项目": ("通知", "序号", "板块", "项目", "金额", "单位", "折合（元）", "牵头单位"),
    "问题": ("通知", "原文行", "级别", "代码", "说明"),
    "说明": ("项目", "值"),
    REMOVED: TASK_HEADER,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Carried:
    """What re-export kept and moved, for the line that tells the user."""

    notes: int = 0  # filled cells of the tracking and added columns
    tasks: int = 0  # tasks holding them
    loose: int = 0  # rows without a 序号, moved to the end
    sheets: int = 0  # sheets taobei does not write
    removed: int = 0  # tasks moved to 已移除 by this export
    lost: tuple[str, ...] = ()  # what could not be kept (written only with force)


def write_workbook(
    path: Path, notices: Sequence[Notice], selected: Sequence[set[int]], force: bool
) -> tuple[bytes, Carried]:
    """The workbook's bytes for ``notices`` (``selected``: the task seqs kept of each), and what
    it carried over from the workbook at ``path``."""
    previous = _previous(path, force)
    buffer = io.BytesIO()
    book = Book(buffer)
    tables: dict[str, Table] = {}
    tables[TASKS], current, moves = _task_table(notices, selected, previous)
    tables["责任分工"] = _responsibility_table(notices, selected)
    tables["单位统计"] = _unit_table(notices, selected)
    tables["目标指标"] = _indicator_table(notices)
    tables["投资项目"] = _investment_table(notices, selected)
    tables["问题"] = _problem_table(notices)
    tables["说明"] = _about_table(notices)
    gone = [row for key, row in previous.tasks.items() if key not in current]
    if gone or previous.removed:
        tables[REMOVED] = _removed_table([*gone, *previous.removed])
    _write_in_order(book, tables, previous, moves)
    book.book.close()
    notes, tasks = previous.notes(TRACKING)
    carried = Carried(notes, tasks, len(previous.loose), len(previous.foreign), len(gone),
                      tuple(previous.lost))  # fmt: skip
    return buffer.getvalue(), carried


Table = tuple[Sequence[str], list[list[Any]], Extras | None]


def _write_in_order(book: Book, tables: dict[str, Table], previous: Previous, moves: Moves) -> None:
    """taobei's sheets in their order, each sheet of the office's own where it stood: after the
    sheet it followed."""
    from .copies import copy_sheet

    foreign = {sheet.title: sheet for sheet in previous.foreign}
    order = list(tables)
    for index, name in enumerate(previous.order):
        if name in foreign:
            before = next((n for n in reversed(previous.order[:index]) if n in order), None)
            order.insert(order.index(before) + 1 if before else 0, name)
    for name in order:
        if name in foreign:
            copy_sheet(book.book, foreign[name], previous, moves)
        else:
            write_sheet(book, name, *tables[name])


def _previous(path: Path, force: bool) -> Previous:
    """What the office did in the workbook already at ``path``. A workbook taobei did not write
    is refused unless ``force``; so is one holding what re-export cannot keep."""
    if not path.exists():
        return Previous()
    from openpyxl import load_workbook

    try:
        book = load_workbook(path)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        if force:
            return Previous()
        raise UsageError(f"{path}: not an Excel workbook taobei can update ({type(error).__name__}); "
                         "use --force to replace it") from None  # fmt: skip
    if (book.properties.keywords or "") != MARK or TASKS not in book.sheetnames:
        if force:
            return Previous()
        raise UsageError(f"{path}: not a workbook written by taobei; use --force to replace it")
    previous = read(book, path, WRITTEN)
    if previous.lost and not force:
        raise UsageError(f"{path}: re-export cannot keep {'; '.join(previous.lost)}; "
                         "use --force to write it without them")  # fmt: skip
    return previous


def _task_table(
    notices: Sequence[Notice], selected: Sequence[set[int]], previous: Previous
) -> tuple[Table, set[tuple[str, int]], Moves]:
    """任务台账, with the office's cells carried to the same task and its rows without a 序号
    at the end; returns the task keys too, and where the old rows went."""
    header = [*TASK_HEADER, *previous.columns]
    rows: list[list[Any]] = []
    kept: list[Row] = []
    keys = set()
    for notice, seqs in zip(notices, selected, strict=True):
        name = notice_name(notice)
        titles = {s.number: f"{s.label}{s.title}" for s in notice.sections}
        for task in notice.tasks():
            if task.seq not in seqs:
                continue
            keys.add((name, task.seq))
            old = previous.tasks.get((name, task.seq), Row({}))
            ours = [name, task.seq, task.number, titles.get(task.section, ""), task.subheading,
                    task.text, *_units(task), task.deadline, _investment(task), task.line]  # fmt: skip
            rows.append(_with_comments(ours, old) + [old.cells.get(h) for h in header[len(ours) :]])
            kept.append(old)
    tasks = len(rows)
    for row in previous.loose:
        rows.append([row.cells.get(h) for h in header])
        kept.append(row)
    unlocked = {i for i, h in enumerate(header) if h in previous.unlocked}
    moves = _moves(previous, kept, header, tasks)
    extras = Extras(_merges(kept, header), previous.protection, unlocked, moves)
    return (header, rows, extras), keys, moves


def _moves(previous: Previous, kept: Sequence[Row], header: Sequence[str], tasks: int) -> Moves:
    """Where each row and column of the old task sheet stands in the new one."""
    moves = Moves(TASKS, rows={1: 1})
    moves.rows |= {row.number: line for line, row in enumerate(kept, start=2) if row.number}
    moves.columns = {
        previous.positions[h]: i for i, h in enumerate(header, 1) if h in previous.positions
    }
    old = [row.number for row in previous.tasks.values()]
    if old:
        moves.tasks = (min(old), max(old))
    moves.new_tasks = (2, tasks + 1)
    return moves


def _with_comments(values: list[Any], old: Row) -> list[Any]:
    """taobei's values of a task, each with the comment the office put on that cell."""
    out = []
    for header, value in zip(TASK_HEADER, values, strict=False):
        cell = old.cells.get(header)
        out.append(
            value if cell is None or cell.comment is None else Kept(value, comment=cell.comment)
        )
    return out


def _merges(rows: Sequence[Row], header: Sequence[str]) -> list[tuple[int, int, int]]:
    index = {h: i for i, h in enumerate(header)}
    return [
        (number, index[first], index[last])
        for number, row in enumerate(rows, start=1)
        for first, last in row.merges
        if first in index and last in index
    ]


def _removed_table(rows: Sequence[Row]) -> Table:
    extra = [k for k in dict.fromkeys(k for row in rows for k in row.cells) if k not in TASK_HEADER]
    header = [*TASK_HEADER, *extra]
    return (
        header,
        [[row.cells.get(h) for h in header] for row in rows],
        Extras(_merges(rows, header)),
    )


def _units(task: Task) -> tuple[str, str]:
    r = task.responsibility
    if r is None:
        return "", ""
    return "、".join(u.name for u in r.leads), "、".join(u.name for u in r.co)


def _investment(task: Task) -> float | None:
    if not task.investments:
        return None
    return sum(i.yuan for i in task.investments) / 100_000_000


def _responsibility_table(notices: Sequence[Notice], selected: Sequence[set[int]]) -> Table:
    rows = []
    for notice, seqs in zip(notices, selected, strict=True):
        for task in notice.tasks():
            r = task.responsibility
            if task.seq in seqs and r is not None:
                rows += [
                    [notice_name(notice), task.seq, u.name, "牵头", KIND_NAMES[u.kind]]
                    for u in r.leads
                ]
                rows += [
                    [notice_name(notice), task.seq, u.name, "配合", KIND_NAMES[u.kind]]
                    for u in r.co
                ]
    return WRITTEN["责任分工"], rows, None


def _unit_table(notices: Sequence[Notice], selected: Sequence[set[int]]) -> Table:
    lead: Counter[str] = Counter()
    co: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    for notice, seqs in zip(notices, selected, strict=True):
        for task in notice.tasks():
            r = task.responsibility
            if task.seq in seqs and r is not None:
                for unit in r.leads:
                    lead[unit.name] += 1
                    kinds.setdefault(unit.name, KIND_NAMES[unit.kind])
                for unit in r.co:
                    co[unit.name] += 1
                    kinds.setdefault(unit.name, KIND_NAMES[unit.kind])
    order = sorted(kinds, key=lambda n: (-(lead[n] + co[n]), -lead[n], n))
    rows = [[n, kinds[n], lead[n], co[n], lead[n] + co[n]] for n in order]
    return WRITTEN["单位统计"], rows, None


def _indicator_table(notices: Sequence[Notice]) -> Table:
    """Targets of the paragraphs and of the tasks' texts (序号: the task); 折算值 is the value
    in its base unit, the column to sort and sum by."""
    rows = []
    for notice in notices:
        for placed in placed_indicators(notice):
            s, i = placed.section, placed.indicator
            where = f"{s.label}{s.title}" if s else placed.part
            rows.append([notice_name(notice), where, placed.task, i.year, i.metric,
                         COMPARATOR_NAMES.get(i.comparator or "", ""), i.value, i.value_max, i.unit,
                         i.scaled_value, i.base_unit, DIRECTION_NAMES.get(i.direction or "", ""),
                         i.raw, placed.line])  # fmt: skip
    return WRITTEN["目标指标"], rows, None


def _investment_table(notices: Sequence[Notice], selected: Sequence[set[int]]) -> Table:
    rows = []
    for notice, seqs in zip(notices, selected, strict=True):
        titles = {s.number: f"{s.label}{s.title}" for s in notice.sections}
        for task in notice.tasks():
            if task.seq in seqs:
                for i in task.investments:
                    rows.append([notice_name(notice), task.seq, titles.get(task.section, ""),
                                 i.project, i.amount, i.unit, i.yuan, _units(task)[0]])  # fmt: skip
    return WRITTEN["投资项目"], rows, None


def _problem_table(notices: Sequence[Notice]) -> Table:
    rows = [
        [notice_name(n), d.line, d.severity, d.code, d.message]
        for n in notices
        for d in n.diagnostics
    ]
    return WRITTEN["问题"], rows, None


def _about_table(notices: Sequence[Notice]) -> Table:
    rows: list[list[Any]] = []
    for notice in notices:
        m = notice.metadata
        rows += [
            ["通知", notice_name(notice)],
            ["标题", m.title or notice.notice.title or notice.plan.title],
            ["文号", m.document_number or notice.notice.document_number],
            ["发文机关", m.issuer],
            ["成文日期", m.written_date or notice.notice.signed_date],
            ["发布日期", m.published_date],
            ["来源文件", notice.source.path],
            ["SHA-256", notice.source.sha256],
            ["任务数", len(notice.tasks())],
            [None, None],
        ]
    rows += [["taobei 版本", __version__], ["生成时间", datetime.now().replace(microsecond=0)]]
    return WRITTEN["说明"], rows, None
