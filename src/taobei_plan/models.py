"""The output contract: pydantic models of a parsed notice.

Keys are static snake_case English so the JSON reads well in jq; lists hold flat objects and never
use data as keys. Every element that comes from the text carries its 1-based source ``line``.
"""

from datetime import date
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
LeadMode = Literal["sole", "joint", "separate", "none"]
UnitKind = Literal["department", "group", "locality", "generic"]
Comparator = Literal["eq", "gte", "gt", "lte", "lt", "approx", "range"]
IndicatorKind = Literal["level", "growth", "relative"]
Direction = Literal["increase", "decrease"]
DueKind = Literal["by", "year", "every", "ongoing"]
Every = Literal["month", "quarter", "half-year", "year"]
Day = date
ConventionRule = Literal["first-listed-leads", "before-comma-leads", "standing-unit"]
#: How a clause was written; a task of several clauses joins its forms with "+" (bracket+paren).
ClauseForm = Literal["bracket", "paren", "inline", "list", "lines", "cell", "unknown"]
CLAUSE_FORMS: tuple[str, ...] = ClauseForm.__args__  # type: ignore[attr-defined]
_FORMS_TEXT = ", ".join(CLAUSE_FORMS)


class Model(BaseModel):
    """Base: forbid unknown keys so a typo in a golden file or a test fails loudly.

    Every field of a notice counts as set (``model_fields_set`` is all of them): pydantic keeps
    a set of the fields given to each instance, 728 bytes for five fields or more, which for a
    parsed notice weighed about as much as the text itself. The instances of a class share one
    set of all its field names instead; setting a field adds a name already there, so the
    shared set never changes.
    """

    model_config = ConfigDict(extra="forbid")

    def model_post_init(self, context: Any, /) -> None:
        object.__setattr__(self, "__pydantic_fields_set__", _every_field(type(self)))


def _empty_list() -> list[Any]:
    """A field's new empty list. Not ``default_factory=list``: pydantic inspects a factory's
    signature, and a builtin's is parsed from its text (tokenizer and ``ast``), 0.2 ms a field
    on every start."""
    return []


