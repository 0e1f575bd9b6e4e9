"""The Excel 台账 a supervision office keeps: one workbook, sheets in Chinese, made to be printed,
filtered, and re-exported without losing what people typed into it.

Re-export reads the old workbook first: the tracking columns (进展情况, 完成情况, 备注) and any
column people added are carried to the same task, matched by notice and 序号; a task that no
longer exists moves to 已移除 with its notes. A workbook taobei did not write is refused unless
``force``. Text that looks like a formula (``=…``, ``+…``, ``-…``, ``@…``) is written as text.

openpyxl reads the old workbook; XlsxWriter writes the new one, in memory: it writes the same
cells, styles and page setup in half the time (openpyxl builds, hashes and serialises a style
object per cell), never turns text into a formula or a link (both options are off), and a number
no spreadsheet can hold (past 2⁵³, or not finite) is written as its digits, as text.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import UsageError
from ..query import notice_name, placed_indicators
from . import COMPARATOR_NAMES, DIRECTION_NAMES, KIND_NAMES
from .emit import looks_like_formula

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ..models import Notice, Task

MARK = "taobei-ledger"  # the workbook's keywords: written by taobei, safe to re-export onto
TASKS = "任务台账"
REMOVED = "已移除"
TRACKING = ("进展情况", "完成情况", "备注")
TASK_HEADER = ("通知", "序号", "编号", "板块", "小标题", "重点任务", "牵头单位", "配合单位",
               "完成时限", "投资（亿元）", "原文行", *TRACKING)  # fmt: skip
WIDE = {"重点任务": 60, "原文": 60, "说明": 60, "问题": 60, "值": 60}


class Book:
    """The workbook being written and the cell formats its sheets share (XlsxWriter wants each
    format made once, before the cells that use it)."""

    def __init__(self, buffer: io.BytesIO) -> None:
        import xlsxwriter

        self.book = xlsxwriter.Workbook(buffer, {
            "in_memory": True,  # no temporary files
            "strings_to_formulas": False,  # text stays text, whatever it starts with
            "strings_to_urls": False,
            "strings_to_numbers": False,
        })  # fmt: skip
        self.book.set_properties({"author": "taobei", "keywords": MARK})
        self.formats = {name: self.book.add_format(style) for name, style in _STYLES.items()}


_TOP = {"valign": "top"}
#: The cell formats of every sheet, by name.
_STYLES: dict[str, dict[str, Any]] = {
    "header": {"bold": True, "bg_color": "#DDEBF7", "pattern": 1, "valign": "vcenter",
               "text_wrap": True},
    "top": _TOP,
    "wrap": {**_TOP, "text_wrap": True},
    "quoted": {**_TOP, "quote_prefix": True},
    "quoted wrap": {**_TOP, "text_wrap": True, "quote_prefix": True},
    "datetime": {**_TOP, "num_format": "yyyy-mm-dd hh:mm"},
    "date": {**_TOP, "num_format": "yyyy-mm-dd"},
}  # fmt: skip


def write_workbook(
    path: Path, notices: Sequence[Notice], selected: Sequence[set[int]], force: bool
) -> bytes:
    """The workbook's bytes for ``notices`` (``selected``: the task seqs kept of each)."""
    kept, removed = _previous(path, force)
    buffer = io.BytesIO()
    book = Book(buffer)
    current = _task_sheet(book, notices, selected, kept)
    _responsibility_sheet(book, notices, selected)
    _unit_sheet(book, notices, selected)
    _indicator_sheet(book, notices)
    _investment_sheet(book, notices, selected)
    _problem_sheet(book, notices)
    _about_sheet(book, notices)
    gone = [row for key, row in kept.items() if key not in current] + removed
    if gone:
        extra = sorted({k for row in gone for k in row} - set(TASK_HEADER))
        _sheet(book, REMOVED, [*TASK_HEADER, *extra], [[row.get(h) for h in (*TASK_HEADER, *extra)]
                                                        for row in gone])  # fmt: skip
    book.book.close()
    return buffer.getvalue()


def _previous(
    path: Path, force: bool
) -> tuple[dict[tuple[str, int], dict[str, Any]], list[dict[str, Any]]]:
    """What people typed into the workbook already at ``path``: rows by (notice, 序号), and the
    rows already in 已移除. A workbook taobei did not write is refused unless ``force``."""
    if not path.exists():
        return {}, []
    from openpyxl import load_workbook

    try:
        book = load_workbook(path)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        if force:
            return {}, []
        raise UsageError(f"{path}: not an Excel workbook taobei can update ({type(error).__name__}); "
                         "use --force to replace it") from None  # fmt: skip
    if (book.properties.keywords or "") != MARK or TASKS not in book.sheetnames:
        if force:
            return {}, []
        raise UsageError(f"{path}: not a workbook written by taobei; use --force to replace it")
    kept = {
        (str(row.get("通知")), int(row["序号"])): row
        for row in _rows(book[TASKS])
        if isinstance(row.get("序号"), int | float)
    }
    removed = _rows(book[REMOVED]) if REMOVED in book.sheetnames else []
    return kept, removed


