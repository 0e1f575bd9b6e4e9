"""Traditional → simplified, one character for one character, from OpenCC's dictionary.

We read OpenCC's ``TSCharacters`` table (shipped by opencc-python-reimplemented) rather than keep
a hand table. Only unambiguous characters are taken: where OpenCC lists the traditional character
itself among the simplified candidates (乾 → 干 乾, 於 → 于 於), it is also valid simplified text,
so it is left alone. One-for-one keeps offsets stable, so it can be part of the fold.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


def _dictionary_path() -> Path:
    spec = importlib.util.find_spec("opencc")  # locate without importing the converter
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("opencc-python-reimplemented is required for traditional text")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "TSCharacters.txt"


@cache
def traditional_table() -> dict[int, str]:
    """``str.translate`` table of the unambiguous single-character conversions."""
    table: dict[int, str] = {}
    for entry in _dictionary_path().read_text(encoding="utf-8").splitlines():
        source, _, targets = entry.partition("\t")
        candidates = targets.split()
        if len(source) == 1 and candidates and source not in candidates and len(candidates[0]) == 1:
            table[ord(source)] = candidates[0]
    return table


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
