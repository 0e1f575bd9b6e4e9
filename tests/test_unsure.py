"""A reading taobei is not sure of says so: on the task, in ``taobei check``, under ``taobei tasks``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from taobei_plan import parse
from taobei_plan.cli import app
from taobei_plan.query import unsure_tasks

DOUBTFUL = """一、重点工作
1.推进园区建设。（牵头单位：区发改局；服务单位：区财政局）
2.优化营商环境。（区营商局牵头，区市场局配合）
3.做好统计工作。（区统计局、区财政局）
4.强化安全。（区应急局负责，抓好落实；请于每月报送）
"""


@pytest.mark.parametrize(
    ("clause", "codes"),
    [
        ("（区统计局、区财政局）", ["guessed-leads"]),  # no role word: joint leads are a guess
        ("（牵头单位：区发改局；服务单位：区财政局）", ["unknown-label"]),
        ("（区发改局牵头，区财政局配合）", []),
        ("（区发改局、区财政局负责）", []),  # 负责 says both lead
        ("（区统计局）", []),  # one unit: nothing to guess between
    ],
)
def test_the_doubt_is_on_the_task(clause: str, codes: list[str]) -> None:
    notice = parse(f"一、重点工作\n1.甲。（区水利局负责）\n2.推进工作。{clause}\n")
    assert unsure_tasks(notice.diagnostics) == ({2: codes} if codes else {})


def test_a_first_listed_convention_is_no_guess() -> None:
    text = "一、重点工作\n1.甲。（区发改局、区财政局负责。列第一位者为牵头单位，下同）\n2.乙。（区统计局、区财政局）\n"
    notice = parse(text)
    assert [[u.name for u in t.responsibility.leads] for t in notice.tasks()] == [
        ["区发改局"],
        ["区统计局"],
    ]
    assert unsure_tasks(notice.diagnostics) == {}


def test_diagnostics_name_the_task_whose_lines_hold_them() -> None:
    notice = parse(DOUBTFUL)
    assert [(d.code, d.line, d.task) for d in notice.diagnostics] == [
        ("unknown-label", 2, 1),
        ("guessed-leads", 4, 3),
        ("clause-leftover", 5, 4),
    ]


def test_check_lists_every_task_read_with_doubt(tmp_path: Path) -> None:
    path = tmp_path / "doubtful.txt"
    path.write_text(DOUBTFUL, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    listed = result.stdout.split("  not sure of ")[1].splitlines()[:4]
    assert listed == [
        "3 tasks:",
        "    line 2: task 1. (seq 1): unknown-label",
        "    line 4: task 3. (seq 3): guessed-leads",
        "    line 5: task 4. (seq 4): clause-leftover",
    ]


def test_tasks_says_on_stderr_how_many_it_printed_with_doubt(tmp_path: Path) -> None:
    path = tmp_path / "doubtful.txt"
    path.write_text(DOUBTFUL, encoding="utf-8")
    listed = CliRunner().invoke(app, ["tasks", str(path), "--format", "csv"])
    assert listed.exit_code == 0
    assert listed.stderr == (
        "taobei: 3 of the 4 tasks listed were read with doubt (a guessed lead, an unknown label, "
        "a unit that is no name); taobei check lists them\n"
    )
    one = CliRunner().invoke(app, ["tasks", str(path), "--dept", "区营商局", "--format", "csv"])
    assert one.stderr == ""  # the task printed was read with certainty


def test_the_bundled_notice_is_read_without_doubt() -> None:
    result = CliRunner().invoke(app, ["tasks", "--format", "csv"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 119
