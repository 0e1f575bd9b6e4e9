"""Deadlines as dates: the end of the period a phrase names (2024年12月底前 → 2024-12-31).

Two readings. A text that *is* a deadline (a clause's 完成时限, a 时间节点 cell, a milestone)
counts every time it names, plus the words of no end (持续推进 → ongoing) and of a rhythm
(每季度 → every quarter). A task's own text only counts a time marked as an end: 到2025年,
2024年底前, 6月底前完成; a base year (比2020年), a start (自2024年1月1日起) or a state
(截至2020年底) is not a deadline, and neither is a year a target merely mentions.

A phrase naming no year (6月底前, 年内, 三季度末) takes the notice's year; without one its date
stays null and the caller reports it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import NamedTuple

from ..diagnostics import Diagnostics
from ..models import Due, DueKind, Every, Task

_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_MONTH_NUMERAL = "十一|十二|十|[一二三四五六七八九]|1[0-2]|0?[1-9]"
_QUARTER_END = {1: 3, 2: 6, 3: 9, 4: 12}

#: One time expression, year optional. Alternatives, in order of precedence inside a match:
#: a day, a month, a quarter, a half-year, the year's end, the year alone.
_TIME = re.compile(
    rf"""
    (?:(?P<year>\d{{4}}|[〇零一二三四五六七八九]{{4}}|今|本|当|明|次)年|(?P<bare>年))?
    (?:
        (?P<month>{_MONTH_NUMERAL})月(?:(?P<day>[0-3]?\d)日|(?P<month_end>底|末|份|下旬|中旬|上旬))?
      | 第?(?P<quarter>[一二三四1-4])季度(?:末|底)?
      | (?P<half>上|下)半年(?:末|底)?
      | (?P<year_end>底|末|内)
    )
    """,
    re.X,
)
#: A year on its own: 2025年 (its end), and five-year plans: "十四五"末/期间 (their last year).
_YEAR = re.compile(r"(?P<year>\d{4})年(?![\d度])")
_PLAN = re.compile(r"[\"“”'‘’「」]?(?P<n>十[一二三四五六七八九]|[三四五六七八九])五[\"“”'‘’「」]?"
                   r"(?:规划)?(?:末|期间|时期|期末)")  # fmt: skip
#: Words that make a phrase a deadline inside a task's text, before or after the time.
_END_BEFORE = re.compile(r"(?:到|至|于|在|力争|确保|争取|计划|预计|力争在|确保在)$")
_END_AFTER = re.compile(
    r"^(?:前|以前|之前|底前|末前|内|完成|竣工|建成|投产|投用|完工|实现|全面|基本|全部|达到|"
    r"开工|启动|上线|运营|通车)"
)
#: Words that make a time something else: a base, a start, a state, a span's beginning.
_NOT_BEFORE = re.compile(r"(?:比|较|自|从|截至|截止到?|与|同|同比|相比|为|是)$")
_NOT_AFTER = re.compile(r"^(?:起|以来|开始|度|同期|相比|比|水平|基础上|的基础)")
_ONGOING = re.compile(r"长期坚持|长期推进|长期|持续推进|持续开展|持续|常态化|长效")
_EVERY = re.compile(r"每(?P<unit>月|季度?|半年|年)")
_EVERY_UNIT: dict[str, Every] = {
    "月": "month", "季": "quarter", "季度": "quarter", "半年": "half-year", "年": "year"
}  # fmt: skip
_WHOLE_YEAR = re.compile(r"(?:年内|全年)(?:持续|长期|常态化)|^全年$|^全年[^\d]{0,4}$")


class Found(NamedTuple):
    """One time a text names: its date (null when it needed a year nobody gave), and how."""

    day: date | None
    kind: DueKind
    text: str


def due_of_deadline(text: str, year: int | None) -> tuple[Due | None, bool]:
    """A text that is a deadline, as a due; and whether it named a time no year could date."""
    every = _EVERY.search(text)
    found, undated = _times(text, year, marked_only=False)
    dated = [f for f in found if f.day is not None]
    if _WHOLE_YEAR.search(text) and year is not None:  # 年内持续推进, 全年: ongoing, to Dec 31
        return Due(date=date(year, 12, 31), kind="ongoing", every=None, text=text), undated
    if dated:
        latest = max(dated, key=lambda f: f.day or date.min)
        return Due(date=latest.day, kind=latest.kind, every=None, text=text), undated
    if every:
        unit = _EVERY_UNIT[every["unit"]]
        return Due(date=None, kind="every", every=unit, text=text), undated
    if _ONGOING.search(text):
        return Due(date=None, kind="ongoing", every=None, text=text), undated
    return None, undated


def due_in_text(text: str, year: int | None) -> tuple[Due | None, bool]:
    """The latest time a task's text marks as an end (到2025年, 2024年底前), as a due."""
    found, undated = _times(text, year, marked_only=True)
    dated = [f for f in found if f.day is not None]
    if not dated:
        return None, undated
    latest = max(dated, key=lambda f: f.day or date.min)
    return Due(date=latest.day, kind=latest.kind, every=None, text=latest.text), undated


def latest(dues: list[Due]) -> Due | None:
    """A task's due: the latest dated of its dues, else the first undated (every, ongoing)."""
    dated = [d for d in dues if d.date is not None]
    if dated:
        return max(dated, key=lambda d: d.date or date.min)
    return dues[0] if dues else None


