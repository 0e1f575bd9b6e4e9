"""Assemble a ``Notice`` from the line index: the one pure entry point ``parse(text)``.

Stages, each linear in the number of lines:

1. ``split_lines`` (source.py) — index and fold the text;
2. ``read_metadata`` (header.py) — the portal header block;
3. ``classify`` (blocks.py) — every other non-blank line becomes an item (numbered), a
   responsibility line or a paragraph (the catch-all, so no line is dropped);
4. zones (here) — a signature (signer, date, 此件公开发布) with tasks after it closes a covering
   notice; otherwise the notice and the plan are one document, signed at the end; a pasted table
   (tables.py) is read instead when its header comes before the first task;
5. ``levels`` (builder.py) — the numbering scheme whose items carry clauses is the task level;
   schemes above it are sections and sub-headings;
6. ``Builder`` (builder.py) walks the plan's blocks once: sections, tasks, targets, closing;
7. numbers (here) — numbering checks and the indicators of targets.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from ..diagnostics import Diagnostics
from ..errors import NoTaskListError
from ..models import (
    CoveringNotice,
    Indicator,
    Metadata,
    Notice,
    Paragraph,
    Plan,
    Section,
    SourceInfo,
    Task,
)
from .blocks import Block, classify, mark_measures
from .builder import Builder, levels
from .due import date_tasks
from .header import Header, Signature, find_signature, read_covering, read_metadata, read_plan
from .indicators import indicators, read_target
from .jurisdiction import read_jurisdiction
from .metrics import implausible
from .oneline import refold, unfold
from .reader import ClauseReader
from .source import Line, sha256, split_lines
from .tables import find_table, read_table
from .target_words import title_year

NO_TASKS = (
    "no task list found: looked for numbered items (一、 （一） 1. （1）) carrying a "
    "responsibility clause ([…牵头负责], （…负责）, 牵头单位:…)"
)


def parse(text: str, *, source: SourceInfo | None = None, measures: bool = False) -> Notice:
    """Parse a notice's text. Pure: no I/O. Raises NoTaskListError when there is no task list.

    ``measures``: a text whose numbered items carry no responsibility clause at all is read as
    tasks with no units (its deepest numbered items), instead of refused: a notice saying who
    does what is a task list, numbered prose is one only when the caller says so."""
    # A parse allocates many small objects and no cycles; the cyclic collector's passes over a
    # growing heap would make a long input cost more than linear time, so it waits until we end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        unfolded, origins = unfold(text)
        notice = _parse(unfolded, source, text, measures)
        if origins is not None:
            refold(notice, origins)
        return notice
    finally:
        if collecting:
            gc.enable()


class _Structure(NamedTuple):
    """What the line index gave: the parts of a notice before its numbers are read."""

    header: Header
    covering: CoveringNotice
    plan: Plan
    sections: list[Section]
    closing: list[Paragraph]


def _parse(text: str, source: SourceInfo | None, original: str, measures: bool) -> Notice:
    diagnostics = Diagnostics()
    reader = ClauseReader(diagnostics)
    # The line index, blocks and runs live only inside _structure: they are freed before the
    # numbers are read and the notice is validated, which is when a parse's memory peaks.
    found = _structure(text, reader, diagnostics, measures)
    tasks = [task for section in found.sections for task in section.tasks]
    if not tasks:
        raise NoTaskListError(NO_TASKS)
    local = _is_local(found.header.metadata.issuer or found.covering.signer)
    issued = issued_year(found.header.metadata, found.covering)
    titles = (found.plan.title, found.covering.title, found.header.metadata.title)
    plan_year = next((y for y in map(title_year, titles) if y), None)
    _read_numbers(found.sections, local, issued, plan_year, diagnostics)
    if found.covering.body:  # 力争全年地区生产总值增长6%: a target the covering notice states
        found.covering.indicators = _stated_in(found.covering.body, plan_year, issued)
    if found.plan.preamble:
        found.plan.indicators = _stated_in(found.plan.preamble, plan_year, issued)
    date_tasks(tasks, issued, diagnostics)
    _check_numbers(tasks, diagnostics)
    _attach(diagnostics, tasks)
    area = read_jurisdiction(found.header.metadata, found.covering, found.plan, text)
    return Notice(
        source=source or _string_source(original),
        front_matter=found.header.front_matter,
        metadata=found.header.metadata,
        jurisdiction=area,
        notice=found.covering,
        plan=found.plan,
        sections=found.sections,
        closing="\n".join(p.text for p in found.closing) or None,
        closing_line=found.closing[0].line if found.closing else None,
        conventions=reader.conventions,
        diagnostics=sorted(diagnostics, key=lambda d: d.line or 0),  # stable: file order
    )


def _structure(
    text: str, reader: ClauseReader, diagnostics: Diagnostics, measures: bool
) -> _Structure:
    """Sections, tasks and targets from the text, with the header, covering notice and plan."""
    lines = split_lines(text)
    reader.scan(lines)
    header = read_metadata(lines, diagnostics)
    blocks = classify(lines[header.end :])
    first_task = next((b for b in blocks if b.carries), None)
    table = find_table(lines, header.end)
    if table is not None and (first_task is None or table.header_line < first_task.line.number):
        signature = find_signature(lines, header.end, table.header_line - 1)
        covering, plan, _ = _intro(
            lines, header.end, table.header_line, table.header_line, signature
        )
        sections, closing = read_table(table, reader, diagnostics)
    else:
        clauseless = first_task is None
        if clauseless:
            first_task = _measures(blocks)
        signature = _covering_signature(lines, header.end, blocks)
        if signature is not None:  # items before it are the covering notice's requirements
            blocks = [b for b in blocks if b.line.number > max(signature.lines)]
            first_task = next((b for b in blocks if b.carries), first_task)
        if clauseless and not measures:
            count = sum(b.carries for b in blocks)
            raise NoTaskListError(f"{NO_TASKS}; {count} {MEASURES_HINT}")
        assert first_task is not None
        intro_end = _first_item(blocks, first_task)
        covering, plan, skip = _intro(
            lines, header.end, intro_end, first_task.line.number, signature
        )
        body = [b for b in blocks if b.line.number >= intro_end and b.line.number not in skip]
        found = levels(body, clauseless)
        if found is not None and clauseless:
            found = found._replace(clauseless=True)
            diagnostics.warning(
                "no-clauses", None, "no item carries a responsibility clause: the deepest "
                "numbered items are read as tasks with no units (--measures)",
            )  # fmt: skip
        if found is None:
            raise NoTaskListError(NO_TASKS + "; no numbering level has a clause on most items")
        builder = Builder(found, diagnostics, reader, body)
        for block in body:
            builder.feed(block)
        builder.finish()
        sections, closing = builder.sections, builder.pending
    return _Structure(header, covering, plan, sections, closing)


def _covering_signature(
    lines: Sequence[Line], start: int, blocks: Sequence[Block]
) -> Signature | None:
    """A signature (signer, date, 此件公开发布) with tasks after it closes a covering notice."""
    carrying = [b for b in blocks if b.carries] or [b for b in blocks if b.marker is not None]
    if not carrying:
        return None
    signature = find_signature(lines, start, carrying[-1].line.number - 1)
    if signature is None or carrying[-1].line.number < max(signature.lines):
        return None
    return signature


def _intro(
    lines: Sequence[Line],
    start: int,
    body_line: int,
    first_task_line: int,
    signature: Signature | None,
) -> tuple[CoveringNotice, Plan, set[int]]:
    """Covering notice and plan title from the lines before the body (``lines`` index ``start``
    up to line number ``body_line``), and the signature lines to leave out of the body.

    With a ``signature`` before the tasks, the covering notice ends there and the plan follows;
    otherwise notice and plan are one document, signed after its tasks (if at all).
    """
    if signature is not None:
        covering_end = max(signature.lines)
        covering = read_covering(lines[start:covering_end], signature)
        return covering, read_plan(lines[covering_end : body_line - 1]), set()
    tail = find_signature(lines, first_task_line - 1, len(lines))
    covering = read_covering(lines[start : body_line - 1], tail)
    skip = tail.lines if tail else set()
    if covering.document_number or covering.recipients or tail:
        plan = Plan(title=covering.title, preamble=covering.body, line=covering.line)
        return covering, plan, skip
    return CoveringNotice(), read_plan(lines[start : body_line - 1]), skip


_LOCAL_ISSUER = re.compile(r"[区县旗](?:人民政府|委员会|办公室)?$")
MEASURES_HINT = "numbered measures carry no responsibility clause; --measures lists them"


def _measures(blocks: Sequence[Block]) -> Block:
    """The first measure of a text whose items carry no clause at all (see ``mark_measures``);
    NoTaskListError when it has none."""
    if mark_measures(blocks) == 0:
        raise NoTaskListError(NO_TASKS)
    return next(b for b in blocks if b.carries)


_NUMERAL = re.compile(r"[0-9零〇一二三四五六七八九十百]+")


def _string_source(text: str) -> SourceInfo:
    return SourceInfo(path="<string>", encoding="utf-8", sha256=sha256(text.encode("utf-8")))


def _first_item(blocks: Sequence[Block], first_task: Block) -> int:
    """Line number where the plan body starts: the first item at or above the task's level."""
    assert first_task.marker is not None
    for block in blocks:
        if block.marker is not None and block.marker.scheme.rank <= first_task.marker.scheme.rank:
            return block.line.number
    return first_task.line.number


