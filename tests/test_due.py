"""Deadlines as dates: each phrase the issue names, its date and kind, and what is no deadline."""

from __future__ import annotations

from datetime import date

import pytest

from taobei_plan import parse
from taobei_plan.parsing.due import due_in_text, due_of_deadline

#: (a deadline as written, the notice's year) → (date, kind, every)
DEADLINES = [
    ("2024年12月底前", 2023, "2024-12-31", "by", None),
    ("2024年12月底前完成", None, "2024-12-31", "by", None),
    ("6月底前", 2024, "2024-06-30", "by", None),
    ("6月底前完成", 2023, "2023-06-30", "by", None),
    ("三季度末", 2024, "2024-09-30", "by", None),
    ("第三季度", 2024, "2024-09-30", "by", None),
    ("2025年第一季度", 2024, "2025-03-31", "by", None),
    ("年底前", 2024, "2024-12-31", "by", None),
    ("年内", 2024, "2024-12-31", "by", None),
    ("2025年", 2022, "2025-12-31", "year", None),
    ("2025年竣工", 2022, "2025-12-31", "year", None),
    ("“十四五”期间", 2021, "2025-12-31", "by", None),
    ('"十四五"末', 2021, "2025-12-31", "by", None),
    ("十三五期末", None, "2020-12-31", "by", None),
    ("上半年", 2024, "2024-06-30", "by", None),
    ("下半年", 2024, "2024-12-31", "by", None),
    ("2024年3月15日前", 2023, "2024-03-15", "by", None),
    ("十二月底", 2016, "2016-12-31", "by", None),
    ("2月底前", 2024, "2024-02-29", "by", None),
    ("12月", 2016, "2016-12-31", "by", None),
    ("明年6月底前", 2024, "2025-06-30", "by", None),
    ("2018年3月底前取得阶段性成果，2018年4月至2019年10月深化提升", 2018, "2019-10-31", "by", None),
    ("长期坚持", 2024, None, "ongoing", None),
    ("持续推进", 2024, None, "ongoing", None),
    ("年内持续推进", 2024, "2024-12-31", "ongoing", None),
    ("全年", 2016, "2016-12-31", "ongoing", None),
    ("每月", 2024, None, "every", "month"),
    ("每月调度", 2024, None, "every", "month"),
    ("每季度", 2024, None, "every", "quarter"),
    ("每半年", 2024, None, "every", "half-year"),
    ("每年", 2024, None, "every", "year"),
]


@pytest.mark.parametrize(("text", "year", "day", "kind", "every"), DEADLINES)
def test_a_deadline_is_the_end_of_the_period_it_names(
    text: str, year: int | None, day: str | None, kind: str, every: str | None
) -> None:
    due, undated = due_of_deadline(text, year)
    assert due is not None
    assert (due.date.isoformat() if due.date else None, due.kind, due.every) == (day, kind, every)
    assert due.text == text
    assert not undated


@pytest.mark.parametrize("text", ["6月底前", "年底前", "三季度末", "上半年"])
def test_a_relative_deadline_without_the_notices_year_stays_undated(text: str) -> None:
    due, undated = due_of_deadline(text, None)
    assert due is None and undated


#: A task's text: (text, notice year) → the phrase read as its deadline and its date, or None.
IN_TEXT = [
    ("到2025年，全区污水处理率达到96%。", 2021, "到2025年", "2025-12-31"),
    ("力争2024年底前完成改造。", 2024, "2024年底前", "2024-12-31"),
    ("6月底前完成摸底排查。", 2024, "6月底前", "2024-06-30"),
    ("2016年底前，全面完成规模养殖场治理；到2020年，基本完成。", 2016, "到2020年", "2020-12-31"),
    # negatives: a base year, a span since, a state as of, a start, a duration, a year's figures
    ("全区生产总值比2020年增长10%。", 2021, None, None),
    ("2020年以来累计建成30个。", 2021, None, None),
    ("截至2020年底，已建成污水管网50公里。", 2021, None, None),
    ("自2024年1月1日起施行。", 2024, None, None),
    ("三年内完成全部改造。", 2024, None, None),
    ("做好2020年度考核工作。", 2021, None, None),
    ("每年底前报送一次。", 2024, None, None),
    ("持续推进污水治理。", 2024, None, None),
]


@pytest.mark.parametrize(("text", "year", "phrase", "day"), IN_TEXT)
def test_a_tasks_text_gives_a_deadline_only_where_it_marks_an_end(
    text: str, year: int, phrase: str | None, day: str | None
) -> None:
    due, _ = due_in_text(text, year)
    if phrase is None:
        assert due is None
    else:
        assert due is not None and due.text == phrase
        assert due.date == date.fromisoformat(day or "")


NOTICE = """\
某区人民政府办公室关于印发2024年重点工作任务分工方案的通知
某政办发〔2024〕3号
一、加大宏观政策实施力度
1．加快支出进度。（区财政局牵头，各街道按职责分工负责，6月底前完成）加强资金监管。（区审计局负责，年内持续推进）
2．建设污水处理厂，2025年竣工投产。（区水利局负责）
3．做好统计监测。（区统计局负责，每季度）
4．优化营商环境。（区营商局负责）
5．全面完成改厕任务，到2026年，农村卫生厕所普及率达到90%。（区农业农村局负责，2024年底前完成）
"""


def test_a_notices_tasks_and_clauses_carry_their_due() -> None:
    """The year of 6月底前 comes from the 文号; a task's due is the latest dated of its clauses
    and milestones; a clause deadline outranks a time in the text; a task saying nothing has none."""
    notice = parse(NOTICE)
    dues = [t.due.model_dump(mode="json") if t.due else None for t in notice.tasks()]
    assert dues == [
        {"date": "2024-12-31", "kind": "ongoing", "every": None, "text": "年内持续推进"},
        {"date": "2025-12-31", "kind": "year", "every": None, "text": "2025年竣工投产"},
        {"date": None, "kind": "every", "every": "quarter", "text": "每季度"},
        None,
        {"date": "2024-12-31", "kind": "by", "every": None, "text": "2024年底前完成"},
    ]
    first = notice.tasks()[0].responsibility
    assert first is not None
    assert [c.due.date.isoformat() for c in first.clauses if c.due and c.due.date] == [
        "2024-06-30",
        "2024-12-31",
    ]
    assert [d.code for d in notice.diagnostics if d.code == "undated-deadline"] == []


def test_a_notice_with_no_year_reports_the_deadline_it_cannot_date() -> None:
    notice = parse(NOTICE.replace("〔2024〕", "").replace("2024年重点", "重点"))
    assert notice.tasks()[0].due is not None
    assert notice.tasks()[0].due.kind == "ongoing"  # 年内持续推进: no end, no date
    assert notice.tasks()[0].due.date is None
    found = [(d.code, d.line, d.task) for d in notice.diagnostics if d.code == "undated-deadline"]
    assert found == [("undated-deadline", 4, 1)]
