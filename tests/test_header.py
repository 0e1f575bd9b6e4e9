"""The header by example (``parsing/header.py``): a portal page's metadata block → its fields;
dates as written → dates, or none."""

from __future__ import annotations

from datetime import date

import pytest

from taobei_plan import parse
from taobei_plan.parsing.header import parse_date


def test_a_metadata_block_reads_as_its_fields() -> None:
    text = (
        "索引号：11220802/2021-00001\n发文机关：白城市洮北区人民政府\n成文日期：2021年11月01日\n"
        "标题：关于印发某清单的通知\n发文字号：洮北政发〔2021〕10号\n发布日期：2021年11月05日\n\n"
        "一、建设\n1.推进工作。（区发改局负责）\n2.其他工作。（区水利局负责）\n"
    )
    metadata = parse(text).metadata
    assert (metadata.index_number, metadata.issuer, metadata.title) == (
        "11220802/2021-00001",
        "白城市洮北区人民政府",
        "关于印发某清单的通知",
    )
    assert metadata.document_number == "洮北政发〔2021〕10号"
    assert (metadata.written_date, metadata.published_date) == (
        date(2021, 11, 1),
        date(2021, 11, 5),
    )
    assert metadata.line == 1


DATES = [
    ("2021年11月1日", date(2021, 11, 1)),
    ("2021-11-01", date(2021, 11, 1)),
    ("2021年13月1日", None),  # no such month
    ("二〇二一年十一月一日", None),  # numerals in words are not read as a date here
]


@pytest.mark.parametrize(("written", "expected"), DATES)
def test_a_date_as_written(written: str, expected: date | None) -> None:
    assert parse_date(written) == expected
