"""The ``taobei`` command: a thin translation from options to library calls and one output step.

Only typer is imported at start-up; each command imports what it needs, so ``--help`` stays fast.
Errors from the library become one ``Error: …`` line on stderr and the exit code of their class
(see the README): 0 ok, 1 the content has a problem, 2 usage or I/O.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer

from . import __version__
from .options import (
    EncodingOption,
    FormatOption,
    FromOption,
    MaxSizeOption,
    SectionOption,
    SourceArgument,
)

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from .models import Notice
    from .query import Role

app = typer.Typer(
    name="taobei",
    help="Turn Chinese government task-list notices (任务清单) into validated, queryable data.",
    epilog="Example: taobei parse notice.txt | jq '.sections[].tasks | length'",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}
T = TypeVar("T")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"taobei {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Say more on stderr (e.g. why the cache is off)."),
    ] = False,
) -> None:
    """Turn Chinese government task-list notices (任务清单) into validated, queryable data."""
    _state["debug"] = debug
    if verbose:
        import logging

        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("taobei: %(message)s"))
        logger = logging.getLogger("taobei")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _limit(max_size: str | None) -> None:
    """Apply ``--max-size`` for this command (the default when not given)."""
    from .loader import DEFAULT_MAX_SIZE, parse_size, set_max_size

    set_max_size(DEFAULT_MAX_SIZE if max_size is None else parse_size(max_size))


def _run(action: Callable[[], T]) -> T:
    """Run a command body, turning taobei errors into one stderr line and an exit code."""
    from .errors import TaobeiError

    try:
        return action()
    except TaobeiError as error:
        if _state["debug"]:
            raise
        typer.echo(f"Error: {_one_line(str(error))}", err=True)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("Interrupted", err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        # The reader went away (| head): not an error. Point stdout at /dev/null so the
        # interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:  # a bug: still one line, the traceback only with --debug
        if _state["debug"]:
            raise
        typer.echo(
            f"Error: internal error ({type(error).__name__}: {_one_line(str(error))}); "
            "run with --debug and report it",
            err=True,
        )
        raise typer.Exit(1) from None


def _one_line(message: str) -> str:
    """Errors are one line of readable length, whatever input they quote."""
    from .errors import shorten

    return shorten(message, 500)


def _load(
    source: str | None,
    encoding: str | None = None,
    source_format: str | None = None,
    max_size: str | None = None,
) -> Notice:
    from .loader import load_notice

    _limit(max_size)
    return load_notice(source, encoding, source_format)


def _listing_format(fmt: str | None) -> str:
    from .exports import listing_format

    return listing_format(fmt, sys.stdout.isatty())


@app.command(
    "parse",
    epilog="Example: taobei parse notice.txt --format yaml -o notice.yaml; "
    "taobei parse notices/ --jobs 2 > all.jsonl",
)
def parse_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Notice text files or directories (their *.txt files), or - for stdin. "
            "Default: the bundled Taobei notice.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="json (default for one notice), yaml, or jsonl (default for "
            "several: one notice a line).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Write to this file (format from .json/.jsonl/.yaml/.yml)."
        ),
    ] = None,
    encoding: EncodingOption = None,
    source_format: FromOption = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Processes for several notices (default: one per CPU)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a read-only output file.")
    ] = False,
    max_size: MaxSizeOption = None,
) -> None:
    """Parse notices and print them as JSON, YAML or JSON lines."""

    def action() -> int:
        from pathlib import Path

        _limit(max_size)
        many = len(files or []) > 1 or any(Path(f).is_dir() for f in files or [])
        if many:
            from .batch import run_batch

            return run_batch(files or [], fmt, output, encoding, jobs, source_format, force)
        from .exports import check_format, format_for
        from .exports.emit import json_chunks, render
        from .exports.files import check_target, write_file, write_stdout
        from .exports.views import status
        from .loader import parse_bytes, source_bytes

        chosen = format_for(output, fmt)
        check_format(chosen, ("json", "yaml", "jsonl"))
        if output:
            check_target(output, files or [], force)
        data, path = source_bytes(files[0] if files else None)
        with status(f"parsing {path} ({len(data) / 1e6:.1f} MB)") if len(data) > 2e6 else _quiet():
            notice = parse_bytes(data, path, encoding, source_format)
        dumped = notice.model_dump(mode="json")
        del notice  # the model and its JSON text need not live at once
        text = json_chunks(dumped) if chosen == "json" else render(dumped, chosen)
        if output:
            write_file(output, text)
        else:
            write_stdout(text)
        return 0

    raise typer.Exit(_run(action))


def _quiet() -> AbstractContextManager[object]:
    from contextlib import nullcontext

    return nullcontext()


@app.command("schema", epilog="Example: taobei schema > notice.schema.json")
def schema_command() -> None:
    """Print the JSON Schema of the parse output."""

    def action() -> None:
        from .exports.emit import to_json
        from .exports.files import write_stdout
        from .models import Notice

        write_stdout(to_json(Notice.model_json_schema()))

    _run(action)


@app.command("tasks", epilog="Example: taobei tasks --dept 区水利局 --role lead --format csv")
def tasks_command(
    source: SourceArgument = None,
    dept: Annotated[
        str | None,
        typer.Option(
            "--dept", "-d", help="Department: name, full name, alias or a unique part of one."
        ),
    ] = None,
    role: Annotated[str, typer.Option("--role", help="lead, co or any.")] = "any",
    section: SectionOption = None,
    grep: Annotated[
        str | None, typer.Option("--grep", "-g", help="Only tasks whose text contains this.")
    ] = None,
    fmt: FormatOption = None,
    encoding: EncodingOption = None,
    source_format: FromOption = None,
    max_size: MaxSizeOption = None,
) -> None:
    """List tasks, optionally those a department leads or supports."""

    def action() -> None:
        from .errors import UsageError
        from .exports import show
        from .exports.views import tasks_view
        from .query import TASK_COLUMNS, ledger_row, task_rows

        if role not in ("lead", "co", "any"):
            raise UsageError(f"unknown role '{role}'; choose lead, co or any")
        chosen = _listing_format(fmt)
        notice = _load(source, encoding, source_format, max_size)
        rows = task_rows(notice, dept, cast("Role", role), section, grep)
        flat = [ledger_row(row) for row in rows]
        show(rows, chosen, TASK_COLUMNS, lambda _: tasks_view(flat, dept), csv_rows=flat)

    _run(action)


@app.command("depts", epilog="Example: taobei depts --format csv > load.csv")
def depts_command(
    source: SourceArgument = None,
    fmt: FormatOption = None,
    encoding: EncodingOption = None,
    source_format: FromOption = None,
    max_size: MaxSizeOption = None,
) -> None:
    """Every unit with its kind and how many tasks it leads and supports, busiest first."""

    def action() -> None:
        from .exports import show
        from .exports.views import depts_view
        from .query import DEPT_COLUMNS, dept_rows

        chosen = _listing_format(fmt)
        show(
            dept_rows(_load(source, encoding, source_format, max_size)),
            chosen,
            DEPT_COLUMNS,
            depts_view,
        )

    _run(action)


@app.command("indicators", epilog="Example: taobei indicators --section 产业发展 --format csv")
def indicators_command(
    source: SourceArgument = None,
    section: SectionOption = None,
    fmt: FormatOption = None,
    encoding: EncodingOption = None,
    source_format: FromOption = None,
    max_size: MaxSizeOption = None,
) -> None:
    """Every target indicator (metric, value, unit, comparator), flat, with its section."""

    def action() -> None:
        from .exports import show
        from .exports.views import indicators_view
        from .query import INDICATOR_COLUMNS, indicator_rows

        chosen = _listing_format(fmt)
        rows = indicator_rows(_load(source, encoding, source_format, max_size), section)
        show(rows, chosen, INDICATOR_COLUMNS, indicators_view)

    _run(action)


@app.command("projects", epilog="Example: taobei projects --format csv > projects.csv")
def projects_command(
    source: SourceArgument = None,
    fmt: FormatOption = None,
    encoding: EncodingOption = None,
    source_format: FromOption = None,
    max_size: MaxSizeOption = None,
) -> None:
    """Every investment (总投资) named in a task, with its task, section and lead units."""

    def action() -> None:
        from .exports import show
        from .exports.views import projects_view
        from .query import PROJECT_COLUMNS, project_rows

        chosen = _listing_format(fmt)
        show(
            project_rows(_load(source, encoding, source_format, max_size)),
            chosen,
            PROJECT_COLUMNS,
            projects_view,
        )

    _run(action)


@app.command("check", epilog="Example: taobei check notice.txt --strict")
def check_command(
    file: Annotated[
        str | None,
        typer.Argument(
            help="Notice text file, or - for stdin. Default: the bundled notice.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    encoding: EncodingOption = None,
    source_format: FromOption = None,
    max_size: MaxSizeOption = None,
) -> None:
    """Report diagnostics as FILE:LINE: severity: code: message, and how the notice was read."""

    def action() -> int:
        from .check import report
        from .exports.files import write_stdout
        from .loader import load_text_notice

        _limit(max_size)
        text, failed = report(load_text_notice(file, encoding, source_format), strict)
        write_stdout(text)
        return 1 if failed else 0

    code = _run(action)
    raise typer.Exit(code)


def main() -> Any:
    """Console-script entry point."""
    return app()
