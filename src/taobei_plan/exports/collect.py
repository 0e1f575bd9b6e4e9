"""Returns merged back into the 台账: progress by task and period, who reported and who did not.

Every reported row is kept in 进展记录 (task, unit, role, period, status, texts, file), so the
history of a task is never overwritten; a second collect of the same return replaces its rows,
it does not add them again. The latest period's reports go into 进展情况 (unit by unit, the lead
first) and 完成情况 (the lead's status, else the first unit's); a progress note the office typed
into 进展情况 by hand is first kept in 进展记录. 报送情况 lists every unit of the 台账 for the
period: returned or not.

A return is refused whole (one line saying why) when it is not a taobei return, belongs to
another 台账's notices or to another period, or its table lost the columns it is read by; a row
is refused when it is not that unit's task or its 完成状态 is not one of the dropdown's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DecodeError, UsageError, shorten, shown
from ..language import _
from ..query import notice_name
from ..schedule import REPORTED
from .returns import ABOUT, COLUMNS, FILLED, FORM, PERIOD, RETURN_MARK, assignments
from .sheets import Extras

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

    from .ledger_data import Ledger

LOG = "进展记录"
LOG_COLUMNS = ("通知", "序号", "单位", "角色", "期次", "完成状态", "本期进展", "存在问题",
               "下步计划", "佐证材料", "来源文件", "收集时间")  # fmt: skip
SUBMITTED = "报送情况"
SUBMITTED_COLUMNS = ("单位", "任务数", "牵头", "配合", "期次", "报送情况", "填报任务数", "来源文件")
BY_HAND = "（台账原填）"  # the unit of a progress note the office typed into the 台账 itself


class ReturnError(UsageError):
    """A return that cannot be merged: the others still are."""


@dataclass(slots=True)
class Return:
    """What one return workbook says."""

    path: Path
    unit: str
    period: str
    notices: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)  # LOG_COLUMNS → value
    refused: list[str] = field(default_factory=list)  # one reason a refused row


def read_return(path: Path, ledger: Ledger, period: str | None) -> Return:
    """The rows of the return at ``path``, checked against the 台账 and ``period``."""
    from openpyxl import load_workbook

    from ..formats.packages import check_sizes

    if not path.is_file():
        raise ReturnError(_("{path}: no such file").format(path=shown(str(path))))
    try:
        check_sizes(str(path))
        book = load_workbook(path, data_only=True)
    except DecodeError as error:
        raise ReturnError(shown(str(error))) from None
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ReturnError(
            _("{path}: not an Excel workbook ({kind})").format(
                path=shown(str(path)), kind=type(error).__name__
            )
        ) from None
    facts = _facts(book, path)
    found = Return(path, facts["单位"], facts["期次"], facts["通知"])
    names = {notice_name(n) for n in ledger.notices}
    if not set(found.notices) <= names:
        raise ReturnError(
            _("{path}: a return for other notices ({notices})").format(
                path=shown(str(path)), notices="、".join(found.notices)
            )
        )
    if period is not None and found.period != period:
        raise ReturnError(
            _("{path}: a return for period {found}, not {period}").format(
                path=shown(str(path)), found=found.period, period=period
            )
        )
    units = {a.unit: a for a in assignments(ledger)[0]}
    if found.unit not in units:
        raise ReturnError(
            _("{path}: unit {unit} has no task in the 台账").format(
                path=shown(str(path)), unit=found.unit
            )
        )
    roles = {(name, task.seq): role for name, task, role in units[found.unit].tasks}
    stamp = datetime.now().replace(microsecond=0)
    for line, cells in _table(book, path):
        key = (str(cells.get("通知") or ""), cells.get("序号"))
        if not isinstance(key[1], int) or key not in roles:
            found.refused.append(
                _("{file} row {line}: 序号 {seq} is not a task of {unit}").format(
                    file=shown(path.name), line=line, seq=key[1], unit=found.unit
                )
            )
            continue
        said = {c: _text(cells.get(c)) for c in FILLED}
        if said["完成状态"] is not None and said["完成状态"] not in REPORTED:
            found.refused.append(
                _("{file} row {line}: 完成状态 '{value}' is none of {choices}").format(
                    file=shown(path.name),
                    line=line,
                    value=shorten(said["完成状态"], 20),
                    choices="、".join(REPORTED),
                )
            )
            continue
        if all(v is None for v in said.values()):
            continue  # a task the unit left blank: nothing reported on it
        found.rows.append({"通知": key[0], "序号": key[1], "单位": found.unit, "角色": roles[key],
                           "期次": found.period, **said, "来源文件": path.name,
                           "收集时间": stamp})  # fmt: skip
    return found


def _facts(book: Workbook, path: Path) -> dict[str, Any]:
    """The hidden sheet naming the unit, the period and the notices."""
    where = shown(str(path))
    if (book.properties.keywords or "") != RETURN_MARK or ABOUT not in book.sheetnames:
        raise ReturnError(_("{path}: not a return written by taobei returns").format(path=where))
    facts: dict[str, Any] = {"通知": []}
    for key, value in book[ABOUT].iter_rows(max_col=2, max_row=1000, values_only=True):
        if key == "通知":
            facts["通知"].append(str(value))
        elif key in ("单位", "期次"):
            facts[key] = str(value)
    if not facts.get("单位") or not PERIOD.fullmatch(facts.get("期次", "")) or not facts["通知"]:
        raise ReturnError(_("{path}: the return's 回执信息 sheet is incomplete").format(path=where))
    return facts


def _table(book: Workbook, path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    """The return's rows (line number, cells by header), found by its header row."""
    if FORM not in book.sheetnames:
        raise ReturnError(_("{path}: no sheet {sheet}").format(path=shown(str(path)), sheet=FORM))
    sheet = book[FORM]
    lines = sheet.iter_rows(max_row=min(sheet.max_row, 100_000), max_col=len(COLUMNS) + 20)
    header: list[str] = []
    for cells in lines:
        values = ["" if c.value is None else str(c.value).strip() for c in cells]
        if "序号" in values:
            header = values
            break
    missing = [c for c in ("序号", "通知", *FILLED) if c not in header]
    if missing:
        raise ReturnError(
            _("{path}: its table was changed beyond recognition (no column {columns})").format(
                path=shown(str(path)), columns="、".join(missing)
            )
        )
    for cells in lines:
        row = {h: c.value for h, c in zip(header, cells, strict=False) if h}
        if any(v not in (None, "") for v in row.values()):
            yield cells[0].row, row


