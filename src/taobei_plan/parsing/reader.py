"""A document's clauses read in order: its conventions (stated anywhere), standing units, and
the diagnostics of clauses that do not fit. ``responsibility`` reads each clause."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..diagnostics import Diagnostics
from ..models import ClauseForm, Convention, ConventionRule, Unit
from .combine import ReadClause
from .responsibility import is_name, read_shared
from .roles import CONVENTION, TYPOGRAPHIC_CONVENTION
from .source import Line


class ClauseReader:
    """Reads a document's clauses in order, carrying its conventions and reporting misfits."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        self.diagnostics = diagnostics
        self.conventions: list[Convention] = []
        self.rules: set[str] = set()  # the rules of ``conventions``, asked of every clause
        self.typographic: set[str] = set()  # typographic conventions already reported
        #: units every later task names (以下均需相关乡镇配合，不再列出), with their role
        self.standing: list[tuple[Unit, Literal["lead", "co"]]] = []

    def _names(self, units: list[Unit], line: int, names_only: bool) -> list[Unit]:
        """Units that are names: one holding sentence punctuation or a role verb is the
        splitter's mistake, reported instead of kept. (``names_only``: the reading knows there
        is none; checking every unit of every clause again was 2.5 % of a parse.)"""
        if names_only:
            return list(units)  # a list of its own: ``units`` may be a memoised reading's
        kept = []
        for unit in units:
            if not is_name(unit.name):
                self.diagnostics.warning("not-a-unit", line, f"not a unit name: {unit.raw}")
            else:
                kept.append(unit)
        return kept

    def _declare(self, text: str, line: int, rule: ConventionRule) -> None:
        if rule not in self.rules:
            self.rules.add(rule)
            self.conventions.append(Convention(text=text, line=line, rule=rule))

    def scan(self, lines: Sequence[Line]) -> None:
        """Conventions stated anywhere (before the tasks, under a table, in 保障措施): they hold
        for every clause of the document, so they are known before the first is read."""
        for line in lines:
            if "为牵头" not in line.folded:
                continue
            if found := CONVENTION.search(line.folded):
                text = line.raw[found.start() : found.end()].strip(" ,;，；。")
                self._declare(text, line.number, "first-listed-leads")
            if found := TYPOGRAPHIC_CONVENTION.search(line.folded):
                self._typographic(
                    line.raw[found.start() : found.end()].strip(" ,;，；"), line.number
                )

    def _typographic(self, text: str, line: int) -> None:
        if text not in self.typographic:
            self.typographic.add(text)
            self.diagnostics.warning(
                "typographic-convention",
                line,
                f"'{text}' depends on type the text does not carry; leads are read from the "
                "words alone, units with no role word as joint leads",
            )

    def _stand(
        self, text: str, units: tuple[Unit, ...], role: Literal["lead", "co"], line: int
    ) -> None:
        """Record a standing unit once, as a convention with its units and role."""
        new = [u for u in units if u.name not in {s.name for s, _ in self.standing}]
        if not new:
            return
        self.standing += [(unit, role) for unit in new]
        self.conventions.append(
            Convention(text=text, line=line, rule="standing-unit", units=new, role=role)
        )

    def read(self, raw: str, folded: str, line: int, form: ClauseForm) -> ReadClause:
        reading = read_shared(  # the memoised reading itself: only read here, never changed
            raw,
            folded,
            "first-listed-leads" in self.rules,
            form == "list",  # a bare list
            "before-comma-leads" in self.rules,
        )
        if reading.convention:
            self._declare(reading.convention, line, "first-listed-leads")
        if reading.comma_convention:
            self._declare(reading.comma_convention, line, "before-comma-leads")
        if reading.standing:
            self._stand(*reading.standing, line)
        if reading.typographic:
            self._typographic(reading.typographic, line)
        if not reading.fits:
            self.diagnostics.warning(
                "unknown-clause", line, f"clause fits no known form: {raw.strip()[:40]}"
            )
        elif reading.leftover:
            self.diagnostics.warning(
                "clause-leftover", line, f"clause text after the last role word: {reading.leftover}"
            )
        for label in reading.unknown_labels:
            self.diagnostics.info(
                "unknown-label", line, f"label '{label}' read as 责任单位 (co beside a lead)"
            )
        if (
            form == "list"
            and reading.lead_mode == "joint"
            and "first-listed-leads" not in self.rules
        ):
            names = "、".join(unit.name for unit in reading.leads)
            self.diagnostics.warning(
                "guessed-leads", line, f"no role word: {names} read as joint leads"
            )
        return ReadClause(
            raw=raw,
            line=line,
            form=form if reading.fits else "unknown",
            lead_mode=reading.lead_mode,
            leads=self._names(reading.leads, line, reading.names_only),
            co=self._names(reading.co, line, reading.names_only),
            scope=reading.scope,
            deadline=reading.deadline,
            leaders=list(reading.leaders),
            note=reading.note,
        )
