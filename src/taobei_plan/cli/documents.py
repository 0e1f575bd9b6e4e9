"""Commands that read a document whole: parse, text, schema, check, diff."""

from collections.abc import Iterable
from typing import Annotated

import typer

from ..language import _
from .app import SourceOptions, app, reads_notices, runs


@app.command(
    "parse",
    epilog=_("Example:") + " taobei parse notice.txt --format yaml -o notice.yaml; "
    "taobei parse notices/ --jobs 2 > all.jsonl",
    help=_("Parse notices and print them as JSON, YAML or JSON lines."),
)
@runs
@reads_notices()
def parse_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help=_(
                "Notices in any format (.txt .html .docx .doc .wps .pdf .ofd .xlsx) or folders of them, or - for stdin. "
                "Default: the bundled Taobei notice."
            ),
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=_(
                "json (default for one notice), yaml, or jsonl (default for "
                "several: one notice a line)."
            ),
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help=_("Write to this file (format from .json/.jsonl/.yaml/.yml).")
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", help=_("Processes for several notices (default: one per CPU).")
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=_("Replace a read-only output file."))
    ] = False,
    *,
    read: SourceOptions,
) -> int:
    """Parse notices and print them as JSON, YAML or JSON lines."""
    from pathlib import Path

    many = len(files or []) > 1 or any(Path(f).is_dir() for f in files or [])
    if many:
        from ..batch import run_batch

        return run_batch(files or [], fmt, output, read.encoding, jobs, read.source_format, force)
    from ..exports import check_format, format_for
    from ..exports.emit import notice_json_chunks, render
    from ..exports.files import check_target, write_file, write_stdout
    from ..exports.views import status
    from ..loader import parse_bytes, source_bytes

    chosen = format_for(output, fmt)
    check_format(chosen, ("json", "yaml", "jsonl"))
    if output:
        check_target(output, files or [], force)
    data, path = source_bytes(files[0] if files else None)
    with status(f"parsing {path} ({len(data) / 1e6:.1f} MB)", when=len(data) > 2e6):
        notice = parse_bytes(data, path, read.encoding, read.source_format)
    if chosen == "json":  # written from the model, a task at a time: never held twice
        text: Iterable[str] | str = notice_json_chunks(notice)
    else:
        text = render(notice.model_dump(mode="json"), chosen)
    if output:
        write_file(output, text)
    else:
        write_stdout(text)
    return 0


@app.command(
    "text",
    epilog=_("Example:") + " taobei text 通知.docx > 通知.txt; taobei text page.html | head",
    help=_(
        "Print the text taobei reads from a document: one paragraph a line, table rows as tab-separated cells. Every line number in the parse output refers to this text."
    ),
)
@runs
@reads_notices(measures=False)
def text_command(
    file: Annotated[
        str | None,
        typer.Argument(
            help=_(
                "A notice in any format (.html .docx .doc .wps .pdf .ofd .xlsx .txt), or - "
                "for stdin. Default: the bundled notice."
            ),
            show_default=False,
        ),
    ] = None,
    pages: Annotated[
        bool, typer.Option("--pages", help=_("Start each line with its page number and a tab."))
    ] = False,
    *,
    read: SourceOptions,
) -> None:
    """Print the text taobei reads from a document: one paragraph a line, table rows as
    tab-separated cells. Every line number in the parse output refers to this text."""
    from ..deadline import deadline
    from ..exports.files import write_stdout
    from ..loader import read_document, source_bytes

    data, path = source_bytes(file)
    with deadline():
        document = read_document(data, path, read.encoding, read.source_format)
    lines = document.text.split("\n")
    if pages and document.pages:
        lines = [f"{page}\t{line}" for page, line in zip(document.pages, lines, strict=False)]
    write_stdout("\n".join(lines) + "\n")


@app.command(
    "schema",
    epilog=_("Example:") + " taobei schema > notice.schema.json",
    help=_("Print the JSON Schema of the parse output."),
)
@runs
def schema_command() -> None:
    """Print the JSON Schema of the parse output."""
    from ..exports.emit import to_json
    from ..exports.files import write_stdout
    from ..models import Notice

    write_stdout(to_json(Notice.model_json_schema()))


@app.command(
    "check",
    epilog=_("Example:") + " taobei check notice.txt --strict",
    help=_(
        "Report diagnostics as FILE:LINE: severity: code: message, and how the notice was read."
    ),
)
@runs
@reads_notices()
def check_command(
    file: Annotated[
        str | None,
        typer.Argument(
            help=_("A notice in any format, or - for stdin. Default: the bundled notice."),
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help=_("Exit 1 on warnings too."))] = False,
    *,
    read: SourceOptions,
) -> int:
    """Report diagnostics as FILE:LINE: severity: code: message, and how the notice was read."""
    from ..check import report
    from ..exports.files import write_stdout
    from ..loader import load_text_notice

    text, failed = report(load_text_notice(file, read.encoding, read.source_format), strict)
    write_stdout(text)
    return 1 if failed else 0


#: taobei diff: its formats, and the format each output extension names.
_DIFF_EXTENSIONS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html",
                     ".htm": "html"}  # fmt: skip
DIFF_FORMATS = ("table", "json", "markdown", "html")


@app.command(
    "diff",
    epilog=_("Example:") + " taobei diff 2024年分工方案.docx 2025年分工方案.docx -o 变化.html",
    help=_(
        "Compare two notices (two versions, or two years of one government's): tasks added, "
        "removed and changed, matched by content, not number; target indicators. Exit 0 when "
        "nothing changed, 1 when something did, 2 on errors."
    ),
)
@runs
@reads_notices()
def diff_command(
    old: Annotated[str, typer.Argument(help=_("The earlier notice (any format taobei reads)."))],
    new: Annotated[str, typer.Argument(help=_("The later notice."))],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=_("table (on a terminal), json (when piped), markdown or html."),
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help=_("Write to this file (format from .json/.md/.html).")),
    ] = None,
    *,
    read: SourceOptions,
) -> int:
    """Compare two notices: tasks added, removed and changed; target indicators."""
    import sys
    from pathlib import Path

    from ..compare import diff_notices
    from ..errors import TaobeiError, UsageError
    from ..exports import check_format
    from ..exports.diff_view import diff_data, print_table, to_html, to_markdown
    from ..exports.emit import to_json
    from ..exports.files import check_target, write_file, write_stdout
    from ..loader import load_notice
    from ..query import notice_name

    chosen = fmt or (_DIFF_EXTENSIONS.get(Path(output).suffix.lower(), "json") if output else None)
    chosen = chosen or ("table" if sys.stdout.isatty() else "json")
    check_format(chosen, DIFF_FORMATS)
    if chosen == "table" and output:
        raise UsageError(_("a table is for the terminal; with -o write json, markdown or html"))
    if output:
        check_target(output, [old, new])
    try:
        before = load_notice(old, read.encoding, read.source_format)
        after = load_notice(new, read.encoding, read.source_format)
    except TaobeiError as error:
        error.exit_code = 2  # as diff's: 1 means "they differ"
        raise
    diff = diff_notices(before, after)
    names = notice_name(before), notice_name(after)
    if names[0] == names[1]:  # two versions under one 文号: the files tell them apart
        names = before.source.path, after.source.path
    data = diff_data(diff, *names)
    if chosen == "table":
        print_table(data)
    else:
        writers = {"json": to_json, "markdown": to_markdown, "html": to_html}
        text = writers[chosen](data)
        if output:
            write_file(output, text)
        else:
            write_stdout(text)
    return 0 if diff.empty() else 1
