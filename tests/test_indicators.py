"""Targets become numbers: tests/fixtures/indicators.yaml, the Taobei targets, investments."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from taobei_plan.cli import app
from taobei_plan.models import Notice
from taobei_plan.parsing.indicators import five_year_plan, indicators
from taobei_plan.parsing.projects import investments, milestones
from taobei_plan.parsing.quantities import scale

from conftest import FIXTURES

CASES = yaml.safe_load((FIXTURES / "indicators.yaml").read_text(encoding="utf-8"))
runner = CliRunner()


@pytest.mark.parametrize("case", CASES, ids=[c["title"] for c in CASES])
def test_indicators(case: dict) -> None:
    found = indicators(case["text"], **case.get("options", {}))
    assert len(found) == len(case["indicators"]), [i.raw for i in found]
    for indicator, expected in zip(found, case["indicators"], strict=True):
        for key, value in expected.items():
            assert getattr(indicator, key) == value, (key, indicator)
        assert indicator.raw in case["text"]


def test_values_keep_their_type() -> None:
    first, second = indicators("面积达到65%;覆盖率达到9.56%")
    assert type(first.value) is int and type(second.value) is float


def test_scale_is_exact() -> None:
    from decimal import Decimal

    assert scale(Decimal("1.63"), "亿元") == (163000000, "元")
    assert scale(Decimal("0.2757"), "万吨") == (2757, "吨")
    assert scale(Decimal("65"), "%") == (65, "%")  # sorted and summed with the rest
    assert scale(Decimal("10"), "亿千瓦") == (1000000000, "千瓦")
    assert scale(Decimal("2"), "万亿元") == (2000000000000, "元")


def test_five_year_plans() -> None:
    assert five_year_plan(14) == [2021, 2025]
    assert five_year_plan(13) == [2016, 2020]


def test_taobei_targets(notice: Notice) -> None:
    first = notice.sections[0].targets[0]
    assert (first.year, first.period) == (2025, [2021, 2025])
    assert len(first.indicators) == 16
    all_indicators = [i for s in notice.sections for t in s.targets for i in t.indicators]
    assert len(all_indicators) == 78
    assert sum(i.value is None for i in all_indicators) == 8
    assert {t.year for s in notice.sections for t in s.targets} == {2025}


def test_investments_in_tasks(notice: Notice) -> None:
    task5 = notice.tasks()[4]
    assert [(i.amount, i.unit, i.yuan, i.project) for i in task5.investments] == [
        (0.01, "亿元", 1000000, "森林草原防火建设项目"),
        (0.015, "亿元", 1500000, "农田防护林网修复完善工程"),
    ]
    everything = [i for t in notice.tasks() for i in t.investments]
    assert len(everything) == 14
    assert sum(i.yuan for i in everything) == 28_688_500_000


def test_investment_sentences() -> None:
    (one,) = investments("实施总投资1.4亿元的保护性耕作项目")
    assert (one.amount, one.unit, one.yuan, one.project) == (
        1.4,
        "亿元",
        140000000,
        "保护性耕作项目",
    )
    assert one.raw == "总投资1.4亿元的保护性耕作项目"
    (before,) = investments("推进洮北高标准农田建设项目总投资7.2亿元。")
    assert before.project == "洮北高标准农田建设项目"
    (small,) = investments("完成总投资500万元")
    assert (small.amount, small.yuan, small.project) == (500, 5000000, "完成")


def test_milestones() -> None:
    found = milestones("总投资40亿元的奶牛养殖项目,力争2022年开工建设,2024年竣工投产。")
    assert [(m.year, m.event, m.raw) for m in found] == [
        (2022, "开工建设", "2022年开工建设"),
        (2024, "竣工投产", "2024年竣工投产"),
    ]
    assert [(m.year, m.event) for m in milestones("2021年竣工投产")] == [(2021, "竣工投产")]
    assert milestones("2021年新增肉牛存栏0.45万头") == []


def test_indicators_command() -> None:
    rows = json.loads(runner.invoke(app, ["indicators", "--format", "json"]).stdout)
    assert len(rows) == 84  # 78 of the target paragraphs, 6 of the tasks' texts
    assert rows[0]["section"] == 1 and rows[0]["section_title"] == "生态建设"
    assert rows[0]["metric"] == "人工造林" and rows[0]["line"] == 78
    only = json.loads(runner.invoke(app, ["indicators", "--section", "乡村振兴"]).stdout)
    assert [r["metric"] for r in only] == [
        "绿色有机农产品数量",
        "市级现代农业产业园",
        "创建省级现代农业产业示范园",
        "80%以上村屯绿化覆盖率",
    ]
    in_tasks = [(r["task"], r["value"], r["unit"], r["year"]) for r in rows if r["task"]]
    assert in_tasks == [
        (27, 0.45, "万头", 2021),
        (29, 1, "万亩", 2025),
        (30, 200, "亿元", 2025),
        (63, 2, "个", 2025),  # 重点培育青山和林海2个产业强镇: the count's noun
        (78, 2, "个", 2025),  # 完成两个县级示范基地及12个乡(镇)级示范基地…: a numeral after a verb,
        (78, 12, "个", 2025),  # and the list's next count under the same verb
    ]
    metrics = [r["metric"] for r in rows if r["task"]][:5]
    assert metrics == ["肉牛存栏", "温室大棚", "工业总产值", "产业强镇", "县级示范基地"]
    text = runner.invoke(app, ["indicators", "--format", "csv"]).stdout
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == 84 and table[0]["scaled_value"] == "21000"


def test_indicators_by_value_compare_magnitudes() -> None:
    """155万千瓦 is less than 1亿千瓦 though 155 > 1: --by-value sorts by the scaled value,
    grouped by base unit."""
    notice = "一、甲\n1.建设园区。[区发改局牵头负责]\n到2025年,装机达到155万千瓦,总装机达到1亿千瓦,覆盖率达到90%。\n"
    result = runner.invoke(app, ["indicators", "-", "--by-value", "-f", "json"], input=notice)
    rows = json.loads(result.stdout)
    assert [(r["value"], r["unit"], r["scaled_value"]) for r in rows] == [
        (90, "%", 90),
        (1, "亿千瓦", 100000000),
        (155, "万千瓦", 1550000),
    ]


def test_projects_command() -> None:
    rows = json.loads(runner.invoke(app, ["projects", "--format", "json"]).stdout)
    assert len(rows) == 14
    first = rows[0]
    assert (first["seq"], first["section"], first["leads"], first["yuan"]) == (
        5,
        1,
        ["区林草局"],
        1000000,
    )
    lines = runner.invoke(app, ["projects", "--format", "jsonl"]).stdout.splitlines()
    assert len(lines) == 14


GOAL_SECTION = """关于印发2023年重点工作任务分工方案的通知
各乡镇、区直各部门：
现将《2023年重点工作任务分工方案》印发给你们，请认真贯彻落实。
洮北区人民政府
2023年2月1日
2023年重点工作任务分工方案
一、工作目标
全区地区生产总值增长6.5%左右，城镇居民人均可支配收入增长7%，粮食产量稳定在30亿斤以上。
2022年，全区粮食产量达到28亿斤。
二、重点任务
1.加强水利建设，全年新建农田灌溉渠道50公里。[区水利局牵头负责]
2.推进植树造林，完成人工造林1.5万亩。[区林草局牵头负责]
"""


def test_a_goal_section_and_the_plan_title_year() -> None:
    """A 工作目标 section's paragraphs are targets whatever they open with; promises no sentence
    dates take the plan title's year (2023年…方案); a year before the notice's is a fact."""
    result = runner.invoke(app, ["indicators", "-", "-f", "json"], input=GOAL_SECTION)
    rows = json.loads(result.stdout)
    assert [(r["task"], r["metric"], r["value"], r["unit"], r["scaled_value"], r["year"])
            for r in rows] == [
        (None, "地区生产总值", 6.5, "%", 6.5, 2023),
        (None, "城镇居民人均可支配收入", 7, "%", 7, 2023),
        (None, "粮食产量", 30, "亿斤", 3000000000, 2023),
        (1, "农田灌溉渠道", 50, "公里", 50, 2023),
        (2, "人工造林", 1.5, "万亩", 15000, 2023),
    ]  # fmt: skip
    assert [(r["kind"], r["direction"], r["comparator"]) for r in rows[:3]] == [
        ("growth", "increase", "approx"),
        ("growth", "increase", "eq"),
        ("level", None, "gte"),
    ]


CORPUS_TARGETS = {
    # file: [(task seq or None, metric, value, unit, scaled_value, comparator, year)], each target
    # with a number, in document order: read by hand from the notice.
    "gov-farm-machinery-2018-42.txt": [
        (None, "农机总动力", 10, "亿千瓦", 1_000_000_000, "gt", 2020),
        (None, "灌排机械动力", 1.2, "亿千瓦", 120_000_000, "eq", 2020),
        (None, "农作物耕种收综合机械化率", 70, "%", 70, "eq", 2020),
        (None, "农机总动力", 11, "亿千瓦", 1_100_000_000, "approx", 2025),
        (None, "灌排机械动力", 1.3, "亿千瓦", 130_000_000, "eq", 2025),
        (None, "农作物耕种收综合机械化率", 75, "%", 75, "eq", 2025),
        (None, "丘陵山区县（市、区）农作物耕种收综合机械化率", 55, "%", 55, "eq", 2025),
        (None, "马铃薯种植机械化率", 45, "%", 45, "eq", 2025),
        (None, "马铃薯收获机械化率", 45, "%", 45, "eq", 2025),
        (None, "棉花收获机械化率", 60, "%", 60, "eq", 2025),
        (None, "花生种植机械化率", 65, "%", 65, "eq", 2025),
        (None, "花生收获机械化率", 55, "%", 55, "eq", 2025),
        (None, "油菜种植机械化率", 50, "%", 50, "eq", 2025),
        (None, "油菜收获机械化率", 65, "%", 65, "eq", 2025),
        (None, "甘蔗收获机械化率", 30, "%", 30, "eq", 2025),
        (None, "设施农业、畜牧养殖、水产养殖和农产品初加工机械化率", 50, "%", 50, "approx", 2025),
    ],
    "gov-sports-events-2018-121.txt": [
        (None, "体育竞赛表演产业总规模", 2, "万亿元", 2_000_000_000_000, "eq", 2025),
        (None, "具有较大知名度的体育精品赛事", 100, "项", 100, "eq", 2025),
        (None, "具有自主知识产权的体育竞赛表演品牌", 100, "个", 100, "eq", 2025),
    ],
    "lishan-2023-lines-partial.txt": [
        (1, "地区生产总值", 6.2, "%", 6.2, "approx", 2023),
        (2, "规模上工业增加值", 5, "%", 5, "approx", 2023),
        (4, "社会消费品零售总额", 9, "%", 9, "approx", 2023),
        (5, "一般公共预算收入", 8, "%", 8, "approx", 2023),
    ],
    "pingtan-traffic-2016-three-level-lines.txt": [
        (2, "公共自行车", 2000, "辆", 2000, "gte", 2018),
        (3, "港湾式公交候车亭", 50, "个", 50, "eq", 2016),
        (4, "公交车", 10, "辆", 10, "eq", 2016),
        (4, "公交线路", 3, "条", 3, "gte", 2016),
        (4, "公交车", 260, "标台", 260, "gt", 2018),
        (4, "清洁能源、新能源公交车辆", 240, "辆", 240, "gte", 2018),
        (4, "公交线路", 25, "条", 25, "gt", 2018),
        (4, "中心城区公交平均发车间隔高峰时段", 5, "分钟", 5, "lte", 2018),
    ],
}


@pytest.mark.parametrize("name", sorted(CORPUS_TARGETS))
def test_corpus_targets(name: str) -> None:
    """Real notices' stated targets, every one with its value, unit, magnitude and comparator."""
    source = str(FIXTURES / "corpus" / name)
    rows = json.loads(runner.invoke(app, ["indicators", source, "-f", "json"]).stdout)
    found = [
        (
            r["task"],
            r["metric"],
            r["value"],
            r["unit"],
            r["scaled_value"],
            r["comparator"],
            r["year"],
        )
        for r in rows
        if r["value"] is not None
    ]
    assert found == CORPUS_TARGETS[name]


