"""Commands that ask a notice questions: tasks, depts, indicators, projects."""

from typing import TYPE_CHECKING, Any

import typer

from ..choices import Role
from ..language import _
from .app import SourceOptions, app, listing_format, reads_notices, runs, via_note, written_to
from .options import (
    ByValueOption,
    DeptOption,
    DueBeforeOption,
    DueWithinOption,
    FormatOption,
    GrepOption,
    NoBomOption,
    OutputOption,
    RoleOption,
    SectionOption,
    SourceArgument,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..models import Notice


@app.command(
    "tasks",
    epilog=_("Example:") + " taobei tasks --dept 区水利局 --role lead --format csv",
    help=_("List tasks, optionally those a department leads or supports."),
)
@runs
@reads_notices()
def tasks_command(
    source: SourceArgument = None,
    dept: DeptOption = None,
    role: RoleOption = Role.ANY,
    section: SectionOption = None,
    grep: GrepOption = None,
    due_before: DueBeforeOption = None,
    due_within: DueWithinOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    no_bom: NoBomOption = False,
    *,
    read: SourceOptions,
) -> None:
    """List tasks, optionally those a department leads or supports."""
    from datetime import date

    from ..exports import show
    from ..exports.views import tasks_view
    from ..loader import load_all
    from ..query import TASK_COLUMNS, ledger_row, notice_name, tasks_across
    from ..schedule import parse_day, within

    before = parse_day(due_before, "--due-before") if due_before is not None else None
    chosen = listing_format(fmt, output)
    written_to(output, source)
    notices, stored = load_all(source, read.encoding, read.source_format)
    rows = []
    for notice, found in tasks_across(notices, dept, role, section, grep):
        name = notice_name(notice)
        found = found or []
        rows += [{"notice": name, **row} for row in found] if stored else found
    if before is not None or due_within is not None:
        today = date.today()
        rows = [r for r in rows if within(r.get("due"), before, due_within, today)]
    flat = [ledger_row(row) for row in rows]
    columns = ("notice", *TASK_COLUMNS) if stored else TASK_COLUMNS
    show(rows, chosen, columns, lambda _: tasks_view(flat, dept), flat, output, not no_bom)
    vias = sorted({row["via"] for row in rows if row.get("via")})
    if vias and dept:
        typer.echo(via_note(dept, vias), err=True)
    _say_unsure(notices, rows, stored)


def _say_unsure(
    notices: "Sequence[Notice | dict[str, Any]]", rows: list[dict[str, Any]], stored: bool
) -> None:
    """On stderr, how many of the tasks printed were read with doubt, and where to see why."""
    import sys

    from ..query import notice_name, unsure_tasks

    doubts = {}
    for notice in notices:
        found = notice["diagnostics"] if isinstance(notice, dict) else notice.diagnostics
        doubts[notice_name(notice) if stored else None] = unsure_tasks(found)
    count = sum(row["seq"] in doubts.get(row.get("notice"), {}) for row in rows)
    if count:
        print(
            _("taobei: {count} of the {total} tasks listed were read with doubt (a guessed "
              "lead, an unknown label, a unit that is no name); taobei check lists them").format(
                count=count, total=len(rows)),
            file=sys.stderr,
        )  # fmt: skip


@app.command(
    "depts",
    epilog=_("Example:") + " taobei depts --format csv > load.csv",
    help=_("Every unit with its kind and how many tasks it leads and supports, busiest first."),
)
@runs
@reads_notices()
def depts_command(
    source: SourceArgument = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    no_bom: NoBomOption = False,
    *,
    read: SourceOptions,
) -> None:
    """Every unit with its kind and how many tasks it leads and supports, busiest first."""
    from ..exports import HEADERS_ZH_DEPTS, show
    from ..exports.views import depts_view
    from ..loader import load_notice_data
    from ..query import DEPT_COLUMNS, dept_rows

    chosen = listing_format(fmt, output)
    written_to(output, source)
    show(
        dept_rows(load_notice_data(source, read.encoding, read.source_format)),
        chosen,
        DEPT_COLUMNS,
        depts_view,
        output=output,
        bom=not no_bom,
        headers=HEADERS_ZH_DEPTS,
    )


@app.command(
    "indicators",
    epilog=_("Example:") + " taobei indicators --section 产业发展 --format csv",
    help=_(
        "Every target indicator (metric, value, unit, comparator), of the target paragraphs and the tasks' texts, flat, with its section and task."
    ),
)
@runs
@reads_notices()
def indicators_command(
    source: SourceArgument = None,
    section: SectionOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    no_bom: NoBomOption = False,
    by_value: ByValueOption = False,
    *,
    read: SourceOptions,
) -> None:
    """Every target indicator (metric, value, unit, comparator), of the target paragraphs and
    the tasks' texts, flat, with its section and task."""
    from ..exports import show
    from ..exports.views import indicators_view
    from ..figures import INDICATOR_COLUMNS, indicator_rows
    from ..loader import load_notice_data

    chosen = listing_format(fmt, output)
    written_to(output, source)
    notice = load_notice_data(source, read.encoding, read.source_format)
    rows = indicator_rows(notice, section, by_value)
    show(rows, chosen, INDICATOR_COLUMNS, indicators_view, output=output, bom=not no_bom)


@app.command(
    "projects",
    epilog=_("Example:") + " taobei projects --format csv > projects.csv",
    help=_("Every investment (总投资) named in a task, with its task, section and lead units."),
)
@runs
@reads_notices()
def projects_command(
    source: SourceArgument = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    no_bom: NoBomOption = False,
    *,
    read: SourceOptions,
) -> None:
    """Every investment (总投资) named in a task, with its task, section and lead units."""
    from ..exports import show
    from ..exports.views import projects_view
    from ..figures import PROJECT_COLUMNS, project_rows
    from ..loader import load_notice_data

    chosen = listing_format(fmt, output)
    written_to(output, source)
    show(
        project_rows(load_notice_data(source, read.encoding, read.source_format)),
        chosen,
        PROJECT_COLUMNS,
        projects_view,
        output=output,
        bom=not no_bom,
    )
