"""Numbering schemes: the markers that open a heading or an item (一、 （一） 1. （1）).

Each scheme is one small rule in ``SCHEMES``; adding a scheme is adding an entry. Rules match on
folded text (full-width already half-width), so ``（一）`` and ``(一)`` are one scheme, and
``1．`` is ``1.``. A scheme never decides whether an item is a task: the parser does, from which
level carries responsibility clauses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .chinese import HAN
from .memo import memoised

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100}
_CN = "零〇一二两三四五六七八九十百"


def chinese_number(numeral: str) -> int | None:
    """'十九' → 19, '二十' → 20, '一百零八' → 108; None when it is not a numeral."""
    total, digit = 0, None
    for ch in numeral:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0) if numeral else None


class Scheme:
    """One numbering scheme. ``rank`` orders schemes from outermost (0) inward; ``value`` turns
    the captured numeral into its integer. Schemes are the entries of ``SCHEMES``, compared by
    identity (a generated ``__eq__`` over the pattern and function was a hot spot)."""

    __slots__ = ("_pattern", "name", "rank", "source", "starts", "value")

    def __init__(
        self,
        name: str,
        rank: int,
        source: str,  # the pattern, compiled on first use
        value: Callable[[str], int | None],
        starts: str,  # the characters a marker of this scheme can begin with (after spaces)
    ) -> None:
        self.name = name
        self.rank = rank
        self.source = source
        self.value = value
        self.starts = starts
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        """Compiled when a line first may open with this scheme: most notices use two or three
        of the nine, and one pattern (``padded``, with its Han class) takes 1-2 ms to compile."""
        if self._pattern is None:
            self._pattern = re.compile(self.source)
        return self._pattern

    def __repr__(self) -> str:
        return f"Scheme({self.name!r})"


class Marker(NamedTuple):
    """Where a line's numbering marker stands and what it numbers. (A tuple: a parse makes one
    per numbered line, and a frozen dataclass is several times slower to build.)"""

    scheme: Scheme
    number: int
    start: int
    end: int
    printed: str | None = None  # set when the marker was wrapped over several lines

    def label(self, raw_line: str) -> str:
        """The marker as printed, without surrounding whitespace."""
        return self.printed or raw_line[self.start : self.end].strip()


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: Measure words a figure is followed by: 01亿元, 05万亩 are numbers, not item markers.
_MEASURE = "亿万千百十元年月日时个项家户人亩吨台套次名座条所期倍份辆栋间公里米"
_LEAD = r"^[ ]*"
#: ``\d`` also matches other scripts' digits (٣, ３ folds to 3 already): the first-character
#: filter must let every one through, so it is not limited to 0-9 (see ``_candidates``).
_DIGITS = "0123456789"
SCHEMES: tuple[Scheme, ...] = (
    # 第一部分 经济发展 / 第二章 / 第三篇
    Scheme(
        "cn-part",
        -10,
        _LEAD + rf"第([{_CN}]{{1,4}})(?:部分|章|篇|编)[ 、.:]*",
        chinese_number,
        "第",
    ),
    # 一、生态建设 / 一. 生态建设 / 一 、
    Scheme("cn-dun", 0, _LEAD + rf"([{_CN}]{{1,4}})[ ]*[、.][ ]*", chinese_number, _CN),
    # 第一条 … (the articles of a measures document; a law's articles carry no clauses)
    Scheme(
        "cn-article",
        5,
        _LEAD + rf"第([{_CN}]{{1,4}})条[ 、.:]*",
        chinese_number,
        "第",
    ),
    # （一）指导思想 / (一)
    Scheme(
        "cn-paren",
        10,
        _LEAD + rf"\([ ]*([{_CN}]{{1,4}})[ ]*\)[ ]*",
        chinese_number,
        "(",
    ),
    # 1.抓住… / 1、 / 1. / 1．(folded) — but not 2.1万亩, which is a decimal
    Scheme("arabic-dot", 20, _LEAD + r"(\d+)[ ]*[.、](?!\d)[ ]*", int, _DIGITS),
    # 01 / 02 on their own line (the text below), or 01按时完成… (zero-padded, as PDFs print them);
    # not 01亿元, a figure a hard wrap put at a line start
    Scheme(
        "padded",
        20,
        _LEAD + rf"(0\d)(?=[ ]*$|[ ]*[.、]|[ ]|(?![{_MEASURE}])[{HAN}])[ ]*[.、]?[ ]*",
        int,
        "0",
    ),
    # （1）…
    Scheme("arabic-paren", 30, _LEAD + r"\([ ]*(\d+)[ ]*\)[ ]*", int, "("),
    # 1）… / 1)…
    Scheme("arabic-half-paren", 40, _LEAD + r"(\d+)[ ]*\)[ ]*", int, _DIGITS),
    # ①…
    Scheme(
        "circled",
        50,
        _LEAD + rf"([{_CIRCLED}])[ ]*",
        lambda c: _CIRCLED.index(c) + 1,
        _CIRCLED,
    ),
)


@memoised(maxsize=4096)
def _candidates(first: str) -> tuple[Scheme, ...]:
    """The schemes a line beginning with ``first`` may open with, in ``SCHEMES`` order: most
    lines begin with a character no marker does, and are settled with no pattern tried."""
    digit = first.isdigit()
    return tuple(s for s in SCHEMES if first in s.starts or (digit and _DIGITS in s.starts))


#: The longest numeral a marker has. Any number of digits is a number as printed (a hostile
#: 99999999999999999999. is kept as such), but int() refuses 4,300 digits and beyond: past this
#: bound the "number" numbers nothing and the line is text.
MAX_NUMERAL = 1000


def find_marker(folded: str) -> Marker | None:
    """The numbering marker at the start of a folded line, if any scheme matches."""
    lead = len(folded) - len(folded.lstrip(" "))
    for scheme in _candidates(folded[lead : lead + 1]):
        match = scheme.pattern.match(folded)
        if match is None or len(match.group(1)) > MAX_NUMERAL:
            continue  # a 5,000-digit "number" numbers nothing
        number = scheme.value(match.group(1))
        if number is None:
            continue
        return Marker(scheme, number, match.start(), match.end())
    return None
