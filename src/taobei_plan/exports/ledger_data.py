"""The notices a 台账 was made from, kept inside it, so the reporting round needs only the 台账.

``returns``, ``collect`` and ``status`` are given the office's 台账, not the notice: it may have
been made months ago from a file nobody kept, for one department, with filters. So export writes,
in a very hidden sheet (not listed under 取消隐藏), the parsed notices as taobei's JSON, which
tasks the 台账 holds with the department's role in each, and its scope. Read back, the JSON is
validated like any parsed file: a 台账 is input from elsewhere too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ParsedFileError, UsageError, shorten
from ..language import _
from ..query import notice_name
from .sheets import MARK
from .task_sheet import TASKS, Scope

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

    from ..models import Notice
    from .sheets import Book

DATA_SHEET = "taobei数据"
DATA_HEADER = ("数据（taobei 读取，请勿修改）",)
_KIND, _VERSION = "taobei-ledger-data", 1
_CHUNK = 30_000  # characters a cell holds: Excel's limit is 32,767
Selected = Mapping[int, tuple[str | None, str | None]]


@dataclass(frozen=True, slots=True)
class Ledger:
    """What a 台账 was made from: its notices, the tasks it holds of each (seq → the
    department's role and the class it has it through), and its scope."""

    notices: list[Notice]
    selected: list[dict[int, tuple[str | None, str | None]]]
    scope: Scope
    book: Workbook


def write_data(
    book: Book, notices: Sequence[Notice], selected: Sequence[Selected], scope: Scope
) -> None:
    """The data sheet: the JSON in cells of at most ``_CHUNK`` characters, one a row."""
    payload = json.dumps(
        {
            "kind": _KIND, "version": _VERSION,
            "notices": [n.model_dump(mode="json") for n in notices],
            "selected": [[[seq, *pair] for seq, pair in seqs.items()] for seqs in selected],
            "scope": {"dept": scope.dept, "filters": [list(f) for f in scope.filters]},
        },
        ensure_ascii=False, separators=(",", ":"),
    )  # fmt: skip
    sheet = book.book.add_worksheet(DATA_SHEET)
    book.sheets += 1
    sheet.write_string(0, 0, DATA_HEADER[0])
    for row, start in enumerate(range(0, len(payload), _CHUNK), start=1):
        sheet.write_string(row, 0, payload[start : start + _CHUNK])
    sheet.very_hidden()


def read_ledger(path: Path) -> Ledger:
    """The notices and selection of the 台账 at ``path``; a UsageError (exit 2) for a file that
    is no 台账 taobei wrote, or one made before it kept its notices."""
    import zipfile

    from openpyxl import load_workbook

    from ..formats.packages import check_sizes

    if not path.is_file():
        raise UsageError(_("{path}: no such file").format(path=path))
    if zipfile.is_zipfile(path):  # a bomb is refused; what is no ZIP, openpyxl names
        check_sizes(str(path))
    try:
        book = load_workbook(path)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise UsageError(
            _("{path}: not an Excel workbook ({kind})").format(path=path, kind=type(error).__name__)
        ) from None
    if (book.properties.keywords or "") != MARK or TASKS not in book.sheetnames:
        raise UsageError(_("{path}: not a 台账 written by taobei export").format(path=path))
    if DATA_SHEET not in book.sheetnames:
        raise UsageError(
            _(
                "{path}: this 台账 does not hold its notices (made by an older taobei); "
                "export the notice onto it again"
            ).format(path=path)
        )
    return _decode(book, path)


def _decode(book: Workbook, path: Path) -> Ledger:
    from ..models import Notice

    cells = [row[0] for row in book[DATA_SHEET].iter_rows(min_row=2, max_col=1, values_only=True)]
    try:
        data: Any = json.loads("".join(str(c) for c in cells if c is not None))
        if data.get("kind") != _KIND or data.get("version") != _VERSION:
            raise ValueError("unknown data version")
        notices = [Notice.model_validate(n) for n in data["notices"]]
        selected = [{int(s): (r, v) for s, r, v in seqs} for seqs in data["selected"]]
        scope = Scope(data["scope"]["dept"], tuple((w, v) for w, v in data["scope"]["filters"]))
        if len(selected) != len(notices):
            raise ValueError("a selection for each notice")
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        first = shorten(str(error).splitlines()[0] if str(error) else type(error).__name__, 120)
        raise ParsedFileError(
            _(
                "{path}: the 台账's data sheet is damaged ({first}); export the notice onto it "
                "again"
            ).format(path=path, first=first)
        ) from None
    return Ledger(notices, selected, scope, book)


def sheet_rows(sheet: Any) -> list[dict[str, Any]]:
    """A sheet taobei wrote as rows of cells by header: the rows below the one holding 序号 (the
    title lines stand above it), empty ones left out."""
    rows = sheet.iter_rows(values_only=True)
    header: list[str] = []
    for values in rows:
        if "序号" in values:
            header = ["" if v is None else str(v) for v in values]
            break
    return [dict(zip(header, values, strict=False)) for values in rows
            if any(v not in (None, "") for v in values)]  # fmt: skip


def ledger_cells(book: Workbook) -> dict[tuple[str, int], dict[str, Any]]:
    """The cells of 任务台账 by task ((通知, 序号)) and header, as the office left them."""
    found = {}
    for cells in sheet_rows(book[TASKS]):
        number = cells.get("序号")
        if isinstance(number, int | float) and not isinstance(number, bool):
            found[(str(cells.get("通知")), int(number))] = cells
    return found


def is_ledger(path: str) -> bool:
    """Whether ``path`` is a 台账 taobei exported with its notices (read from the package's
    parts, without loading the workbook)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            core = package.read("docProps/core.xml")[:65536]
            sheets = package.read("xl/workbook.xml")[: 1 << 20]
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return MARK.encode() in core and DATA_SHEET.encode() in sheets


def task_statuses(ledger: Ledger, as_of: date, warn_days: int) -> list[dict[int, str]]:
    """Each notice's tasks' status (seq → status) as of ``as_of``, as ``taobei status`` gives."""
    from .statuses import status_rows

    found: list[dict[int, str]] = [{} for _ in ledger.notices]
    names = [notice_name(n) for n in ledger.notices]
    for row in status_rows(ledger, as_of, warn_days):
        found[names.index(row["notice"])][row["seq"]] = row["status"]
    return found
