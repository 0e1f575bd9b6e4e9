"""Stages 4–6 of a parse: the task level, then one walk over the blocks that builds sections,
sub-headings, tasks (with their clauses read), targets and the closing paragraphs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import InitVar, dataclass, field

import regex

from ..diagnostics import Diagnostics
from ..models import (
    Clause,
    LeadMode,
    Paragraph,
    Responsibility,
    Section,
    Target,
    Task,
    Unit,
)
from .blocks import Block, item_run
from .clauses import Group, Run
from .indicators import PERIOD
from .numbering import Scheme
from .responsibility import ClauseReader
from .source import SENTENCE_MARK, Line, fold
from .units import unique

#: A goal paragraph opens with its period: 到2025年…, “十四五”时期…, 至2020年底…
TARGET_START = regex.compile(rf"^[ ]*(?:{PERIOD})")
_FORMS = {"[": "bracket", "(": "paren", "label": "inline", "list": "list"}
_FINAL = regex.compile(r"[。!?]$")
_ITEM_HEADING = regex.compile(r"^[^。]{1,16}。")


@dataclass
class Levels:
    task: Scheme
    section: Scheme | None
    subheadings: frozenset[str]


def levels(blocks: Sequence[Block]) -> Levels:
    """The scheme whose items carry clauses most often is the task level."""
    carrying = Counter(b.marker.scheme for b in blocks if b.marker is not None and b.carries)
    task = max(carrying, key=lambda scheme: (carrying[scheme], scheme.rank))
    above = sorted(
        {
            b.marker.scheme
            for b in blocks
            if b.marker is not None and b.marker.scheme.rank < task.rank
        },
        key=lambda scheme: scheme.rank,
    )
    return Levels(task, above[0] if above else None, frozenset(s.name for s in above[1:]))


def _carrying_sections(blocks: Sequence[Block], levels: Levels) -> set[int]:
    """Line numbers of the section headings (0: before any) whose task items carry clauses."""
    found: set[int] = set()
    heading = 0
    for block in blocks:
        if block.marker is None:
            continue
        if block.marker.scheme == levels.section:
            heading = block.line.number
        elif block.marker.scheme == levels.task and block.carries:
            found.add(heading)
    return found


@dataclass
class _OpenTask:
    block: Block
    section: int
    subheading: str | None
    run: Run
    responsibility_lines: list[Line] = field(default_factory=list)


@dataclass
class Builder:
    """Walks the plan's blocks once, in order."""

    levels: Levels
    diagnostics: Diagnostics
    reader: ClauseReader
    body: InitVar[list[Block]]
    carrying_sections: set[int] = field(init=False)
    spaced: bool = field(init=False)  # blank lines separate paragraphs: adjacent lines are one
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    closing: list[Paragraph] = field(default_factory=list)
    _open: _OpenTask | None = None
    _subheading: str | None = None
    _section_carries: bool = False
    _lines: list[Line] = field(default_factory=list)  # the paragraph being read (hard wraps)

    def __post_init__(self, body: list[Block]) -> None:
        self.carrying_sections = _carrying_sections(body, self.levels)
        items = [b for b in body if b.marker is not None]
        self.spaced = sum(b.after_blank for b in items) * 2 > len(items)

    def feed(self, block: Block) -> None:
        if self._lines and self._continues_paragraph(block):
            self._lines.append(block.line)
            return
        self._flush_paragraph()
        marker = block.marker
        if marker is not None and marker.scheme == self.levels.section:
            self._finish_task()
            self._start_section(block)
        elif marker is not None and marker.scheme.name in self.levels.subheadings:
            self._finish_task()
            self._subheading = _after_marker(block)
            self._section(block.line.number).subheadings.append(
                Paragraph(text=self._subheading, line=block.line.number)
            )
        elif marker is not None and marker.scheme == self.levels.task:
            self._item(block)
        elif self._open is not None and (block.responsibility or self._continues_lines(block)):
            self._open.responsibility_lines.append(block.line)
        elif self._continues_task(block):
            self._open.run.append(block.line)  # type: ignore[union-attr]
        else:
            self._finish_task()
            self._lines = [block.line]

    def _continues_lines(self, block: Block) -> bool:
        """A responsibility line wrapped onto the next line (``责任单位：区发改局、`` + ``区财政局``)."""
        lines = self._open.responsibility_lines if self._open else []
        if not lines or block.after_blank or block.marker is not None:
            return False
        return self.spaced or lines[-1].folded.rstrip().endswith(("、", ",", ";"))

    def _continues_paragraph(self, block: Block) -> bool:
        """A hard-wrapped line: adjacent to the paragraph, which is not finished or is spaced."""
        if block.after_blank or block.marker is not None or block.responsibility:
            return False
        return self.spaced or not _FINAL.search(self._lines[-1].folded.rstrip())

    def _flush_paragraph(self) -> None:
        if self._lines:
            self._paragraph(self._lines)
            self._lines = []

    def _continues_task(self, block: Block) -> bool:
        """An open task without its clause yet takes the next line. After a blank line (in a
        document that separates paragraphs by blank lines) only if its clause is still to come
        before the next item, so a damaged task does not swallow the paragraphs after it."""
        task = self._open
        if task is None or task.responsibility_lines or task.run.closed:
            return False
        if self.spaced and block.after_blank:
            return task.block.carries or _clause_only(block.line)
        return True

    def _item(self, block: Block) -> None:
        marker = block.marker
        assert marker is not None
        task = self._open
        if (
            task is not None
            and self._continues_task(block)
            and task.block.marker is not None
            and marker.number != task.block.marker.number + 1
        ):
            task.run.append(block.line)  # a wrapped line that happens to start like "3、"
            if block.tail is not None:
                task.run.append(block.tail)
            return
        self._finish_task()
        self._headings_between_tasks()
        section = self._section(block.line.number)
        if not block.carries and not self._section_carries:
            self._text_item(section, block)
            return
        run = block.run or item_run(block)
        self._open = _OpenTask(block, section.number, self._subheading, run)

    def _text_item(self, section: Section, block: Block) -> None:
        """An item of a section whose items carry no clause: text, or a goal (target)."""
        text = block.line.raw.strip()
        body = _after_marker(block)
        heading = _ITEM_HEADING.match(body)
        rest = body[heading.end() :] if heading else body
        if TARGET_START.match(rest):
            section.targets.append(Target(text=rest.strip(), line=block.line.number))
        else:
            section.text.append(Paragraph(text=text, line=block.line.number))

    def _paragraph(self, lines: list[Line]) -> None:
        """File a paragraph: a target, section text, or (after the last tasks) the closing."""
        text = "".join(line.raw.strip() for line in lines)
        first = lines[0].number
        paragraph = Paragraph(text=text, line=first)
        if not self.sections:  # kept as the text of an untitled section 0, and reported
            self.diagnostics.info(
                "text-before-section", first, f"paragraph before the first section: {text[:20]}"
            )
            self._untitled(first)
            self.sections[-1].text.append(paragraph)
        elif TARGET_START.match("".join(line.folded.strip() for line in lines[:3])):
            self.sections[-1].targets.append(Target(text=text, line=first))
            self._flush_pending()
        elif self.sections[-1].tasks:
            self.closing.append(paragraph)  # closing if nothing follows; else section text
        else:
            self.sections[-1].text.append(paragraph)

    def _start_section(self, block: Block) -> None:
        self._flush_pending()
        marker = block.marker
        assert marker is not None
        self._subheading = None
        self._section_carries = False
        label = marker.label(block.line.raw)
        self.sections.append(
            Section(
                number=marker.number,
                numeral=regex.sub(r"[ 、.()（）]", "", label),
                label=label,
                title=_after_marker(block),
                line=block.line.number,
            )
        )
        self._section_carries = block.line.number in self.carrying_sections

    def _section(self, line: int) -> Section:
        """The current section; items before any heading get an untitled section 0."""
        if not self.sections:
            if self.levels.section is not None:
                self.diagnostics.warning(
                    "task-before-section", line, "numbered items appear before the first section"
                )
            self._untitled(line)
        return self.sections[-1]

    def _untitled(self, line: int) -> None:
        self.sections.append(Section(number=0, numeral="", title="", line=line))
        self._section_carries = 0 in self.carrying_sections

    def _headings_between_tasks(self) -> None:
        """Paragraphs between two tasks: a short line without a sentence is an unnumbered
        sub-heading (经济发展（10项）); anything longer is the section's text."""
        pending, self.closing = self.closing, []
        for paragraph in pending:
            text = fold(paragraph.text)
            if len(text) <= 30 and not SENTENCE_MARK.search(text) and "," not in text:
                self._subheading = paragraph.text
                self.sections[-1].subheadings.append(paragraph)
            else:
                self.closing.append(paragraph)
        self._flush_pending()

    def _flush_pending(self) -> None:
        """Paragraphs after a section's tasks that were not targets, when another section follows."""
        if self.closing and self.sections:
            for paragraph in self.closing:
                self.sections[-1].text.append(paragraph)
                self.diagnostics.info(
                    "text-after-tasks",
                    paragraph.line,
                    "paragraph after the tasks of a section is not a target",
                )
            self.closing = []

    def finish(self) -> None:
        self._flush_paragraph()
        self._finish_task(last=True)

    def _finish_task(self, last: bool = False) -> None:
        task = self._open
        if task is None:
            return
        self._open = None
        self.tasks.append(self._build_task(task, last))
        self.sections[-1].tasks.append(self.tasks[-1])

    def _build_task(self, task: _OpenTask, last: bool) -> Task:
        marker = task.block.marker
        assert marker is not None
        run = task.run
        groups = run.clauses()
        clauses = [self._clause(run, group) for group in groups]
        if task.responsibility_lines:
            clauses.append(self._lines_clause(task.responsibility_lines))
        text = _text_without(run, groups).strip()
        line = task.block.line.number
        label = marker.label(task.block.line.raw)
        if not clauses:
            if last:
                self.diagnostics.warning(
                    "truncated-task",
                    run.numbers[-1],
                    f"the document stops inside task {label} (no responsibility clause)",
                )
            else:
                self.diagnostics.warning(
                    "missing-clause", line, f"task {label} has no responsibility clause"
                )
        return Task(
            seq=len(self.tasks) + 1,
            number=marker.number,
            label=label,
            section=task.section,
            subheading=task.subheading,
            line=line,
            end_line=max(run.numbers + [ln.number for ln in task.responsibility_lines]),
            text=text,
            responsibility=_union(clauses, groups, run),
            deadline=next((c.deadline for c in clauses if c.deadline), None),
            scope=next((c.scope for c in clauses if c.scope), None),
        )

    def _clause(self, run: Run, group: Group) -> Clause:
        """Read a clause group: inside its brackets, or the whole inline label list."""
        inner = (
            (group.start, group.end)
            if group.bracket == "label"
            else (group.start + 1, group.end - 1 if group.closed else group.end)
        )
        raw, folded = run.raw[slice(*inner)], run.folded[slice(*inner)]
        line = run.line_at(group.start)
        if not group.closed:
            self.diagnostics.error(
                "unclosed-bracket", line, f"'{run.raw[group.start]}' opened here is never closed"
            )
        return self.reader.read(raw, folded, line, _FORMS[group.bracket])

    def _lines_clause(self, lines: list[Line]) -> Clause:
        raw = "\n".join(line.raw.strip() for line in lines)
        folded = "\n".join(line.folded.strip() for line in lines)
        return self.reader.read(raw, folded, lines[0].number, "lines")


