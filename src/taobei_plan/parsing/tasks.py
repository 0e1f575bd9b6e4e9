"""Building a task from an item once its extent is known: text, clauses, responsibility."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostics
from ..models import Task, validated
from .blocks import Block
from .clauses import Group, Run
from .combine import ReadClause, combine
from .projects import investments, milestones
from .reader import ClauseReader
from .source import Line


@dataclass(slots=True, eq=False)
class OpenTask:
    """An item being read: its first block, where it stands, its text and responsibility lines."""

    block: Block
    section: int
    subheading: str | None
    run: Run
    responsibility_lines: list[Line] = field(default_factory=list)


def build_task(
    task: OpenTask,
    seq: int,
    reader: ClauseReader,
    diagnostics: Diagnostics,
    last: bool,
    expect_clause: bool = True,
) -> Task:
    """The task an open item became: its text without clauses, its clauses read and combined."""
    marker = task.block.marker
    assert marker is not None
    run = task.run
    groups = run.clauses()
    clauses = [_clause(run, group, reader, diagnostics) for group in groups]
    if len(clauses) > 1:
        for clause, closes in zip(clauses, run.texts_closed(groups), strict=True):
            clause.closes = closes
    if task.responsibility_lines:
        clauses.append(_lines_clause(task.responsibility_lines, reader))
    elif not clauses and (closing := task.block.section_clause) is not None:
        clauses.append(_section_clause(closing, reader, diagnostics))
    whole = run.text_without(groups)
    text = whole.strip()
    lead = len(whole) - len(whole.lstrip())
    folded = run.text_without(groups, folded=True)[lead : lead + len(text)]  # same offsets
    line = task.block.line.number
    label = marker.label(task.block.line.raw)
    if not clauses and expect_clause:
        if last:
            diagnostics.warning(
                "truncated-task",
                run.numbers[-1],
                f"the document stops inside task {label} (no responsibility clause)",
            )
        else:
            diagnostics.warning(
                "missing-clause", line, f"task {label} has no responsibility clause"
            )
    return validated(
        Task,
        seq=seq,
        number=marker.number,
        label=label,
        section=task.section,
        subheading=task.subheading,
        line=line,
        end_line=max(run.numbers + [ln.number for ln in task.responsibility_lines]),
        text=text,
        responsibility=combine(clauses, reader.standing),
        deadline=next((c.deadline for c in clauses if c.deadline), None),
        scope=next((c.scope for c in clauses if c.scope), None),
        leaders=list(dict.fromkeys(name for c in clauses for name in c.leaders)),
        investments=investments(text, folded),
        milestones=milestones(text, folded),
    )


def _clause(run: Run, group: Group, reader: ClauseReader, diagnostics: Diagnostics) -> ReadClause:
    """Read a clause group; an unclosed bracket is reported where it opened."""
    raw, folded = run.inside(group)
    line = run.line_at(group.start)
    if not group.closed:
        diagnostics.error(
            "unclosed-bracket", line, f"'{run.raw[group.start]}' opened here is never closed"
        )
    return reader.read(raw, folded, line, group.form)


def _lines_clause(lines: list[Line], reader: ClauseReader) -> ReadClause:
    raw = "\n".join(line.raw.strip() for line in lines)
    folded = "\n".join(line.folded.strip() for line in lines)
    return reader.read(raw, folded, lines[0].number, "lines")


def _section_clause(closing: Block, reader: ClauseReader, diagnostics: Diagnostics) -> ReadClause:
    """The clause line closing a section (``责任单位：…`` or ``（…牵头）``), read once for all the
    items it serves."""
    if not isinstance(closing.shared, ReadClause):
        if closing.responsibility:
            closing.shared = _lines_clause([closing.line], reader)
        else:
            run = Run()
            run.append(closing.line)
            closing.shared = _clause(run, run.clauses()[0], reader, diagnostics)
    return closing.shared
