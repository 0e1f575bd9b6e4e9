"""Assemble a ``Notice`` from the line index: the one pure entry point ``parse(text)``.

Stages, each linear in the number of lines:

1. ``split_lines`` — index and fold the text (source.py);
2. ``read_metadata`` — the portal header block (header.py);
3. ``_classify`` — every other non-blank line becomes an item (numbered), a responsibility line or
   a paragraph (the catch-all, so no line is dropped);
4. ``_levels`` — the numbering scheme whose items carry clauses is the task level; schemes above it
   are sections and sub-headings;
5. zones — a signature (signer, date, 此件公开发布) before the first task closes a covering notice;
   otherwise the notice and the plan are one document and the signature comes last;
6. ``_Builder`` walks the plan's blocks once and builds sections, tasks, targets and closing.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Sequence
from dataclasses import InitVar, dataclass, field

import regex

from .clauses import Group, Run, is_responsibility_line
from .diagnostics import Diagnostics
from .errors import NoTaskListError
from .header import Signature, find_signature, read_covering, read_metadata, read_plan
from .indicators import implausible, read_target
from .models import (
    Clause,
    CoveringNotice,
    LeadMode,
    Notice,
    Paragraph,
    Plan,
    Responsibility,
    Section,
    SourceInfo,
    Target,
    Task,
    Unit,
)
from .numbering import Marker, Scheme, find_marker
from .projects import investments, milestones
from .responsibility import ClauseReader
from .source import Line, sha256, split_lines
from .tables import find_table, read_table
from .units import unique

#: A goal paragraph opens with its period: 到2025年…, “十四五”时期…, 至2020年底…
TARGET_START = regex.compile(
    r"^[ ]*(?:(?:到|至|截至|截止)?[ ]*\d{4}[ ]*年|[“\"]?十[一二三四五六七]五[”\"]?(?:时期|期间|期末|末))"
)
_FORMS = {"[": "bracket", "(": "paren", "label": "inline", "list": "list"}
_FINAL = regex.compile(r"[。!?]$")
_ITEM_HEADING = regex.compile(r"^[^。]{1,16}。")

NO_TASKS = (
    "no task list found: looked for numbered items (一、 （一） 1. （1）) carrying a "
    "responsibility clause ([…牵头负责], （…负责）, 牵头单位:…)"
)


@dataclass(slots=True)
class Block:
    line: Line
    marker: Marker | None = None
    responsibility: bool = False
    carries: bool = False  # an item whose extent holds a clause
    after_blank: bool = False  # a blank line separates it from the previous block
    tail: Line | None = None  # a marker wrapped over lines ends on this line, at marker.end


def parse(text: str, *, source: SourceInfo | None = None) -> Notice:
    """Parse a notice's text. Pure: no I/O. Raises NoTaskListError when there is no task list."""
    # A parse allocates many small objects and no cycles; the cyclic collector's passes over a
    # growing heap would make a long input cost more than linear time, so it waits until we end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, source)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str, source: SourceInfo | None) -> Notice:
    lines = split_lines(text)
    diagnostics = Diagnostics()
    reader = ClauseReader(diagnostics)
    header = read_metadata(lines, diagnostics)
    blocks = _classify(lines[header.end :])
    first_task = next((b for b in blocks if b.carries), None)
    table = find_table(lines, header.end)
    if table is not None and (first_task is None or table.header_line < first_task.line.number):
        signature = find_signature(lines, header.end, table.header_line - 1)
        covering, plan, _ = _intro(
            lines, header.end, table.header_line, table.header_line, signature
        )
        sections, closing = read_table(table, reader, diagnostics)
    elif first_task is None:
        raise NoTaskListError(NO_TASKS)
    else:
        signature = _covering_signature(lines, header.end, blocks)
        if signature is not None:  # items before it are the covering notice's requirements
            blocks = [b for b in blocks if b.line.number > max(signature.lines)]
            first_task = next(b for b in blocks if b.carries)
        intro_end = _first_item(blocks, first_task)
        covering, plan, skip = _intro(
            lines, header.end, intro_end, first_task.line.number, signature
        )
        body = [b for b in blocks if b.line.number >= intro_end and b.line.number not in skip]
        builder = _Builder(_levels(body), diagnostics, reader, body)
        for block in body:
            builder.feed(block)
        builder.finish()
        sections, closing = builder.sections, builder.closing
    tasks = [task for section in sections for task in section.tasks]
    if not tasks:
        raise NoTaskListError(NO_TASKS)
    _check_numbers(tasks, diagnostics)
    _read_numbers(sections, _is_local(header.metadata.issuer or covering.signer), diagnostics)
    return Notice(
        source=source or _string_source(text),
        front_matter=header.front_matter,
        metadata=header.metadata,
        notice=covering,
        plan=plan,
        sections=sections,
        closing="\n".join(p.text for p in closing) or None,
        closing_line=closing[0].line if closing else None,
        conventions=reader.conventions,
        diagnostics=sorted(diagnostics, key=lambda d: d.line or 0),  # stable: file order
    )


def _covering_signature(
    lines: Sequence[Line], start: int, blocks: Sequence[Block]
) -> Signature | None:
    """A signature (signer, date, 此件公开发布) with tasks after it closes a covering notice."""
    carrying = [b for b in blocks if b.carries]
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


def _string_source(text: str) -> SourceInfo:
    return SourceInfo(path="<string>", encoding="utf-8", sha256=sha256(text.encode("utf-8")))


def _first_item(blocks: Sequence[Block], first_task: Block) -> int:
    """Line number where the plan body starts: the first item at or above the task's level."""
    assert first_task.marker is not None
    for block in blocks:
        if block.marker is not None and block.marker.scheme.rank <= first_task.marker.scheme.rank:
            return block.line.number
    return first_task.line.number


