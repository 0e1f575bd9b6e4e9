"""Paged documents (PDF, OFD) back into paragraphs: what a printed page did to the text, undone.

A page holds lines placed by position. Printing added running headers and footers and page numbers
(``— 3 —``, ``第3页 共27页``), wrapped every paragraph at the text width, split paragraphs across
pages, and set table cells side by side. From positioned lines we drop the furniture, join a line
to the one before when that one reaches the right margin (it was wrapped) and this one does not
open a paragraph (indented first line, a number marker, a table row), and give a row of cells
as tab-separated text. Spaces that PDF writers put between Chinese and digits (``2025 年``) go.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from ..errors import DecodeError, TooLargeError
from ..language import _

#: Page numbers and "page x of y" lines, alone on a line.
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_·•]*\s*\d{1,4}\s*[-—–－_·•]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|Page\s*\d+(?:\s*of\s*\d+)?)\s*$",
    re.IGNORECASE,
)
#: A line that opens a new paragraph whatever the line before it: a numbering marker or heading.
_OPENS = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇两]{1,4}[部分章篇编条节]|[一二三四五六七八九十百]{1,4}\s*[、.．]"
    r"|[（(]\s*[一二三四五六七八九十百\d]{1,4}\s*[）)]|\d{1,4}\s*[、．.](?!\d)|[①-⑳]"
    r"|附件\s*\d*\s*[:：]?\s*$|(?:牵头|责任|配合|协办|主办)(?:单位|部门)\s*[:：])"
)
_CJK = r"\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_BETWEEN = re.compile(
    rf"(?<=[{_CJK}])[ \u00a0]+(?=[\w%‰℃（(“‘《])|(?<=[\w%‰℃）)”’》])[ \u00a0]+(?=[{_CJK}])"
)


#: Characters one page may hold: an A4 page of small type holds a few thousand; one claiming
#: millions is a bomb, and each glyph costs about 200 bytes before it becomes a line.
MAX_PAGE_CHARACTERS = 100_000
#: Drawn objects a document may hold (table rules are read from them; each costs a call).
MAX_OBJECTS = 1_000_000


@dataclass(slots=True)
class Budget:
    """What a paged document may still cost, spent page by page before a page's glyphs are made:
    a small file whose pages share one content stream claims the same text thousands of times."""

    characters: int | None  # the input limit, in characters (None: no limit)
    objects: int = MAX_OBJECTS

    def spend(self, page: int, characters: int, objects: int = 0) -> None:
        if characters > MAX_PAGE_CHARACTERS:
            raise DecodeError(
                _("page {page} holds {characters:,} characters; no notice page does").format(
                    page=page, characters=characters
                )
            )
        self.objects -= objects
        if self.objects < 0:
            raise DecodeError(
                _(
                    "the document draws more than {limit:,} objects by page {page}; not a notice"
                ).format(limit=MAX_OBJECTS, page=page)
            )
        if self.characters is not None:
            self.characters -= characters
            if self.characters < 0:
                raise TooLargeError("the document holds more characters of text than the input "
                                    "limit; raise it with --max-size if it is really a notice")  # fmt: skip


class Piece(NamedTuple):
    """A run of text on one baseline: its left and right edge and the size of its characters."""

    text: str
    left: float
    right: float
    size: float


class PageLine(NamedTuple):
    """One printed line (its pieces left to right, the baseline's height on the page), or, when
    ``cells``, one table row: a piece a cell, each holding the text of its wrapped lines."""

    pieces: tuple[Piece, ...]
    y: float
    cells: bool = False

    @property
    def left(self) -> float:
        return self.pieces[0].left

    @property
    def right(self) -> float:
        return self.pieces[-1].right

    @property
    def size(self) -> float:
        return max(piece.size for piece in self.pieces)

    def text(self, cell_gap: float) -> str:
        """The line's text; pieces further apart than ``cell_gap`` are table cells (a tab)."""
        if self.cells:
            return "\t".join(piece.text for piece in self.pieces)
        out = self.pieces[0].text
        for before, piece in zip(self.pieces, self.pieces[1:], strict=False):
            gap = piece.left - before.right
            out += ("\t" if gap > cell_gap else " " if gap > piece.size * 0.25 else "") + piece.text
        return out


Page = list[PageLine]


class Glyph(NamedTuple):
    """One character placed on a page: ``y`` is its baseline, growing downwards."""

    char: str
    left: float
    right: float
    y: float
    size: float


_BY_POSITION = attrgetter("y", "left")  # top to bottom, then left to right (in C)
_BY_LEFT = attrgetter("left")


class Rule(NamedTuple):
    """A ruled line of a table: vertical when ``x0 == x1``, else horizontal (y grows down)."""

    x0: float
    y0: float
    x1: float
    y1: float


def lines_of(glyphs: list[Glyph], rules: list[Rule] | None = None) -> Page:
    """Characters grouped into lines by baseline, top to bottom, each line left to right and
    cut into pieces where characters stand over two em apart. Where ruled lines frame a line,
    it is part of a table: the rules cut it into cells, and the lines between two horizontal
    rules are one row, each cell keeping the text of its wrapped lines."""
    grid = _Grid(rules or [])
    placed: list[PageLine | _TableRow] = []
    rows: dict[tuple[float, float, int], _TableRow] = {}
    line: list[Glyph] = []
    for glyph in sorted(glyphs, key=_BY_POSITION):
        if line and glyph.y - line[0].y > line[0].size * 0.5:
            _place(line, grid, placed, rows)
            line = []
        line.append(glyph)
    if line:
        _place(line, grid, placed, rows)
    out = [item.line() if isinstance(item, _TableRow) else item for item in placed]
    return [item for item in out if item.pieces]


class _Grid:
    """The vertical and horizontal rules of a page."""

    def __init__(self, rules: list[Rule]) -> None:
        self.verticals = sorted((r for r in rules if r.x0 == r.x1), key=lambda r: r.x0)
        self.horizontals = [r for r in rules if r.x0 != r.x1]

    def frame(self, line: list[Glyph]) -> tuple[float, float, list[float]] | None:
        """The table frame around a line (its left and right rules, the column rules between)."""
        if not self.verticals:
            return None  # a page without ruled columns (most of a notice)
        y, left, right = line[0].y, min(g.left for g in line), max(g.right for g in line)
        xs = [r.x0 for r in self.verticals if r.y0 - 1 <= y <= r.y1 + 1]
        lefts = [x for x in xs if x <= left + 1]
        rights = [x for x in xs if x >= right - 1]
        if not lefts or not rights:
            return None
        start, end = lefts[0], rights[-1]  # the table's outer edges, whatever cell holds the line
        return start, end, [x for x in xs if start < x < end]

    def band(self, y: float, start: float, end: float) -> int:
        """Which row of the table ``y`` lies in: how many horizontal rules across it are above."""
        return sum(
            1 for r in self.horizontals if r.y0 < y and r.x0 <= start + 2 and r.x1 >= end - 2
        )


@dataclass
class _TableRow:
    """A table row as it is read, line by line: the glyphs of each column."""

    y: float
    columns: int
    cells: dict[int, list[Glyph]]

    def line(self) -> PageLine:
        pieces = []
        for column in range(self.columns):
            glyphs = self.cells.get(column, [])
            text = "".join(_line(part).text(1e9) for part in _by_baseline(glyphs))
            pieces.append(Piece(text, 0.0, 0.0, 1.0))
        return PageLine(tuple(pieces), self.y, cells=True)


def _by_baseline(glyphs: list[Glyph]) -> list[list[Glyph]]:
    parts: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=_BY_POSITION):
        if parts and glyph.y - parts[-1][0].y <= parts[-1][0].size * 0.5:
            parts[-1].append(glyph)
        else:
            parts.append([glyph])
    return parts


