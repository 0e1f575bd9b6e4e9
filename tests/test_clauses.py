"""Every clause shape of the grammar, from tests/fixtures/clauses.yaml, with exact units."""

from __future__ import annotations

import pytest
import yaml

from taobei_plan.parsing.responsibility import read_clause
from taobei_plan.parsing.source import fold

from conftest import FIXTURES

CASES = yaml.safe_load((FIXTURES / "clauses.yaml").read_text(encoding="utf-8"))


def test_fixture_file_has_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c["title"] for c in CASES])
def test_clause(case: dict) -> None:
    reading = read_clause(case["clause"], fold(case["clause"]))
    assert reading.fits
    assert [u.name for u in reading.leads] == case["leads"]
    assert [u.name for u in reading.co] == case["co"]
    assert reading.lead_mode == case["lead_mode"]
    if "kinds" in case:
        assert [u.kind for u in reading.leads + reading.co] == case["kinds"]
    if "scope" in case:
        assert reading.scope == case["scope"]
    if "deadline" in case:
        assert reading.deadline == case["deadline"]
    assert reading.leftover == ""
    for unit in reading.leads + reading.co:
        assert unit.raw in case["clause"]


def test_unit_raw_is_as_written() -> None:
    clause = "区水利局牵头负责，各乡（镇）、场按职责分工负责"
    reading = read_clause(clause, fold(clause))
    assert [(u.name, u.raw) for u in reading.co] == [("各乡(镇)", "各乡（镇）"), ("各场", "场")]


@pytest.mark.parametrize("clause", ["", "   ", "此项工作长期坚持", "区水利局"])
def test_clause_that_fits_no_shape(clause: str) -> None:
    reading = read_clause(clause, fold(clause))
    assert not reading.fits
    assert reading.leads == [] and reading.co == []
    assert reading.lead_mode == "none"


def test_unknown_clause_in_a_notice_is_a_diagnostic() -> None:
    from taobei_plan import parse

    notice = parse("一、生态建设\n1.做好一件事。[区水利局牵头负责]\n2.再做一件事。[长期坚持]\n")
    second = notice.tasks()[1]
    assert second.responsibility.raw == "长期坚持"
    assert second.responsibility.leads == [] and second.responsibility.co == []
    assert second.responsibility.form == "unknown"
    assert [(d.code, d.line) for d in notice.diagnostics] == [("unknown-clause", 3)]


def test_a_memoised_reading_is_the_caller_s_copy() -> None:
    """Clause readings are memoised; each caller gets a copy it may change."""
    reading = read_clause("区发改局牵头,2023年底前完成", "区发改局牵头,2023年底前完成")
    assert reading.deadline == "2023年底前完成"
    again = read_clause("区发改局牵头,2023年底前完成", "区发改局牵头,2023年底前完成")
    assert again == reading and again.leads is not reading.leads
    again.leads.clear()  # a caller changing its copy does not change the next reading
    assert read_clause("区发改局牵头,2023年底前完成", "区发改局牵头,2023年底前完成") == reading
