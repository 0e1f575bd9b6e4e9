"""Stages 4–6 of a parse: the task level, then one walk over the blocks that builds sections,
sub-headings, tasks (with their clauses read), targets and the closing paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from ..diagnostics import Diagnostics
from ..models import Paragraph, Section, Target, Task
from .blocks import Block, clause_only, item_run
from .indicators import PERIOD
from .numbering import Scheme
from .reader import ClauseReader
from .source import SENTENCE_MARK, Line, fold
from .tasks import OpenTask, build_task

#: A goal paragraph opens with its period: 到2025年…, “十四五”时期…, 至2020年底…
TARGET_START = re.compile(rf"^[ ]*(?:{PERIOD})")
_FINAL = re.compile(r"[。!?]$")
_ITEM_HEADING = re.compile(r"^[^。]{1,16}。")
_NUMERAL_MARKS = re.compile(r"[ 、.()（）]")


class Levels(NamedTuple):
    task: Scheme
    section: Scheme | None
    subheadings: frozenset[str]
    clauseless: bool = False  # measures with no clause anywhere: no task misses one


def levels(blocks: Sequence[Block], measures: bool = False) -> Levels | None:
    """The task level: of the schemes whose items carry clauses, the one carrying most often,
    provided most of its items carry one (in the sections that hold any). One clause-like aside
    among the articles of a law does not make them tasks: None when no scheme qualifies.
    Measures (``mark_measures``) were chosen item by item: the most frequent scheme is it."""
    carrying = Counter(b.marker.scheme for b in blocks if b.marker is not None and b.carries)
    for task in sorted(carrying, key=lambda scheme: (carrying[scheme], scheme.rank), reverse=True):
        found = levels_under(blocks, task)
        carried, items = _coverage(blocks, task, found.section)
        if (
            measures or carried * 2 >= items
        ):  # at least half: a damaged task among them is reported, not fatal
            return found
    return None


def levels_under(blocks: Sequence[Block], task: Scheme) -> Levels:
    """``task`` as the task level: the outermost scheme above it numbers sections, the others
    sub-headings."""
    above = sorted(
        {b.marker.scheme for b in blocks if b.marker is not None and b.marker.scheme.rank < task.rank},
        key=lambda scheme: scheme.rank,
    )  # fmt: skip
    section = above[0] if above else None
    return Levels(task, section, frozenset(s.name for s in above[1:]))


def _coverage(blocks: Sequence[Block], task: Scheme, section: Scheme | None) -> tuple[int, int]:
    """Items of ``task`` that carry a clause, and all its items, in sections holding any."""
    per_section: dict[int, list[int]] = {}
    heading = 0
    for block in blocks:
        if block.marker is None:
            continue
        if block.marker.scheme == section:
            heading = block.line.number
        elif block.marker.scheme == task:
            counts = per_section.setdefault(heading, [0, 0])
            counts[0] += block.carries
            counts[1] += 1
    held = [counts for counts in per_section.values() if counts[0]]
    return sum(c[0] for c in held), sum(c[1] for c in held)


def _carrying_sections(blocks: Sequence[Block], levels: Levels) -> set[int]:
    """Line numbers of the section headings (0: before any) whose task items carry clauses (in
    such a section every task-level item is a task). Measures were chosen item by item: none."""
    found: set[int] = set()
    if levels.clauseless:
        return found
    heading = 0
    for block in blocks:
        if block.marker is None:
            continue
        if block.marker.scheme == levels.section:
            heading = block.line.number
        elif block.marker.scheme == levels.task and block.carries:
            found.add(heading)
    return found


class Builder:
    """Walks the plan's blocks once, in order."""

    def __init__(
        self, levels: Levels, diagnostics: Diagnostics, reader: ClauseReader, body: list[Block]
    ) -> None:
        self.levels = levels
        self.diagnostics = diagnostics
        self.reader = reader
        self.carrying_sections = _carrying_sections(body, levels)
        items = [b for b in body if b.marker is not None]
        #: blank lines separate paragraphs: adjacent lines are one
        self.spaced = sum(b.after_blank for b in items) * 2 > len(items)
        self.sections: list[Section] = []
        self.tasks: list[Task] = []
        #: Paragraphs after a section's tasks: the closing if nothing follows, else headings or text
        self.pending: list[Paragraph] = []
        self._open: OpenTask | None = None
        self._subheading: str | None = None
        #: the sub-heading to return to after the tasks under a title-only task-level item
        self._outer: tuple[str | None] | None = None
        self._section_carries = False
        self._lines: list[Line] = []  # the paragraph being read (hard wraps)

    def feed(self, block: Block) -> None:
        if self._lines and self._continues_paragraph(block):
            self._lines.append(block.line)
            return
        self._flush_paragraph()
        marker = block.marker
        if marker is not None and marker.scheme == self.levels.section:
            self._finish_task()
            self._start_section(block)
            if block.carries and block.leaf:
                self._item(block)  # a section with a clause and no items below it: a task
        elif marker is not None and marker.scheme.name in self.levels.subheadings and block.carries:
            self._item(block)  # numbered like the sub-headings, but it carries a clause: a task
        elif marker is not None and marker.scheme.name in self.levels.subheadings:
            self._finish_task()
            self._subheading = _after_marker(block)
            self._section(block.line.number).subheadings.append(
                Paragraph(text=self._subheading, line=block.line.number)
            )
        elif marker is not None and marker.scheme == self.levels.task:
            self._restore_heading()
            self._item(block)
        elif (
            marker is not None
            and marker.scheme.rank > self.levels.task.rank
            and block.siblings_carry
        ):
            self._nested(block)
        elif self._open is not None and (block.responsibility or self._continues_lines(block)):
            self._open.responsibility_lines.append(block.line)
        elif self._continues_task(block):
            self._open.run.append(block.line)  # type: ignore[union-attr]
        elif self._open is not None and block.joins_task:
            self._open.run.append(block.line)  # a further paragraph of the task, with its clause
        else:
            self._finish_task()
            self._lines = [block.line]

    def _nested(self, block: Block) -> None:
        """A deeper item with its own clause is a task; a title-only item above it (1．实施治堵工程
        over （1）（2）) is its heading until the next item of that level."""
        task = self._open
        if task is not None and not task.block.carries and not task.responsibility_lines:
            self._open, self._outer = None, (self._subheading,)
            self._subheading = task.run.raw.strip()
            heading = Paragraph(text=self._subheading, line=task.block.line.number)
            self._section(block.line.number).subheadings.append(heading)
        self._item(block)

    def _restore_heading(self) -> None:
        if self._outer is not None:
            self._finish_task()
            (self._subheading,), self._outer = self._outer, None

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
            return task.block.carries or clause_only(block.line)
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
            _file_text_item(section, block)
            return
        run = block.run or item_run(block)
        self._open = OpenTask(block, section.number, self._subheading, run)

    def _paragraph(self, lines: list[Line]) -> None:
        """File a paragraph: a target, section text, or (after the last tasks) the closing."""
        text = "".join(line.raw.strip() for line in lines)
        first = lines[0].number
        paragraph = Paragraph(text=text, line=first)
        if not self.sections:  # kept as the text of an untitled section 0, and reported
            message = f"paragraph before the first section: {text[:20]}"
            self.diagnostics.info("text-before-section", first, message)
            self._untitled(first)
            self.sections[-1].text.append(paragraph)
        elif _is_target(self.sections[-1], lines):
            self.sections[-1].targets.append(Target(text=text, line=first))
            self._flush_pending()
        elif self.sections[-1].tasks:
            self.pending.append(paragraph)  # closing if nothing follows; else section text
        else:
            self.sections[-1].text.append(paragraph)

    def _start_section(self, block: Block) -> None:
        self._flush_pending()
        self._subheading, self._outer = None, None
        self.sections.append(_new_section(block))
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
        pending, self.pending = self.pending, []
        for paragraph in pending:
            if _is_heading(paragraph):
                self._subheading = paragraph.text
                self.sections[-1].subheadings.append(paragraph)
            else:
                self.pending.append(paragraph)
        self._flush_pending()

    def _flush_pending(self) -> None:
        """Paragraphs after a section's tasks that were not targets, when another section follows."""
        if self.pending and self.sections:
            _file_after_tasks(self.sections[-1], self.pending, self.diagnostics)
            self.pending = []

    def finish(self) -> None:
        self._flush_paragraph()
        self._finish_task(last=True)

    def _finish_task(self, last: bool = False) -> None:
        task = self._open
        if task is None:
            return
        self._open = task.block.run = None  # the task will hold its text: the run is garbage
        clauseless, seq = self.levels.clauseless, len(self.tasks) + 1
        built = build_task(task, seq, self.reader, self.diagnostics, last, not clauseless)
        self.tasks.append(built)
        self.sections[-1].tasks.append(built)


