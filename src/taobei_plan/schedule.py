"""Where a task stands on a date: done, overdue, due soon, on track, ongoing, or no deadline.

The office's rule, as its 督办 notices state it: a task a unit reported 已完成 is done; otherwise
one whose deadline passed is overdue (red), one due within the warning days is due soon (yellow),
one with a later deadline is on track (green); a task with no end (长期坚持, 每月) is ongoing, and
one the notice gives no time is no-deadline. Pure: the date is always given.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from .language import N_, _

if TYPE_CHECKING:
    from .models import Due

Status = Literal["done", "overdue", "due-soon", "on-track", "ongoing", "no-deadline"]
STATUSES: tuple[Status, ...] = ("overdue", "due-soon", "on-track", "ongoing", "no-deadline", "done")
#: How an office writes each status (the 台账's 状态 column, the 督办清单).
STATUS_NAMES: dict[str, str] = {
    "done": "已完成", "overdue": "逾期", "due-soon": "临期", "on-track": "正常",
    "ongoing": "长期", "no-deadline": "无时限",
}  # fmt: skip
#: What a unit reports in a return's 完成状态, and the dropdown offers.
REPORTED = ("已完成", "正常推进", "滞后", "未启动")
DEFAULT_WARN_DAYS = 15
EVERY_NAMES = {"month": N_("every month"), "quarter": N_("every quarter"),
               "half-year": N_("every half-year"), "year": N_("every year")}  # fmt: skip


def status(
    due: date | None, kind: str | None, reported: str | None, as_of: date, warn_days: int
) -> Status:
    """The status of a task due on ``due`` (``kind`` as ``Due.kind``; None: nothing said) whose
    latest return said ``reported``, on the day ``as_of``."""
    if reported == "已完成":
        return "done"
    if due is None:
        return "ongoing" if kind in ("every", "ongoing") else "no-deadline"
    if due < as_of:
        return "overdue" if kind != "ongoing" else "ongoing"
    if due <= as_of + timedelta(days=warn_days):
        return "due-soon"
    return "on-track"


def status_of(due: Due | None, reported: str | None, as_of: date, warn_days: int) -> Status:
    """``status`` of a task's ``due`` (null: nothing said)."""
    if due is None:
        return status(None, None, reported, as_of, warn_days)
    return status(due.date, due.kind, reported, as_of, warn_days)


def due_label(due: dict[str, Any] | None) -> str:
    """A due as a person reads it in a table: its date, else 每季度 / 长期 (in their language)."""
    if not due:
        return ""
    if due.get("date"):
        return str(due["date"])
    if due.get("kind") == "every":
        return _(EVERY_NAMES.get(due.get("every") or "", ""))
    return _("ongoing") if due.get("kind") == "ongoing" else ""


def within(due: dict[str, Any] | None, before: date | None, days: int | None, today: date) -> bool:
    """Whether a task's due (as JSON data) is on or before ``before`` and within ``days`` from
    ``today`` (today itself included), each when given. A task with no dated due matches
    neither."""
    day = due.get("date") if due else None
    if day is None:
        return before is None and days is None
    day = date.fromisoformat(str(day))
    if before is not None and day > before:
        return False
    return days is None or today <= day <= today + timedelta(days=days)


def parse_day(text: str, option: str) -> date:
    """A date the user typed (2024-06-30); a UsageError naming ``option`` otherwise."""
    from .errors import UsageError

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            _("{option}: '{value}' is not a date; write it as YYYY-MM-DD").format(
                option=option, value=text
            )
        ) from None
