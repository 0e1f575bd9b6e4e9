"""Commands that write what people keep: export (an Excel 台账 or a SQLite database)."""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from ..choices import Role
from ..errors import shown
from ..language import _
from .app import SourceOptions, app, reads_notices, runs, via_note
from .options import (
    AsOfOption,
    DeptOption,
    GrepOption,
    RoleOption,
    SectionOption,
    WarnDaysOption,
)

if TYPE_CHECKING:
    from ..exports.task_sheet import Scope, Standing
    from ..exports.workbook import Carried
    from ..models import Notice

#: Output file endings and what each writes.
LEDGERS = {".xlsx": "xlsx", ".db": "sqlite", ".sqlite": "sqlite", ".sqlite3": "sqlite",
           ".ics": "ics", ".graphml": "graphml", ".gexf": "gexf"}  # fmt: skip


@app.command(
    "export",
    epilog=_("Example:")
    + " taobei export 通知.docx -o 台账.xlsx; taobei export notices/ -o notices.db",
    help=_(
        "Write notices to an Excel 台账 (re-export keeps what people typed) or a SQLite database."
    ),
)
@runs
@reads_notices()
def export_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help=_(
                "Notices (any format) or folders of them, or - for stdin. Default: the bundled "
                "notice."
            ),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help=_(
                "The ledger: .xlsx (Excel 台账), .db/.sqlite/.sqlite3 (SQLite), .ics (the "
                "deadlines as calendar events), .graphml/.gexf (the task–unit network), or a "
                "folder with --format parquet."
            ),
        ),
    ] = "",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=_("parquet: -o names a folder, one Parquet file a table of the database."),
        ),
    ] = None,
    projection: Annotated[
        str | None,
        typer.Option(
            "--projection",
            help=_("units: a .graphml/.gexf of units linked by the tasks they share."),
        ),
    ] = None,
    dept: DeptOption = None,
    role: RoleOption = Role.ANY,
    section: SectionOption = None,
    grep: GrepOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help=_("Replace a workbook taobei did not write, or a read-only file.")
        ),
    ] = False,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = 15,
    *,
    read: SourceOptions,
) -> None:
    """Write notices to an Excel 台账 (re-export keeps what people typed) or a SQLite database."""
    from pathlib import Path

    from ..batch import expand
    from ..errors import UsageError
    from ..exports.files import check_target
    from ..loader import load_notice
    from ..query import tasks_across

    kind = LEDGERS.get(Path(output).suffix.lower()) if output else None
    if fmt is not None:
        if fmt != "parquet":
            raise UsageError(_("unknown format '{fmt}'; choose one of {formats}").format(
                fmt=fmt, formats="parquet"))  # fmt: skip
        kind = "parquet" if output else None
    if kind is None:
        raise UsageError(
            _("give the ledger with -o: a .xlsx, .db, .sqlite or .sqlite3 file, .ics, "
              ".graphml or .gexf, or a folder with --format parquet")
        )  # fmt: skip
    if projection is not None and (kind not in ("graphml", "gexf") or projection != "units"):
        raise UsageError(_("--projection units goes with -o a .graphml or .gexf file"))
    standing = ledger_standing(as_of, warn_days)  # a bad --as-of stops it first
    paths: list[str | None] = list(expand(files).files) if files else [None]
    if kind != "parquet":
        check_target(output, [p for p in paths if p], force)
    elif Path(output).exists() and not Path(output).is_dir():
        raise UsageError(_("{path}: not a folder; --format parquet writes a folder of files")
                         .format(path=shown(output)))  # fmt: skip
    counts = [0, 0]  # notices, tasks
    vias: set[str] = set()  # the class addressees a department not named was matched by

    def selections() -> "Iterator[tuple[Notice, dict[int, tuple[str | None, str | None]]]]":
        """Each notice with the seqs the filters keep (and the department's role in each),
        one notice in memory at a time."""
        known = False
        for path in paths:
            notice = load_notice(path, read.encoding, read.source_format)
            [(_, rows)] = tasks_across([notice], dept, role, section, grep, False)
            known = known or rows is not None
            counts[0] += 1
            counts[1] += len(rows or [])
            vias.update(row["via"] for row in rows or [] if row["via"])
            yield notice, {row["seq"]: (row["role"], row["via"]) for row in rows or []}
        if not known:  # no notice has the department or section: say so, as tasks does
            tasks_across([notice], dept, role, section, grep)

    if kind == "sqlite":
        from ..exports.database import export

        # one transaction: an error rolls it all back
        export(Path(output), selections(), lambda line: typer.echo(line, err=True))
    elif kind == "parquet":
        from ..exports.parquet import export_parquet

        export_parquet(Path(output), selections(), lambda line: typer.echo(line, err=True))
    elif kind in ("graphml", "gexf"):
        from ..exports.files import write_file
        from ..exports.network import network_bytes

        tasks_of = [(notice, set(seqs)) for notice, seqs in selections()]
        write_file(output, network_bytes(tasks_of, kind, projection))
    elif kind == "ics":
        from ..exports.calendar import calendar
        from ..exports.files import write_file

        chosen = list(selections())
        notices, selected = [n for n, _ in chosen], [s for _, s in chosen]
        write_file(output, calendar(notices, selected, warn_days, dept))
    else:
        from ..exports.files import write_file
        from ..exports.workbook import write_workbook

        chosen = list(selections())
        notices, selected = [n for n, _ in chosen], [s for _, s in chosen]
        scope = ledger_scope(dept, role, section, grep)
        content, carried = write_workbook(Path(output), notices, selected, force, scope, standing)
        write_file(output, content)
        for line in carried_lines(output, carried):
            typer.echo(line, err=True)
    if vias and dept:
        typer.echo(via_note(dept, sorted(vias)), err=True)
    typer.echo(
        _("{path}: {tasks} tasks from {notices} notice(s)").format(
            path=shown(output), tasks=counts[1], notices=counts[0]
        ),
        err=True,
    )


