"""The Excel 台账 a supervision office keeps: one workbook, sheets in Chinese, made to be printed,
filtered, and re-exported without losing what people typed into it.

Re-export reads the old workbook first: the tracking columns (进展情况, 完成情况, 备注) and any
column people added are carried to the same task, matched by notice and 序号; a task that no
longer exists moves to 已移除 with its notes. A workbook taobei did not write is refused unless
``force``. Text that looks like a formula (``=…``, ``+…``, ``-…``, ``@…``) is written as text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import UsageError
from ..query import notice_name
from . import COMPARATOR_NAMES, KIND_NAMES
from .emit import looks_like_formula

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ..models import Notice, Task

MARK = "taobei-ledger"  # the workbook's keywords: written by taobei, safe to re-export onto
TASKS = "任务台账"
REMOVED = "已移除"
TRACKING = ("进展情况", "完成情况", "备注")
TASK_HEADER = ("通知", "序号", "编号", "板块", "小标题", "重点任务", "牵头单位", "配合单位",
               "完成时限", "投资（亿元）", "原文行", *TRACKING)  # fmt: skip
WIDE = {"重点任务": 60, "原文": 60, "说明": 60, "问题": 60, "值": 60}


def write_workbook(
    path: Path, notices: Sequence[Notice], selected: Sequence[set[int]], force: bool
) -> bytes:
    """The workbook's bytes for ``notices`` (``selected``: the task seqs kept of each)."""
    from openpyxl import Workbook

    kept, removed = _previous(path, force)
    book = Workbook()
    book.properties.creator = "taobei"
    book.properties.keywords = MARK
    book.remove(book.active)
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
    import io

    buffer = io.BytesIO()
    book.save(buffer)
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
    book: Workbook,
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
    book: Workbook, notices: Sequence[Notice], selected: Sequence[set[int]]
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


def _unit_sheet(book: Workbook, notices: Sequence[Notice], selected: Sequence[set[int]]) -> None:
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


def _indicator_sheet(book: Workbook, notices: Sequence[Notice]) -> None:
    rows = []
    for notice in notices:
        for section in notice.sections:
            for target in section.targets:
                for i in target.indicators:
                    rows.append([notice_name(notice), f"{section.label}{section.title}", target.year,
                                 i.metric, COMPARATOR_NAMES.get(i.comparator or "", ""), i.value,
                                 i.value_max, i.unit, i.scaled_value, i.base_unit, i.raw,
                                 target.line])  # fmt: skip
    header = ["通知", "板块", "年份", "指标", "比较", "数值", "上限", "单位", "折算值", "折算单位",
              "原文", "原文行"]  # fmt: skip
    _sheet(book, "目标指标", header, rows)


def _investment_sheet(
    book: Workbook, notices: Sequence[Notice], selected: Sequence[set[int]]
) -> None:
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


def _problem_sheet(book: Workbook, notices: Sequence[Notice]) -> None:
    rows = [
        [notice_name(n), d.line, d.severity, d.code, d.message]
        for n in notices
        for d in n.diagnostics
    ]
    _sheet(book, "问题", ["通知", "原文行", "级别", "代码", "说明"], rows)


def _about_sheet(book: Workbook, notices: Sequence[Notice]) -> None:
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


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """One sheet made for printing and filtering: a bold filled header that stays in view and
    repeats on every printed page, a filter, widths that fit Chinese text, wrapped long text,
    landscape A4 fitted to the width."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrapped: dict[int, float] = {}  # column index → width, for the columns whose text wraps
    for index, name in enumerate(header, start=1):
        letter = get_column_letter(index)
        widest = max([_width(name), 6, *(_width(r[index - 1]) for r in rows if index <= len(r))])
        width = min(WIDE.get(name, 30), widest + 2)
        sheet.column_dimensions[letter].width = width
        if widest + 2 > width:
            wrapped[index] = width
    _style_body(sheet, wrapped)
    for number, values in enumerate(rows, start=2):  # rows as tall as their wrapped text
        lines = max([1, *(-(-_width(values[i - 1]) // int(w - 1)) for i, w in wrapped.items()
                          if i <= len(values))])  # fmt: skip
        if lines > 1:
            sheet.row_dimensions[number].height = 15 * lines
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _style_body(sheet: Worksheet, wrapped: dict[int, float]) -> None:
    """Body cells aligned to the top, wrapped where the column wraps; formula-looking text kept
    as text; dates shown as dates. The alignment is set on one cell of each column and its
    style copied (assigning a style object cell by cell cost half the export), in the same one
    pass over the cells."""
    from openpyxl.styles import Alignment
    from openpyxl.styles.cell_style import StyleArray

    if sheet.max_row < 2:
        return
    protos = {}
    for column in range(1, sheet.max_column + 1):
        proto = sheet.cell(row=2, column=column)
        proto.alignment = Alignment(vertical="top", wrap_text=column in wrapped)
        protos[column] = StyleArray(proto._style)  # before row 2's own formats change it
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.row > 2:
                cell._style = StyleArray(protos[cell.column])  # a copy: formats differ by cell
            value = cell.value
            if isinstance(value, str):
                if looks_like_formula(value):
                    cell.data_type = "s"  # formula-looking text stays text, also when edited
                    cell.quotePrefix = True
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"


def _width(value: Any) -> int:
    """Display width: a Chinese character takes two columns."""
    return 0 if value is None else _text_width(str(value))


@lru_cache(maxsize=4096)
def _text_width(text: str) -> int:
    """Memoised: each cell's width is asked twice, and unit names and the notice's name repeat
    down their columns."""
    return len(text) if text.isascii() else sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
