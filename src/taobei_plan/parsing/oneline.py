"""Items run together on one line: a notice that lost its line breaks (copied from a viewer, or
kept in a data set as one string) still opens an item at each number that follows a sentence end;
so does a zero-padded number a PDF extraction glued to the clause before it (〕03按时…).

``unfold`` cuts such a line before each item marker that follows a sentence end (。；！？ or a
closing bracket) or a space, so the parser sees one item a line; a number quoted inside a
sentence (按照第（三）项要求) follows no sentence end and is not cut. ``refold`` gives every
element back the line of the user's text, and its ``column`` on that line.
"""

from __future__ import annotations

import re
from functools import cache

from ..models import Notice
from .source import line_texts

#: Only lines this long are looked into: an ordinary task line holds one item. A text of a few
#: lines at most (a notice kept as one string) is looked into from ``SHORT`` characters on.
LONG = 300
SHORT = 100
#: Where an item opens inside a line: after a sentence end or a space, before a marker (the cut
#: is at the end of the match). Stdlib ``re`` without look-behind: this runs over every long line.
_INLINE_ITEM = re.compile(
    r"(?:[。；;！!？?）)\]】〕][ \u3000]*|[ \u3000]+)"
    r"(?=第[一二三四五六七八九十百]{1,4}(?:部分|章|条)|[一二三四五六七八九十]{1,3}[、．.]"
    r"|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,3}[．.、](?!\d)|[（(]\d{1,3}[）)]"
    r"|到20\d\d年|至20\d\d年|[“\"]十[一二三四五六七八九]五[”\"]时期)"  # goal paragraphs
)
_GLUED_STARTS = ("]0", "）0", ")0", "】0", "〕0")  # what a glued number needs, found faster


@cache
def _glued_item() -> re.Pattern[str]:
    """An item number a PDF extraction glued to the clause before it: 〔责任单位:区财政局〕03按时….
    Compiled on first use, for the rare text holding one of ``_GLUED_STARTS``: stdlib ``re``
    compiles the range of Chinese characters through a loop over its 21,000 (1 ms a start)."""
    return re.compile(r"[\]）)】〕](?=0\d[\u4e00-\u9fff])")


#: A cut line: the user's line number and the column the piece starts at (0-based).
Origin = tuple[int, int]


def unfold(text: str) -> tuple[str, list[Origin] | None]:
    """The text with long lines cut at their inline items, and where each piece came from;
    ``None`` when no line needed cutting (the text is returned unchanged)."""
    lines = line_texts(text)
    long = LONG if sum(1 for line in lines if line.strip()) > 3 else SHORT
    glued = any(s in text for s in _GLUED_STARTS) and _glued_item().search(text) is not None
    cuts_of = {
        number: cuts
        for number, line in enumerate(lines, start=1)
        if (len(line) > long or glued) and (cuts := _cuts(line, long, glued))
    }
    if not cuts_of:
        return text, None
    pieces: list[str] = []
    origins: list[Origin] = []
    for number, line in enumerate(lines, start=1):
        cuts = cuts_of.get(number, [])
        for start, end in zip([0, *cuts], [*cuts, len(line)], strict=True):
            pieces.append(line[start:end])
            origins.append((number, start))
    return "\n".join(pieces), origins


def _cuts(line: str, long: int, glued: bool) -> list[int]:
    """Where ``line`` is cut: before its inline items (three at least, in a long line) and,
    when the text has any (``glued``), before a number glued to a clause."""
    cuts = [m.end() for m in _INLINE_ITEM.finditer(line)] if len(line) > long else []
    if len(cuts) < 3:  # one or two numbers in a long line are part of its prose
        cuts = []
    if glued:
        cuts += [m.end() for m in _glued_item().finditer(line)]
    return sorted(set(cuts) - {0})


def refold(notice: Notice, origins: list[Origin]) -> None:
    """Put every element back on the user's line, with its column there."""

    def origin(line: int | None) -> Origin | None:
        return origins[line - 1] if line is not None and 0 < line <= len(origins) else None

    def move(element: object, with_column: bool) -> None:
        found = origin(getattr(element, "line", None))
        if found is not None:
            element.line = found[0]  # type: ignore[attr-defined]
            if with_column:
                element.column = found[1]  # type: ignore[attr-defined]

    for part in (notice.metadata, notice.notice, notice.plan, *notice.front_matter):
        move(part, False)
    for section in notice.sections:
        move(section, True)
        for task in section.tasks:
            end = origin(task.end_line)
            move(task, True)
            if end is not None:
                task.end_line = end[0]
            if task.responsibility is not None:
                for clause in task.responsibility.clauses:
                    move(clause, False)
        for element in (*section.targets, *section.text, *section.subheadings):
            move(element, True)
    for element in (*notice.conventions, *notice.diagnostics):
        move(element, False)
    if notice.closing_line is not None:
        notice.closing_line = origins[notice.closing_line - 1][0]
