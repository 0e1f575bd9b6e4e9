"""Return workbooks (报送表): each unit's tasks for a period, and the columns it fills in.

A supervision office sends every unit a workbook of its own tasks each month or quarter and
merges what comes back. taobei writes one per unit named in the 台账 (an addressee of a whole
class, 各相关单位 or 各乡(镇), is nobody in particular: it gets none and is named), laid out like
the 台账 and printable the same way: a title naming the unit, the notice and the period; the
tasks with the unit's role and deadline; then 完成状态 (a dropdown), 本期进展, 存在问题, 下步计划,
佐证材料, the only cells left open in a sheet protected without a password. A hidden sheet names
the unit, the period and the notices, so a return is matched back whatever its file is called.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..addressees import is_collective
from ..query import notice_name
from ..schedule import REPORTED
from .sheets import Book, Extras, write_sheet
from .task_sheet import deadline

if TYPE_CHECKING:
    from ..models import Task
    from .ledger_data import Ledger

RETURN_MARK = "taobei-return"  # a return's keywords, as MARK is a 台账's
FORM = "报送表"
ABOUT = "回执信息"
COLUMNS = ("序号", "重点任务", "本单位角色", "完成时限", "完成状态", "本期进展", "存在问题",
           "下步计划", "佐证材料", "通知")  # fmt: skip
FILLED = ("完成状态", "本期进展", "存在问题", "下步计划", "佐证材料")
WIDTHS = {"序号": 6, "重点任务": 46, "本单位角色": 8, "完成时限": 12, "完成状态": 10,
          "本期进展": 36, "存在问题": 20, "下步计划": 20, "佐证材料": 14}  # fmt: skip
#: A period as offices name them: a month, a quarter, a half-year or a year.
PERIOD = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])|-Q[1-4]|-H[12])?")
ROLES = {"lead": "牵头", "co": "配合"}
#: What no file name may hold: path separators, characters Windows refuses, control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


@dataclass(slots=True)
class Assignment:
    """A unit's tasks in the 台账: (notice, task, 牵头 or 配合) in the 台账's order."""

    unit: str
    tasks: list[tuple[str, Task, str]] = field(default_factory=list)


def assignments(ledger: Ledger) -> tuple[list[Assignment], list[str]]:
    """Every unit the 台账's tasks name, in order of first appearance, and the addressees of a
    whole class (they get no return)."""
    units: dict[str, Assignment] = {}
    collective: dict[str, None] = {}
    for notice, seqs in zip(ledger.notices, ledger.selected, strict=True):
        name = notice_name(notice)
        for task in notice.tasks():
            r = task.responsibility
            if task.seq not in seqs or r is None:
                continue
            for role, unit in [*(("lead", u) for u in r.leads), *(("co", u) for u in r.co)]:
                if is_collective(unit.name, unit.kind) or unit.name.startswith(("相关", "有关")):
                    collective[unit.name] = None
                    continue
                found = units.setdefault(unit.name, Assignment(unit.name))
                if not any(t is task for _, t, _ in found.tasks):
                    found.tasks.append((name, task, ROLES[role]))
    return list(units.values()), list(collective)


def file_name(unit: str) -> str:
    """A return's file name: the unit's name made safe (a name comes from the notice: it may
    hold / or ..), never hidden, never empty."""
    safe = _UNSAFE.sub("_", unit).strip(". ") or "_"
    return f"{safe[:80]}.xlsx"


def return_book(assignment: Assignment, ledger: Ledger, period: str) -> bytes:
    """One unit's return workbook for ``period``."""
    buffer = io.BytesIO()
    book = Book(buffer)
    book.book.set_properties({"author": "taobei", "keywords": RETURN_MARK})
    rows = [[task.seq, task.text, role, deadline(task), None, None, None, None, None, name]
            for name, task, role in assignment.tasks]  # fmt: skip
    notices = list(dict.fromkeys(name for name, _, _ in assignment.tasks))
    title = _title(ledger, notices)
    unlocked = {COLUMNS.index(c) for c in FILLED}
    extras = Extras(
        title=[f"{assignment.unit}任务落实情况报送表（{period}）", f"{title}　　报送期次：{period}",
               "填报人：__________　　联系电话：______________　　填报日期：______年____月____日"],
        widths=WIDTHS, folded={COLUMNS.index("通知")}, page_header=f"{assignment.unit}　{period}",
        protection={"password": "", "select_locked_cells": True, "select_unlocked_cells": True,
                    "format_rows": True, "format_columns": True},
        unlocked=unlocked, always=True, choices={COLUMNS.index("完成状态"): REPORTED},
    )  # fmt: skip
    write_sheet(book, FORM, COLUMNS, rows, extras)
    about = book.book.add_worksheet(ABOUT)
    facts = [("类型", RETURN_MARK), ("单位", assignment.unit), ("期次", period),
             *(("通知", name) for name in notices)]  # fmt: skip
    for row, (key, value) in enumerate(facts):
        about.write_string(row, 0, key)
        about.write_string(row, 1, value)
    about.protect()
    about.hide()
    return book.finish()


def _title(ledger: Ledger, notices: Sequence[str]) -> str:
    """The plan's title of the one notice, else how many notices."""
    if len(notices) == 1:
        notice = next(n for n in ledger.notices if notice_name(n) == notices[0])
        return notice.plan.title or notice.metadata.title or notice.notice.title or notices[0]
    return f"{len(notices)} 份通知"


def write_returns(
    ledger: Ledger, folder: Path, period: str, force: bool
) -> tuple[list[tuple[Assignment, Path]], list[str]]:
    """A return for each named unit into ``folder`` (made if missing); what was written, and the
    addressees of a whole class that got none. A return already there is a unit's work: it is
    refused unless ``force``, before anything is written."""
    from ..errors import UsageError
    from ..language import _
    from .files import write_file

    units, collective = assignments(ledger)
    targets = [(unit, folder / file_name(unit.unit)) for unit in units]
    names = [path.name for _, path in targets]
    if len(set(names)) != len(names):
        clash = next(n for n in names if names.count(n) > 1)
        raise UsageError(_("two units would share the file name {name}").format(name=clash))
    existing = [path for _, path in targets if path.exists()]
    if existing and not force:
        raise UsageError(
            _(
                "{path}: a return is already there (perhaps filled in); use --force to replace it"
            ).format(path=existing[0])
        )
    folder.mkdir(parents=True, exist_ok=True)
    for unit, path in targets:
        write_file(path, return_book(unit, ledger, period))
    return targets, collective