def _times(text: str, year: int | None, marked_only: bool) -> tuple[list[Found], bool]:
    """Every time in ``text`` (only those marked as an end when ``marked_only``), and whether a
    time named no year the notice could give."""
    found: list[Found] = []
    undated = False
    taken: list[tuple[int, int]] = []
    for match in _TIME.finditer(text):
        if not _whole(match, text) or (
            marked_only and not _marked(text, match.start(), match.end())
        ):
            continue
        taken.append(match.span())
        stated = _year(match["year"], year)
        if stated is None:
            undated = True
            found.append(Found(None, "by", match[0]))
            continue
        found.append(Found(_end_of(match, stated), "by", _phrase(text, *match.span())))
    for match in _YEAR.finditer(text):
        inside = any(start <= match.start() < end for start, end in taken)
        if inside or (marked_only and not _marked(text, match.start(), match.end())):
            continue
        found.append(Found(date(int(match["year"]), 12, 31), "year", _phrase(text, *match.span())))
    for match in _PLAN.finditer(text):
        found.append(Found(date(1955 + 5 * _numeral(match["n"]), 12, 31), "by", match[0]))
    return found, undated


def _whole(match: re.Match[str], text: str) -> bool:
    """A time expression standing on its own: not 3个月 or 2020年度, and a bare year-less
    year-end (底, 内) only right after 年 (年底, 年内)."""
    if match["year_end"] and not (match["year"] or match["bare"]):
        return False  # 区内, 底: not a time
    if match["bare"] and match.start() > 0:
        before = text[match.start() - 1]
        if before.isdigit() or before in "〇一二三四五六七八九十两几数多每全近历往同去":
            return False  # 三年内, 每年底, 全年, 近年, 去年底: not this year's end
    if match["year"] is None and not match["year_end"] and match.start() > 0:
        before = text[match.start() - 1]
        if before.isdigit() or before in "个每第上下":
            return False  # 3个月, 每月, 上月
    return True


def _marked(text: str, start: int, end: int) -> bool:
    """A time in a task's text is a deadline when an end word stands right before or after it,
    and no word making it a base, a start or a state does."""
    before, after = text[max(0, start - 4) : start], text[end : end + 4]
    if _NOT_BEFORE.search(before) or _NOT_AFTER.match(after):
        return False
    return bool(_END_BEFORE.search(before) or _END_AFTER.match(after))


_TO = re.compile(r"(?:到|至|于)$")
_BEFORE = re.compile(r"以前|之前|前")


def _phrase(text: str, start: int, end: int) -> str:
    """A time with the words making it an end: 到2025年, 2024年底前."""
    to = _TO.search(text, 0, start)
    before = _BEFORE.match(text, end)
    return text[to.start() if to else start : before.end() if before else end]


def _year(written: str | None, notice_year: int | None) -> int | None:
    """The year a time names: its own digits, 今年/本年/当年, 明年/次年, else the notice's."""
    if written is None or written in "今本当":
        return notice_year
    if written in "明次":
        return notice_year + 1 if notice_year is not None else None
    if written[0] in _DIGIT:
        return int("".join(str(_DIGIT[c]) for c in written))
    return int(written)


def _end_of(match: re.Match[str], year: int) -> date | None:
    """The last day of the period a time expression names."""
    if match["month"]:
        month = _numeral(match["month"])
        if match["day"]:
            try:
                return date(year, month, int(match["day"]))
            except ValueError:
                return None
        if match["month_end"] == "上旬":
            return date(year, month, 10)
        if match["month_end"] == "中旬":
            return date(year, month, 20)
        return date(year, month, calendar.monthrange(year, month)[1])
    if match["quarter"]:
        month = _QUARTER_END[_numeral(match["quarter"])]
        return date(year, month, calendar.monthrange(year, month)[1])
    if match["half"]:
        return date(year, 6, 30) if match["half"] == "上" else date(year, 12, 31)
    return date(year, 12, 31)


def _numeral(written: str) -> int:
    """1–19 written in digits or Chinese numerals (十二 → 12)."""
    if written.isdigit():
        return int(written)
    if written.startswith("十"):
        return 10 + (_DIGIT[written[1]] if len(written) > 1 else 0)
    return _DIGIT[written]


def date_tasks(tasks: list[Task], year: int | None, diagnostics: Diagnostics) -> None:
    """Give every task and clause its ``due``: the latest dated of what its clauses, labels and
    milestones say, else the latest end its text marks; one diagnostic per task whose deadline
    names a time no year of the notice dates."""
    for task in tasks:
        stated: list[Due] = []
        undated = False
        clauses = task.responsibility.clauses if task.responsibility else []
        for clause in clauses:
            if clause.deadline:
                clause.due, missing = due_of_deadline(clause.deadline, year)
                stated += [clause.due] if clause.due else []
                undated |= missing
        if task.deadline and not any(c.deadline == task.deadline for c in clauses):
            due, missing = due_of_deadline(task.deadline, year)
            stated += [due] if due else []
            undated |= missing
        stated += [d for m in task.milestones if (d := due_of_deadline(m.raw, year)[0])]
        if not any(d.date for d in stated):
            in_text, missing = due_in_text(task.text, year)
            stated += [in_text] if in_text else []
            undated |= missing
        task.due = latest(stated)
        if undated:
            diagnostics.warning(
                "undated-deadline", task.line,
                f"a deadline of task {task.label} names no year, and the notice states none",
            )  # fmt: skip
