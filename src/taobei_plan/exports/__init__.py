"""Writers: machine formats (``emit``), tables for people (``views``), files (``files``).

This module is the registry of output formats and the one output step every listing uses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import UsageError

#: Formats a listing can print; ``table`` is for people and only the default on a terminal.
FORMATS = ("json", "jsonl", "yaml", "csv", "table")
_EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}

Rows = list[dict[str, Any]]

#: Labels for people (ledgers, report): a unit's kind and a target's comparator in Chinese.
KIND_NAMES = {"department": "部门", "group": "成员单位", "locality": "属地", "generic": "泛指"}
COMPARATOR_NAMES = {"eq": "达到", "gte": "不低于", "gt": "超过", "lte": "不超过", "lt": "低于",
                    "approx": "左右", "range": "区间"}  # fmt: skip
DIRECTION_NAMES = {"increase": "增长", "decrease": "下降"}


def format_for(path: str | None, requested: str | None, default: str = "json") -> str:
    """The format asked for, else the one the output file's extension names, else ``default``."""
    if requested:
        return requested
    if path:
        return _EXTENSIONS.get(Path(path).suffix.lower(), default)
    return default


def check_format(fmt: str, allowed: Sequence[str]) -> None:
    if fmt not in allowed:
        raise UsageError(f"unknown format '{fmt}'; choose one of {', '.join(allowed)}")


def listing_format(fmt: str | None, terminal: bool) -> str:
    """The format of a listing: as asked, else a table on a terminal and JSON when piped."""
    chosen = fmt or ("table" if terminal else "json")
    check_format(chosen, FORMATS)
    return chosen


def show(
    rows: Rows,
    fmt: str,
    columns: Sequence[str],
    view: Callable[[Rows], None],
    csv_rows: Rows | None = None,
) -> None:
    """One output step for every listing: a table for people, else the machine format."""
    from .emit import render
    from .files import write_stdout

    if fmt == "table":
        view(rows)
    else:
        write_stdout(render(rows, fmt, records=csv_rows if fmt == "csv" else None, columns=columns))