def _text(value: Any) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


@dataclass(slots=True)
class Merged:
    """What collect found: the log, the latest per task, who reported, what conflicted."""

    log: list[dict[str, Any]]
    latest: dict[tuple[str, int], dict[str, str]]
    submitted: list[list[Any]]
    missing: list[str]
    conflicts: list[str]


def merge(
    ledger: Ledger, returns: Sequence[Return], old_log: list[dict[str, Any]], period: str,
    typed: dict[tuple[str, int], str],
) -> Merged:  # fmt: skip
    """The new log (old rows, the office's typed notes kept, then this round's replacing the
    same return's rows) and what the 台账 shows of ``period``."""
    mine = {(r["单位"], r["期次"]) for ret in returns for r in ret.rows}
    log = [r for r in old_log if (r["单位"], r["期次"]) not in mine]
    logged = _shown_before(ledger, old_log)
    for (name, seq), text in typed.items():  # a note typed by hand, kept before it is replaced
        if (name, seq, text) not in logged and any(
            (row["通知"], row["序号"]) == (name, seq) for ret in returns for row in ret.rows
        ):
            log.append({"通知": name, "序号": seq, "单位": BY_HAND, "期次": "（此前）",
                        "本期进展": text, "收集时间": datetime.now().replace(microsecond=0)})  # fmt: skip
    order = {notice_name(n): i for i, n in enumerate(ledger.notices)}
    log += sorted((row for ret in returns for row in ret.rows),
                  key=lambda r: (order.get(r["通知"], 0), r["序号"], r["角色"] != "牵头"))  # fmt: skip
    latest, conflicts = _latest(ledger, [r for r in log if r.get("期次") == period])
    units, _ = assignments(ledger)
    by_unit = {ret.unit: ret for ret in returns if ret.period == period}
    submitted, missing = [], []
    for unit in units:
        leads = sum(role == "牵头" for _, _, role in unit.tasks)
        ret = by_unit.get(unit.unit)
        if ret is None:
            missing.append(unit.unit)
        submitted.append([unit.unit, len(unit.tasks), leads, len(unit.tasks) - leads, period,
                          "已报送" if ret else "未报送", len(ret.rows) if ret else None,
                          ret.path.name if ret else None])  # fmt: skip
    return Merged(log, latest, submitted, missing, conflicts)


