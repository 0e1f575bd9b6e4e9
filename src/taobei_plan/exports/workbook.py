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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import UsageError
from ..figures import placed_indicators
from ..language import _
from ..query import notice_name
from . import COMPARATOR_NAMES, DIRECTION_NAMES, KIND_NAMES, governed_name
from .carry import Previous, read
from .ledger_data import DATA_HEADER, DATA_SHEET, write_data
from .moves import Moves
from .problems import PROBLEM_NAMES, in_chinese
from .sheets import MARK, Book, Extras, write_sheet
from .task_sheet import (
    REMOVED,
    STATUS_FILLS,
    TASK_COLUMNS,
    TASKS,
    TRACKING,
    Scope,
    Standing,
    removed_table,
    task_sheet,
)

SUPERVISION = "督办清单"
if TYPE_CHECKING:
    from ..models import Notice, Task

#: Every sheet taobei writes, with its header: re-export works them out again.
WRITTEN: dict[str, tuple[str, ...]] = {
    TASKS: TASK_COLUMNS,
    "责任分工": ("通知", "序号", "单位", "角色", "类别"),
    "单位统计": ("单位", "类别", "牵头数", "配合数", "合计"),
    "目标指标": ("通知", "板块", "序号", "年份", "指标", "比较", "数值", "上限", "单位", "折算值",
                 "折算单位", "方向", "原文", "原文行"),
    "投资项目": ("通知", "序号", "板块", "项目", "金额", "单位", "折合（元）", "牵头单位"),
    "问题": ("通知", "原文行", "级别", "问题", "说明", "代码"),
    SUPERVISION: ("单位", "角色", "序号", "重点任务", "完成时限", "截止日期", "状态", "通知"),
    "说明": ("项目", "值"),
    DATA_SHEET: DATA_HEADER,
    REMOVED: TASK_COLUMNS,
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
    path: Path,
    notices: Sequence[Notice],
    selected: Sequence[Mapping[int, tuple[str | None, str | None]]],
    force: bool,
    scope: Scope | None = None,
    standing: Standing | None = None,
    rounds: Mapping[str, Table] | None = None,
) -> tuple[bytes, Carried]:
    """The workbook's bytes for ``notices`` (``selected``: the task seqs kept of each, with the
    department's role in each), and what it carried over from the workbook at ``path``.
    ``standing``: the day 状态 is for and the latest returns; ``rounds``: the sheets of the
    reporting round (进展记录, 报送情况), written in place of the ones the workbook had."""
    scope = scope or Scope()
    previous = _previous(path, force)
    if rounds:
        previous.foreign = [s for s in previous.foreign if s.title not in rounds]
    buffer = io.BytesIO()
    book = Book(buffer)
    tasks = task_sheet(notices, selected, previous, scope, standing or Standing())
    tables: dict[str, Table] = {TASKS: (tasks.header, tasks.rows, tasks.extras)}
    tables["责任分工"] = _responsibility_table(notices, selected)
    tables["单位统计"] = _unit_table(notices, selected)
    tables["目标指标"] = _indicator_table(notices)
    tables["投资项目"] = _investment_table(notices, selected)
    tables["问题"] = _problem_table(notices)
    tables[SUPERVISION] = _supervision_table(notices, selected, tasks.statuses)
    tables |= dict(rounds or {})
    tables["说明"] = _about_table(notices, scope)
    tables[DATA_SHEET] = (DATA_HEADER, [], None)
    gone = [row for key, row in previous.tasks.items() if key not in tasks.keys]
    if gone or previous.removed:
        tables[REMOVED] = removed_table([*gone, *previous.removed])
    _write_in_order(book, tables, previous, tasks.moves, (notices, selected, scope))
    notes, tasks_noted = previous.notes(TRACKING)
    carried = Carried(notes, tasks_noted, len(previous.loose), len(previous.foreign), len(gone),
                      tuple(previous.lost))  # fmt: skip
    return book.finish(), carried


Table = tuple[Sequence[str], list[list[Any]], Extras | None]


def _write_in_order(
    book: Book,
    tables: dict[str, Table],
    previous: Previous,
    moves: Moves,
    data: tuple[Sequence[Notice], Sequence[Mapping[int, tuple[str | None, str | None]]], Scope],
) -> None:
    """taobei's sheets in their order, each sheet of the office's own where it stood: after the
    sheet it followed; the notices the 台账 was made from in the data sheet."""
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
            book.sheets += 1
        elif name == DATA_SHEET:
            write_data(book, *data)
        else:
            write_sheet(book, name, *tables[name])


def _previous(path: Path, force: bool) -> Previous:
    """What the office did in the workbook already at ``path``. A workbook taobei did not write
    is refused unless ``force``; so is one holding what re-export cannot keep."""
    if not path.exists():
        return Previous()
    import zipfile

    from openpyxl import load_workbook

    from ..errors import DecodeError
    from ..formats.packages import check_sizes

    try:
        if zipfile.is_zipfile(path):  # a bomb is refused; what is no ZIP, openpyxl names
            check_sizes(str(path))
        book = load_workbook(path)
    except DecodeError:
        if force:
            return Previous()
        raise
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        if force:
            return Previous()
        raise UsageError(
            _(
                "{path}: not an Excel workbook taobei can update ({kind}); use "
                "--force to replace it"
            ).format(path=path, kind=type(error).__name__)
        ) from None
    if (book.properties.keywords or "") != MARK or TASKS not in book.sheetnames:
        if force:
            return Previous()
        raise UsageError(
            _("{path}: not a workbook written by taobei; use --force to replace it").format(
                path=path
            )
        )
    previous = read(book, path, WRITTEN)
    if previous.lost and not force:
        raise UsageError(
            _("{path}: re-export cannot keep {lost}; use --force to write it without them").format(
                path=path, lost="; ".join(previous.lost)
            )
        )
    return previous


