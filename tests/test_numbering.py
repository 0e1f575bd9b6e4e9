"""The numbering grammar by example (``parsing/numbering.py``): a line as printed → the scheme
of its marker, the number it stands for, and the marker as printed; or no marker at all."""

from __future__ import annotations

import pytest

from taobei_plan.parsing.numbering import chinese_number, find_marker
from taobei_plan.parsing.source import fold

MARKERS = [
    ("一、生态建设", "cn-dun", 1, "一、"),
    ("十、社会治理", "cn-dun", 10, "十、"),
    ("（一）强化财政政策", "cn-paren", 1, "（一）"),
    ("(十九)推进改革", "cn-paren", 19, "(十九)"),
    ("1.推进园区建设", "arabic-dot", 1, "1."),
    ("1．推进园区建设", "arabic-dot", 1, "1．"),  # full-width: one scheme with 1.
    ("12、加强管理", "arabic-dot", 12, "12、"),
    ("（1）做好统计", "arabic-paren", 1, "（1）"),
    ("01 推进园区建设", "padded", 1, "01"),
    ("第一条 总则", "cn-article", 1, "第一条"),
    ("①推进园区建设", "circled", 1, "①"),
]


@pytest.mark.parametrize(("line", "scheme", "number", "label"), MARKERS)
def test_a_marker_opens_an_item(line: str, scheme: str, number: int, label: str) -> None:
    marker = find_marker(fold(line))
    assert marker is not None
    assert (marker.scheme.name, marker.number, marker.label(line)) == (scheme, number, label)


#: Lines that open nothing: a year, an amount, a sentence that starts with a figure.
NOT_MARKERS = ["2024年全区生产总值增长6%", "01亿元用于改造", "推进1.园区建设", "一是加强领导"]


@pytest.mark.parametrize("line", NOT_MARKERS)
def test_a_number_that_opens_no_item(line: str) -> None:
    assert find_marker(fold(line)) is None


@pytest.mark.parametrize(("numeral", "value"), [("十九", 19), ("二十", 20), ("一百零八", 108),
                                                ("两", 2), ("〇", 0), ("甲", None)])  # fmt: skip
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert chinese_number(numeral) == value