def _place(
    line: list[Glyph],
    grid: _Grid,
    placed: list[PageLine | _TableRow],
    rows: dict[tuple[float, float, int], _TableRow],
) -> None:
    """Add one line of glyphs: to the table row it lies in, or as a line of its own."""
    frame = grid.frame(line)
    if frame is None:
        placed.append(_line(line))
        return
    start, end, columns = frame
    key = (start, end, grid.band(line[0].y, start, end))
    row = rows.get(key)
    if row is None:
        row = rows[key] = _TableRow(line[0].y, len(columns) + 1, {})
        placed.append(row)
    for glyph in line:
        column = sum(1 for x in columns if x <= (glyph.left + glyph.right) / 2)
        row.cells.setdefault(column, []).append(glyph)


def _line(row: list[Glyph]) -> PageLine:
    """One line's glyphs as pieces; a space is kept only where the text layer has one. The
    line's size is that of most of its characters: punctuation set in another font may come
    with metrics of its own, and the largest size made every indent look like wrapped text."""
    row.sort(key=_BY_LEFT)
    size = sorted(g.size for g in row)[len(row) // 2]
    gap = size * 2
    pieces: list[Piece] = []
    chars: list[str] = []  # the piece being read
    start, end, space = row[0].left, row[0].left, False
    for char, left, right, _baseline, _size in row:
        if not char.strip():
            space = bool(chars)
            continue
        if chars and left - end > gap:
            pieces.append(Piece("".join(chars), start, end, size))
            chars, start, space = [], left, False
        if space:
            chars.append(" ")
            space = False
        chars.append(char)
        if right > end:
            end = right
    if chars:
        pieces.append(Piece("".join(chars), start, end, size))
    return PageLine(tuple(pieces), row[0].y)


def paragraphs(pages: list[Page]) -> tuple[str, tuple[int, ...]]:
    """The text of ``pages``, one paragraph a line, and the 1-based page of each line."""
    furniture = _running_furniture(pages)
    out: list[str] = []
    out_pages: list[int] = []
    full = False  # the line before reached the right margin: it was wrapped
    seen_rows: set[str] = set()
    for number, page in enumerate(pages, start=1):
        body = [line for line in page if not _is_furniture(line, furniture)]
        prose = [line for line in body if not line.cells]
        left = min((line.left for line in prose), default=0.0)
        right = _right_margin(prose) if prose else 0.0
        for line in body:
            if line.cells:
                page_top = not out_pages or out_pages[-1] != number  # nothing yet from this page
                _add_row(line.text(0), page_top, out, out_pages, number, seen_rows)
                full = False
                continue
            size = line.size
            text = line.text(cell_gap=size * 2)
            opens = bool(_OPENS.match(text)) or "\t" in text or line.left - left > size * 1.2
            if out and full and not opens and "\t" not in out[-1]:
                out[-1] += text.lstrip()
            else:
                out.append(text.strip())
                out_pages.append(number)
            full = line.right >= right - size * 1.5 and "\t" not in text
    return "\n".join(_SPACE_BETWEEN.sub("", line) for line in out), tuple(out_pages)


def _add_row(
    text: str, page_top: bool, out: list[str], out_pages: list[int], page: int, seen: set[str]
) -> None:
    """A table row: a header repeated on a new page is dropped; a row broken over a page break
    (its first cell empty at the top of the page) is joined back cell by cell."""
    if text in seen and text.split("\t", 1)[0]:
        return
    seen.add(text)
    cells = text.split("\t")
    if page_top and not cells[0] and out and "\t" in out[-1]:
        before = out[-1].split("\t")
        if len(before) == len(cells):
            out[-1] = "\t".join(a + b for a, b in zip(before, cells, strict=True))
            return
    out.append(text)
    out_pages.append(page)


def _right_margin(lines: list[PageLine]) -> float:
    """Where full lines end: the right edge most lines reach (wrapped lines outnumber ends)."""
    edges = sorted(line.right for line in lines)
    return edges[int(len(edges) * 0.9)] if len(edges) > 3 else edges[-1]


def _normalised(line: PageLine) -> str:
    """A line's text with its digits blanked, so '第3页' and '第4页' are the same furniture."""
    return re.sub(r"\d+", "#", "".join(piece.text for piece in line.pieces)).strip()


def _running_furniture(pages: list[Page]) -> set[str]:
    """Texts that stand at the top or bottom of at least half the pages (of three or more):
    running headers and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        prose = [line for line in page if not line.cells]  # a repeated table header is kept
        if prose:
            counts.update({_normalised(prose[0]), _normalised(prose[-1])})
    return {text for text, count in counts.items() if text and count * 2 >= len(pages)}


def _is_furniture(line: PageLine, running: set[str]) -> bool:
    if line.cells:
        return False
    text = "".join(piece.text for piece in line.pieces)
    return bool(_PAGE_NUMBER.match(text)) or _normalised(line) in running