def _units(task: Task) -> tuple[str, str]:
    r = task.responsibility
    if r is None:
        return "", ""
    return "、".join(u.name for u in r.leads), "、".join(u.name for u in r.co)


def _responsibility_table(
    notices: Sequence[Notice], selected: Sequence[Mapping[int, tuple[str | None, str | None]]]
) -> Table:
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


def _unit_table(
    notices: Sequence[Notice], selected: Sequence[Mapping[int, tuple[str | None, str | None]]]
) -> Table:
    """Each unit's tasks, lead and co; units of several governments' notices kept apart."""
    from ..parsing.jurisdiction import of_notice

    lead: Counter[str] = Counter()
    co: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    areas = [of_notice(notice) for notice in notices]
    several = len(set(areas)) > 1
    for notice, seqs, area in zip(notices, selected, areas, strict=True):
        for task in notice.tasks():
            r = task.responsibility
            if task.seq in seqs and r is not None:
                for counts, units in ((lead, r.leads), (co, r.co)):
                    for unit in units:
                        name = governed_name(unit.name, area, several)
                        counts[name] += 1
                        kinds.setdefault(name, KIND_NAMES[unit.kind])
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


def _investment_table(
    notices: Sequence[Notice], selected: Sequence[Mapping[int, tuple[str | None, str | None]]]
) -> Table:
    rows = []
    for notice, seqs in zip(notices, selected, strict=True):
        titles = {s.number: f"{s.label}{s.title}" for s in notice.sections}
        for task in notice.tasks():
            if task.seq in seqs:
                for i in task.investments:
                    rows.append([notice_name(notice), task.seq, titles.get(task.section, ""),
                                 i.project, i.amount, i.unit, i.yuan, _units(task)[0]])  # fmt: skip
    return WRITTEN["投资项目"], rows, None


def _supervision_table(
    notices: Sequence[Notice],
    selected: Sequence[Mapping[int, tuple[str | None, str | None]]],
    statuses: Mapping[tuple[str, int], str],
) -> Table:
    """督办清单, the list a 督办 notice circulates: each overdue or due-soon task (its first
    sentence: the 台账 has the rest) under every unit that has it, units named first in order
    of their first such task, then the addressees of a whole class; the leads first."""
    from ..addressees import is_collective
    from ..schedule import STATUS_NAMES
    from .task_sheet import deadline

    rows: list[list[Any]] = []
    collective: set[str] = set()
    for notice, seqs in zip(notices, selected, strict=True):
        name = notice_name(notice)
        for task in notice.tasks():
            now = statuses.get((name, task.seq))
            if (
                task.seq not in seqs
                or now not in ("overdue", "due-soon")
                or not task.responsibility
            ):
                continue
            r, day, brief = (
                task.responsibility,
                task.due.date if task.due else None,
                _brief(task.text),
            )
            for role, units in (("牵头", r.leads), ("配合", r.co)):
                collective |= {u.name for u in units if is_collective(u.name, u.kind)}
                rows += [[u.name, role, task.seq, brief, deadline(task), day, STATUS_NAMES[now],
                          name] for u in units]  # fmt: skip
    first: dict[str, int] = {}
    for index, row in enumerate(rows):
        first.setdefault(row[0], index)
    rows.sort(key=lambda row: (row[0] in collective, first[row[0]], row[1] != "牵头", str(row[5])))
    column = WRITTEN[SUPERVISION].index("状态")
    extras = Extras(widths={"单位": 18, "重点任务": 50, "完成时限": 12, "截止日期": 12},
                    fills={column: STATUS_FILLS}, title=["督办清单（逾期和临期任务）"])  # fmt: skip
    return WRITTEN[SUPERVISION], rows, extras


def _brief(text: str, limit: int = 60) -> str:
    """A task's first sentence, at most ``limit`` characters."""
    first = text.split("。", 1)[0]
    sentence = f"{first}。" if len(first) < len(text) else first
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _problem_table(notices: Sequence[Notice]) -> Table:
    levels = {"error": "错误", "warning": "警告", "info": "提示"}
    rows = [
        [notice_name(n), d.line, levels.get(d.severity, d.severity),
         PROBLEM_NAMES.get(d.code, d.code), in_chinese(d.code, d.message), d.code]
        for n in notices
        for d in n.diagnostics
    ]  # fmt: skip
    return WRITTEN["问题"], rows, None


def _about_table(notices: Sequence[Notice], scope: Scope) -> Table:
    rows: list[list[Any]] = []
    if scope.dept:
        rows += [["本台账", f"{scope.dept}牵头和配合的任务"]]
    rows += [[f"筛选：{what}", value] for what, value in scope.filters]
    for notice in notices:
        m = notice.metadata
        rows += [
            ["通知", notice_name(notice)],
            ["标题", m.title or notice.notice.title or notice.plan.title],
            ["文号", m.document_number or notice.notice.document_number],
            ["发文机关", m.issuer],
            ["成文日期", m.written_date or notice.notice.signed_date],
            ["发布日期", m.published_date],
            ["来源文件", PurePath(notice.source.path).name],
            ["SHA-256", notice.source.sha256],
            ["任务数", len(notice.tasks())],
            [None, None],
        ]
    rows += [["taobei 版本", __version__], ["生成时间", datetime.now().replace(microsecond=0)]]
    return WRITTEN["说明"], rows, None
