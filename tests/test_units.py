"""Unit names by example (``parsing/units.py``): a list as written in a clause → each unit's
name and kind; a 等-tail, a category after it, is no unit."""

from __future__ import annotations

import pytest

from taobei_plan.parsing.source import fold
from taobei_plan.parsing.units import units_in

UNITS = [
    ("区发改局、区财政局", [("区发改局", "department"), ("区财政局", "department")]),
    ("各乡(镇)、场", [("各乡(镇)", "locality"), ("各场", "locality")]),  # 场 shares 各
    ("区发改局等有关部门", [("区发改局", "department")]),  # 等有关部门: no unit
    ("国务院各部门", [("国务院各部门", "group")]),
    ("省直有关单位", [("省直有关单位", "generic")]),
    (
        "区委组织部、区人社局和各乡镇人民政府",
        [("区委组织部", "department"), ("区人社局", "department"), ("各乡镇人民政府", "locality")],
    ),
    ("市政府办公室（市金融办）", [("市政府办公室(市金融办)", "department")]),  # one body
]


@pytest.mark.parametrize(("written", "expected"), UNITS)
def test_a_list_names_these_units(written: str, expected: list[tuple[str, str]]) -> None:
    found = units_in(written, fold(written), (0, len(written)))
    assert [(unit.name, unit.kind) for unit in found] == expected
