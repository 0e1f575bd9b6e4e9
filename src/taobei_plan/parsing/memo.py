"""Memo tables for the parser's pure functions of short text (a unit list, a name's kind).

A notice repeats its few dozen unit names and list segments hundreds of times, and notices of
one family repeat them across documents; memoising them is the cheapest speed-up a parse has.
Every table is bounded (least recently used entries go), so a long batch keeps flat memory.
Only short pieces that recur across a family's notices are memoised (unit lists, names, clauses,
bracket verdicts), never whole lines or paragraphs: those recur only when the same notice is
parsed again, and that is the parse cache's business, not a reason to flatter a benchmark.
``clear()`` empties them all: the benchmark uses it to time a parse as a process meets a new
notice, not one it has already read.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_TABLES: list[Any] = []


def memoised(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)``, registered so that ``clear()`` reaches it. Only for
    functions whose result depends on their arguments alone and is never changed by a caller."""

    def decorate(function: F) -> F:
        cached = lru_cache(maxsize=maxsize)(function)
        _TABLES.append(cached)
        return cached  # type: ignore[return-value]

    return decorate


def clear() -> None:
    """Empty every memo table."""
    for table in _TABLES:
        table.cache_clear()
