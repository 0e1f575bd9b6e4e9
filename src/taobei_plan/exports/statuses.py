"""Where each task of a 台账 stands on a date, as rows for ``taobei status`` and a table by unit."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from ..addressees import is_collective
from ..query import notice_name
from ..schedule import STATUSES, status_of
from .ledger_data import ledger_cells

if TYPE_CHECKING:
    from .ledger_data import Ledger

STATUS_COLUMNS = ("notice", "seq", "status", "due", "deadline", "leads", "co", "reported", "text")


def status_rows(ledger: Ledger, as_of: date, warn_days: int) -> list[dict[str, Any]]:
    """Every task of the 台账 with its status as of ``as_of``: done when its 完成情况 says
    已完成 (a return's, or the office's own), else by its due date."""
    cells = ledger_cells(ledger.book)
    rows = []
    for notice, seqs in zip(ledger.notices, ledger.selected, strict=True):
        name = notice_name(notice)
        for task in notice.tasks():
            if task.seq not in seqs:
                continue
            said = cells.get((name, task.seq), {}).get("完成情况")
            reported = str(said).strip() if said not in (None, "") else None
            due = task.due
            now = status_of(due, reported, as_of, warn_days)
            r = task.responsibility
            rows.append({
                "notice": name, "seq": task.seq, "status": now,
                "due": due.model_dump(mode="json") if due else None,
                "leads": [u.name for u in r.leads] if r else [],
                "co": [u.name for u in r.co] if r else [], "reported": reported, "text": task.text,
            })  # fmt: skip
    return rows


def collective_units(ledger: Ledger) -> set[str]:
    """The addressees of a whole class among the 台账's units (各相关单位, 各乡(镇))."""
    return {
        u.name
        for notice in ledger.notices
        for task in notice.tasks()
        if task.responsibility
        for u in (*task.responsibility.leads, *task.responsibility.co)
        if is_collective(u.name, u.kind)
    }


def by_unit(rows: list[dict[str, Any]], collective: set[str]) -> dict[str, Counter[str]]:
    """How many of each unit's tasks stand in each status; units named first, in order of first
    appearance, the addressees of a whole class after them."""
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        for unit in (*row["leads"], *row["co"]):
            counts.setdefault(unit, Counter())[row["status"]] += 1
    return dict(sorted(counts.items(), key=lambda item: item[0] in collective))


def status_view(rows: list[dict[str, Any]], as_of: date, collective: set[str]) -> None:
    """A table of units by status, then the overdue tasks with their units."""
    from ..language import _
    from .views import table

    units = by_unit(rows, collective)
    table(
        _("Status as of {day}: {count} tasks").format(day=as_of.isoformat(), count=len(rows)),
        ["unit", "tasks", *STATUSES],
        ([unit, sum(c.values()), *(c[s] or "" for s in STATUSES)] for unit, c in units.items()),
        wide="unit",
    )
    late = [r for r in rows if r["status"] == "overdue"]
    if late:
        table(
            _("Overdue: {count} tasks").format(count=len(late)),
            ["seq", "due", "text", "leads", "co"],
            ([r["seq"], r["due"]["date"], r["text"], "、".join(r["leads"]), "、".join(r["co"])]
             for r in late),
            wide="text",
        )  # fmt: skip
