"""Writers: machine formats (``emit``), tables for people (``views``), files (``files``).

This module is the registry of output formats and the one output step every listing uses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..language import _
from ..schedule import STATUS_NAMES

if TYPE_CHECKING:
    from ..models import Task, Unit

#: Formats a listing can print; ``table`` is for people and only the default on a terminal.
FORMATS = ("json", "jsonl", "yaml", "csv", "table")
_EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}

Rows = list[dict[str, Any]]

#: Labels for people (ledgers, report): a unit's kind and a target's comparator in Chinese.
KIND_NAMES = {"department": "部门", "group": "成员单位", "locality": "属地", "generic": "泛指"}
COMPARATOR_NAMES = {"eq": "达到", "gte": "不低于", "gt": "超过", "lte": "不超过", "lt": "低于",
                    "approx": "左右", "range": "区间"}  # fmt: skip
DIRECTION_NAMES = {"increase": "增长", "decrease": "下降"}


def task_roles(task: Task) -> list[tuple[str, Unit]]:
    """A task's units with their role, leads first, in the order the task names them."""
    r = task.responsibility
    return [("lead", u) for u in (r.leads if r else [])] + [("co", u) for u in (r.co if r else [])]


def governed_name(name: str, area: str | None, several: bool) -> str:
    """A unit's name where notices of several governments meet (a 台账's 单位统计, the report's
    cross table): with its government, 区发改局（鞍山市立山区）, so two districts' bureaus are two
    rows; as it is where all the notices are one government's."""
    return f"{name}（{area or '发文政府不明'}）" if several else name


def format_for(path: str | None, requested: str | None, default: str = "json") -> str:
    """The format asked for, else the one the output file's extension names, else ``default``."""
    if requested:
        return requested
    if path:
        return _EXTENSIONS.get(Path(path).suffix.lower(), default)
    return default


def check_format(fmt: str, allowed: Sequence[str]) -> None:
    if fmt not in allowed:
        raise UsageError(
            _("unknown format '{fmt}'; choose one of {formats}").format(
                fmt=fmt, formats=", ".join(allowed)
            )
        )


def listing_format(fmt: str | None, terminal: bool) -> str:
    """The format of a listing: as asked, else a table on a terminal and JSON when piped."""
    chosen = fmt or ("table" if terminal else "json")
    check_format(chosen, FORMATS)
    return chosen


#: Column headers of a CSV file people open (``-o x.csv`` in a Chinese locale), by column name;
#: a listing's own names first (``co`` is 配合单位 among tasks, 配合数 among units).
HEADERS_ZH: dict[str, str] = {
    "notice": "通知", "seq": "序号", "number": "编号", "section": "板块序号",
    "section_title": "板块", "role": "角色", "text": "重点任务", "leads": "牵头单位",
    "co": "配合单位", "via": "经由", "due": "截止日期", "deadline": "完成时限", "status": "状态", "reported": "完成情况", "name": "单位", "kind": "类别", "lead": "牵头数",
    "total": "合计", "collective": "泛指", "task": "任务序号", "line": "原文行", "year": "年份",
    "metric": "指标", "value": "数值", "value_max": "上限", "unit": "单位",
    "comparator": "比较", "scaled_value": "折算值", "base_unit": "折算单位", "direction": "方向",
    "scope": "范围", "raw": "原文", "project": "项目", "amount": "金额", "yuan": "折合（元）",
}  # fmt: skip
HEADERS_ZH_DEPTS = {**HEADERS_ZH, "co": "配合数"}


#: Values of a CSV file people open, in Chinese like its headers.
VALUES_ZH: dict[str, dict[Any, str]] = {
    "role": {"lead": "牵头", "co": "配合"}, "kind": KIND_NAMES, "comparator": COMPARATOR_NAMES,
    "direction": DIRECTION_NAMES, "collective": {True: "是", False: "否"},
    "status": STATUS_NAMES,
}  # fmt: skip


def _in_chinese(row: dict[str, Any]) -> dict[str, Any]:
    return {k: VALUES_ZH[k].get(v, v) if k in VALUES_ZH else v for k, v in row.items()}


def output_format(fmt: str | None, output: str | None, terminal: bool) -> str:
    """The format of a listing: with ``-o``, as asked or as the file's extension names (a table
    is for the terminal only); else as asked, a table on a terminal, JSON when piped."""
    if output is None:
        return listing_format(fmt, terminal)
    chosen = format_for(output, fmt)
    if chosen == "table":
        raise UsageError(_("a table is for the terminal; with -o write json, jsonl, yaml or csv"))
    check_format(chosen, FORMATS)
    return chosen


def show(
    rows: Rows,
    fmt: str,
    columns: Sequence[str],
    view: Callable[[Rows], None],
    csv_rows: Rows | None = None,
    output: str | None = None,
    bom: bool = True,
    headers: dict[str, str] | None = None,
) -> None:
    """One output step for every listing: a table for people, else the machine format, on
    stdout or into ``output`` (replaced atomically). A CSV *file* is for a spreadsheet: it
    starts with a BOM (Excel on a Chinese Windows reads UTF-8 without one as the local code
    page: mojibake) unless not ``bom``, and has Chinese headers in a Chinese locale. CSV on
    stdout is for programs: no BOM, the stable English headers."""
    from .emit import render, to_csv
    from .files import write_file, write_stdout

    if fmt == "table":
        view(rows)
        return
    records = csv_rows if fmt == "csv" else None
    if output is None:
        write_stdout(render(rows, fmt, records=records, columns=columns))
        return
    if fmt == "csv":
        from ..language import chinese

        table = records or rows
        names = None
        if chinese():
            names = [(headers or HEADERS_ZH).get(c, c) for c in columns]
            table = [_in_chinese(row) for row in table]
        content = ("\ufeff" if bom else "") + to_csv(table, columns, names)
    else:
        content = render(rows, fmt, records=records, columns=columns)
    write_file(output, content)
