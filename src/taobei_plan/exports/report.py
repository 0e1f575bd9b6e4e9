"""``taobei report``: one self-contained HTML page to open, mail or print.

Everything is inline (style, script, SVG charts); nothing is fetched, and a Content-Security-
Policy in the page forbids it (only our own script, by its hash, may run). The page comes from a
Jinja template with autoescaping: notice text is untrusted, so a task holding ``<script>`` shows
as text. No event handler carries notice text; the script reads unit names from data attributes.
Without JavaScript every table is there in full; the script only filters.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shlex
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from importlib import resources
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..figures import placed_indicators
from ..query import dept_rows, notice_name
from ..schedule import STATUS_NAMES, STATUSES
from . import COMPARATOR_NAMES, governed_name
from .charts import Bar, Segment, bar_chart
from .problems import PROBLEM_NAMES, in_chinese
from .task_sheet import deadline

if TYPE_CHECKING:
    from ..models import Notice


def render_report(
    notices: Sequence[Notice],
    dept: str | None = None,
    statuses: Sequence[Mapping[int, str]] | None = None,
    as_of: str = "",
) -> str:
    """The page for ``notices``: one section each, with a switcher when there are several;
    with ``dept``, only the tasks that unit leads or supports, its role in each; with
    ``statuses`` (a 台账's: seq → status of each notice), a 状态 column coloured as there."""
    from jinja2 import Environment, select_autoescape

    templates = resources.files("taobei_plan") / "exports" / "templates"
    script = (templates / "report.js").read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    environment = Environment(
        autoescape=select_autoescape(default=True), keep_trailing_newline=True
    )
    template = environment.from_string((templates / "report.html.j2").read_text("utf-8"))
    roles = _roles(notices, dept)
    views, room = [], MAX_TASK_ROWS
    for index, (notice, chosen) in enumerate(zip(notices, roles, strict=True), start=1):
        listed = len(notice.tasks()) <= room
        room -= len(notice.tasks()) if listed else 0
        standing = statuses[index - 1] if statuses else None
        views.append(_notice_view(f"n{index}", notice, listed, chosen, standing))
    title = views[0]["title"] if len(views) == 1 else f"{len(views)} 份通知的任务分工"
    if dept:
        title += f"（{dept}）"
    return template.render(
        page_title=title,
        running_title=css_string(_short(views[0]["short"] if len(views) == 1 else title)),
        dept=dept,
        notices=views,
        status_day=f"截至 {as_of} 的" if as_of else "",
        cross_units=_cross_units(notices) if len(notices) > 1 else [],
        script=script,
        script_hash=f"sha256-{digest}",
        max_rows=MAX_TASK_ROWS,
        version=__version__,
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
    )


#: Task rows one page lists. A page of 50,000 tasks was 36 MB and took half a minute to open;
#: past this the page keeps the overview and charts and points to the workbook for the rows.
MAX_TASK_ROWS = 5_000
#: Problems of the file listed in full; the rest are counted.
MAX_PROBLEMS = 200


def _roles(
    notices: Sequence[Notice], dept: str | None
) -> list[dict[int, tuple[str, str, str]] | None]:
    """For each notice, the tasks ``dept`` has a role in (seq → 牵头/配合, the addressee of its
    class it has it through, and the unit to mark in the row); None for each without ``dept``."""
    if not dept:
        return [None] * len(notices)
    from ..errors import QueryError
    from ..query import resolve, tasks_across

    names = {"lead": "牵头", "co": "配合"}
    roles: list[dict[int, tuple[str, str, str]] | None] = []
    for notice, rows in tasks_across(notices, dept):
        try:
            unit = resolve(dept, notice)
        except QueryError:  # matched through an addressee of its class, or not in this notice
            unit = ""
        roles.append({row["seq"]: (names[row["role"]], row["via"] or "", row["via"] or unit)
                      for row in rows or []})  # fmt: skip
    return roles


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def css_string(text: str) -> str:
    """``text`` as a CSS string literal, every character but letters and digits escaped (a
    notice's title reaches the page's stylesheet, where HTML escaping means nothing)."""
    return '"' + "".join(ch if ch.isalnum() else f"\\{ord(ch):x} " for ch in text) + '"'


def _notice_view(
    anchor: str,
    notice: Notice,
    listed: bool = True,
    chosen: dict[int, tuple[str, str, str]] | None = None,
    standing: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    """What the page shows of ``notice``; without ``listed``, no rows of tasks, targets and
    investments (the page's row budget is spent): counts and charts only. ``chosen``: only
    these tasks, each with the department's role; ``standing``: each task's status."""
    m = notice.metadata
    units = dept_rows(notice)
    tasks = notice.tasks()
    indicators = placed_indicators(notice)
    investments = [(t, i) for t in tasks for i in t.investments]
    sections = [_section_view(s, listed, chosen, standing) for s in notice.sections if s.tasks]
    return {
        "id": anchor,
        "name": notice_name(notice),
        "short": notice.plan.title or m.title or notice.notice.title or notice_name(notice),
        "title": m.title or notice.notice.title or notice.plan.title or notice.source.path,
        "document_number": m.document_number or notice.notice.document_number,
        "issuer": m.issuer,
        "written": m.written_date or notice.notice.signed_date,
        "published": m.published_date,
        "counts": [
            ("板块", len(notice.sections)),
            ("任务", len(tasks)),
            ("责任单位", len(units)),
            ("目标段落", sum(len(s.targets) for s in notice.sections)),
            ("指标", len(indicators)),
            ("投资项目", len(investments)),
        ],
        "diagnostics": [
            {
                "line": d.line,
                "name": PROBLEM_NAMES.get(d.code, d.code),
                "message": in_chinese(d.code, d.message),
            }
            for d in notice.diagnostics[:MAX_PROBLEMS]
        ],
        "more_problems": max(0, len(notice.diagnostics) - MAX_PROBLEMS),
        "listed": listed,
        "units": units,
        "task_count": len(tasks),
        "unit_chart": _unit_chart(units),
        "section_chart": _section_chart(anchor, notice),
        "sections": [v for v in sections if v["tasks"] or not listed],  # none left empty
        "has_deadline": any(deadline(t) for t in tasks),
        "has_status": standing is not None,
        "status_counts": _status_counts(standing, chosen),
        "chosen": chosen is not None,
        "shown_count": len(chosen) if chosen is not None else len(tasks),
        "indicators": _indicator_rows(notice) if listed else [],
        "investment_chart": _investment_chart(notice),
        "investments": [
            {
                "seq": t.seq,
                "section": _title(notice, t.section),
                "project": i.project or "",
                "amount": f"{_g(i.amount)}{i.unit}",
                "leads": "、".join(
                    u.name for u in (t.responsibility.leads if t.responsibility else [])
                ),
            }
            for t, i in (investments if listed else [])
        ],
        "source": PurePath(notice.source.path).name,  # never where it lies on the maker's disk
        "source_name": shlex.quote(PurePath(notice.source.path).name),  # for a command to copy
        "sha256": notice.source.sha256,
    }


def _status_counts(
    standing: Mapping[int, str] | None, chosen: dict[int, tuple[str, str, str]] | None
) -> list[tuple[str, str, int]]:
    """How many tasks (of those shown) stand in each status: (code, name, count)."""
    if standing is None:
        return []
    counts = Counter(v for seq, v in standing.items() if chosen is None or seq in chosen)
    return [(code, STATUS_NAMES[code], counts[code]) for code in STATUSES if counts[code]]


def _title(notice: Notice, number: int) -> str:
    return next((s.title for s in notice.sections if s.number == number), "")


def _section_view(
    section: Any,
    listed: bool,
    chosen: dict[int, tuple[str, str, str]] | None = None,
    standing: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    tasks = []
    for task in section.tasks if listed else ():
        if chosen is not None and task.seq not in chosen:
            continue
        role, via, unit = chosen.get(task.seq, ("", "", "")) if chosen is not None else ("", "", "")
        r = task.responsibility
        leads = [u.name for u in r.leads] if r else []
        co = [u.name for u in r.co] if r else []
        tasks.append({
            "seq": task.seq, "label": task.label, "text": task.text, "leads": leads, "co": co,
            "deadline": deadline(task), "units_json": json.dumps(leads + co, ensure_ascii=False),
            "role": role, "via": via, "unit": unit,
            "status": (standing or {}).get(task.seq, ""),
            "status_name": STATUS_NAMES.get((standing or {}).get(task.seq, ""), ""),
        })  # fmt: skip
    return {
        "number": section.number,
        "label": section.label,
        "title": section.title,
        "tasks": tasks,
        "count": len(tasks) if listed else len(section.tasks),
    }


def _unit_chart(units: list[dict[str, Any]]) -> str:
    bars = [
        Bar(
            u["name"],
            (
                Segment(u["lead"], "lead", f"牵头 {u['lead']}"),
                Segment(u["co"], "co", f"配合 {u['co']}"),
            ),
            data={"unit": u["name"]},
            css=u["kind"],
            value=f"牵头 {u['lead']} · 配合 {u['co']}",
        )
        for u in units
    ]
    return bar_chart(bars, "各单位牵头和配合的任务数", css="units")


def _section_chart(anchor: str, notice: Notice) -> str:
    bars = [
        Bar(f"{s.label}{s.title}", (Segment(len(s.tasks), "tasks"),), href=f"#{anchor}-s{s.number}")
        for s in notice.sections
        if s.tasks
    ]
    return bar_chart(bars, "各板块的任务数", css="sections", unit=" 项")


def _investment_chart(notice: Notice) -> str:
    totals: Counter[str] = Counter()
    for section in notice.sections:
        for task in section.tasks:
            for investment in task.investments:
                totals[f"{section.label}{section.title}"] += investment.yuan
    if not totals:
        return ""
    bars = [
        Bar(name, (Segment(round(min(yuan, _LARGEST) / 100_000_000, 4), "money"),))
        for name, yuan in totals.items()
    ]
    return bar_chart(bars, "各板块的总投资（亿元）", css="money", unit=" 亿元")


#: Amounts are charted up to this (a hostile notice can state a 400-digit one, which no float
#: holds; the bar of such an amount fills the chart).
_LARGEST = 10**300


def _g(number: float) -> str:
    """``number`` in the shortest general form (1.63e+08); an integer too large for a float,
    which a hostile notice can state, whole."""
    try:
        return f"{number:g}"
    except OverflowError:
        return str(number)


def _indicator_rows(notice: Notice) -> list[dict[str, Any]]:
    """Targets of the paragraphs and of the tasks' texts; the unit as written, magnitude and
    all (亿千瓦), so 10 reads as the 10亿千瓦 it is."""
    rows = []
    for placed in placed_indicators(notice):
        i = placed.indicator
        value = "" if i.value is None else (
            f"{_g(i.value)}–{_g(i.value_max)}" if i.value_max is not None else _g(i.value)
        )  # fmt: skip
        rows.append({
            "section": placed.part, "task": placed.task or "", "metric": i.metric or i.raw,
            "comparator": COMPARATOR_NAMES.get(i.comparator or "", ""), "value": value,
            "unit": i.unit or "", "period": f"{i.year}年" if i.year else "",
        })  # fmt: skip
    return rows


def _cross_units(notices: Sequence[Notice]) -> list[dict[str, Any]]:
    """Every unit across the notices: lead/co in each, busiest first. Notices of several
    governments keep their units apart, each named with its government (区发改局（鞍山市立山区）):
    one row of 区发改局 would add up three districts' bureaus."""
    from ..parsing.jurisdiction import of_notice

    areas = [of_notice(notice) for notice in notices]
    several = len(set(areas)) > 1
    per = [
        {governed_name(u["name"], area, several): u for u in dept_rows(notice)}
        for notice, area in zip(notices, areas, strict=True)
    ]
    names = sorted({name for rows in per for name in rows},
                   key=lambda n: (-sum(r[n]["total"] for r in per if n in r), n))  # fmt: skip
    return [
        {
            "name": name,
            "cells": [f"{r[name]['lead']}/{r[name]['co']}" if name in r else "" for r in per],
            "total": sum(r[name]["total"] for r in per if name in r),
        }
        for name in names
    ]
