"""Traditional → simplified, one character for one character, from OpenCC's dictionary; and
the Han script as ranges for stdlib ``re``.

The table is OpenCC's ``TSCharacters`` (its unambiguous single characters), kept as the generated
module ``traditional`` (scripts/make_traditional_table.py; a test checks it against the installed
OpenCC) rather than a hand table, and rather than read from OpenCC's text file on every start.
One-for-one keeps offsets stable, so it can be part of the fold.
"""

from __future__ import annotations

from functools import cache

from .traditional import SIMPLIFIED, TRADITIONAL


@cache
def traditional_table() -> dict[int, str]:
    """``str.translate`` table of the unambiguous single-character conversions."""
    return dict(zip(map(ord, TRADITIONAL), SIMPLIFIED, strict=True))


#: The characters of the Han script (what ``regex`` calls ``\p{Han}``: ideographs, radicals,
#: 々 〇 and the Suzhou numerals), as ranges for a stdlib ``re`` character class; a test checks
#: them against ``\p{Han}`` code point by code point.
HAN = (
    "\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00016fe2-\U00016fe3"
    "\U00016ff0-\U00016ff6\U00020000-\U0002a6df\U0002a700-\U0002b81e\U0002b820-\U0002cead"
    "\U0002ceb0-\U0002ebe0\U0002ebf0-\U0002ee5d\U0002f800-\U0002fa1d\U00030000-\U0003134a"
    "\U00031350-\U00033479"
)
