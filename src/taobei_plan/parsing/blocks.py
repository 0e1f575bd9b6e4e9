"""Stage 3 of a parse: non-blank lines as blocks — numbered items, responsibility lines and
paragraphs — and, for every item, whether its extent (its lines up to the next item) carries a
responsibility clause. That is what later decides the task level.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .clauses import Run, is_responsibility_line
from .numbering import Marker, find_marker
from .source import Line


@dataclass(slots=True, eq=False)
class Block:
    """A non-blank line, classified. (``eq=False``: blocks are told apart by identity.)"""

    line: Line
    marker: Marker | None
    responsibility: bool
    after_blank: bool  # a blank line separates it from the previous block
    carries: bool = False  # an item whose extent holds a clause
    #: a marker wrapped over lines ends on this line, at marker.end
    tail: Line | None = None
    #: the item's own text, when its first line already holds a clause
    run: Run | None = None
    #: an unnumbered paragraph that carries its own clause, or comes before one that does
    #: (both before the next item): a part of the task above it
    joins_task: bool = False
    #: an item with no deeper item before the next of its rank (一、 with text, no （一）)
    leaf: bool = True
    #: at least half the items of its run of siblings carry a clause (（1）（2） each with its
    #: 责任单位 line), unlike a list inside one task whose clause follows the last item
    siblings_carry: bool = False
    #: the clause line closing this item's section, when the item has no clause of its own
    section_clause: Block | None = None
    #: of a section's closing clause line: its reading, once read (ReadClause)
    shared: object | None = None


def classify(lines: Sequence[Line]) -> list[Block]:
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
            item, run = block, item_run(block)
            if run.groups and any(run.is_clause(group) for group in run.groups):
                block.carries, block.run = True, run  # the builder starts from this very run
        elif item is None or item.carries:
            pass  # nothing left to learn about this extent
        elif block.responsibility:
            item.carries = True
        else:
            run.append(line)
        blocks.append(block)
    _close_extent(item, run)
    _mark_section_clauses(blocks)
    _mark_joining(blocks)
    _mark_siblings(blocks)
    return blocks


def _mark_section_clauses(blocks: Sequence[Block]) -> None:
    """A clause on its own line after a section's last item (before the next section) closes the
    whole section: it is the clause of each of its items without one (（一）甲。（二）乙。/
    （区水利局牵头）/ 二、…). Not when an item of the section has a clause line of its own, nor
    when the section's heading is of a scheme whose items are followed by their own clause lines
    (（一）…1.…8. / 责任单位：… / （二）…: the line is （一）'s)."""
    lines = [b.marker is None and (b.responsibility or clause_only(b.line)) for b in blocks]
    following: list[Block | None] = [None] * len(blocks)  # the next item after each block
    ahead: Block | None = None
    for index in range(len(blocks) - 1, -1, -1):
        following[index] = ahead
        if blocks[index].marker is not None:
            ahead = blocks[index]
    followed = {  # schemes with an item directly followed by a clause line
        b.marker.scheme.name
        for b, next_is_line in zip(blocks, lines[1:], strict=False)
        if b.marker is not None and next_is_line
    }
    item = -1  # index of the last item so far
    for index, block in enumerate(blocks):
        if block.marker is not None:
            item = index
        if not lines[index] or item < 0:
            continue
        rank = blocks[item].marker.scheme.rank  # type: ignore[union-attr]
        after = following[index]
        if after is not None and after.marker.scheme.rank >= rank:  # type: ignore[union-attr]
            continue  # not the section's end: the last item's own clause line
        siblings, heading = _siblings_without_lines(blocks, lines, item)
        if heading is not None and heading.marker.scheme.name in followed:  # type: ignore[union-attr]
            continue
        for sibling in siblings if len(siblings) > 1 else ():
            if not sibling.carries:
                sibling.carries, sibling.section_clause = True, block


def _siblings_without_lines(
    blocks: Sequence[Block], lines: list[bool], at: int
) -> tuple[list[Block], Block | None]:
    """The items of ``blocks[at]``'s scheme in its section, back from it, and the section's
    heading; no items when one of them has a clause line of its own."""
    scheme = blocks[at].marker.scheme  # type: ignore[union-attr]
    siblings: list[Block] = []
    for index in range(at, -1, -1):
        block = blocks[index]
        if block.marker is None:
            if lines[index]:
                return [], None
            continue
        if block.marker.scheme.rank < scheme.rank:
            return siblings[::-1], block
        if block.marker.scheme == scheme:
            siblings.append(block)
    return siblings[::-1], None


def _mark_siblings(blocks: Sequence[Block]) -> None:
    """For each run of items of one scheme (ended by an item of a higher rank), whether at
    least half of them carry a clause."""
    runs: dict[str, list[Block]] = {}
    for block in blocks:
        if block.marker is None:
            continue
        rank = block.marker.scheme.rank
        for name in [n for n, run in runs.items() if run[0].marker.scheme.rank > rank]:  # type: ignore[union-attr]
            _settle(runs.pop(name))
        runs.setdefault(block.marker.scheme.name, []).append(block)
    for run in runs.values():
        _settle(run)


def _settle(run: list[Block]) -> None:
    carrying = sum(block.carries for block in run) * 2 >= len(run)
    for block in run:
        block.siblings_carry = carrying


def _mark_joining(blocks: Sequence[Block]) -> None:
    """Mark the items with no deeper item below them (``leaf``), and the unnumbered paragraphs that belong to the task above them: each, up to the next
    item, that holds a clause of its own, and those before such a one (a task's several
    paragraphs, each closing with its clause: 取缔…。（X牵头）/ 专项整治…。（Y牵头，Z参与））."""
    ahead, following = False, None
    for block in reversed(blocks):
        if block.marker is not None:
            ahead = False
            rank = block.marker.scheme.rank
            block.leaf = following is None or following.rank <= rank
            following = block.marker.scheme
        elif not block.responsibility:
            own = _holds_clause(block.line)
            block.joins_task = own or ahead
            ahead = ahead or own


def clause_only(line: Line) -> bool:
    """A line that is nothing but a clause, such as ``（牵头单位：区统计局）``."""
    if line.folded.lstrip()[:1] not in ("(", "["):
        return False  # the common case, without a Run
    run = Run()
    run.append(line)
    return run.closed and len(run.groups) == 1 and run.groups[0].start == 0


def _holds_clause(line: Line) -> bool:
    """A paragraph line ending in a clause of its own (not a line that is only a clause: that one
    belongs to the item or section above, whichever has none)."""
    folded = line.folded
    if "(" not in folded and "[" not in folded:
        return False
    run = Run()
    run.append(line)
    return run.closed and not (len(run.groups) == 1 and run.groups[0].start == 0)


_NUMBER_ONLY = re.compile(r"^[ ]*\d{1,3}[ ]*$")


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


def item_run(block: Block) -> Run:
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


#: Sections that state aims, principles or arrangements: their items are never measures.
NEVER_MEASURES = re.compile(
    r"总体要求|指导思想|基本原则|工作原则|主要目标|发展目标|总体目标|工作目标|目标任务|工作要求"
    r"|保障措施|组织保障|组织领导|实施步骤|工作步骤|时间安排"
)


def mark_measures(blocks: Sequence[Block]) -> int:
    """Mark the measures of a text with no clause at all (``--measures``): the deepest numbered
    items — those with no item below them — except under a section of aims or arrangements
    (总体要求, 保障措施…), and except the top rank when some of its items hold deeper ones (those
    are sections). Returns how many were marked."""
    items = [block for block in blocks if block.marker is not None]
    if not items:
        return 0
    top = min(block.marker.scheme.rank for block in items)  # type: ignore[union-attr]
    sections = any(not b.leaf for b in items if b.marker.scheme.rank == top)  # type: ignore[union-attr]
    above: list[tuple[int, bool]] = []  # (rank, excluded) of the items enclosing this one
    count = 0
    for block in items:
        assert block.marker is not None
        rank = block.marker.scheme.rank
        while above and above[-1][0] >= rank:
            above.pop()
        title = block.line.folded[block.marker.end : block.marker.end + 12]
        excluded = any(e for _, e in above) or bool(NEVER_MEASURES.search(title))
        above.append((rank, excluded))
        if block.leaf and not excluded and not (sections and rank == top):
            block.carries = True
            count += 1
    _mark_siblings(blocks)
    return count
