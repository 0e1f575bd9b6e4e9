"""The responsibility grammar: who leads and who is co-responsible in one clause.

Two readings, tried in order, each a small function:

* labelled — ``牵头单位:X,责任单位:A、B`` / ``负责部门:A;适用范围:…``: the label names the role;
* marked — the role word closes the units before it: ``A牵头负责``, ``A、B分别牵头``,
  ``A负责``, ``A、B按职责分工负责``, ``A配合``, ``X会同Y负责``.

A clause that fits neither keeps its raw text, gets no units and the caller reports it.
"""

from __future__ import annotations

import re
from typing import Literal

from ..models import (
    Unit,
)
from .memo import memoised
from .reading import Reading
from .roles import (
    BODY,
    COMMA_CONVENTION,
    CONVENTION,
    DEADLINE,
    FLAGGED,
    LABEL_ROLES,
    LEAD_FLAG,
    MARKER,
    MARKER_ROLE,
    NOT_A_NAME,
    NOTE,
    STANDING,
    TRAILING_ROLE,
    TYPOGRAPHIC_CONVENTION,
    has_label,
    label_role,
    labels_in,
)
from .units import Span, unique, units_in


def read_clause(
    raw: str,
    folded: str,
    first_listed_leads: bool = False,
    bare_list: bool = False,
    comma_leads: bool = False,
) -> Reading:
    """Read one clause (``folded`` is ``raw`` folded, same length). ``bare_list``: the clause is
    only a list of units (``（区发改局、区财政局）``), read like ``…负责``. ``comma_leads``: the
    document said the units before the comma lead (逗号前为牵头单位).

    A pure function of its arguments, memoised: notices repeat their clauses
    (区发改局牵头负责 …) within a document and across a family."""
    return read_shared(raw, folded, first_listed_leads, bare_list, comma_leads).copy()


@memoised(maxsize=4096)
def read_shared(
    raw: str, folded: str, first_listed_leads: bool, bare_list: bool, comma_leads: bool
) -> Reading:
    reading = _read_grammar(raw, folded, first_listed_leads, bare_list, comma_leads)
    reading.names_only = all(is_name(unit.name) for unit in (*reading.leads, *reading.co))
    return reading


def _read_grammar(
    raw: str, folded: str, first_listed_leads: bool, bare_list: bool, comma_leads: bool
) -> Reading:
    convention = comma = typographic = None
    if "为牵头" in folded:  # every convention phrase says it: most clauses skip the three scans
        convention = CONVENTION.search(folded)
        if convention:
            folded = _blank(folded, convention.start(), convention.end())
            first_listed_leads = True
        comma = COMMA_CONVENTION.search(folded)
        typographic = TYPOGRAPHIC_CONVENTION.search(folded)
        for phrase in (comma, typographic):
            if phrase:
                folded = _blank(folded, phrase.start(), phrase.end())
    standing = STANDING.search(folded) if "不再" in folded or "下同" in folded else None
    if standing:
        folded = _blank(folded, standing.start(), standing.end())
    if (comma or comma_leads) and not MARKER.search(folded) and not has_label(folded):
        return _read_comma_split(raw, folded, comma, typographic)
    flagged: set[str] = set()
    if "牵头" in folded:  # 区发改局（牵头）: a lead, marked
        flags = list(LEAD_FLAG.finditer(folded))
        flagged = {"".join(name.split()) for name in FLAGGED.findall(folded)} if flags else set()
        for flag in reversed(flags):
            folded = _blank(folded, flag.start(), flag.end())
    if bare_list or (flagged and not MARKER.search(folded) and not has_label(folded)):
        folded += "负责"  # a bare list reads like …负责; the marker adds nothing to slice
        raw += "负责"
    reading = _read_labelled(raw, folded, first_listed_leads) or _read_marked(
        raw, folded, first_listed_leads
    )
    if typographic:
        reading.typographic = raw[typographic.start() : typographic.end()].strip(" ,;，；")
    if standing:
        units = tuple(units_in(raw, standing.string, standing.span("units")))
        role: Literal["lead", "co"] = "lead" if MARKER_ROLE[standing["role"]] == "lead" else "co"
        text = raw[standing.start() : standing.end()].strip(" ,;，；。")
        reading.standing = (text, units, role)
    if convention:
        reading.convention = raw[convention.start() : convention.end()].strip(" ,;，；")
    if flagged:
        everyone = unique(reading.leads + reading.co)
        reading.leads = [u for u in everyone if u.name in flagged]
        reading.co = [u for u in everyone if u.name not in flagged]
        reading.separate = False
    reading.leads, reading.co = _apart(reading.leads, reading.co)
    return reading


