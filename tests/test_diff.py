"""``taobei diff``: the Taobei notice against an edited copy reports exactly the edits."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app
from taobei_plan.compare import diff_notices, match_tasks
from taobei_plan.loader import parse_bytes

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw" / "taobei-14th-five-year-plan-tasks.txt"
runner = CliRunner()

NEW_TASK = (
    "  119.推进数字政府建设,建成全区一体化政务服务平台。[区政数局牵头负责,各相关单位按职责分工负责]"
)


def edited(text: str) -> str:
    """Task 5 removed, task 14's lead changed, task 20 reworded, a task added after 118."""
    lines = text.split("\n")
    out = []
    for line in lines:
        if line.startswith("  5.实施“三北”防护林"):
            continue
        if line.startswith("  14.强化涉重金属行业污染防控"):
            line = line.replace("[生态环境局洮北分局牵头负责", "[区工信局牵头负责", 1)
        if line.startswith("  20.推进生态保护红线"):
            line = line.replace("严防辖区内出现环境安全隐患问题", "严防辖区内出现各类环境安全隐患")
        out.append(line)
        if line.startswith("  118.推进“十四五”民兵建设规划落实"):
            out += ["", NEW_TASK]
    return "\n".join(out)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("diff")
    old, new = folder / "2021.txt", folder / "2022.txt"
    old.write_bytes(RAW.read_bytes())
    new.write_text(edited(RAW.read_text("utf-8")), encoding="utf-8")
    return old, new


def test_the_edits_and_nothing_else(files: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["diff", str(files[0]), str(files[1]), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert [(t["number"], t["leads"]) for t in data["removed"]] == [(5, ["区林草局"])]
    assert [(t["number"], t["text"], t["leads"], t["section"]) for t in data["added"]] == [
        (119, "推进数字政府建设,建成全区一体化政务服务平台。", ["区政数局"], "社会治理")
    ]
    changed = {(c["old"], c["new"]): c for c in data["changed"]}
    assert sorted(changed) == [(14, 13), (20, 19)]
    lead = changed[(14, 13)]
    assert lead["fields"] == ["leads"]
    assert lead["values"]["leads"] == {"old": ["生态环境局洮北分局"], "new": ["区工信局"]}
    reworded = changed[(20, 19)]
    assert reworded["fields"] == ["text"]
    assert [run for run in reworded["text_diff"] if run["op"] != "equal"] == [
        {"op": "insert", "text": "各类"},
        {"op": "delete", "text": "问题"},
    ]
    assert data["indicators"] == {"added": [], "removed": [], "changed": []}


def test_the_same_notice_is_no_change(files: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["diff", str(files[0]), str(files[0])])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["changed"] == []


def test_renumbering_is_no_change() -> None:
    text = RAW.read_text("utf-8")
    renumbered = text.replace("  87.", "  88.", 2).replace("  88.加大", "  87.加大", 0)
    old, new = parse_bytes(text.encode(), "a"), parse_bytes(renumbered.encode(), "b")
    assert [t.number for t in new.tasks()][85:88] == [86, 88, 88]
    assert diff_notices(old, new).empty()


def test_a_target_value_changed() -> None:
    text = RAW.read_text("utf-8")
    old = parse_bytes(text.encode(), "a")
    new = parse_bytes(text.replace("污水处理率达到96%", "污水处理率达到98%").encode(), "b")
    diff = diff_notices(old, new)
    assert [(c.old.value, c.new.value, c.new.metric) for c in diff.indicators_changed] == [
        (96, 98, "污水处理率")
    ]
    assert not diff.added and not diff.removed and not diff.changed


def test_unrelated_tasks_are_not_paired() -> None:
    notice = parse_bytes(RAW.read_bytes(), "a")
    tasks = notice.tasks()
    assert match_tasks(tasks[:1], tasks[60:61]) == []


def test_markdown_and_html_for_people(files: tuple[Path, Path], tmp_path: Path) -> None:
    page = tmp_path / "变化.html"
    result = runner.invoke(app, ["diff", str(files[0]), str(files[1]), "-o", str(page)])
    assert result.exit_code == 1
    html = page.read_text("utf-8")
    assert "新增任务 1 项，删除 1 项，修改 2 项；目标指标变化 0 项" in html
    assert "<ins>各类</ins>" in html and "<del>问题</del>" in html
    assert "Content-Security-Policy" in html and "<script" not in html
    result = runner.invoke(app, ["diff", str(files[0]), str(files[1]), "--format", "markdown"])
    assert result.exit_code == 1
    assert "| 5 | 生态建设 | 实施“三北”防护林" in result.stdout
    assert "完成时限" not in result.stdout.split("## 修改任务")[1]  # only fields that changed
    assert "| 14 | 14 | 牵头单位：生态环境局洮北分局 → 区工信局 |" in result.stdout
    assert result.stdout.startswith(f"# 任务分工变化：{files[0]} → {files[1]}\n")


def test_task_text_is_escaped_in_the_page(tmp_path: Path) -> None:
    text = RAW.read_text("utf-8")
    hostile = text.replace("推进“十四五”民兵建设规划落实。", "<script>alert(1)</script>落实。")
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text(text, "utf-8")
    new.write_text(hostile, "utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "html"])
    assert result.exit_code == 1
    assert "<script>" not in result.stdout
    assert "&lt;script&gt;" in result.stdout


def test_errors_are_exit_2(files: tuple[Path, Path], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("没有任务。\n", "utf-8")
    result = runner.invoke(app, ["diff", str(files[0]), str(empty)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    result = runner.invoke(app, ["diff", str(files[0]), str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    result = runner.invoke(app, ["diff", str(files[0]), str(files[1]), "--format", "csv"])
    assert result.exit_code == 2


def test_a_reworded_text_repeated_many_times_pairs_every_copy() -> None:
    """Ten copies of one task reworded: more look-alikes than one round of candidates keeps."""
    text = RAW.read_text("utf-8")
    old = parse_bytes((text * 10).encode(), "a")
    new = parse_bytes((text * 10).replace("推进", "促进").encode(), "b")
    diff = diff_notices(old, new)
    reworded = sum(1 for task in old.tasks() if "推进" in task.text)
    assert not diff.added and not diff.removed and reworded == 380
    # 推进 is also in a co unit's name (推进绿电产业示范园区建设领导小组成员单位), of one task
    # that names it in its text too and one that does not
    assert Counter(change.fields for change in diff.changed) == {
        ("text",): 370,
        ("text", "co"): 10,
        ("co",): 10,
    }


def test_markup_in_task_text_stays_text_in_markdown(tmp_path: Path) -> None:
    text = RAW.read_text("utf-8")
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text(text, "utf-8")
    new.write_text(
        text.replace("推进“十四五”民兵建设规划落实。", "<img src=x onerror=alert(1)>|落实。"),
        "utf-8",
    )
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "markdown"])
    assert result.exit_code == 1
    assert "<img" not in result.stdout
    assert (
        "| 118 | 社会治理 | &lt;img src=x onerror=alert(1)&gt;\\|落实。 | 区武装部 |"
        in result.stdout
    )
