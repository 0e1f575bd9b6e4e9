"""The responsibility grammar: who leads and who is co-responsible in one clause.

Two readings, tried in order, each a small function:

* labelled — ``牵头单位:X,责任单位:A、B`` / ``负责部门:A;适用范围:…``: the label names the role;
* marked — the role word closes the units before it: ``A牵头负责``, ``A、B分别牵头``,
  ``A负责``, ``A、B按职责分工负责``, ``A配合``, ``X会同Y负责``.

A clause that fits neither keeps its raw text, gets no units and the caller reports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..diagnostics import Diagnostics
from ..models import Clause, ClauseForm, Convention, LeadMode, Responsibility, Unit
from .units import Span, unique, units_in

#: A document-wide convention: the first listed unit leads (列第一位者为牵头单位，下同).
CONVENTION = regex.compile(
    r"[,;]?[ ]*(?:列|排)(?:在)?(?:第一位|首位)[^,;)]{0,8}?为牵头(?:单位|部门)?(?:[,;][ ]*下同)?"
)

#: Labels of the labelled form and the role each gives what follows it, up to the next label.
LABEL_ROLES = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主办单位": "lead",
    "责任单位": "responsible",  # leads when no 牵头 label is given, else co
    "责任部门": "responsible",
    "负责单位": "responsible",
    "负责部门": "responsible",
    "配合单位": "co",
    "配合部门": "co",
    "协办单位": "co",
    "协助单位": "co",
    "参与单位": "co",
    "协同责任单位": "co",
    "配合责任单位": "co",
    "牵头责任单位": "lead",
    "落实单位": "responsible",  # co beside a lead, else leads
    "实施单位": "responsible",
    "适用范围": "scope",
    "完成时限": "deadline",
    "完成时间": "deadline",
    "时间节点": "deadline",
    "时限要求": "deadline",
    "主责单位": "lead",
    "牵头": "lead",  # short labels: 牵头:X;配合:Y (only with a colon or in brackets)
    "配合": "co",
    "协办": "co",
    "参与": "co",
    "牵头负责领导": "people",  # people, not units: the task's leaders
    "牵头领导": "people",
    "责任领导": "people",
    "分管领导": "people",
    "责任人": "people",
    "联系人": "other",  # a contact: read past
}


#: A label taobei does not know (服务单位:, 督办单位:): read as 责任单位 and reported, so its
#: name is never glued into a unit.
_UNKNOWN_LABEL = r"\p{Han}{1,4}(?:单位|部门)"


def _label_pattern(names: list[str]) -> regex.Pattern[str]:
    """``名称:`` or ``[名称]`` (【】 folds to []), longest name first. A label opens a clause or
    follows a separator; glued to a word before it (予以配合:, 公众参与:) it is prose."""
    alternatives = "|".join(sorted(names, key=len, reverse=True)) + "|" + _UNKNOWN_LABEL
    return regex.compile(
        rf"(?:\[(?P<label>{alternatives})\][ ]*:?|(?<!\p{{Han}})(?P<label>{alternatives})[ ]*:)"
    )


def label_role(name: str) -> str:
    """The role a label gives its units; an unknown ``…单位``/``…部门`` label is a 责任单位."""
    return LABEL_ROLES.get(name, "responsible")


LABEL = _label_pattern(list(LABEL_ROLES))
#: A label naming units: what makes text after a task a responsibility clause.
UNIT_LABEL = _label_pattern(
    [k for k, v in LABEL_ROLES.items() if v in ("lead", "responsible", "co")]
)

#: Role words: each closes the units before it. ``responsible`` units lead when the clause names
#: no lead, else they are co (区发改局牵头，各街道负责落实).
_MARKER_ROLE = {
    "分别牵头负责": "separate",
    "分别牵头": "separate",
    "共同牵头负责": "lead",
    "共同牵头": "lead",
    "牵头负责": "lead",
    "牵头抓总": "lead",
    "牵头": "lead",
    "为牵头单位": "lead",
    "为牵头部门": "lead",
    "主抓": "lead",
    "负总责": "lead",
    "会同": "lead",
    "按职责分工负责": "co",
    "按职责负责": "co",
    "分工负责": "co",
    "按职责分工配合": "co",
    "分别负责": "separate",
    "负责指导": "lead",
    "为主": "lead",
    "主办": "lead",
    "配合": "co",
    "协助": "co",
    "协同": "co",
    "协办": "co",
    "参与": "co",
    "支持": "co",
    "为配合单位": "co",
    "为配合部门": "co",
    "为协办单位": "co",
    "为参与单位": "co",
    "为责任单位": "responsible",
    "负责落实": "responsible",
    "具体负责": "responsible",
    "组织实施": "responsible",
    "抓好落实": "responsible",
    "落实": "responsible",
    "负责": "bare",
}
_MARKER = regex.compile(
    "|".join(
        "负责(?!人|同志)" if word == "负责" else regex.escape(word)
        for word in sorted(_MARKER_ROLE, key=len, reverse=True)
    )
)

#: A clause's tail that is a time, not a unit: 2023年底前完成, 6月底前, 长期坚持, 持续推进.
_DEADLINE = regex.compile(
    r"^(?:\d{4}年|\d{1,2}月|年底|年内|年前|上半年|下半年|长期|持续|每年|按年度)"
)

#: What no unit name holds: sentence punctuation or a role verb (a splitter's mistake). 推进 and
#: 完成 may be part of a body's name (推进…领导小组成员单位) when the name ends like a body.
_NOT_A_NAME = regex.compile(
    r"[。;:]|负责|牵头|(?:推进|完成)(?!.*(?:单位|部门|小组|委员会|局|办|中心|办公室)$)"
)

#: Role words closing a labelled list (服务单位:区统计局负责): they name no unit.
_TRAILING_ROLE = regex.compile(
    r"(?:牵头负责|按职责分工负责|负责落实|负责|牵头|配合|参与)[ ,;、。]*$"
)

#: How a note inside a clause opens, after its units: 下同, 以下任务均…, 具体任务均涉及….
_NOTE = regex.compile(r"^(?:下同|以下|具体任务|注|其中|此项|本项|上述|均|不再|涉及|各项)")

#: ``区发改局（牵头）``: the unit before the mark leads (the others listed with it are co).
LEAD_FLAG = regex.compile(r"\([ ]*(?:牵头|牵头单位|牵头部门)[ ]*\)")
_FLAGGED = regex.compile(r"([^、,;:()\s]+)[ ]*\([ ]*(?:牵头|牵头单位|牵头部门)[ ]*\)")

#: Words that make a bracketed group a responsibility clause rather than an aside.
KEYWORD = regex.compile(
    r"负责(?!人|同志)|负总责|牵头|配合|协助|责任单位|责任部门|负责部门|牵头单位|落实单位|实施单位"
)


@dataclass
class Reading:
    """What the grammar read from one clause."""

    form: str
    leads: list[Unit] = field(default_factory=list)
    co: list[Unit] = field(default_factory=list)
    separate: bool = False
    scope: str | None = None
    deadline: str | None = None
    convention: str | None = None  # the convention phrase this clause declares, as written
    leftover: str = ""
    leaders: list[str] = field(default_factory=list)  # people named by 责任领导: and the like
    note: str | None = None  # a sentence after the units (具体任务均涉及…，不再做分工，下同)
    unknown_labels: list[str] = field(default_factory=list)

    @property
    def lead_mode(self) -> LeadMode:
        if not self.leads:
            return "none"
        if len(self.leads) == 1:
            return "sole"
        return "separate" if self.separate else "joint"

    @property
    def fits(self) -> bool:
        return bool(self.leads or self.co)


def read_clause(
    raw: str, folded: str, first_listed_leads: bool = False, bare_list: bool = False
) -> Reading:
    """Read one clause (``folded`` is ``raw`` folded, same length). ``bare_list``: the clause is
    only a list of units (``（区发改局、区财政局）``), read like ``…负责``."""
    convention = CONVENTION.search(folded)
    if convention:
        folded = _blank(folded, convention.start(), convention.end())
        first_listed_leads = True
    flagged = {"".join(name.split()) for name in _FLAGGED.findall(folded)}
    for flag in reversed(list(LEAD_FLAG.finditer(folded))):  # 区发改局（牵头）: a lead, marked
        folded = _blank(folded, flag.start(), flag.end())
    if bare_list or (flagged and not _MARKER.search(folded) and not LABEL.search(folded)):
        folded += "负责"  # a bare list reads like …负责; the marker adds nothing to slice
        raw += "负责"
    reading = _read_labelled(raw, folded) or _read_marked(raw, folded, first_listed_leads)
    if convention:
        reading.convention = raw[convention.start() : convention.end()].strip(" ,;，；")
    if flagged:
        everyone = unique(reading.leads + reading.co)
        reading.leads = [u for u in everyone if u.name in flagged]
        reading.co = [u for u in everyone if u.name not in flagged]
        reading.separate = False
    reading.leads = unique(reading.leads)
    lead_names = {unit.name for unit in reading.leads}
    reading.co = [unit for unit in unique(reading.co) if unit.name not in lead_names]
    return reading


def _blank(folded: str, start: int, end: int) -> str:
    """Spaces over ``folded[start:end]``: the text stays the same length as the raw clause."""
    return folded[:start] + " " * (end - start) + folded[end:]


def _read_labelled(raw: str, folded: str) -> Reading | None:
    labels = list(LABEL.finditer(folded))
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
            names = regex.split(r"[、,;/ ]+", raw[span[0] : span[1]].strip(" ,;，；。\n"))
            reading.leaders += [name for name in names if name]
            continue
        if role == "other":
            continue
        if role in ("scope", "deadline"):
            setattr(reading, role, raw[span[0] : span[1]].strip(" ,;，；。\n") or None)
            continue
        tail = _TRAILING_ROLE.search(folded, *span)  # 责任部门:市住建局负责: 负责 is no name
        if tail:
            span = (span[0], tail.start())
        units = units_in(raw, folded, span)
        if role == "lead" or (role == "responsible" and not has_lead_label):
            reading.leads += units
        else:
            reading.co += units
    return reading


#: "By their duties" markers: co units, unless a "first listed leads" convention applies.
_DIVIDED = frozenset({"按职责分工负责", "按职责负责", "分工负责"})


def _read_marked(raw: str, folded: str, first_listed_leads: bool) -> Reading:
    reading = Reading(form="marked")
    explicit_lead = any(
        _MARKER_ROLE[m.group()] in ("lead", "separate") for m in _MARKER.finditer(folded)
    )
    position, after_huitong = 0, False
    for marker in _MARKER.finditer(folded):
        units = units_in(raw, folded, (position, marker.start()))
        role = _MARKER_ROLE[marker.group()]
        if role == "bare" and after_huitong:
            role, after_huitong = "co", False
        elif marker.group() == "会同":
            after_huitong = True
        listed = role == "bare" or marker.group() in _DIVIDED
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
    if _DEADLINE.match(rest):  # (A牵头,B参与,2023年底前完成): the tail is a deadline
        reading.deadline = raw[position:].strip(" ,;，；、。\n")
    elif rest and (_NOTE.match(rest) or "。" in folded[position:].lstrip()[:1] or "," in rest):
        reading.note = raw[position:].strip(" ,;，；、。\n")  # a sentence after the units
    elif rest:
        reading.leftover = raw[position:].strip(" ,;，；、。\n")
    return reading


class ClauseReader:
    """Reads a document's clauses in order, carrying its conventions and reporting misfits."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        self.diagnostics = diagnostics
        self.conventions: list[Convention] = []
        self.unknown_labels: set[str] = set()

    def _names(self, units: list[Unit], line: int) -> list[Unit]:
        """Units that are names: one holding sentence punctuation or a role verb is the
        splitter's mistake, reported instead of kept."""
        kept = []
        for unit in units:
            if _NOT_A_NAME.search(unit.name):
                self.diagnostics.warning("not-a-unit", line, f"not a unit name: {unit.raw}")
            else:
                kept.append(unit)
        return kept

    def read(self, raw: str, folded: str, line: int, form: ClauseForm) -> Clause:
        reading = read_clause(
            raw, folded, first_listed_leads=bool(self.conventions), bare_list=form == "list"
        )
        if reading.convention and not self.conventions:
            self.conventions.append(
                Convention(text=reading.convention, line=line, rule="first-listed-leads")
            )
        if not reading.fits:
            self.diagnostics.warning(
                "unknown-clause", line, f"clause fits no known form: {raw.strip()[:40]}"
            )
        elif reading.leftover:
            self.diagnostics.warning(
                "clause-leftover", line, f"clause text after the last role word: {reading.leftover}"
            )
        for label in reading.unknown_labels:
            if label not in self.unknown_labels:  # once a document
                self.unknown_labels.add(label)
                self.diagnostics.info(
                    "unknown-label", line, f"label '{label}' read as 责任单位 (co beside a lead)"
                )
        reading.leads, reading.co = self._names(reading.leads, line), self._names(reading.co, line)
        return Clause(
            raw=raw,
            line=line,
            form=form if reading.fits else "unknown",
            lead_mode=reading.lead_mode,
            leads=reading.leads,
            co=reading.co,
            scope=reading.scope,
            deadline=reading.deadline,
            leaders=reading.leaders,
            note=reading.note,
        )


