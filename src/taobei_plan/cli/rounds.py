"""The reporting round: returns out to the units, progress collected back, status as of a date."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import shown
from ..language import _
from .app import app, listing_format, runs
from .options import AsOfOption, FormatOption, NoBomOption, OutputOption, WarnDaysOption

if TYPE_CHECKING:
    from pathlib import Path

LedgerArgument = Annotated[
    str, typer.Argument(help=_("The 台账 written by taobei export (.xlsx)."), show_default=False)
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        help=_("The reporting period: 2024-06 (a month), 2024-Q2, 2024-H1 or 2024."),
        show_default=False,
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help=_("Replace files already there, or a file open elsewhere."))
]


@app.command(
    "returns",
    epilog=_("Example:") + " taobei returns 台账.xlsx -o 报送表/ --period 2024-06",
    help=_("Write each unit of a 台账 its return workbook (报送表) for a period."),
)
@runs
def returns_command(
    ledger: LedgerArgument,
    output: Annotated[
        str, typer.Option("--output", "-o", help=_("The folder to write the returns into."))
    ],
    period: PeriodOption = None,
    force: ForceOption = False,
) -> None:
    """Write each unit of a 台账 its return workbook (报送表) for a period."""
    from pathlib import Path

    from ..exports.ledger_data import read_ledger
    from ..exports.returns import write_returns

    chosen = _period(period, required=True)
    book = read_ledger(Path(ledger))
    written, collective = write_returns(book, Path(output), chosen, force)
    for unit, path in written:
        typer.echo(
            _("{path}: {tasks} tasks of {unit}").format(
                path=shown(str(path)), tasks=len(unit.tasks), unit=unit.unit
            ),
            err=True,
        )
    if collective:
        typer.echo(
            _("No return for addressees of a whole class: {names}").format(
                names="、".join(collective)
            ),
            err=True,
        )


@app.command(
    "collect",
    epilog=_("Example:") + " taobei collect 台账.xlsx 报送表/ --period 2024-06",
    help=_(
        "Merge returned workbooks into the 台账: progress and status by task, every period "
        "kept in 进展记录, who returned in 报送情况. Exit 1 when a return or row was refused."
    ),
)
@runs
def collect_command(
    ledger: LedgerArgument,
    files: Annotated[
        list[str],
        typer.Argument(help=_("Returned workbooks, or folders of them."), show_default=False),
    ],
    period: PeriodOption = None,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = 15,
    database: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help=_("Also store every report in this taobei database (.db), table progress."),
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> int:
    """Merge returned workbooks into the 台账."""
    from pathlib import Path

    from ..errors import UsageError
    from ..exports.collect import ReturnError, read_return
    from ..exports.files import check_target
    from ..exports.ledger_data import read_ledger

    target = Path(ledger)
    paths = _workbooks(files)
    check_target(target, paths, force)
    if database is not None and Path(database).suffix.lower() not in (
        ".db",
        ".sqlite",
        ".sqlite3",
    ):
        raise UsageError(_("-o: give a taobei database (.db, .sqlite or .sqlite3)"))
    book = read_ledger(target)
    wanted = _period(period, required=False)
    found, refused = [], 0
    for path in paths:
        try:
            found.append(read_return(path, book, wanted))
        except ReturnError as error:
            typer.echo(_("Refused: {reason}").format(reason=error), err=True)
            refused += 1
    for ret in found:
        for reason in ret.refused:
            typer.echo(_("Refused: {reason}").format(reason=reason), err=True)
        refused += len(ret.refused)
    chosen = wanted or _one_period([r.period for r in found])
    log = _merge_into(target, book, found, chosen, as_of, warn_days, force)
    if database is not None:
        from ..exports.database import store_progress

        stored = store_progress(Path(database), log)
        typer.echo(
            _("{path}: {count} reports in table progress").format(
                path=shown(database), count=stored
            ),
            err=True,
        )
    return 1 if refused else 0


def _merge_into(
    target: "Path", book: Any, found: list[Any], period: str, as_of: str | None, warn_days: int,
    force: bool,
) -> list[dict[str, Any]]:  # fmt: skip
    """Merge ``found`` returns into the 台账 at ``target`` and say what came and what did not;
    the 台账's 进展记录 as it now stands."""
    from dataclasses import replace

    from ..exports.collect import merge, read_log, round_sheets
    from ..exports.files import write_file
    from ..exports.ledger_data import ledger_cells
    from ..exports.workbook import write_workbook
    from .ledgers import carried_lines, ledger_standing

    typed = {k: str(v["进展情况"]) for k, v in ledger_cells(book.book).items() if v.get("进展情况")}
    merged = merge(book, found, read_log(book.book), period, typed)
    standing = replace(ledger_standing(as_of, warn_days), latest=merged.latest)
    content, carried = write_workbook(
        target,
        book.notices,
        book.selected,
        force,
        book.scope,
        standing,
        round_sheets(merged, period),
    )
    write_file(target, content)
    for line in carried_lines(str(target), carried):
        typer.echo(line, err=True)
    for conflict in merged.conflicts:
        typer.echo(_("Differing statuses: {conflict}").format(conflict=conflict), err=True)
    units, missing = len(merged.submitted), len(merged.missing)
    counts = {"units": units, "returned": units - missing, "missing": missing}
    if merged.missing:
        line = _("{units} units: {returned} returned, {missing} not: {names}").format(
            names="、".join(merged.missing), **counts
        )
    else:
        line = _("{units} units: {returned} returned, {missing} not").format(**counts)
    typer.echo(line, err=True)
    return merged.log


