"""Knowing a task list when we see one (issue 19): asides are not clauses, a label glued to prose
is not a label, and documents that are not task lists say so (exit 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app
from taobei_plan.parsing.clauses import Run
from taobei_plan.parsing.source import split_lines

from conftest import FIXTURES

runner = CliRunner()
NEGATIVE = sorted((FIXTURES / "not-task-lists").glob("*.txt"))


def clause_texts(text: str) -> list[str]:
    """The clauses a task's text closes with, as read."""
    run = Run()
    for line in split_lines(text):
        run.append(line)
    return [run.inside(group)[0] for group in run.clauses()]


# Each row: an aside that is not a clause, and a clause of the same shape that is.
PAIRS = [
    ("推进工作（以下简称单位）。", "推进工作（区发改局）。", "区发改局"),
    ("返乡创业人员（含村社）。", "返乡创业人员（各乡镇负责）。", "各乡镇负责"),
    ("交至服务窗口（市住建局3楼304室）。", "交至服务窗口（市住建局）。", "市住建局"),
    ("须有固定地址（经营场所）。", "须有固定地址（市市场监管局）。", "市市场监管局"),
    (
        "合作高校的教师（厦门医学院）。",
        "合作高校的教师（市教育局、市卫健委）。",
        "市教育局、市卫健委",
    ),
    ("按期完成[]", "按期完成[区水利局牵头负责]", "区水利局牵头负责"),
    ("按期完成[2022]", "按期完成[区水利局]", "区水利局"),
    ("【制定目的】为规范管理。", "为规范管理。【牵头单位】区司法局", None),
    ("补贴2000元【按照上年度标准1.44倍计算】。", "补贴2000元【区财政局负责】。", "区财政局负责"),
    ("本办法由县住房和城乡建设局负责解释。", "本办法由县住房和城乡建设局负责落实。", None),
    (
        "公示期间收到异议的（由县人社局牵头处理）。",
        "做好公示工作（县人社局牵头）。",
        "县人社局牵头",
    ),
]


@pytest.mark.parametrize(("aside", "clause", "inside"), PAIRS, ids=[p[0] for p in PAIRS])
def test_aside_is_not_a_clause_but_its_twin_is(aside: str, clause: str, inside: str | None) -> None:
    assert clause_texts(aside) == []
    if inside is not None:
        assert clause_texts(clause) == [inside]


def test_a_label_glued_to_prose_is_not_a_label() -> None:
    from taobei_plan.parsing.roles import LABEL

    assert LABEL.search("有关部门和单位应当予以配合:") is None
    assert LABEL.search("应当鼓励公众参与:") is None
    assert LABEL.search("工作。配合:区财政局")["label"] == "配合"
    assert LABEL.search("(牵头单位:区发改局)")["label"] == "牵头单位"
    # a word is letters of any script, and a number is no word: 5G配合: is prose, 2.配合: a label
    assert LABEL.search("推进5G配合:") is None
    assert LABEL.search("2.配合:区财政局")["label"] == "配合"
    assert LABEL.search("配合:区财政局")["label"] == "配合"


def test_an_unknown_label_is_one_to_four_letters_before_danwei() -> None:
    from taobei_plan.parsing.roles import LABEL

    assert LABEL.search(";服务单位:区医保局")["label"] == "服务单位"
    assert LABEL.search(";督办责任单位:区政府办")["label"] == "督办责任单位"
    assert LABEL.search(";具体负责落实单位:区政府办") is None  # five letters: prose
    assert LABEL.search(";12单位:区政府办") is None  # digits are no name