def combine(clauses: list[Clause]) -> Responsibility | None:
    """A task's responsibility from its clauses: one clause is it; several are unioned (leads in
    any clause lead; the others are co), each clause kept with the text it closes."""
    if not clauses:
        return None
    if len(clauses) == 1:
        only = clauses[0]
        return Responsibility(
            raw=only.raw,
            form=only.form,
            lead_mode=only.lead_mode,
            leads=only.leads,
            co=only.co,
            note=only.note,
        )
    leads = unique([u for c in clauses for u in c.leads])
    lead_names = {u.name for u in leads}
    co = [u for u in unique([u for c in clauses for u in c.co]) if u.name not in lead_names]
    return Responsibility(
        raw="；".join(c.raw for c in clauses),
        form="+".join(sorted({c.form for c in clauses})),
        lead_mode=_combined_lead_mode(leads, clauses),
        leads=leads,
        co=co,
        clauses=clauses,
        note="；".join(c.note for c in clauses if c.note) or None,
    )


def _combined_lead_mode(leads: list[Unit], clauses: list[Clause]) -> LeadMode:
    """Several leads are ``separate`` only when every clause that names a lead says so."""
    if not leads:
        return "none"
    if len(leads) == 1:
        return "sole"
    separate = all(c.lead_mode == "separate" for c in clauses if c.leads)
    return "separate" if separate else "joint"