def _classify(lines: Sequence[Line]) -> list[Block]:
    """Non-blank lines as blocks; each item learns whether its extent carries a clause."""
    blocks: list[Block] = []
    item: Block | None = None
    run = Run()
    blank = False
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.blank:
            blank = True
            continue
        block = Block(
            line,
            marker=find_marker(line.folded),
            responsibility=is_responsibility_line(line),
            after_blank=blank,
        )
        blank = False
        if block.marker is None:
            block.marker, last = _split_marker(lines, index - 1)
            if last != index - 1:
                block.tail = lines[last]
                index = last + 1
        if block.marker is not None:
            _close_extent(item, run)
            item, run = block, _item_run(block)
        elif block.responsibility and item is not None:
            item.carries = True
        elif item is not None:
            run.append(line)
        blocks.append(block)
    _close_extent(item, run)
    return blocks


_NUMBER_ONLY = regex.compile(r"^[ ]*\d{1,3}[ ]*$")


def _split_marker(lines: Sequence[Line], index: int) -> tuple[Marker | None, int]:
    """A task number hard-wrapped over lines ("  5" + "0" + ".打造…"): its marker and the index
    of the line holding the marker's end (the item's text starts there)."""
    first = lines[index]
    if not _NUMBER_ONLY.match(first.folded):
        return None, index
    head_raw, head = first.raw.rstrip(), first.folded.rstrip()
    following = index + 1
    while following < len(lines) and not lines[following].blank:
        line = lines[following]
        indent = len(line.folded) - len(line.folded.lstrip())
        if _NUMBER_ONLY.match(line.folded) and len(head.strip()) + len(line.folded.strip()) <= 3:
            head_raw, head = head_raw + line.raw.strip(), head + line.folded.strip()
            following += 1
            continue
        marker = find_marker(head + line.folded[indent:])
        if marker is None or marker.end <= len(head):
            return None, index
        column = indent + marker.end - len(head)
        printed = (head_raw + line.raw[indent:column]).strip()
        return Marker(marker.scheme, marker.number, 0, column, printed), following
    return None, index


def _item_run(block: Block) -> Run:
    """A new Run holding an item's own text: its line after the marker (and a wrapped tail)."""
    assert block.marker is not None
    run = Run()
    if block.tail is None:
        run.append(block.line, block.marker.end)
    else:
        run.append(block.tail, block.marker.end)
    return run


def _close_extent(item: Block | None, run: Run) -> None:
    if item is not None and not item.carries:
        item.carries = bool(run.clauses())


@dataclass
class _Levels:
    task: Scheme
    section: Scheme | None
    subheadings: frozenset[str]


def _levels(blocks: Sequence[Block]) -> _Levels:
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
    return _Levels(task, above[0] if above else None, frozenset(s.name for s in above[1:]))


def _carrying_sections(blocks: Sequence[Block], levels: _Levels) -> set[int]:
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
class _Builder:
    """Walks the plan's blocks once, in order."""

    levels: _Levels
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
        elif block.responsibility and self._open is not None:
            self._open.responsibility_lines.append(block.line)
        elif self._continues_task(block):
            self._open.run.append(block.line)  # type: ignore[union-attr]
        else:
            self._finish_task()
            self._lines = [block.line]

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
        """An open task without its clause yet takes the next line, unless a blank line (in a
        document that separates paragraphs by blank lines) says a new paragraph starts."""
        task = self._open
        if task is None or task.responsibility_lines or task.run.closed:
            return False
        return not (self.spaced and block.after_blank) or _clause_only(block.line)

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
        section = self._section(block.line.number)
        if not block.carries and not self._section_carries:
            self._text_item(section, block)
            return
        run = _item_run(block)
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
        if not self.sections:
            self.closing.append(paragraph)  # text before any section: kept, reported below
            self.diagnostics.info(
                "text-before-section", first, f"paragraph before the first section: {text[:20]}"
            )
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
        numeral = regex.sub(r"[ 、.()（）]", "", marker.label(block.line.raw))
        self.sections.append(
            Section(
                number=marker.number,
                numeral=numeral,
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
            self.sections.append(Section(number=0, numeral="", title="", line=line))
            self._section_carries = 0 in self.carrying_sections
        return self.sections[-1]

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


def _is_local(issuer: str | None) -> bool:
    """A district- or county-level issuer (…区人民政府, …县人民政府)."""
    return bool(issuer and regex.search(r"[区县旗](?:人民政府|委员会|办公室)?$", issuer))


def _read_numbers(sections: list[Section], local: bool, diagnostics: Diagnostics) -> None:
    """Indicators of every target; investments and milestones of every task."""
    for section in sections:
        section.targets = [read_target(target) for target in section.targets]
        for target in section.targets:
            for indicator in target.indicators:
                if reason := implausible(indicator, local):
                    diagnostics.warning("implausible-value", target.line, reason)
        for task in section.tasks:
            task.investments = investments(task.text)
            task.milestones = milestones(task.text)


def _check_numbers(tasks: Sequence[Task], diagnostics: Diagnostics) -> None:
    """Duplicate and missing printed numbers, each named with its line; restarts are fine."""
    previous: Task | None = None
    seen: set[int] = set()
    for task in tasks:
        restart = previous is not None and task.number == 1 and task.section != previous.section
        if restart:
            seen = set()
        elif task.number in seen:
            diagnostics.warning(
                "duplicate-number",
                task.line,
                f"task number {task.number} appears again (seq {task.seq})",
            )
        elif previous is not None and task.number > previous.number + 1:
            for missing in range(previous.number + 1, task.number):
                diagnostics.warning(
                    "missing-number",
                    task.line,
                    f"task number {missing} is missing (before line {task.line})",
                )
        seen.add(task.number)
        previous = task