@pytest.mark.parametrize("document", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_documents_that_are_not_task_lists_exit_1(document: Path) -> None:
    result = runner.invoke(app, ["parse", str(document)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {document}: no task list found: looked for numbered")


def test_the_negative_folder_is_not_empty() -> None:
    assert [p.name for p in NEGATIVE] == [
        "exhibition.txt",
        "housing-asides.txt",
        "meeting-contacts.txt",
        "regulation-cooperate.txt",
    ]


def test_one_weak_clause_does_not_make_a_task_level() -> None:
    """A clause on 1 of 6 items of a level: not a task list. On 3 of 6: tasks, 3 reported."""
    from taobei_plan import TaobeiError, parse

    items = [f"（{n}）第{n}项规定的内容。" for n in "一二三四五六"]
    weak = ["一、总则", *items[:5], items[5].replace("。", "（市司法局负责）。")]
    with pytest.raises(TaobeiError, match="no numbering level has a clause on most items"):
        parse("\n".join(weak))
    half = ["一、总则", *[i.replace("。", "（市司法局负责）。") for i in items[:3]], *items[3:]]
    notice = parse("\n".join(half))
    assert len(notice.tasks()) == 6
    assert [d.code for d in notice.diagnostics] == [
        "missing-clause",
        "missing-clause",
        "truncated-task",
    ]


MEASURES = "某市稳经济政策措施\n一、财政\n1．减税。\n2．降费。\n二、金融\n3．退税。\n"


def test_numbered_measures_without_clauses_are_no_task_list_by_default() -> None:
    """Over thousands of real documents, numbered prose read as tasks admitted opinions, replies
    and meeting notices: without ``measures`` it is refused, with the count and the way."""
    from taobei_plan import parse
    from taobei_plan.errors import NoTaskListError

    with pytest.raises(NoTaskListError) as refused:
        parse(MEASURES)
    assert str(refused.value).endswith(
        "; 3 numbered measures carry no responsibility clause; --measures lists them"
    )
    notice = parse(MEASURES, measures=True)
    assert [(t.label, t.section, t.responsibility) for t in notice.tasks()] == [
        ("1．", 1, None),
        ("2．", 1, None),
        ("3．", 2, None),
    ]
    assert [(d.code, d.severity) for d in notice.diagnostics] == [("no-clauses", "warning")]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # the deepest items, at whatever depth: a title-only （二） gives its 1、2、
        (
            "某工作方案\n一、内容\n（一）甲。\n（二）乙\n1、丙。\n2、丁。\n",
            ["（一）", "1、", "2、"],
        ),
        # top-level items with nothing below them are the measures themselves
        ("某六项措施\n一、甲。\n二、乙。\n三、丙。\n", ["一、", "二、", "三、"]),
        # aims, principles and arrangements are never measures, nor what they hold
        (
            "某实施方案\n一、总体要求\n（一）指导思想。\n（二）基本原则。\n二、主要任务\n"
            "（一）甲。\n（二）乙。\n三、保障措施\n（一）加强领导。\n",
            ["（一）", "（二）"],
        ),
        ("某方案\n一、主要目标\n二、工作要求\n三、推进甲。\n", ["三、"]),
    ],
)
def test_measures_are_the_deepest_numbered_items(text: str, labels: list[str]) -> None:
    from taobei_plan import parse

    assert [t.label for t in parse(text, measures=True).tasks()] == labels


def test_nothing_numbered_is_no_task_list_even_with_measures() -> None:
    from taobei_plan import parse
    from taobei_plan.errors import NoTaskListError

    for text in ("某通知\n请各单位认真贯彻执行。\n", "某方案\n一、总体要求\n二、保障措施\n"):
        with pytest.raises(NoTaskListError) as refused:
            parse(text, measures=True)
        assert "--measures" not in str(refused.value)


def test_measures_on_the_command_line(tmp_path: Path) -> None:
    """``--measures`` on parse and the queries; without it, exit 1 and the hint."""
    from typer.testing import CliRunner

    from taobei_plan.cli import app

    notice = tmp_path / "measures.txt"
    notice.write_text(MEASURES, encoding="utf-8")
    refused = CliRunner().invoke(app, ["parse", str(notice)])
    assert refused.exit_code == 1
    assert refused.stderr.strip().endswith("3 numbered measures carry no responsibility "
                                           "clause; --measures lists them")  # fmt: skip
    listed = CliRunner().invoke(app, ["tasks", str(notice), "--measures", "--format", "csv"])
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        "seq,number,section,section_title,role,text,leads,co,via,due,deadline",
        "1,1,1,财政,,减税。,,,,,",
        "2,2,1,财政,,降费。,,,,,",
        "3,3,2,金融,,退税。,,,,,",
    ]


def test_a_unit_name_holds_no_sentence_and_no_role_verb() -> None:
    from taobei_plan.diagnostics import Diagnostics
    from taobei_plan.models import Unit
    from taobei_plan.parsing.reader import ClauseReader

    diagnostics = Diagnostics()
    reader = ClauseReader(diagnostics)
    units = [
        Unit(name=name, raw=name, kind="department")
        for name in (
            "区财政局",
            "区财政局负责",
            "各单位。以下任务",
            "推进绿电产业示范园区建设领导小组成员单位",
            "年底前完成",
        )
    ]
    kept = reader._names(units, 7, names_only=False)
    assert [u.name for u in kept] == ["区财政局", "推进绿电产业示范园区建设领导小组成员单位"]
    assert [(d.code, d.line) for d in diagnostics] == [("not-a-unit", 7)] * 3


def test_a_clause_read_again_reports_its_non_names_again() -> None:
    """A reading is memoised with its verdict on its names; each use still reports them."""
    from taobei_plan import parse
    from taobei_plan.parsing.responsibility import read_clause

    faulty = "区发改局牵头负责,区财政局年底前完成配合"
    assert not read_clause(faulty, faulty).names_only
    assert read_clause("区发改局牵头负责", "区发改局牵头负责").names_only
    tasks = [f"{n}.任务{n}。[{faulty}]" for n in (1, 2)] + ["3.任务3。[区发改局牵头负责]"]
    notice = parse("一、发展\n" + "\n".join(tasks))
    assert [(d.code, d.line, d.message) for d in notice.diagnostics] == [
        ("not-a-unit", line, "not a unit name: 区财政局年底前完成") for line in (2, 3)
    ]
    assert [[u.name for u in t.responsibility.co] for t in notice.tasks()] == [[], [], []]
    assert [[u.name for u in t.responsibility.leads] for t in notice.tasks()] == [["区发改局"]] * 3


def test_a_law_whose_one_article_names_a_department_is_no_task_list() -> None:
    from taobei_plan import TaobeiError, parse

    articles = [f"第{n}条 本条规定的内容。" for n in "一二三四五六七八"]
    articles[3] = "第四条 市人民政府负责本条例的组织实施（市司法局负责解释以外的事项）。"
    articles[5] = "第六条 有关部门按照职责做好工作。（市住建局负责）"
    with pytest.raises(TaobeiError, match="no numbering level has a clause on most items"):
        parse("某市物业管理条例\n第一章 总则\n" + "\n".join(articles))