def _rows(sheet: Worksheet) -> list[dict[str, Any]]:
    rows = sheet.iter_rows(values_only=True)
    header = [str(h) if h is not None else "" for h in next(rows, ())]
    return [dict(zip(header, row, strict=False)) for row in rows if any(v is not None for v in row)]


def _task_sheet(
    book: Book,
    notices: Sequence[Notice],
    selected: Sequence[set[int]],
    kept: dict[tuple[str, int], dict[str, Any]],
) -> set[tuple[str, int]]:
    """任务台账, with the old tracking and added columns carried over; returns the row keys."""
    added = sorted({k for row in kept.values() for k in row if k and k not in TASK_HEADER})
    header = [*TASK_HEADER, *added]
    rows, keys = [], set()
    for notice, seqs in zip(notices, selected, strict=True):
        name = notice_name(notice)
        titles = {s.number: f"{s.label}{s.title}" for s in notice.sections}
        for task in notice.tasks():
            if task.seq not in seqs:
                continue
            keys.add((name, task.seq))
            old = kept.get((name, task.seq), {})
            row = [name, task.seq, task.number, titles.get(task.section, ""), task.subheading,
                   task.text, *_units(task), task.deadline, _investment(task), task.line,
                   *(old.get(h) for h in TRACKING), *(old.get(h) for h in added)]  # fmt: skip
            rows.append(row)
    _sheet(book, TASKS, header, rows)
    return keys


def _units(task: Task) -> tuple[str, str]:
    r = task.responsibility
    if r is None:
        return "", ""
    return "、".join(u.name for u in r.leads), "、".join(u.name for u in r.co)


def _investment(task: Task) -> float | None:
    if not task.investments:
        return None
    return sum(i.yuan for i in task.investments) / 100_000_000


def _responsibility_sheet(
    book: Book, notices: Sequence[Notice], selected: Sequence[set[int]]
) -> None:
    rows = []
    for notice, seqs in zip(notices, selected, strict=True):
        for task in notice.tasks():
            r = task.responsibility
            if task.seq in seqs and r is not None:
                rows += [
                    [notice_name(notice), task.seq, u.name, "牵头", KIND_NAMES[u.kind]]
                    for u in r.leads
                ]
                rows += [
                    [notice_name(notice), task.seq, u.name, "配合", KIND_NAMES[u.kind]]
                    for u in r.co
                ]
    _sheet(book, "责任分工", ["通知", "序号", "单位", "角色", "类别"], rows)


def _unit_sheet(book: Book, notices: Sequence[Notice], selected: Sequence[set[int]]) -> None:
    lead: Counter[str] = Counter()
    co: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    for notice, seqs in zip(notices, selected, strict=True):
        for task in notice.tasks():
            r = task.responsibility
            if task.seq in seqs and r is not None:
                for unit in r.leads:
                    lead[unit.name] += 1
                    kinds.setdefault(unit.name, KIND_NAMES[unit.kind])
                for unit in r.co:
                    co[unit.name] += 1
                    kinds.setdefault(unit.name, KIND_NAMES[unit.kind])
    order = sorted(kinds, key=lambda n: (-(lead[n] + co[n]), -lead[n], n))
    rows = [[n, kinds[n], lead[n], co[n], lead[n] + co[n]] for n in order]
    _sheet(book, "单位统计", ["单位", "类别", "牵头数", "配合数", "合计"], rows)


def _indicator_sheet(book: Book, notices: Sequence[Notice]) -> None:
    """Targets of the paragraphs and of the tasks' texts (序号: the task); 折算值 is the value
    in its base unit, the column to sort and sum by."""
    rows = []
    for notice in notices:
        for placed in placed_indicators(notice):
            s, i = placed.section, placed.indicator
            where = f"{s.label}{s.title}" if s else placed.part
            rows.append([notice_name(notice), where, placed.task, i.year, i.metric,
                         COMPARATOR_NAMES.get(i.comparator or "", ""), i.value, i.value_max, i.unit,
                         i.scaled_value, i.base_unit, DIRECTION_NAMES.get(i.direction or "", ""),
                         i.raw, placed.line])  # fmt: skip
    header = ["通知", "板块", "序号", "年份", "指标", "比较", "数值", "上限", "单位", "折算值",
              "折算单位", "方向", "原文", "原文行"]  # fmt: skip
    _sheet(book, "目标指标", header, rows)


