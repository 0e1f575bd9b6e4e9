"""Stage 3 of a parse: non-blank lines as blocks — numbered items, responsibility lines and
paragraphs — and, for every item, whether its extent (its lines up to the next item) carries a
responsibility clause. That is what later decides the task level.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .clauses import Run, is_responsibility_line
from .numbering import Marker, find_marker
from .source import Line


class Block:
    """A non-blank line, classified. (A plain class: a dataclass costs about 1 ms to create on
    every start, and the parser's working records are never compared or printed.)"""

    __slots__ = ("after_blank", "carries", "line", "marker", "responsibility", "run", "tail")

    def __init__(
        self, line: Line, marker: Marker | None, responsibility: bool, after_blank: bool
    ) -> None:
        self.line = line
        self.marker = marker
        self.responsibility = responsibility
        self.carries = False  # an item whose extent holds a clause
        self.after_blank = after_blank  # a blank line separates it from the previous block
        #: a marker wrapped over lines ends on this line, at marker.end
        self.tail: Line | None = None
        #: the item's own text, when its first line already holds a clause
        self.run: Run | None = None


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
    return blocks


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
