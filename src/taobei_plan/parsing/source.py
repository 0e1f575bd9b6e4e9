"""Index the text by line, folding look-alike characters for matching.

The first named stage of every parse: rules work on ``Line`` objects and never re-split the text.
Folding is one character for one character, so an offset into ``Line.folded`` is the same offset
into ``Line.raw``: rules match on the folded form and slice the raw one, which keeps every text
field exactly as written. Splitting never adds or removes lines, so line numbers stay true.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import NamedTuple

from .chinese import traditional_table

#: Marks that end or split a sentence (folded text): a line holding one is prose, not a heading.
SENTENCE_MARK = re.compile(r"[。;!?]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPACES = "\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\t"


def _fold_table() -> dict[int, str]:
    """Full-width ASCII to half-width, odd spaces to ' ', 【】［］ to [] — one char for one char."""
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    table.update({ord(ch): " " for ch in _SPACES})
    table.update({ord("【"): "[", ord("】"): "]", ord("〖"): "[", ord("〗"): "]"})
    table.update({ord("〔"): "(", ord("〕"): ")"})  # 各县〔市、区〕 is 各县(市、区)
    table.update({ord("〈"): "(", ord("〉"): ")"})  # 各县〈市、区〉政府 likewise
    table.update({ord("∶"): ":", ord("︰"): ":"})  # ratio signs written for a label's colon
    return table


@cache
def fold_table() -> dict[int, str]:
    """Width fold plus unambiguous traditional→simplified, built once on first use."""
    return {**traditional_table(), **_fold_table()}


def canonical(raw: str) -> str:
    """Half-width, simplified, no whitespace: the form unit names are compared in."""
    return "".join(fold(raw).split())


@cache
def _bmp_table() -> list[int]:
    """``fold_table`` as a list over the Basic Multilingual Plane, unmapped characters mapping to
    themselves: ``str.translate`` indexes a list about twice as fast as it looks up a dict (a
    dict miss raises and catches a KeyError per character). A character past the list's end is
    left as it is, so the few table entries beyond the plane get a second pass of their own."""
    table = list(range(0x10000))
    for code, replacement in fold_table().items():
        if code < 0x10000:
            table[code] = ord(replacement)
    return table


@cache
def _astral_table() -> dict[int, str]:
    return {code: char for code, char in fold_table().items() if code >= 0x10000}


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@cache
def _width_table() -> dict[int, str]:
    return _fold_table()


def width_fold(text: str) -> str:
    """Only the width fold (no traditional table): cheap, for matching a query to known names."""
    return text.translate(_width_table())


@cache
def _foldable() -> re.Pattern[str]:
    """The characters of the plane that ``fold`` changes, as one class (built on first use,
    about 4 ms): a scan for them runs in C, and most of a notice's characters fold to
    themselves, so replacing only the few present is several times faster than translating
    every character."""
    codes = sorted(code for code in fold_table() if code < 0x10000)
    return re.compile("[" + "".join(re.escape(chr(code)) for code in codes) + "]")


@cache
def _chained() -> frozenset[str]:
    """Characters whose fold is itself folded again by the table (薴 → 苧, and 苧 → 苎): one
    replacement after another could carry them two steps, so a text holding one is translated."""
    table = fold_table()
    return frozenset(chr(code) for code, char in table.items() if ord(char) in table)


#: More distinct characters to fold than this, and one pass over the text beats a pass each.
_FEW = 24
#: A text this long is folded by replacing only the characters present (``fold_present``): its
#: scanning class costs 5–6 ms once and saves about 70 ns a character, so it pays from some
#: 80,000 characters; a shorter text is translated through the table.
_SCANNED_FROM = 80_000


def _present(text: str) -> set[str]:
    """The distinct characters to fold in ``text`` (more than ``_FEW``: stops counting). Read
    a slice at a time, so a text of nothing but full-width characters never holds a list of
    them all."""
    present: set[str] = set()
    scan = _foldable().findall
    for start in range(0, len(text), _SLICE):
        present.update(scan(text, start, start + _SLICE))
        if len(present) > _FEW:
            break
    return present


_SLICE = 1 << 16


def fold(text: str) -> str:
    """Fold width variants, odd spaces and traditional characters; length-preserving."""
    if len(text) < _SCANNED_FROM:
        return text.translate(fold_table())
    return fold_present(text)


def fold_present(text: str) -> str:
    """``fold`` by replacing only the characters present (found by the scanning class)."""
    present = _present(text)
    if len(present) > _FEW or not present.isdisjoint(_chained()):
        folded = text.translate(_bmp_table())
    else:
        folded, table = text, fold_table()
        for char in present:
            folded = folded.replace(char, table[ord(char)])
    if _ASTRAL.search(folded):  # rare: a character beyond the plane (an Extension B 𠀀…)
        folded = folded.translate(_astral_table())
    return folded


class Line(NamedTuple):
    """One line of the text as written (``raw``) and folded; a tuple, since a parse makes one
    per line and a frozen dataclass is several times slower to build."""

    number: int
    raw: str
    folded: str
    blank: bool  # nothing but spaces: asked of every line, several times, so kept


def split_lines(text: str) -> list[Line]:
    """Index ``text`` by line (CRLF, CR or LF), folding each for matching. The text is folded
    once, whole: folding maps no character to or from a line break, so the folded text splits
    into the same lines."""
    raws, foldeds = line_texts(text), line_texts(fold(text))
    assert len(raws) == len(foldeds)
    return [
        Line(number, raw, folded, not folded.strip())
        for number, (raw, folded) in enumerate(zip(raws, foldeds, strict=True), 1)
    ]


def line_texts(text: str) -> list[str]:
    """The lines of ``text`` split at CRLF, CR or LF (``str.split`` when there is no CR: it is
    several times faster than the pattern)."""
    return _LINE_BREAK.split(text) if "\r" in text else text.split("\n")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
