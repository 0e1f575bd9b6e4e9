"""Indicators and investment projects as rows: what ``taobei indicators`` and ``taobei projects``
list, and the ledgers' 目标指标 sheet and report table read in the same order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from .query import Data, _section_filter, _tasks, as_data

if TYPE_CHECKING:
    from .models import Indicator, Notice, Section


INDICATOR_COLUMNS = (
    "section", "section_title", "task", "line", "year", "metric", "value", "value_max", "unit",
    "comparator", "scaled_value", "base_unit", "kind", "direction", "scope", "raw",
)  # fmt: skip
PROJECT_COLUMNS = (
    "seq", "number", "section", "section_title", "project", "amount", "unit", "yuan", "leads",
    "raw",
)  # fmt: skip


def indicator_rows(
    notice: Notice | Data, section: str | None = None, by_value: bool = False
) -> list[dict[str, Any]]:
    """Every indicator, of the target paragraphs and of the tasks' texts (``task``: its seq),
    flat, in document order; ``by_value``: grouped by base unit, largest ``scaled_value``
    first (10亿千瓦 before 155万千瓦), so magnitudes compare as the numbers they are."""
    notice = as_data(notice)
    sections = _section_filter(notice, section)
    rows = []
    parts = (("通知", notice["notice"]), ("方案", notice["plan"]))
    for title, part in parts if sections is None else ():  # before the sections: their own rows
        for indicator in part.get("indicators", []):
            row = {"section": None, "section_title": title, "task": None, "line": part["line"],
                   **indicator}  # fmt: skip
            rows.append({column: row.get(column) for column in INDICATOR_COLUMNS})
    for s in notice["sections"]:
        if sections is not None and s["number"] not in sections:
            continue
        placed = [(t["line"], None, t["indicators"]) for t in s["targets"]]
        placed += [(t["line"], t["seq"], t.get("indicators", [])) for t in s["tasks"]]
        for line, seq, indicators in sorted(placed, key=lambda p: (p[0], p[1] is not None)):
            for indicator in indicators:
                row = {"section": s["number"], "section_title": s["title"], "task": seq,
                       "line": line, **indicator}  # fmt: skip
                rows.append({column: row.get(column) for column in INDICATOR_COLUMNS})
    if by_value:
        rows.sort(key=_by_value)
    return rows


class PlacedIndicator(NamedTuple):
    """An indicator where it stands: its section (None: the covering notice or the plan's
    preamble, named by ``part``), line and task (None: a target paragraph)."""

    section: Section | None
    part: str
    line: int | None
    task: int | None
    indicator: Indicator


def placed_indicators(notice: Notice) -> list[PlacedIndicator]:
    """The model's indicators in the order ``indicator_rows`` gives, for the ledgers."""
    found = [
        PlacedIndicator(None, title, part.line, None, indicator)
        for title, part in (("通知", notice.notice), ("方案", notice.plan))
        for indicator in part.indicators
    ]
    for s in notice.sections:
        placed: list[tuple[int, int | None, list[Indicator]]]
        placed = [(t.line, None, t.indicators) for t in s.targets]
        placed += [(t.line, t.seq, t.indicators) for t in s.tasks]
        for line, seq, indicators in sorted(placed, key=lambda p: (p[0], p[1] is not None)):
            found += [PlacedIndicator(s, s.title, line, seq, i) for i in indicators]
    return found


def _by_value(row: dict[str, Any]) -> tuple[bool, str, float]:
    scaled = row["scaled_value"]
    return (scaled is None, row["base_unit"] or "", -float(scaled) if scaled is not None else 0.0)


def project_rows(notice: Notice | Data) -> list[dict[str, Any]]:
    """Every investment with its task, section and lead units, in document order."""
    notice = as_data(notice)
    titles = {s["number"]: s["title"] for s in notice["sections"]}
    rows = []
    for task in _tasks(notice):
        r = task["responsibility"]
        leads = [u["name"] for u in r["leads"]] if r else []
        for investment in task["investments"]:
            rows.append(
                {
                    "seq": task["seq"],
                    "number": task["number"],
                    "section": task["section"],
                    "section_title": titles.get(task["section"], ""),
                    "leads": leads,
                    **investment,
                }
            )
    return rows
