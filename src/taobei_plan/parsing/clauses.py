"""Finding responsibility clauses in a task's text, in every bracket form the family uses.

A task's lines are joined into one ``Run`` (hard-wrapped text joins without a separator, as
Chinese does). One linear scan finds the top-level bracketed groups: a ``[…]`` group (【】［］
fold to it) is always a clause; a ``(…)`` group is a clause when it names a role (负责, 牵头,
配合, …), so asides like ``(镇)`` or ``(R&D)`` stay text. Responsibility on its own lines
(``牵头单位:X``) is the ``lines`` form, read by ``is_responsibility_line``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..models import ClauseForm
from .memo import memoised
from .roles import (
    BODY,
    KEYWORD,
    LABEL,
    LABEL_ROLES,
    LEAD_FLAG,
    has_label,
    label_role,
    may_hold_label,
    unit_label,
)
from .source import Line
from .units import split_spans

#: The form of a group each opening mark starts.
_MARK_FORM: dict[str, ClauseForm] = {"[": "bracket", "(": "paren"}
_OPEN = {"[": "]", "(": ")"}
_CLOSE = {"]": "[", ")": "("}
_BRACKET = re.compile(r"[\[\]()]")


#: How a unit name ends; a bare parenthesised list counts as a clause only when every item does.
_ORGANISATION = re.compile(
    r"..(?:局|委|办|部|院|中心|政府|单位|部门|公司|厅|署|会|所|站|队|处|街道|镇|乡|组|室|社|馆|团|集团|银行)$"
)


#: A body a bare closing list may name: governments, their departments and offices. A list of
#: only schools, rooms or premises (厦门医学院, 经营场所) is an aside, not who does the task.
_PUBLIC_BODY = re.compile(
    r"(?:局|委|办|部|厅|署|政府|中心|街道|镇|乡|队|处|站|单位|部门|委员会|管委会|办公室)$"
)
#: How an aside opens: a definition, an inclusion, a condition (以下简称…, 含…, 须为…).
_ASIDE_OPENING = re.compile(r"^[ ]*(?:以下简称|以下称|简称|含|包括|不含|须|需|即|如|详见|见|注|指)")
#: A bracket of only a year or number ([2022]), or nothing.
_NOT_WORDS = re.compile(r"^[\[\]() 0-9.,、\-]*$")
_DIGIT = re.compile(r"\d")
#: 由X负责解释/认定/处理 and conditions (…的，由X牵头处理): who handles a matter, not a task.
_HANDLING = re.compile(
    r"(?:负责|牵头)(?:解释|认定|处理|审核|受理|核实|核定|解答|答复|审批|裁定)|的,[ ]*由"
)


#: Lines that open with a label of their own and name no unit: contacts, meeting logistics,
#: distribution lists, notes to readers (联系人:…电话, 时间:…, 抄送:…). Never a clause line.
_STRAY_LABEL = re.compile(
    r"^(?:联系人|联系电话|电话|联系方式|手机|传真|邮箱|电子邮箱|地址|时间|地点|会议时间|会议地点|"
    r"参加人员|参会人员|参会范围|报到|报到时间|报到地点|抄送|主送|附件|备注|注|说明)[ ]*:"
)
#: What a value's first item is when it is no unit: a request to its addressees (请于…, 要…).
_VALUE_ITEM = re.compile(r"[^,、;。 ]+")


def is_responsibility_line(line: Line) -> bool:
    """A line of the lines form: ``牵头单位:X``, ``责任单位:A、B``, ``完成时限:…``. Not a stray
    label (联系人:…, 抄送:…), and not a label taobei does not know whose value opens with no
    body (``区直各有关单位:请于每月5日前报送`` addresses readers, it names no unit)."""
    folded = line.folded.lstrip()
    if _STRAY_LABEL.match(folded):
        return False
    match = LABEL.match(folded)
    if match is None:
        return False
    name = match["label"]
    if label_role(name) == "other":
        return False
    if name in LABEL_ROLES:
        return True
    first = _VALUE_ITEM.search(folded, match.end())
    return first is not None and BODY.search(first.group()) is not None


class Group(NamedTuple):
    """A top-level bracketed group: ``start`` at the opening mark, ``end`` after the closing one.
    (A tuple: cheap to make and to hash, and a parse makes one per bracket.)"""

    start: int
    end: int
    #: bracket […], paren (…), inline (a 牵头单位: list in the text) or list (a bare unit list)
    form: ClauseForm
    closed: bool = True


class Run:
    """A task's text joined across lines, with each piece's offset and line number.

    Pieces are kept in lists and joined on demand, so appending many lines stays linear.
    """

    __slots__ = (
        "_folded",
        "_open",
        "_raw",
        "_stack",
        "_verdicts",
        "groups",
        "length",
        "numbers",
        "starts",
    )

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.numbers: list[int] = []
        self.groups: list[Group] = []
        self.length = 0
        self._raw: list[str] = []
        self._folded: list[str] = []
        self._stack: list[tuple[str, int]] = []
        self._open = {"[": 0, "(": 0}
        #: ``is_clause`` verdicts by group and the run's length then (a verdict may look at the
        #: text after the group): the parse asks again each time it checks whether a task is
        #: closed.
        self._verdicts: dict[tuple[Group, int], bool] = {}

    def append(self, line: Line, column: int = 0) -> None:
        """Add ``line`` from ``column`` on (trimmed), scanning its brackets once."""
        raw = line.raw[column:]
        lead = len(raw) - len(raw.lstrip())
        piece_raw = raw.strip()
        piece_folded = line.folded[column + lead : column + lead + len(piece_raw)]
        self.starts.append(self.length)
        self.numbers.append(line.number)
        self._raw.append(piece_raw)
        self._folded.append(piece_folded)
        self._scan(piece_folded, self.length)
        self.length += len(piece_raw)

    def _scan(self, folded: str, base: int) -> None:
        stack, counts = self._stack, self._open
        for mark in _BRACKET.finditer(folded):  # only the brackets: the text between is skipped
            ch, i = mark.group(), mark.start()
            if ch in _OPEN:
                stack.append((ch, base + i))
                counts[ch] += 1
            elif counts[opener := _CLOSE[ch]]:
                while True:  # pop to the matching mark; each mark is popped once: linear
                    opened, position = stack.pop()
                    counts[opened] -= 1
                    if opened == opener:
                        break
                if not stack:
                    self.groups.append(Group(position, base + i + 1, _MARK_FORM[opened]))

    @property
    def raw(self) -> str:
        return "".join(self._raw)

    @property
    def folded(self) -> str:
        return "".join(self._folded)

    def _folded_slice(self, start: int, end: int) -> str:
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, end - 1) - 1
        text = "".join(self._folded[first : last + 1])
        return text[start - self.starts[first] : end - self.starts[first]]

    def is_clause(self, group: Group) -> bool:
        """Whether a group names who is responsible. ``[…]`` when it names a role, a label or a
        body (not ``[]``, ``[2022]``, a caption ``[制定目的]`` or a bare label ``[牵头单位]``);
        ``(…)`` when it names a role, unless it says who handles a matter (由X负责解释)."""
        if group.form in ("inline", "list"):
            return True
        key = (group, self.length)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = self._judge(group)
        return verdict

    def _judge(self, group: Group) -> bool:
        verdict = _verdict(group.form, self._folded_slice(group.start, group.end))
        if verdict is None:  # a bracket of other words: what follows it decides
            after = self._folded_slice(group.end, self.length) if group.end < self.length else ""
            return not after.strip(" 。.;,")
        return verdict

    def inside(self, group: Group) -> tuple[str, str]:
        """The clause text of ``group`` (raw, folded): inside its brackets, or the whole inline
        label list; an unclosed bracket runs to the end."""
        start, end = group.start, group.end
        if group.form != "inline":
            start, end = start + 1, end - 1 if group.closed else end
        return self.raw[start:end], self.folded[start:end]

    def text_without(self, groups: Sequence[Group], folded: bool = False) -> str:
        """The text with ``groups`` cut out: a task's text without its clauses (or its folded
        form, offset for offset)."""
        text, out, position = self.folded if folded else self.raw, [], 0
        for group in groups:
            out.append(text[position : group.start])
            position = group.end
        out.append(text[position:])
        return "".join(out)

    def texts_closed(self, groups: Sequence[Group]) -> list[str | None]:
        """For each group, the text between the previous group and it: what that clause closes."""
        raw, out, previous = self.raw, [], 0
        for group in groups:
            out.append(raw[previous : group.start].strip() or None)
            previous = group.end
        return out

    def line_at(self, offset: int) -> int:
        return self.numbers[max(bisect_right(self.starts, offset) - 1, 0)]

    @property
    def unclosed(self) -> int | None:
        """Offset of the outermost bracket still open, if any."""
        return self._stack[0][1] if self._stack else None

    def clauses(self) -> list[Group]:
        """Clause groups in order; an unclosed ``[`` runs to the end as a damaged clause."""
        found = [group for group in self.groups if self.is_clause(group)]
        if self.unclosed is not None and self._stack[0][0] == "[":
            found.append(Group(self.unclosed, self.length, "bracket", closed=False))
        if not found:
            found = next((groups for finder in _UNBRACKETED if (groups := finder(self))), [])
        return found

    def _trailing_list(self) -> list[Group]:
        """``…工作。（区发改局、区财政局）`` — a closing group of nothing but unit names."""
        if not self.groups or self.groups[-1].form != "paren":
            return []
        last = self.groups[-1]
        folded = self.folded
        if folded[last.end :].strip(" 。.;,"):
            return []
        if _names_bodies(folded[last.start + 1 : last.end - 1]):
            return [Group(last.start, last.end, "list")]
        return []

    def _inline_label(self) -> list[Group]:
        """``…。牵头单位:X;责任单位:A、B`` with no brackets: the clause runs to the end."""
        folded = self.folded
        if not may_hold_label(folded):
            return []
        for match in unit_label().finditer(folded):
            if not any(g.start < match.start() < g.end for g in self.groups):
                return [Group(match.start(), self.length, "inline")]
        return []

    @property
    def closed(self) -> bool:
        """True when the text ends in a clause, perhaps followed on the same line by asides such
        as ``（2024年底前）``: the task is complete."""
        if self._stack or not self.groups or not self._folded:
            return False
        line_start, line = self.starts[-1], self._folded[-1]
        end = len(line)  # the right part of the last line still to account for
        for group in reversed(self.groups):
            if group.end <= line_start or line[group.end - line_start : end].strip(" 。.;,"):
                return False  # the last line ends in text, not in a group
            if self.is_clause(group):
                return True
            end = group.start - line_start  # an aside: look to its left
            if end < 0:
                return False
        return False


#: Where a task's clause is found when no bracket holds one, tried in order (the first that
#: finds wins): a new unbracketed form is a finder here and a row of ``ClauseForm``.
_UNBRACKETED: tuple[Callable[[Run], list[Group]], ...] = (Run._inline_label, Run._trailing_list)


@memoised(maxsize=4096)
def _verdict(form: ClauseForm, text: str) -> bool | None:
    """``Run.is_clause`` of a ``[…]`` or ``(…)`` group's folded text, where the text alone
    decides; None for a ``[…]`` of other words, which closes the task as a damaged clause
    ([长期坚持], reported) unless text follows it: a caption opening the text ([制定目的])."""
    if _HANDLING.search(text):
        return False
    if form == "bracket":
        inner = text.strip("[] ")
        if inner in LABEL_ROLES or _NOT_WORDS.match(inner):
            return False
        if KEYWORD.search(inner) or has_label(inner) or _names_bodies(inner):
            return True
        return False if _DIGIT.search(inner) else None  # a figure: [按…1.44倍计算]
    return bool(KEYWORD.search(text)) and not LEAD_FLAG.fullmatch(text)


def _names_bodies(text: str) -> bool:
    """A list of nothing but organisation names, one of them a government body, with no
    digits (a room number) and not opening like an aside (以下简称…, 含…)."""
    if _ASIDE_OPENING.match(text) or _DIGIT.search(text):
        return False
    names = [text[start:end] for start, end in split_spans(text, 0, len(text))]
    return (
        bool(names)
        and all(_ORGANISATION.search(name) or name.startswith("各") for name in names)
        and any(_PUBLIC_BODY.search(name) for name in names)
    )