def _shown_before(ledger: Ledger, log: Sequence[dict[str, Any]]) -> set[tuple[str, int, str]]:
    """Every 进展情况 a collect could have written from ``log``: a unit's text, or a period's
    texts joined; a 进展情况 not among them was typed by hand."""
    shown_ = {(r["通知"], r["序号"], r["本期进展"]) for r in log if r.get("本期进展")}
    for period in {r.get("期次") for r in log}:
        latest, _ = _latest(ledger, [r for r in log if r.get("期次") == period])
        shown_ |= {
            (*key, cells["进展情况"]) for key, cells in latest.items() if "进展情况" in cells
        }
    return shown_


def _latest(
    ledger: Ledger, rows: Sequence[dict[str, Any]]
) -> tuple[dict[tuple[str, int], dict[str, str]], list[str]]:
    """进展情况 and 完成情况 of each task reported on in the period: every unit's progress, the
    lead's first; the lead's status (else the first unit's); differing statuses listed."""
    order = {(notice_name(n), t.seq): t for n in ledger.notices for t in n.tasks()}
    by_task: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in rows:
        by_task.setdefault((row["通知"], row["序号"]), []).append(row)
    latest, conflicts = {}, []
    for key, reports in by_task.items():
        reports.sort(key=lambda r: r.get("角色") != "牵头")
        task = order.get(key)
        several = task is not None and task.responsibility is not None and (
            len(task.responsibility.leads) + len(task.responsibility.co) > 1)  # fmt: skip
        texts = [f"{r['单位']}：{r['本期进展']}" if several else r["本期进展"]
                 for r in reports if r.get("本期进展")]  # fmt: skip
        statuses = [r["完成状态"] for r in reports if r.get("完成状态")]
        shown_ = {"进展情况": "\n".join(texts)} if texts else {}
        if statuses:
            shown_["完成情况"] = statuses[0]
        if len(set(statuses)) > 1:
            said = "、".join(f"{r['单位']} {r['完成状态']}" for r in reports if r.get("完成状态"))
            conflicts.append(
                _("序号 {seq}: {said}; the 台账 shows {unit}'s").format(
                    seq=key[1], said=said, unit=reports[0]["单位"]
                )
            )
        latest[key] = shown_
    return latest, conflicts


def read_log(book: Workbook) -> list[dict[str, Any]]:
    """The 台账's 进展记录 so far (none in a 台账 no collect has written)."""
    from .ledger_data import sheet_rows

    return sheet_rows(book[LOG]) if LOG in book.sheetnames else []


def round_sheets(
    merged: Merged, period: str
) -> dict[str, tuple[Sequence[str], list[list[Any]], Extras]]:
    """进展记录 (every period's reports, oldest first) and 报送情况 (who returned this period)."""
    log = [[row.get(c) for c in LOG_COLUMNS] for row in merged.log]
    log_extras = Extras(title=["进展记录（各期报送情况，收集时追加，不覆盖）"],
                        widths={"通知": 16, "单位": 16, "本期进展": 40, "存在问题": 20,
                                "下步计划": 20, "佐证材料": 14, "收集时间": 16})  # fmt: skip
    column = SUBMITTED_COLUMNS.index("报送情况")
    submitted_extras = Extras(title=[f"报送情况（{period}）"], widths={"单位": 20, "来源文件": 24},
                              fills={column: {"未报送": "red", "已报送": "green"}}, always=True)  # fmt: skip
    return {LOG: (LOG_COLUMNS, log, log_extras),
            SUBMITTED: (SUBMITTED_COLUMNS, merged.submitted, submitted_extras)}  # fmt: skip