_DOCUMENT_YEAR = re.compile(r"[〔\[(（](\d{4})[〕\])）]")


def issued_year(metadata: Metadata, covering: CoveringNotice) -> int | None:
    """The notice's year: its date (signed, written, published), else its 文号's 〔2016〕."""
    for day in (covering.signed_date, metadata.written_date, metadata.published_date):
        if day is not None:
            return day.year
    for number in (covering.document_number, metadata.document_number):
        if number and (year := _DOCUMENT_YEAR.search(number)):
            return int(year[1])
    return None


def _is_local(issuer: str | None) -> bool:
    """A district- or county-level issuer (…区人民政府, …县人民政府)."""
    return bool(issuer and _LOCAL_ISSUER.search(issuer))


def _stated_in(text: str, plan_year: int | None, issued: int | None) -> list[Indicator]:
    """Targets a text outside the sections states: quantified, a verb stating each."""
    return indicators(text, year=plan_year, issued=issued, in_task=True)


def _read_numbers(
    sections: list[Section],
    local: bool,
    issued: int | None,
    plan_year: int | None,
    diagnostics: Diagnostics,
) -> None:
    """Indicators of every target and every task's text (a task's investments and milestones
    are read with it); ``issued``, the notice's year, tells a fact from a promise; a promise
    no sentence dates takes its section's target year, else ``plan_year`` (the title's)."""
    for section in sections:
        section.targets = [read_target(target, issued, plan_year) for target in section.targets]
        year = next((t.year for t in section.targets if t.year), plan_year)
        for task in section.tasks:
            task.indicators = indicators(task.text, year=year, issued=issued, in_task=True)
        placed = [(t.line, t.indicators) for t in section.targets]
        placed += [(t.line, t.indicators) for t in section.tasks]
        for line, found in placed:
            for indicator in found:
                if reason := implausible(indicator, local):
                    diagnostics.warning("implausible-value", line, reason)


