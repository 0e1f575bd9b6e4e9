"""Output for people: one rich table per listing command, and progress bars; terminal only."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar

Rows = list[dict[str, Any]]
T = TypeVar("T")
#: Short columns that never wrap (numbers, roles).
_NARROW = frozenset({"seq", "no.", "sec", "role", "tasks", "done", "overdue", "due-soon",
                     "on-track", "ongoing", "no-deadline", "change", "old", "new", "due"})  # fmt: skip


#: Columns of unit names.
_UNIT_COLUMNS = frozenset({"leads", "co", "unit"})


def table(
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    caption: str | None = None,
    wide: str | None = None,
) -> None:
    """Print a rich table to stdout (only used when stdout is a terminal). The ``wide`` column
    (a task's text) takes the room the short ones do not need."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..language import _

    grid = Table(title=title, caption=caption, show_lines=False, expand=wide is not None)
    for column in columns:
        shown = _(column)  # headers in the reader's language
        if wide is None:
            grid.add_column(shown, overflow="fold")
        elif column in _NARROW:
            grid.add_column(shown, no_wrap=True)
        else:
            # a flexible column's width is its least (rich): a four-character unit name, 区水利局,
            # keeps its line at 80 columns
            least = 8 if column in _UNIT_COLUMNS else None
            grid.add_column(shown, overflow="fold", ratio=3 if column == wide else 1, width=least)
    for row in rows:
        grid.add_row(*("" if v is None else v if isinstance(v, Text) else str(v) for v in row))
    Console().print(grid)


def with_progress(results: Iterator[T], total: int, label: str = "parsing") -> Iterator[T]:
    """A progress bar on stderr, only when stderr is a terminal; stdout carries only data."""
    import sys

    if not sys.stderr.isatty():
        yield from results
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        for result in results:
            progress.advance(task)
            yield result


def tasks_view(rows: Rows, dept: str | None) -> None:
    """Ledger rows (``query.ledger_row``): who leads, who supports."""
    from ..language import _

    table(
        _("{count} tasks").format(count=len(rows)) + (f" · {dept}" if dept else ""),
        ["seq", "no.", "sec", "role", "text", "leads", "co", "due"],
        (
            [r["seq"], r["number"], r["section"], _(r["role"]) if r["role"] else "", r["text"],
             "、".join(r["leads"]), "、".join(r["co"]), r.get("due_label", "")]
            for r in rows
        ),
        wide="text",
    )  # fmt: skip


def depts_view(rows: Rows) -> None:
    """The busiest units first, their load drawn as a bar; addressees of a whole class
    (各乡(镇), 各相关单位) in a table of their own after them."""
    from ..language import _

    top = max((r["total"] for r in rows), default=1)
    named = [r for r in rows if not r["collective"]]
    classes = [r for r in rows if r["collective"]]
    for title, group in (
        (_("{count} units").format(count=len(named)), named),
        (_("{count} addressees of a class").format(count=len(classes)), classes),
    ):
        if group:
            table(title, ["unit", "kind", "lead", "co", "total", "load"], (
                [r["name"], _(r["kind"]), r["lead"], r["co"], r["total"],
                 "█" * max(1, round(20 * r["total"] / top))]
                for r in group
            ))  # fmt: skip


#: Comparators as the signs people read in a table (a code like gte is for machines).
SIGNS = {"eq": "=", "gte": "≥", "gt": ">", "lte": "≤", "lt": "<", "approx": "≈", "range": "–"}


def indicators_view(rows: Rows) -> None:
    """Value with its unit as written (10 亿千瓦), and scaled to its base unit (1,000,000,000 千瓦)."""
    from ..language import _

    table(
        _("{count} indicators").format(count=len(rows)),
        ["sec", "task", "metric", "cmp", "value", "scaled", "year"],
        (
            [r["section"], "" if r["task"] is None else r["task"], r["metric"] or "",
             SIGNS.get(r["comparator"] or "", r["comparator"] or ""),
             f"{_value(r)} {r['unit'] or ''}".strip(), _scaled(r),
             "" if r["year"] is None else r["year"]]
            for r in rows
        ),
    )  # fmt: skip


def _scaled(row: dict[str, Any]) -> str:
    scaled = row["scaled_value"]
    if scaled is None or row["unit"] == row["base_unit"]:
        return ""
    number = f"{scaled:,}" if isinstance(scaled, int) else f"{scaled:,.10g}"
    return f"{number} {row['base_unit'] or ''}".strip()


def _value(row: dict[str, Any]) -> str:
    if row["value"] is None:
        return ""
    if row["value_max"] is not None:
        return f"{row['value']}–{row['value_max']}"
    return str(row["value"])


def projects_view(rows: Rows) -> None:
    """Every investment, and the total per section in the caption."""
    totals: dict[str, int] = {}
    for r in rows:
        key = f"{r['section']} {r['section_title']}"
        totals[key] = totals.get(key, 0) + r["yuan"]
    from ..language import _

    caption = _("total per section (亿元): ") + _("; ").join(
        f"{k} {v / 100_000_000:g}" for k, v in totals.items()
    )
    table(
        _("{count} investments").format(count=len(rows)),
        ["seq", "sec", "project", "amount", "leads"],
        (
            [r["seq"], r["section"], r["project"] or "", f"{r['amount']}{r['unit']}",
             "、".join(r["leads"])]
            for r in rows
        ),
        caption=caption,
    )  # fmt: skip


def status(label: str, when: bool = True) -> AbstractContextManager[object]:
    """A spinner on stderr while one long step runs (a large file), only on a terminal."""
    import sys
    from contextlib import nullcontext

    if not when or not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(label)