def _clause_only(line: Line) -> bool:
    """A line that is nothing but a clause, such as ``（牵头单位：区统计局）``."""
    run = Run()
    run.append(line)
    return run.closed and len(run.groups) == 1 and run.groups[0].start == 0


def _after_marker(block: Block) -> str:
    assert block.marker is not None
    return block.line.raw[block.marker.end :].strip()


def _text_without(run: Run, groups: list) -> str:  # type: ignore[type-arg]
    raw, out, position = run.raw, [], 0
    for group in groups:
        out.append(raw[position : group.start])
        position = group.end
    out.append(raw[position:])
    return "".join(out)


def _union(clauses: list[Clause], groups: list[Group], run: Run) -> Responsibility | None:
    """One clause is the responsibility; several are unioned, each keeping the text it closes."""
    if not clauses:
        return None
    if len(clauses) == 1:
        only = clauses[0]
        return Responsibility(
            raw=only.raw, form=only.form, lead_mode=only.lead_mode, leads=only.leads, co=only.co
        )
    leads = unique([u for c in clauses for u in c.leads])
    lead_names = {u.name for u in leads}
    co = [u for u in unique([u for c in clauses for u in c.co]) if u.name not in lead_names]
    previous = 0
    for clause, group in zip(clauses, groups, strict=False):
        clause.closes = run.raw[previous : group.start].strip() or None
        previous = group.end
    return Responsibility(
        raw="；".join(c.raw for c in clauses),
        form="+".join(sorted({c.form for c in clauses})),
        lead_mode=_lead_mode(leads, clauses),
        leads=leads,
        co=co,
        clauses=clauses,
    )


def _lead_mode(leads: list[Unit], clauses: list[Clause]) -> LeadMode:
    if not leads:
        return "none"
    if len(leads) == 1:
        return "sole"
    separate = all(c.lead_mode == "separate" for c in clauses if c.leads)
    return "separate" if separate else "joint"