@app.command(
    "status",
    epilog=_("Example:") + " taobei status 台账.xlsx --as-of 2024-06-30",
    help=_(
        "Each task's status as of a date: done, overdue, due-soon, on-track, ongoing or "
        "no-deadline; a table by unit, or every task as json/csv."
    ),
)
@runs
def status_command(
    ledger: LedgerArgument,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = 15,
    fmt: FormatOption = None,
    output: OutputOption = None,
    no_bom: NoBomOption = False,
) -> None:
    """Each task's status as of a date."""
    from pathlib import Path

    from ..exports import show
    from ..exports.ledger_data import read_ledger
    from ..exports.statuses import (
        STATUS_COLUMNS,
        collective_units,
        status_rows,
        status_view,
    )
    from .ledgers import ledger_standing

    chosen = listing_format(fmt, output)
    book = read_ledger(Path(ledger))
    standing = ledger_standing(as_of, warn_days)
    rows = status_rows(book, standing.as_of, warn_days)
    flat = [{**r, "leads": "、".join(r["leads"]), "co": "、".join(r["co"]),
             "due": (r["due"] or {}).get("date"), "deadline": (r["due"] or {}).get("text")}
            for r in rows]  # fmt: skip
    collective = collective_units(book)
    show(rows, chosen, STATUS_COLUMNS,
         lambda _: status_view(rows, standing.as_of, collective), flat, output,
         not no_bom)  # fmt: skip


def _period(period: str | None, required: bool) -> Any:
    """The period asked for, checked: 2024-06, 2024-Q2, 2024-H1 or 2024."""
    from ..errors import UsageError
    from ..exports.returns import PERIOD

    if period is None:
        if required:
            raise UsageError(_("give the period with --period, e.g. --period 2024-06"))
        return None
    if not PERIOD.fullmatch(period.strip()):
        raise UsageError(
            _(
                "--period: '{value}' is not a period; write 2024-06, 2024-Q2, 2024-H1 or 2024"
            ).format(value=period)
        )
    return period.strip()


def _one_period(periods: list[str]) -> str:
    """The period of the returns given, when they agree."""
    from ..errors import UsageError

    found = sorted(set(periods))
    if len(found) != 1:
        raise UsageError(
            _("the returns are of periods {periods}; choose one with --period").format(
                periods=", ".join(found) or "-"
            )
            if found
            else _("no return could be read; nothing merged")
        )
    return found[0]


def _workbooks(paths: list[str]) -> list["Path"]:
    """The .xlsx files given, and those in the folders given (recursively, sorted); the lock
    files a spreadsheet leaves beside an open workbook (~$x.xlsx, .~lock.x.xlsx#) are not."""
    from pathlib import Path

    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.suffix.lower() == ".xlsx" and p.is_file()
                and not p.name.startswith(("~$", ".~lock"))
            )  # fmt: skip
        else:
            found.append(path)
    return found