def _apart(leads: list[Unit], co: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """Leads and co units, each named once, in order; a unit that leads is not also co."""
    seen: set[str] = set()
    kept: tuple[list[Unit], list[Unit]] = ([], [])
    for units, out in zip((leads, co), kept, strict=True):
        for unit in units:
            if unit.name not in seen:
                seen.add(unit.name)
                out.append(unit)
    return kept


def _read_comma_split(
    raw: str, folded: str, comma: re.Match[str] | None, typographic: re.Match[str] | None
) -> Reading:
    """Units before the first comma lead, the rest are co (逗号前为牵头单位)."""
    reading = Reading(form="comma")
    cut = folded.find(",")
    end = len(folded.rstrip(" ,;、。"))
    before, after = (0, cut if cut >= 0 else end), (cut + 1 if cut >= 0 else end, end)
    reading.leads = unique(units_in(raw, folded, before))
    reading.co = [u for u in unique(units_in(raw, folded, after)) if u not in reading.leads]
    if comma:
        reading.comma_convention = raw[comma.start() : comma.end()].strip(" ,;，；")
    if typographic:
        reading.typographic = raw[typographic.start() : typographic.end()].strip(" ,;，；")
    return reading


def _blank(folded: str, start: int, end: int) -> str:
    """Spaces over ``folded[start:end]``: the text stays the same length as the raw clause."""
    return folded[:start] + " " * (end - start) + folded[end:]


def _read_labelled(raw: str, folded: str, first_listed_leads: bool = False) -> Reading | None:
    labels = labels_in(folded)
    if not labels:
        return None
    reading = Reading(form="labelled")
    start = labels[0].start()
    if folded[:start].strip(" ,;、。\n"):  # 区发改局牵头;责任单位:区财政局 — role words first
        before = _read_marked(raw[:start], folded[:start], first_listed_leads=False)
        reading.leads, reading.co = before.leads, before.co
    has_lead_label = bool(reading.leads) or any(label_role(m["label"]) == "lead" for m in labels)
    for label, following in zip(labels, [*labels[1:], None], strict=True):
        span: Span = (label.end(), following.start() if following else len(folded))
        role = label_role(label["label"])
        if label["label"] not in LABEL_ROLES:
            reading.unknown_labels.append(label["label"])
        if role == "people":
            names = _PEOPLE_SEPARATOR.split(raw[span[0] : span[1]].strip(" ,;，；。\n"))
            reading.leaders += [name for name in names if name]
            continue
        if role == "other":
            continue
        if role in ("scope", "deadline"):
            setattr(reading, role, raw[span[0] : span[1]].strip(" ,;，；。\n") or None)
            continue
        if _has_inner_roles(folded, span):  # 责任单位:X牵头,A、B配合: the words decide
            _read_value(reading, raw, folded, span, role)
            continue
        tail = TRAILING_ROLE.search(folded, *span)  # 责任部门:市住建局负责: 负责 is no name
        if tail:
            span = (span[0], tail.start())
        units = units_in(raw, folded, span)
        if role == "responsible" and not has_lead_label and first_listed_leads:
            reading.leads += units[:1]  # the document's convention: the first listed leads
            reading.co += units[1:]
            has_lead_label = bool(units)
        elif role == "lead" or (role == "responsible" and not has_lead_label):
            reading.leads += units
        else:
            reading.co += units
    return reading


def _has_inner_roles(folded: str, span: Span) -> bool:
    """A label's value with a role word before its end (X牵头,A配合; X、Y负责,Z等参与): the
    clause grammar reads it. A role word only at the very end (市住建局负责) adds nothing."""
    tail = TRAILING_ROLE.search(folded, *span)
    end = tail.start() if tail else span[1]
    return MARKER.search(folded, span[0], end) is not None


def _read_value(reading: Reading, raw: str, folded: str, span: Span, role: str) -> None:
    """A label's value read by the marked grammar; a co label (配合单位:) keeps every unit co
    unless the value says 牵头 itself."""
    start, end = span
    value = _read_marked(raw[:end], " " * start + folded[start:end], first_listed_leads=False)
    if role == "co" and not _EXPLICIT_LEAD.search(folded, start, end):
        reading.co += value.leads + value.co
    else:
        reading.leads += value.leads
        reading.co += value.co
        reading.separate = reading.separate or value.separate
    if value.deadline and reading.deadline is None:
        reading.deadline = value.deadline
    if value.note:
        reading.note = value.note
    if value.leftover:
        reading.leftover = value.leftover


_EXPLICIT_LEAD = re.compile(r"牵头|负总责|主抓")


#: "By their duties" markers: co units, unless a "first listed leads" convention applies.
_DIVIDED = frozenset({"按职责分工负责", "按职责负责", "分工负责"})
#: What separates the people a ``people`` label names (牵头领导:张三、李四).
_PEOPLE_SEPARATOR = re.compile(r"[、,;/ ]+")


def _read_marked(raw: str, folded: str, first_listed_leads: bool) -> Reading:
    reading = Reading(form="marked")
    markers = [(m, m.group()) for m in MARKER.finditer(folded)]
    roles = [MARKER_ROLE[word] for _, word in markers]
    explicit_lead = "lead" in roles or "separate" in roles
    position, after_huitong = 0, False
    for (marker, word), role in zip(markers, roles, strict=True):
        units = units_in(raw, folded, (position, marker.start()))
        if role == "bare" and after_huitong:
            role, after_huitong = "co", False
        elif word == "会同":
            after_huitong = True
        listed = role == "bare" or word in _DIVIDED
        if first_listed_leads and listed and not explicit_lead and not reading.leads:
            reading.leads += units[:1]  # the document's convention: the first listed leads
            reading.co += units[1:]
        elif role == "separate":
            reading.separate = len(units) > 1 or reading.separate
            reading.leads += units
        elif role in ("lead", "bare") or (role == "responsible" and not explicit_lead):
            reading.leads += units
        else:
            reading.co += units
        position = marker.end()
    rest = folded[position:].strip(" ,;、。\n")  # the convention, if any, is blanked in folded
    if DEADLINE.match(rest):  # (A牵头,B参与,2023年底前完成): the tail is a deadline
        reading.deadline = raw[position:].strip(" ,;，；、。\n")
    elif rest and not NOTE.match(rest) and roles and roles[-1] in ("lead", "separate"):
        after = units_in(raw, folded, (position, len(folded)))
        if after and all(BODY.search(unit.name) for unit in after):
            reading.co += after  # X牵头，A、B: the bodies listed after the lead support it
        else:
            reading.leftover = raw[position:].strip(" ,;，；、。\n")
    elif rest and (NOTE.match(rest) or "。" in folded[position:].lstrip()[:1] or "," in rest):
        reading.note = raw[position:].strip(" ,;，；、。\n")  # a sentence after the units
    elif rest:
        reading.leftover = raw[position:].strip(" ,;，；、。\n")
    return reading


@memoised(maxsize=8192)
def is_name(name: str) -> bool:
    """No sentence punctuation or role verb in it; a notice names its units again and again."""
    return NOT_A_NAME.search(name) is None