def _investment_sheet(book: Book, notices: Sequence[Notice], selected: Sequence[set[int]]) -> None:
    rows = []
    for notice, seqs in zip(notices, selected, strict=True):
        titles = {s.number: f"{s.label}{s.title}" for s in notice.sections}
        for task in notice.tasks():
            if task.seq in seqs:
                for i in task.investments:
                    rows.append([notice_name(notice), task.seq, titles.get(task.section, ""),
                                 i.project, i.amount, i.unit, i.yuan, _units(task)[0]])  # fmt: skip
    header = ["通知", "序号", "板块", "项目", "金额", "单位", "折合（元）", "牵头单位"]
    _sheet(book, "投资项目", header, rows)


def _problem_sheet(book: Book, notices: Sequence[Notice]) -> None:
    rows = [
        [notice_name(n), d.line, d.severity, d.code, d.message]
        for n in notices
        for d in n.diagnostics
    ]
    _sheet(book, "问题", ["通知", "原文行", "级别", "代码", "说明"], rows)


def _about_sheet(book: Book, notices: Sequence[Notice]) -> None:
    rows: list[list[Any]] = []
    for notice in notices:
        m = notice.metadata
        rows += [
            ["通知", notice_name(notice)],
            ["标题", m.title or notice.notice.title or notice.plan.title],
            ["文号", m.document_number or notice.notice.document_number],
            ["发文机关", m.issuer],
            ["成文日期", m.written_date or notice.notice.signed_date],
            ["发布日期", m.published_date],
            ["来源文件", notice.source.path],
            ["SHA-256", notice.source.sha256],
            ["任务数", len(notice.tasks())],
            [None, None],
        ]
    rows += [["taobei 版本", __version__], ["生成时间", datetime.now().replace(microsecond=0)]]
    _sheet(book, "说明", ["项目", "值"], rows)


def _sheet(book: Book, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """One sheet made for printing and filtering: a bold filled header that stays in view and
    repeats on every printed page, a filter, widths that fit Chinese text, wrapped long text,
    landscape A4 fitted to the width; body cells aligned to the top."""
    sheet = book.book.add_worksheet(title)
    formats = book.formats
    wrapped: dict[int, int] = {}  # column index (from 0) → width, for the columns that wrap
    for index, name in enumerate(header):
        widest = max([_width(name), 6, *(_width(r[index]) for r in rows if index < len(r))])
        width = min(WIDE.get(name, 30), widest + 2)
        sheet.set_column_pixels(index, index, width * 7)  # a width of `width` characters
        if widest + 2 > width:
            wrapped[index] = width
    sheet.write_row(0, 0, header, formats["header"])
    body = [formats["wrap" if index in wrapped else "top"] for index in range(len(header))]
    for number, values in enumerate(rows, start=1):  # each row as wide as the header
        for column, value in enumerate(values):
            _cell(sheet, number, column, value, body[column], column in wrapped, formats)
        lines = max([1, *(-(-_width(values[i]) // (w - 1)) for i, w in wrapped.items()
                          if i < len(values))])  # fmt: skip
        if lines > 1:  # rows as tall as their wrapped text
            sheet.set_row(number, 15 * lines)
    sheet.freeze_panes(1, 0)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(header) - 1)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes


def _cell(
    sheet: Any, row: int, column: int, value: Any, style: Any, wraps: bool, formats: dict[str, Any]
) -> None:
    """One body cell, by the type of its value: formula-looking text as text (with Excel's quote
    prefix, so it stays text when edited), dates as dates, and an empty cell still styled."""
    if value is None or value == "":
        sheet.write_blank(row, column, None, style)
    elif isinstance(value, str):
        if looks_like_formula(value):
            style = formats["quoted wrap" if wraps else "quoted"]
        sheet.write_string(row, column, value, style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    elif isinstance(value, int | float):
        if _holds(value):
            sheet.write_number(row, column, value, style)
        else:
            sheet.write_string(row, column, str(value), style)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, column, value, formats["datetime"])
    elif hasattr(value, "isoformat"):
        sheet.write_datetime(row, column, value, formats["date"])
    else:
        sheet.write_string(row, column, str(value), style)


def _holds(number: int | float) -> bool:
    """Whether a spreadsheet holds ``number`` as a number: a double, exact for an integer."""
    if isinstance(number, int):
        return abs(number) <= 2**53
    return math.isfinite(number)


def _width(value: Any) -> int:
    """Display width: a Chinese character takes two columns."""
    return 0 if value is None else _text_width(str(value))


@lru_cache(maxsize=4096)
def _text_width(text: str) -> int:
    """Memoised: each cell's width is asked twice, and unit names and the notice's name repeat
    down their columns."""
    return len(text) if text.isascii() else sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