def _attach(diagnostics: Diagnostics, tasks: Sequence[Task]) -> None:
    """Each diagnostic on a task's lines names the task (its seq), so a query can tell which
    tasks it printed were read with doubt. Tasks are in line order; one pass over both."""
    spans = sorted((task.line, task.end_line, task.seq) for task in tasks)
    starts = [span[0] for span in spans]
    for index, diagnostic in enumerate(diagnostics):
        if diagnostic.line is None:
            continue
        at = bisect_right(starts, diagnostic.line) - 1
        if at >= 0 and spans[at][1] >= diagnostic.line:
            diagnostics[index] = diagnostic.model_copy(update={"task": spans[at][2]})


def _check_numbers(tasks: Sequence[Task], diagnostics: Diagnostics) -> None:
    """Duplicate and missing printed numbers, each named with its line; restarts are fine."""
    previous: Task | None = None
    seen: set[int] = set()
    for task in tasks:
        restart = previous is not None and (
            (
                task.number == 1
                and (task.section, task.subheading) != (previous.section, previous.subheading)
            )
            or _NUMERAL.sub("", task.label) != _NUMERAL.sub("", previous.label)
        )  # numbering anew under a new parent, or another scheme (a section that is a task)
        if restart:
            seen = set()
        elif task.number in seen:
            diagnostics.warning(
                "duplicate-number",
                task.line,
                f"task number {task.number} appears again (seq {task.seq})",
            )
        elif previous is not None and task.number > previous.number + 1:
            first, last = previous.number + 1, task.number - 1  # one diagnostic for a whole gap
            gap = f"number {first} is" if first == last else f"numbers {first}–{last} are"
            diagnostics.warning(
                "missing-number", task.line, f"task {gap} missing (before line {task.line})"
            )
        seen.add(task.number)
        previous = task
