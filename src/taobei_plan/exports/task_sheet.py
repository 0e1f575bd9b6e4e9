"""任务台账, the sheet an office works in: columns in the order it works, what it typed carried
to the same task, and what re-export moved.

The columns: 序号, 重点任务, 牵头单位, 配合单位 (角色 in a department's ledger), 完成时限, then the
office's own — 进展情况, 完成情况, 备注, 责任人 — then the reference columns (编号 as printed, 板块,
小标题, 投资, 通知, 原文行), folded away: they print only when unfolded, and 通知 with 序号 is
what re-export matches a row by. A task with several clauses lists its units clause by clause,
one line each, in both unit columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..query import notice_name
from ..schedule import DEFAULT_WARN_DAYS, STATUS_NAMES, Status, status_of
from .carry import Kept, Previous, Row
from .moves import Moves
from .sheets import Extras

if TYPE_CHECKING:
    from ..models import Notice, Task

TASKS = "任务台账"
REMOVED = "已移除"
TRACKING = ("进展情况", "完成情况", "备注", "责任人")
REFERENCE = ("编号", "板块", "小标题", "投资（亿元）", "通知", "原文行", "截止日期")
#: Every column taobei writes in 任务台账 (角色 only in a department's ledger). 状态 stands after
#: the folded reference columns: folded, it shows and prints right after the office's columns.
TASK_COLUMNS = ("序号", "重点任务", "牵头单位", "配合单位", "角色", "完成时限", *TRACKING,
                *REFERENCE, "状态")  # fmt: skip
WIDTHS = {"序号": 6, "重点任务": 50, "牵头单位": 16, "配合单位": 20, "角色": 6, "完成时限": 12,
          "状态": 8, "进展情况": 30, "完成情况": 16, "备注": 16, "责任人": 10, "截止日期": 12}  # fmt: skip
#: The fill of each status in the 状态 column: red overdue, yellow due soon, green on track, blue
#: done (the colours of a 督办 notice).
STATUS_FILLS = {"逾期": "red", "临期": "yellow", "正常": "green", "已完成": "blue"}
ROLE_NAMES = {"lead": "牵头", "co": "配合"}


@dataclass(frozen=True, slots=True)
class Scope:
    """What the ledger holds: the department it was made for and the filters, as the title line
    and 说明 name them."""

    dept: str | None = None
    filters: tuple[tuple[str, str], ...] = ()  # (what, value): (单位, 区水利局), (角色, 牵头)


@dataclass(frozen=True, slots=True)
class Standing:
    """The day the 状态 column is worked out for, and what the latest returns said of each
    task ((notice, 序号) → 进展情况 and 完成情况), written over the tracking cells."""

    as_of: date = field(default_factory=date.today)
    warn_days: int = DEFAULT_WARN_DAYS
    latest: Mapping[tuple[str, int], Mapping[str, str]] = field(default_factory=dict)


@dataclass(slots=True)
class TaskSheet:
    """The sheet's table and what re-export needs of it."""

    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    extras: Extras = field(default_factory=Extras)
    keys: set[tuple[str, int]] = field(default_factory=set)
    moves: Moves = field(default_factory=lambda: Moves(TASKS))
    statuses: dict[tuple[str, int], Status] = field(default_factory=dict)


def task_sheet(
    notices: Sequence[Notice],
    selected: Sequence[Mapping[int, tuple[str | None, str | None]]],
    previous: Previous,
    scope: Scope,
    standing: Standing,
) -> TaskSheet:
    """任务台账 for the tasks ``selected`` (seq → the department's role, and the addressee of
    its class it has that role through: 各乡(镇) for a township) of each notice; each task's
    状态 as of ``standing.as_of`` from its due date and the 完成情况 it ends with."""
    columns = [c for c in TASK_COLUMNS if c != "角色" or scope.dept]
    made = TaskSheet([*columns, *previous.columns])
    kept: list[Row] = []
    for notice, seqs in zip(notices, selected, strict=True):
        name = notice_name(notice)
        titles = {s.number: f"{s.label}{s.title}" for s in notice.sections}
        for task in notice.tasks():
            if task.seq not in seqs:
                continue
            made.keys.add((name, task.seq))
            old = previous.tasks.get((name, task.seq), Row({}))
            leads, co = units_by_clause(task)
            latest = standing.latest.get((name, task.seq), {})
            reported = latest.get("完成情况", old.get("完成情况"))
            made.statuses[(name, task.seq)] = now = _status(task, reported, standing)
            ours = {"序号": task.seq, "重点任务": task.text, "牵头单位": leads, "配合单位": co,
                    "角色": _role(*seqs[task.seq]), "完成时限": deadline(task),
                    "状态": STATUS_NAMES[now], **latest, "编号": task.label,
                    "板块": titles.get(task.section, ""), "小标题": task.subheading,
                    "截止日期": task.due.date if task.due else None,
                    "投资（亿元）": _investment(task), "通知": name, "原文行": task.line}  # fmt: skip
            made.rows.append([_ours(ours[h], old.cells.get(h)) if h in ours else old.cells.get(h)
                              for h in made.header])  # fmt: skip
            kept.append(old)
    tasks = len(made.rows)
    for row in previous.loose:
        made.rows.append([row.cells.get(h) for h in made.header])
        kept.append(row)
    made.extras = Extras(
        title=_title_lines(notices, scope),
        widths=WIDTHS,
        folded={i for i, h in enumerate(made.header) if h in REFERENCE},
        page_header=_page_header(notices),
        merges=merges(kept, made.header),
        protection=previous.protection,
        unlocked={i for i, h in enumerate(made.header) if h in previous.unlocked},
        always=True,
        fills={i: STATUS_FILLS for i, h in enumerate(made.header) if h == "状态"},
    )
    made.moves = _moves(previous, kept, made.header, tasks, len(made.extras.title) + 1)
    made.extras.moves = made.moves
    return made