def test_a_target_the_covering_notice_states(tmp_path: Path) -> None:
    """力争全年地区生产总值增长6% in the covering notice is the notice's indicator: listed before
    the sections' (section null, section_title 通知) and stored with no target or task."""
    notice = tmp_path / "cover.txt"
    notice.write_text(
        "关于印发2023年重点工作任务分工方案的通知\n各乡镇、区直各部门：\n"
        "现将《2023年重点工作任务分工方案》印发给你们，力争全年地区生产总值增长6%，请认真贯彻落实。\n"
        "洮北区人民政府\n2023年2月1日\n2023年重点工作任务分工方案\n一、重点任务\n"
        "1.加强水利建设，全年新建农田灌溉渠道50公里。[区水利局牵头负责]\n",
        encoding="utf-8",
    )
    rows = json.loads(runner.invoke(app, ["indicators", str(notice), "-f", "json"]).stdout)
    assert [(r["section"], r["section_title"], r["task"], r["metric"], r["value"], r["year"])
            for r in rows] == [
        (None, "通知", None, "地区生产总值", 6, 2023),
        (1, "重点任务", 1, "农田灌溉渠道", 50, 2023),
    ]  # fmt: skip
    db = tmp_path / "n.db"
    assert runner.invoke(app, ["export", str(notice), "-o", str(db)]).exit_code == 0
    with sqlite3.connect(db) as connection:
        stored = connection.execute(
            "SELECT target_id, task_id, metric FROM indicators ORDER BY id"
        ).fetchall()
    assert stored == [(None, None, "地区生产总值"), (None, 1, "农田灌溉渠道")]
