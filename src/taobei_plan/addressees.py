"""Units a notice addresses as a class, not by name: 各乡(镇), 各县(市、区), 各场, 各相关单位.

A township asking "which tasks are ours?" (``--dept 东风乡``) is not named in a district's notice,
but every task addressed to 各乡(镇) is its own. A name of a known class (a township, a county, a
farm, a department) that the notice does not name matches the tasks addressed to that class as
a whole, each row saying through which addressee (``via``). Nothing further is guessed: 各相关单位
may or may not mean a given bureau, and the message says so.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from .errors import QueryError
from .parsing.source import canonical, width_fold
from .query import resolve, unit_forms

#: Suffixes a name drops before its class is read (东风乡人民政府 is 东风乡).
_GOVERNMENT = re.compile(r"(?:人民政府|政府|办事处)$")


#: The longest unit name (a name of a class longer than this is no unit's).
MAX_NAME = 30


class UnitClass(NamedTuple):
    """A class of unit: how a name of it ends, how a notice addresses all of it, what it is
    called in a message."""

    name: str
    member: re.Pattern[str]
    collective: re.Pattern[str]


CLASSES: tuple[UnitClass, ...] = (
    UnitClass("乡镇（街道）", re.compile(r"(?:乡|镇|街道|苏木)$"),
              re.compile(r"^各(?:乡|镇|街道|街|苏木)")),
    UnitClass("场", re.compile(r"(?:农场|林场|牧场|渔场|场)$"), re.compile(r"^各(?:农|林|牧)?场")),
    UnitClass("县（市、区）", re.compile(r"(?<!开发)(?<!园)(?<!新)(?:县|旗|区|市)$"),
              re.compile(r"^各(?:县|区|旗)")),
    UnitClass("部门", re.compile(r"(?:局|委|办|厅|部|中心|院|所|站|队|会|公司|集团|室|处|科)$"),
              re.compile(r"^各(?:相关|有关)?(?:部门|单位|责任单位)$")),
)  # fmt: skip


def unit_class(name: str) -> UnitClass | None:
    """The class a unit's name says it is of (a township, a county …), or None."""
    bare = _GOVERNMENT.sub("", name)
    if not 2 <= len(bare) <= MAX_NAME:
        return None
    return next((c for c in CLASSES if c.member.search(bare)), None)


def collectives(name: str, units: Iterable[str]) -> tuple[UnitClass | None, list[str]]:
    """The class of ``name`` and the addressees among ``units`` that address that class whole."""
    found = unit_class(name)
    if found is None:
        return None, []
    return found, [unit for unit in units if found.collective.search(unit)]


def is_collective(name: str, kind: str) -> bool:
    """Whether a unit is an addressee of a class rather than a unit of its own."""
    return kind == "generic" or any(c.collective.search(name) for c in CLASSES)


def addressed(dept: str, notice: dict[str, Any], classes: bool = True) -> tuple[list[str], bool]:
    """The units ``--dept`` means: the one it names; else, for a township, county, farm or
    department the notice does not name (nor anything close: 区水力局 is a slip for 区水利局),
    the addressees of its whole class (各乡(镇)), and True."""
    try:
        return [resolve(dept, notice)], False
    except QueryError as error:
        if not classes or _slip(dept, error.suggestions):
            raise
        _, names = collectives(width_fold("".join(dept.split())), unit_forms(notice))
        if not names:
            raise
        return names, True


def _slip(query: str, names: Sequence[str]) -> bool:
    """Whether ``query`` is a unit's name mistyped (区水力局 for 区水利局: three characters in
    four alike), not a name of its own: then the suggestion is the answer, not a class."""
    wanted = canonical(query)
    return any(difflib.SequenceMatcher(None, wanted, name).ratio() >= 0.75 for name in names)