def _status(task: Task, reported: Any, standing: Standing) -> Status:
    """A task's status as of the standing's day; 完成情况 reads 已完成 when a unit said so."""
    said = reported.value if isinstance(reported, Kept) else reported
    text = str(said).strip() if said else None
    return status_of(task.due, text, standing.as_of, standing.warn_days)


def _role(role: str | None, via: str | None) -> str:
    """配合, or 配合（各乡(镇)） when the department has the role as one of a class."""
    name = ROLE_NAMES.get(role or "", "")
    return f"{name}（{via}）" if name and via else name


def _ours(value: Any, old: Kept | None) -> Any:
    """taobei's value of a cell, with the comment the office put on it."""
    return value if old is None or old.comment is None else Kept(value, comment=old.comment)


def units_by_clause(task: Task) -> tuple[str, str]:
    """The lead and co units; for a task of several clauses, clause by clause, a line each (the
    same line in both columns), so a reader sees who leads which part."""
    r = task.responsibility
    if r is None:
        return "", ""
    if len(r.clauses) > 1:
        return ("\n".join("、".join(u.name for u in c.leads) for c in r.clauses),
                "\n".join("、".join(u.name for u in c.co) for c in r.clauses))  # fmt: skip
    return "、".join(u.name for u in r.leads), "、".join(u.name for u in r.co)


def deadline(task: Task) -> str:
    """完成时限: the clause's deadline as written, else the task's milestones (2022年开工建设),
    else the time its text sets as an end (到2025年, 2023年底前, “十四五”期间), else the year its
    own targets are promised for."""
    if task.deadline:
        return task.deadline
    if task.milestones:
        return "；".join(m.raw for m in task.milestones)
    if task.due is not None:
        return task.due.text
    years = [i.year for i in task.indicators if i.year]
    return f"{max(years)}年" if years else ""


def _investment(task: Task) -> float | None:
    if not task.investments:
        return None
    return sum(i.yuan for i in task.investments) / 100_000_000


def _title_lines(notices: Sequence[Notice], scope: Scope) -> list[str]:
    """The title (the notice's, or how many notices), then its 文号 and the office's blanks, and
    for a department's ledger whom and what it holds."""
    if len(notices) == 1:
        notice = notices[0]
        name = notice.plan.title or notice.metadata.title or notice.notice.title or ""
        title = f"{name}落实台账" if name else "任务落实台账"
    else:
        title = f"任务落实台账（{len(notices)} 份通知）"
    if scope.dept:
        title += f"（{scope.dept}）"
    blanks = "填报单位：__________________　　填报日期：______年____月____日"
    number = _page_header(notices)
    lines = [title, f"{number}　　{blanks}" if number else blanks]
    if scope.filters:
        lines.append("筛选：" + "；".join(f"{what} {value}" for what, value in scope.filters))
    return lines


def _page_header(notices: Sequence[Notice]) -> str:
    numbers = [n.metadata.document_number or n.notice.document_number for n in notices]
    return "、".join(dict.fromkeys(x for x in numbers if x))


def merges(rows: Sequence[Row], header: Sequence[str]) -> list[tuple[int, int, int]]:
    index = {h: i for i, h in enumerate(header)}
    return [
        (number, index[first], index[last])
        for number, row in enumerate(rows, start=1)
        for first, last in row.merges
        if first in index and last in index
    ]


def _moves(
    previous: Previous, kept: Sequence[Row], header: Sequence[str], tasks: int, top: int
) -> Moves:
    """Where each row and column of the old task sheet stands in the new one (``top``: the new
    header's row, from 1)."""
    old_top = previous.header_rows.get(TASKS, 1)
    moves = Moves(TASKS, rows={old_top: top})
    moves.rows |= {row.number: line for line, row in enumerate(kept, start=top + 1) if row.number}
    moves.columns = {
        previous.positions[h]: i for i, h in enumerate(header, 1) if h in previous.positions
    }
    old = [row.number for row in previous.tasks.values()]
    if old:
        moves.tasks = (min(old), max(old))
    moves.new_tasks = (top + 1, top + tasks)
    return moves


def removed_table(rows: Sequence[Row]) -> tuple[list[str], list[list[Any]], Extras]:
    """已移除: tasks no longer in the notice (or the filter), with what the office wrote."""
    columns = [c for c in TASK_COLUMNS if c != "角色"]
    extra = [k for k in dict.fromkeys(k for row in rows for k in row.cells) if k not in columns]
    header = [*columns, *extra]
    table = [[row.cells.get(h) for h in header] for row in rows]
    return header, table, Extras(widths=WIDTHS, merges=merges(rows, header))
