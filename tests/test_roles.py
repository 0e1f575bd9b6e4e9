"""Role words by example (``parsing/roles.py``): a clause as written → its leads, its co units
and how the leads share the task. A role word closes the units before it; a label opens them."""

from __future__ import annotations

import pytest

from taobei_plan import parse

CLAUSES = [
    ("区发改局牵头负责", ["区发改局"], [], "sole"),
    ("区发改局主抓", ["区发改局"], [], "sole"),  # 主抓 is a lead word of the one table
    ("区发改局牵头，区财政局、区水利局配合", ["区发改局"], ["区财政局", "区水利局"], "sole"),
    ("区发改局、区财政局负责，区水利局等参与", ["区发改局", "区财政局"], ["区水利局"], "joint"),
    ("区发改局、区财政局分别负责", ["区发改局", "区财政局"], [], "separate"),
    ("区发改局牵头，各乡（镇）按职责分工负责", ["区发改局"], ["各乡(镇)"], "sole"),
    ("区发改局（牵头）、区财政局", ["区发改局"], ["区财政局"], "sole"),  # a flagged lead
    ("责任单位：区发改局、区财政局", ["区发改局", "区财政局"], [], "joint"),  # a bare label
    ("牵头单位：区发改局；配合单位：区财政局", ["区发改局"], ["区财政局"], "sole"),
    ("区发改局负责，区财政局协助", ["区发改局"], ["区财政局"], "sole"),
    ("区发改局会同区财政局负责", ["区发改局"], ["区财政局"], "sole"),
]


@pytest.mark.parametrize(("clause", "leads", "co", "mode"), CLAUSES)
def test_a_clause_reads_as(clause: str, leads: list[str], co: list[str], mode: str) -> None:
    notice = parse(f"一、建设\n1.推进工作。（{clause}）\n2.其他工作。（区水利局负责）\n")
    read = notice.tasks()[0].responsibility
    assert read is not None
    assert ([u.name for u in read.leads], [u.name for u in read.co], read.lead_mode) == (
        leads,
        co,
        mode,
    )


#: Brackets that are asides, not clauses: no role word, or a role word that alone makes none.
ASIDES = ["（以政府投资为主）", "（鼓励社会资本参与）", "（2024年底前）", "（R&D）"]


@pytest.mark.parametrize("aside", ASIDES)
def test_an_aside_stays_in_the_text(aside: str) -> None:
    notice = parse(f"一、建设\n1.推进工作{aside}。（区发改局负责）\n2.其他工作。（区水利局负责）\n")
    task = notice.tasks()[0]
    assert aside in task.text
    assert [u.name for u in task.responsibility.leads] == ["区发改局"]  # type: ignore[union-attr]
