"""What people read is Chinese when their locale is (TAOBEI_LANG overrides it); what machines
read never changes with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from taobei_plan.language import language

from conftest import ROOT, installed


def taobei(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("TAOBEI_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}  # fmt: skip
    return subprocess.run([installed("taobei"), *args], capture_output=True, text=True,
                          env={**environment, **env}, timeout=120)  # fmt: skip


@pytest.mark.parametrize(
    ("env", "expected"),
    [({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en"),
     ({"LC_ALL": "zh_TW.UTF-8", "LANG": "C"}, "zh"), ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN"}, "en"),
     ({"LANG": "zh_CN.UTF-8", "TAOBEI_LANG": "en"}, "en"), ({"LANG": "C", "TAOBEI_LANG": "zh"}, "zh")],
)  # fmt: skip
def test_the_language_is_the_locales(monkeypatch: pytest.MonkeyPatch, env, expected) -> None:  # type: ignore[no-untyped-def]
    for name in ("TAOBEI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert language() == expected


def test_help_errors_and_lines_in_chinese_for_a_chinese_locale(tmp_path: Path) -> None:
    helped = taobei("tasks", "--help", LANG="zh_CN.UTF-8")
    assert "列出任务，可只列某单位牵头或配合的任务。" in helped.stdout
    assert (
        "选项:" in helped.stdout and "单位：简称、全称、别名或能唯一确定的一部分。" in helped.stdout
    )
    wrong = taobei("tasks", "--dept", "区水力局", LANG="zh_CN.UTF-8")
    assert (wrong.returncode, wrong.stderr) == (
        1,
        "错误：未知单位“区水力局”；您要找的是不是 区水利局？\n",
    )
    missing = taobei("parse", str(tmp_path / "无.txt"), LANG="zh_CN.UTF-8")
    assert missing.stderr == f"错误：{tmp_path / '无.txt'}：没有这个文件，请检查路径\n"
    ledger = taobei("export", "-o", str(tmp_path / "台账.xlsx"), LANG="zh_CN.UTF-8")
    assert ledger.stderr == f"{tmp_path / '台账.xlsx'}：1 份通知，118 项任务\n"
    english = taobei("tasks", "--dept", "区水力局", LANG="C.UTF-8")
    assert english.stderr == "Error: unknown department '区水力局'; did you mean 区水利局?\n"
    assert "List tasks, optionally those a department leads or supports." in taobei(
        "tasks", "--help", LANG="C.UTF-8").stdout  # fmt: skip
    assert "列出任务" in taobei("tasks", "--help", LANG="C.UTF-8", TAOBEI_LANG="zh").stdout
    assert helped.stdout.startswith("用法：taobei tasks [OPTIONS] [source]\n")  # typer's own words
    assert "  --help" in helped.stdout and "显示此帮助并退出。" in helped.stdout
    assert "Show this message and exit." not in helped.stdout
    typo = taobei("tasks", "--bogus", LANG="zh_CN.UTF-8")
    assert (typo.returncode, typo.stderr) == (2, "用法：taobei tasks [OPTIONS] [source]\n"
                                              "用 'taobei tasks --help' 查看帮助。\n\n"
                                              "错误：没有这个选项：--bogus\n")  # fmt: skip
    unknown = taobei("taks", LANG="zh_CN.UTF-8")
    assert (
        unknown.stderr.splitlines()[-1]
        == "错误：没有命令 'taks'；您要找的是不是 'tasks', 'status'？"
    )
    assert taobei("taks", LANG="C.UTF-8").stderr.splitlines()[-1] == (
        "Error: No such command 'taks'. Did you mean 'tasks', 'status'?")  # fmt: skip


def test_check_reads_in_the_readers_language_its_codes_stay() -> None:
    chinese = taobei("check", LANG="zh_CN.UTF-8").stdout.splitlines()
    assert chinese[0] == "<bundled>:230: 警告: duplicate-number: 任务编号 87 再次出现（第 88 项）"
    assert chinese[-5:] == [
        "  板块：9 个，编号形如“一、”",
        "  任务层级：118 项，编号形如“1.”，其中 118 项有责任分工",
        "  责任分工形式：bracket 118",
        "  发文政府：白城市洮北区",
        "<bundled>：9 个板块，118 项任务；0 个错误，3 个警告，0 个提示",
    ]
    english = taobei("check", LANG="C.UTF-8").stdout.splitlines()
    assert (
        english[0]
        == "<bundled>:230: warning: duplicate-number: task number 87 appears again (seq 88)"
    )
    assert english[-1] == "<bundled>: 9 sections, 118 tasks; 0 errors, 3 warnings, 0 info"


def test_machine_output_never_changes_with_the_language() -> None:
    chinese = taobei("tasks", "--dept", "区水利局", "--format", "csv", LANG="zh_CN.UTF-8").stdout
    english = taobei("tasks", "--dept", "区水利局", "--format", "csv", LANG="C.UTF-8").stdout
    assert chinese == english and chinese.startswith("seq,number,section,section_title,role,")
    as_json = taobei("depts", "--format", "json", LANG="zh_CN.UTF-8").stdout
    assert json.loads(as_json)[0]["kind"] == "department"


def test_table_headers_and_values_in_chinese(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from taobei_plan.exports.views import tasks_view
    from taobei_plan.loader import parse_bundled
    from taobei_plan.query import ledger_row, task_rows

    monkeypatch.setenv("TAOBEI_LANG", "zh")
    monkeypatch.setenv("COLUMNS", "200")
    tasks_view([ledger_row(r) for r in task_rows(parse_bundled(), "区水利局")], "区水利局")
    shown = capsys.readouterr().out
    assert "7 项任务 · 区水利局" in shown
    assert all(
        word in shown for word in ("序号", "编号", "板块", "角色", "重点任务", "牵头单位", "配合")
    )
    assert "牵头" in shown and " lead " not in shown


def test_the_catalogue_is_current_and_complete() -> None:
    """Every message of the code has its Chinese; the compiled .mo is the .po's."""
    pytest.importorskip("babel")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "catalog.py"), "--check"],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")