@app.command(
    "report",
    epilog=_("Example:") + " taobei report 通知.pdf (writes 通知.report.html beside it)",
    help=_(
        "Make one self-contained HTML page of a notice: who carries the load, sections, tasks, targets and investments. It needs no network to open and prints on A4. Given a 台账, it shows each task's status too."
    ),
)
@runs
@reads_notices()
def report_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help=_("Notices (any format) or folders of them. Default: the bundled notice."),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help=_("The page (default: NOTICE.report.html beside it).")),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Replace a read-only file."))] = False,
    dept: Annotated[
        str | None,
        typer.Option(
            "--dept",
            "-d",
            help=_(
                "Only the tasks this unit leads or supports, its "
                "role in each (a page to print for it)."
            ),
        ),
    ] = None,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = 15,
    *,
    read: SourceOptions,
) -> None:
    """Make one self-contained HTML page of a notice: who carries the load, sections, tasks,
    targets and investments. It needs no network to open and prints on A4."""
    from pathlib import Path

    from ..batch import expand
    from ..errors import UsageError
    from ..exports.files import check_target, write_file
    from ..exports.ledger_data import is_ledger, read_ledger, task_statuses
    from ..exports.report import render_report
    from ..loader import BUNDLED_NAME, STDIN, load_notice

    paths: list[str | None] = list(expand(files).files) if files else [None]
    if output:
        target = output
    elif paths[0] == STDIN:
        raise UsageError(_("a report of stdin needs -o FILE.html"))
    else:
        first = Path(paths[0] or BUNDLED_NAME)
        target = str(first.with_name(f"{first.stem}.report.html")) if paths[0] else (
            f"{first.stem}.report.html")  # fmt: skip
    check_target(target, [p for p in paths if p], force)
    if len(paths) == 1 and paths[0] and is_ledger(paths[0]):  # a 台账: its status too
        ledger = read_ledger(Path(paths[0]))
        day = ledger_standing(as_of, warn_days).as_of
        statuses = task_statuses(ledger, day, warn_days)
        page = render_report(ledger.notices, dept, statuses, day.isoformat())
    else:
        notices = [load_notice(path, read.encoding, read.source_format) for path in paths]
        page = render_report(notices, dept)
    write_file(target, page)
    typer.echo(shown(str(target)))


def carried_lines(output: str, carried: "Carried") -> list[str]:
    """What re-export kept and moved, and what it could not keep (written only with --force)."""
    lines = []
    path, joiner = shown(output), _("; ")
    if carried.lost:
        lines.append(_("Warning: {path}: not kept: {lost}").format(
            path=path, lost=joiner.join(carried.lost)))  # fmt: skip
    kept = []
    if carried.notes:
        kept.append(_("kept {notes} notes on {tasks} tasks").format(
            notes=carried.notes, tasks=carried.tasks))  # fmt: skip
    if carried.loose:
        kept.append(_("{rows} rows without 序号 (moved to the end)").format(rows=carried.loose))
    if carried.sheets:
        kept.append(_("{sheets} sheets of your own").format(sheets=carried.sheets))
    if carried.removed:
        kept.append(_("moved {tasks} tasks to 已移除").format(tasks=carried.removed))
    if kept:
        lines.append(f"{path}: {joiner.join(kept)}")
    return lines


def ledger_scope(dept: str | None, role: Role, section: str | None, grep: str | None) -> "Scope":
    """What a filtered ledger holds, for its title line and 说明 sheet."""
    from ..exports.task_sheet import Scope

    roles = {"lead": "牵头", "co": "配合", "any": "牵头和配合"}
    filters = [("单位", dept), ("角色", roles[role] if dept else None), ("板块", section),
               ("任务含", grep)]  # fmt: skip
    return Scope(dept, tuple((what, value) for what, value in filters if value))


def ledger_standing(as_of: str | None, warn_days: int) -> "Standing":
    """The day a 台账's 状态 column is worked out for (``--as-of``, default today)."""
    from datetime import date

    from ..exports.task_sheet import Standing
    from ..schedule import parse_day

    day = parse_day(as_of, "--as-of") if as_of is not None else date.today()
    return Standing(as_of=day, warn_days=warn_days)
