"""A task's clauses as read, and their union into the task's ``Responsibility``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Clause, ClauseForm, LeadMode, Responsibility, Unit, validated


@dataclass(slots=True, eq=False)
class ReadClause:
    """A clause as read. It becomes a ``Clause`` model only in a task of several clauses: a
    task's one clause is its responsibility, and a model of it would be built to be dropped."""

    raw: str
    line: int
    form: ClauseForm
    lead_mode: LeadMode
    leads: list[Unit]
    co: list[Unit]
    scope: str | None
    deadline: str | None
    leaders: list[str]
    note: str | None
    closes: str | None = None  # the text this clause closes, in a task of several

    def model(self) -> Clause:
        return Clause(
            raw=self.raw,
            line=self.line,
            form=self.form,
            lead_mode=self.lead_mode,
            leads=self.leads,
            co=self.co,
            scope=self.scope,
            deadline=self.deadline,
            leaders=self.leaders,
            note=self.note,
            closes=self.closes,
        )


def combine(
    clauses: list[ReadClause], standing: Sequence[tuple[Unit, str]] = ()
) -> Responsibility | None:
    """A task's responsibility from its clauses: one clause is it; several are unioned (leads in
    any clause lead; the others are co), each clause kept with the text it closes. ``standing``
    units (以下均需相关乡镇配合) join it last, in their role, unless the clauses name them."""
    if not clauses:
        return None
    responsibility = _combine(clauses)
    if standing and responsibility is not None:
        named = {same_body(u.name) for u in (*responsibility.leads, *responsibility.co)}
        for unit, role in standing:
            if same_body(unit.name) not in named:
                (responsibility.leads if role == "lead" else responsibility.co).append(unit)
    return responsibility


def _combine(clauses: list[ReadClause]) -> Responsibility | None:
    if len(clauses) == 1:
        only = clauses[0]
        return validated(
            Responsibility,
            raw=only.raw,
            form=only.form,
            lead_mode=only.lead_mode,
            leads=only.leads,
            co=only.co,
            note=only.note,
        )
    leads = _unique_bodies([u for c in clauses for u in c.leads])
    lead_names = {same_body(u.name) for u in leads}
    co = [
        u
        for u in _unique_bodies([u for c in clauses for u in c.co])
        if same_body(u.name) not in lead_names
    ]
    return validated(
        Responsibility,
        raw="；".join(c.raw for c in clauses),
        form="+".join(sorted({c.form for c in clauses})),
        lead_mode=_combined_lead_mode(leads, clauses),
        leads=leads,
        co=co,
        clauses=[clause.model() for clause in clauses],
        note="；".join(c.note for c in clauses if c.note) or None,
    )


def same_body(name: str) -> str:
    """A unit's identity within one notice: a district notice writes its bureaus with and
    without the level prefix (区经济发展局, 经济发展局) in one task's clauses."""
    return name[1:] if name.startswith("区") and len(name) > 3 else name


def _unique_bodies(units: list[Unit]) -> list[Unit]:
    """Units in order of first appearance, one per body (the first spelling kept)."""
    first: dict[str, Unit] = {}
    for unit in units:
        first.setdefault(same_body(unit.name), unit)
    return list(first.values())


def _combined_lead_mode(leads: list[Unit], clauses: list[ReadClause]) -> LeadMode:
    """Several leads are ``separate`` only when every clause that names a lead says so."""
    if not leads:
        return "none"
    if len(leads) == 1:
        return "sole"
    separate = all(c.lead_mode == "separate" for c in clauses if c.leads)
    return "separate" if separate else "joint"
