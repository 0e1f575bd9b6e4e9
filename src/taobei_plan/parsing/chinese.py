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
