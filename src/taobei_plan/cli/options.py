"""Options shared by the commands, each defined once so every command says the same thing."""

from __future__ import annotations

from typing import Annotated

import typer

from ..choices import Role
from ..language import _

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help=_(
            "json, jsonl, yaml, csv or table (table only on a terminal "
            "by default; piped output is json)."
        ),
    ),
]
SourceArgument = Annotated[
    str | None,
    typer.Argument(
        help=_(
            "A notice in any format (.txt .html .docx .pdf .ofd …), a parsed JSON/YAML file, a "
            "taobei database (.db), or - for stdin. "
            "Default: the bundled Taobei notice."
        ),
        show_default=False,
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help=_(
            "Write to this file, replaced only when complete (format from .json/.jsonl/.yaml/"
            ".csv). A CSV file starts with a BOM for Excel and has Chinese headers in a Chinese "
            "locale."
        ),
        show_default=False,
    ),
]
NoBomOption = Annotated[
    bool, typer.Option("--no-bom", help=_("Write a CSV file without the BOM Excel needs."))
]
SectionOption = Annotated[
    str | None,
    typer.Option("--section", "-s", help=_("Section number, numeral or (part of) title.")),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help=_("Read the input as this format (default: detected from its bytes)."),
        show_default=False,
    ),
]
MaxSizeOption = Annotated[
    str | None,
    typer.Option(
        "--max-size",
        help=_("Refuse inputs larger than this (default 20M; e.g. 50M, 1G)."),
        show_default=False,
    ),
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        help=_("Stop reading a document after this many seconds (default 60; 0: no limit)."),
        show_default=False,
    ),
]
MeasuresOption = Annotated[
    bool,
    typer.Option(
        "--measures",
        help=_(
            "Read a notice whose numbered items carry no responsibility clause at all: its "
            "deepest numbered items become tasks with no units (one no-clauses warning)."
        ),
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help=_("Decode the file with this encoding (default: detect BOM, UTF-8, GB18030)."),
    ),
]
DeptOption = Annotated[
    str | None,
    typer.Option(
        "--dept", "-d", help=_("Department: name, full name, alias or a unique part of one.")
    ),
]
RoleOption = Annotated[
    Role, typer.Option("--role", help=_("Which of the department's tasks: lead, co or any."))
]
GrepOption = Annotated[
    str | None, typer.Option("--grep", "-g", help=_("Only tasks whose text contains this."))
]
ByValueOption = Annotated[
    bool,
    typer.Option(
        "--by-value",
        help=_("Group by base unit, largest scaled value first (10亿千瓦 before 155万千瓦)."),
    ),
]
DueBeforeOption = Annotated[
    str | None,
    typer.Option(
        "--due-before",
        help=_("Only tasks due on or before this date (YYYY-MM-DD)."),
        show_default=False,
    ),
]
DueWithinOption = Annotated[
    int | None,
    typer.Option(
        "--due-within",
        min=0,
        help=_("Only tasks due from today to this many days ahead."),
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=_("Work out each task's status as of this date (YYYY-MM-DD; default: today)."),
        show_default=False,
    ),
]
WarnDaysOption = Annotated[
    int,
    typer.Option("--warn-days", min=0, help=_("A task due within this many days is due soon.")),
]