@cache
def _every_field(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


_M = TypeVar("_M", bound=BaseModel)


def validated(model: type[_M], **fields: Any) -> _M:
    """``model(**fields)``: the same validation and the same instance, made by the model's own
    validator without ``BaseModel.__init__``'s Python frame. For what the parser builds by the
    hundred (tasks, responsibilities, indicators), where that frame was 3 % of a parse."""
    instance: _M = model.__pydantic_validator__.validate_python(fields)
    return instance


class Diagnostic(Model):
    code: str = Field(description="Stable machine code, e.g. duplicate-number.")
    severity: Severity
    line: int | None = Field(description="1-based source line, when the problem has one.")
    message: str
    task: int | None = Field(
        default=None, description="The seq of the task whose lines hold it, when one does."
    )


class SourceInfo(Model):
    path: str = Field(description="File path, '<stdin>', '<bundled>' or '<string>'.")
    encoding: str
    sha256: str = Field(description="SHA-256 of the bytes as read (of the UTF-8 text for parse()).")
    format: str = Field(
        default="text",
        description="How the bytes were read: text, html, docx, doc, pdf, ofd, xlsx.",
    )


class Metadata(Model):
    """The government-portal header block ('索引号: …'), read from every line that states it."""

    index_number: str | None = None
    categories: list[str] = Field(default_factory=_empty_list)
    issuer: str | None = None
    written_date: date | None = None
    published_date: date | None = None
    title: str | None = None
    document_number: str | None = None
    line: int | None = Field(default=None, description="First line of the block.")


class Indicator(Model):
    metric: str | None
    value: int | float | None = Field(description="As written: 65, 9.56; null when no number.")
    value_max: int | float | None = Field(default=None, description="Top of a range (1-2个).")
    unit: str | None = None
    comparator: Comparator | None = None
    scaled_value: int | float | None = Field(
        default=None, description="The value times the unit's magnitude: 10亿千瓦 → 1000000000."
    )
    base_unit: str | None = Field(default=None, description="The unit without its magnitude.")
    kind: IndicatorKind = Field(
        default="level", description="level reached, growth (a change by), or relative (翻一番)."
    )
    direction: Direction | None = Field(
        default=None, description="increase (增长, 提高) or decrease (下降, 减少), when stated."
    )
    year: int | None = Field(
        default=None,
        description="The year it is promised for: its sentence's, else its paragraph's.",
    )
    scope: str | None = None
    raw: str


class CoveringNotice(Model):
    title: str | None = None
    document_number: str | None = None
    recipients: list[str] = Field(default_factory=_empty_list)
    body: str | None = None
    signer: str | None = None
    signed_date: date | None = None
    disclosure: str | None = None
    line: int | None = None
    indicators: list[Indicator] = Field(
        default_factory=_empty_list, description="Quantified targets its body states."
    )


class Plan(Model):
    title: str | None = None
    preamble: str | None = None
    line: int | None = None
    indicators: list[Indicator] = Field(
        default_factory=_empty_list, description="Quantified targets its preamble states."
    )


class Unit(Model):
    """A unit named in a clause. Frozen: the parser shares one instance per name and spelling
    across clauses and parses (``units.unit`` is memoised), so no caller may change one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        description="Canonical name: trimmed, half-width, simplified, 各 distributed."
    )
    raw: str = Field(description="The unit as written in the clause.")
    kind: UnitKind


class Due(Model):
    """When a task is due: the last day of the period its deadline names, and how it was said."""

    date: Day | None = Field(
        description="The end of the period named (2024年12月底前 → 2024-12-31); null when the "
        "deadline names no end (每月, 持续推进) or no year the notice gives."
    )
    kind: DueKind = Field(
        description="by (a day, month, quarter or year-end), year (a year alone: 2025年竣工), "
        "every (每月, 每季度), ongoing (长期坚持, 持续推进)."
    )
    every: Every | None = Field(description="The rhythm of an every deadline.")
    text: str = Field(description="The deadline as written.")


class Clause(Model):
    """One responsibility clause and the units it names."""

    raw: str = Field(description="The clause text inside its brackets, as written.")
    line: int
    form: ClauseForm = Field(description=f"Which clause form read it: {_FORMS_TEXT}.")
    lead_mode: LeadMode = "none"
    leads: list[Unit] = Field(default_factory=_empty_list)
    co: list[Unit] = Field(default_factory=_empty_list)
    scope: str | None = Field(default=None, description="适用范围, when the clause states one.")
    deadline: str | None = Field(default=None, description="完成时限, as written.")
    due: Due | None = Field(default=None, description="Its deadline as a date, when it has one.")
    leaders: list[str] = Field(
        default_factory=_empty_list,
        description="People the clause names (责任领导: …): never units.",
    )
    note: str | None = Field(
        default=None, description="A sentence after the units (…不再做分工，下同): never units."
    )
    closes: str | None = Field(
        default=None, description="The task text this clause closes, when a task has several."
    )


class Responsibility(Model):
    """Who does a task: the union of its clauses, leads and co in order of first appearance."""

    raw: str
    form: str = Field(
        description=f"The clause form(s) read ({_FORMS_TEXT}), joined by + when several."
    )
    lead_mode: LeadMode = "none"
    leads: list[Unit] = Field(default_factory=_empty_list)
    co: list[Unit] = Field(default_factory=_empty_list)
    clauses: list[Clause] = Field(
        default_factory=_empty_list, description="Every clause, when there is more than one."
    )
    note: str | None = Field(
        default=None, description="Notes the clauses hold after their units, joined by ；."
    )


class Investment(Model):
    amount: int | float = Field(description="As written: 1.4 (of unit).")
    unit: str
    yuan: int
    project: str | None = None
    raw: str


class Milestone(Model):
    year: int
    event: str
    raw: str


class Task(Model):
    seq: int = Field(description="Position in the document, 1-based.")
    number: int = Field(description="The number as printed (may repeat or skip).")
    label: str = Field(description="The marker as printed, e.g. '1.' or '（十九）'.")
    section: int
    subheading: str | None = None
    line: int
    end_line: int
    page: int | None = Field(default=None, description="Page (PDF, OFD) the element starts on.")
    column: int | None = Field(
        default=None, description="Character offset on its line, when items share one line."
    )
    text: str = Field(description="The task without its number and clause(s).")
    responsibility: Responsibility | None = None
    deadline: str | None = Field(default=None, description="完成时限 / 时间节点, as written.")
    due: Due | None = Field(
        default=None,
        description="The latest dated deadline of its clauses, milestones and text (到2025年).",
    )
    scope: str | None = Field(default=None, description="适用范围, when a clause states one.")
    leaders: list[str] = Field(
        default_factory=_empty_list,
        description="People named as responsible (责任领导: …), in order.",
    )
    investments: list[Investment] = Field(default_factory=_empty_list)
    milestones: list[Milestone] = Field(default_factory=_empty_list)
    indicators: list[Indicator] = Field(
        default_factory=_empty_list, description="Quantified targets its text states."
    )


class Target(Model):
    text: str
    line: int
    page: int | None = Field(default=None, description="Page (PDF, OFD) the element starts on.")
    column: int | None = Field(
        default=None, description="Character offset on its line, when items share one line."
    )
    year: int | None = None
    period: list[int] | None = Field(
        default=None, description="[first, last] year of a stated period."
    )
    indicators: list[Indicator] = Field(default_factory=_empty_list)


class Paragraph(Model):
    text: str
    line: int
    page: int | None = Field(default=None, description="Page (PDF, OFD) the element starts on.")
    column: int | None = Field(
        default=None, description="Character offset on its line, when items share one line."
    )


class Convention(Model):
    """A document convention a clause declares, e.g. 列第一位者为牵头单位，下同, or a standing
    unit (以下均需相关乡镇配合，不再列出: ``units`` join every later task as ``role``)."""

    text: str
    line: int
    rule: ConventionRule
    units: list[Unit] = Field(default_factory=_empty_list)
    role: Literal["lead", "co"] | None = None


class Section(Model):
    number: int
    numeral: str
    label: str = Field(default="", description="The heading's marker as printed: 一、 or （一）.")
    title: str
    line: int
    page: int | None = Field(default=None, description="Page (PDF, OFD) the element starts on.")
    column: int | None = Field(
        default=None, description="Character offset on its line, when items share one line."
    )
    subheadings: list[Paragraph] = Field(default_factory=_empty_list)
    text: list[Paragraph] = Field(
        default_factory=_empty_list, description="Items and paragraphs that are not tasks."
    )
    tasks: list[Task] = Field(default_factory=_empty_list)
    targets: list[Target] = Field(default_factory=_empty_list)


class Notice(Model):
    """A parsed task-list notice."""

    source: SourceInfo
    front_matter: list[Paragraph] = Field(
        default_factory=_empty_list, description="Page furniture before the header."
    )
    metadata: Metadata
    jurisdiction: str | None = Field(
        default=None,
        description="The issuing government's area (白城市洮北区, 中央); its units' names are "
        "relative to it. Null when nothing in the notice says it.",
    )
    notice: CoveringNotice
    plan: Plan
    sections: list[Section]
    closing: str | None = None
    closing_line: int | None = None
    conventions: list[Convention] = Field(default_factory=_empty_list)
    diagnostics: list[Diagnostic]

    def tasks(self) -> list[Task]:
        """Every task in document order."""
        return [task for section in self.sections for task in section.tasks]
