"""Task deadlines as an iCalendar file (RFC 5545) that Outlook, 钉钉 and Feishu import.

One all-day event per dated deadline, a reminder ``warn_days`` before it; a deadline that recurs
(每月, 每季度) is a recurring event on the last day of each period through the notice's year.
Written by hand: the format is a few lines of text, and the rules that matter (escaping, folding
lines at 75 octets without splitting a character, CRLF) are below, each in one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from ..query import notice_name
from .task_sheet import deadline

if TYPE_CHECKING:
    from ..models import Notice, Task

#: A recurring deadline's rule: the last day of every month, quarter, half-year or year.
_RULES = {"month": "FREQ=MONTHLY;BYMONTHDAY=-1", "quarter": "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
          "half-year": "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
          "year": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"}  # fmt: skip
_FIRST_END = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}  # the first period's month
_ROLES = {"lead": "牵头", "co": "配合"}


def calendar(
    notices: Sequence[Notice],
    selected: Sequence[Mapping[int, tuple[str | None, str | None]]],
    warn_days: int,
    dept: str | None = None,
) -> bytes:
    """The iCalendar file of the deadlines of the tasks ``selected`` of each notice."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//taobei//task deadlines//ZH",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             _text("X-WR-CALNAME", f"{dept}任务时限" if dept else "任务时限")]  # fmt: skip
    for notice, seqs in zip(notices, selected, strict=True):
        year = _year(notice)
        for task in notice.tasks():
            if task.seq in seqs and task.due is not None:
                lines += _event(notice, task, seqs[task.seq], year, stamp, warn_days)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _event(
    notice: Notice,
    task: Task,
    role: tuple[str | None, str | None],
    year: int | None,
    stamp: str,
    warn_days: int,
) -> list[str]:
    """One task's VEVENT; none for a deadline with neither a date nor a rhythm to date."""
    assert task.due is not None
    due, rule = task.due.date, None
    if due is None and task.due.kind == "every" and task.due.every and year is not None:
        month = _FIRST_END[task.due.every]
        due = _month_end(year, month)
        rule = f"{_RULES[task.due.every]};UNTIL={year}1231"
    if due is None:
        return []
    r = task.responsibility
    leads = "、".join(u.name for u in r.leads) if r else ""
    co = "、".join(u.name for u in r.co) if r else ""
    about = [f"序号：{task.seq}（{task.label}）", f"牵头单位：{leads}", f"配合单位：{co}",
             f"完成时限：{deadline(task)}", f"通知：{notice_name(notice)}"]  # fmt: skip
    if role[0]:
        about.insert(1, f"本单位：{_ROLES[role[0]]}" + (f"（{role[1]}）" if role[1] else ""))
    summary = f"{task.seq}. {_start(task.text)}"
    lines = ["BEGIN:VEVENT", f"UID:{notice.source.sha256[:16]}-{task.seq}@taobei",
             f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
             f"DTEND;VALUE=DATE:{due + timedelta(days=1):%Y%m%d}", _text("SUMMARY", summary),
             _text("DESCRIPTION", "\n".join(about)), "TRANSP:TRANSPARENT"]  # fmt: skip
    if rule:
        lines.append(f"RRULE:{rule}")
    if warn_days:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", _text("DESCRIPTION", f"临期：{summary}"),
                  f"TRIGGER:-P{warn_days}D", "END:VALARM"]  # fmt: skip
    return [*lines, "END:VEVENT"]


def _year(notice: Notice) -> int | None:
    """The notice's year, for a recurring deadline: as the parser dates 6月底前 by."""
    from ..parsing.parser import issued_year

    return issued_year(notice.metadata, notice.notice)


def _month_end(year: int, month: int) -> date:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def _start(text: str, width: int = 30) -> str:
    """The start of a task's text, to its first full stop or ``width`` characters."""
    first = text.split("。", 1)[0]
    return first if len(first) <= width else first[: width - 1] + "…"


def _text(name: str, value: str) -> str:
    """A text property, escaped as RFC 5545 §3.3.11 says (\\ ; , and line breaks)."""
    escaped = (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
               .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))  # fmt: skip
    return f"{name}:{escaped}"


def _fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 §3.1), never inside a character."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not parts else 74  # a continuation line starts with a space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)