def _new_section(block: Block) -> Section:
    assert block.marker is not None
    label = block.marker.label(block.line.raw)
    numeral = _NUMERAL_MARKS.sub("", label)
    title, line = _after_marker(block), block.line.number
    return Section(number=block.marker.number, numeral=numeral, label=label, title=title, line=line)


def _is_heading(paragraph: Paragraph) -> bool:
    text = fold(paragraph.text)
    return len(text) <= 30 and not SENTENCE_MARK.search(text) and "," not in text


#: A heading over goals: its paragraphs are targets, whatever they open with.
_GOAL_HEADING = re.compile(r"(?:主要|工作|总体|发展|具体|预期|年度|主要预期)?目标(?:任务)?[。:]?$")


def _is_target(section: Section, lines: list[Line]) -> bool:
    """A paragraph opening with its period (到2025年, “十四五”时期), or any paragraph before the
    tasks of a 工作目标 / 主要目标 section."""
    if TARGET_START.match("".join(line.folded.strip() for line in lines[:3])):
        return True
    return not section.tasks and bool(_GOAL_HEADING.search(fold(section.title)))


def _file_after_tasks(section: Section, pending: list[Paragraph], diagnostics: Diagnostics) -> None:
    for paragraph in pending:
        section.text.append(paragraph)
        message = "paragraph after the tasks of a section is not a target"
        diagnostics.info("text-after-tasks", paragraph.line, message)


def _file_text_item(section: Section, block: Block) -> None:
    """An item of a section whose items carry no clause: a goal (target), else text."""
    body = _after_marker(block)
    heading = _ITEM_HEADING.match(body)
    rest = body[heading.end() :] if heading else body
    goal = heading is not None and _GOAL_HEADING.search(fold(heading.group()))
    if TARGET_START.match(rest) or (goal and rest.strip()):
        section.targets.append(Target(text=rest.strip(), line=block.line.number))
    else:
        section.text.append(Paragraph(text=block.line.raw.strip(), line=block.line.number))


def _after_marker(block: Block) -> str:
    assert block.marker is not None
    return block.line.raw[block.marker.end :].strip()