def test_every_problem_the_parser_reports_has_a_chinese_name() -> None:
    """The report and the 台账's 问题 sheet name each problem in Chinese, by its code."""
    import re

    from taobei_plan.exports.problems import PROBLEM_NAMES

    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    codes = set(re.findall(r'\.(?:warning|info|error)\(\s*"([a-z]+(?:-[a-z]+)*)"', source))
    assert len(codes) >= 18 and codes <= set(PROBLEM_NAMES), codes - set(PROBLEM_NAMES)


def test_the_parsers_sentences_are_translated_where_shown() -> None:
    """The parser keeps no language; its fixed sentences are the CLI's to translate, so they
    must stay the parser's own word for word."""
    from taobei_plan.cli.app import PARSER_SENTENCES
    from taobei_plan.parsing.parser import MEASURES_HINT, NO_TASKS

    assert PARSER_SENTENCES[:2] == (NO_TASKS, MEASURES_HINT)
    refused = subprocess.run([installed("taobei"), "parse", "-"], input="一、甲\n1.推进。\n",
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "TAOBEI_LANG": "zh"})  # fmt: skip
    assert refused.returncode == 1
    assert refused.stderr.startswith("错误：<stdin>: 没有找到任务清单：")


def test_every_shape_of_diagnostic_the_corpus_shows_reads_in_chinese() -> None:
    """The documents an office reads give each problem in Chinese: every diagnostic of the
    corpus and the bundled notice matches a shape of exports/problems.py."""
    from taobei_plan.errors import NoTaskListError
    from taobei_plan.exports.problems import in_chinese
    from taobei_plan.loader import parse_file

    from conftest import FIXTURES, RAW

    left, seen = set(), set()
    for path in [*sorted((FIXTURES / "corpus").glob("*.txt")), RAW]:
        try:
            diagnostics = parse_file(path).diagnostics
        except NoTaskListError:  # the corpus holds notices that are no task lists on purpose
            continue
        for d in diagnostics:
            seen.add(d.code)
            if in_chinese(d.code, d.message) == d.message:
                left.add((d.code, d.message))
    assert left == set() and len(seen) >= 4, (left, seen)
    # shapes the corpus does not show, as the parser writes them
    assert in_chinese("guessed-leads", "no role word: 区水利局、区林草局 read as joint leads") == (
        "没有表示角色的词：区水利局、区林草局 按共同牵头读取")  # fmt: skip
    assert in_chinese("missing-clause", "task 3. has no responsibility clause") == (
        "任务 3. 没有责任分工")  # fmt: skip
    assert in_chinese("metadata-mismatch", "文号 is 'A' here but 'B' on line 4") == (
        "文号此处为“A”，而第 4 行为“B”")  # fmt: skip
    assert in_chinese("missing-number", "task numbers 4–6 are missing (before line 9)") == (
        "缺少任务编号 4–6（在第 9 行之前）")  # fmt: skip
    assert in_chinese("a-new-code", "as it is") == "as it is"
