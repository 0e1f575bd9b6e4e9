"""Every numbering scheme, clause form, line form and table form: tests/fixtures/shapes.yaml."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from taobei_plan import parse
from taobei_plan.cli import app
from taobei_plan.errors import NoTaskListError
from taobei_plan.models import Task

from conftest import FIXTURES

CASES = yaml.safe_load((FIXTURES / "shapes.yaml").read_text(encoding="utf-8"))


def units(task: Task, role: str) -> list[str] | None:
    if task.responsibility is None:
        return None
    return [u.name for u in getattr(task.responsibility, role)]


@pytest.mark.parametrize("case", CASES, ids=[c["title"] for c in CASES])
def test_shape(case: dict) -> None:
    notice = parse(case["text"], measures=case.get("measures", False))
    tasks = notice.tasks()
    assert [t.label for t in tasks] == [g["label"] for g in case["tasks"]]
    for task, gold in zip(tasks, case["tasks"], strict=True):
        assert units(task, "leads") == gold["leads"], task.label
        assert units(task, "co") == gold["co"], task.label
        for key in ("number", "section", "subheading", "deadline", "scope", "text", "leaders"):
            if key in gold:
                assert getattr(task, key) == gold[key], (task.label, key)
    assert [[d.code, d.line] for d in notice.diagnostics] == case["diagnostics"]
    if "targets" in case:
        for number, texts in case["targets"].items():
            section = next(s for s in notice.sections if s.number == number)
            assert [t.text for t in section.targets] == texts
    if "closing" in case:
        assert notice.closing == case["closing"]
    if "conventions" in case:
        assert [c.text for c in notice.conventions] == case["conventions"]
    if "front_matter" in case:
        assert [p.text for p in notice.front_matter] == case["front_matter"]
    if "section_titles" in case:
        assert [s.title for s in notice.sections] == case["section_titles"]
    if "plan_title" in case:
        assert notice.plan.title == case["plan_title"]
    if "columns" in case:
        assert [t.column for t in tasks] == case["columns"]
        assert [t.line for t in tasks] == case["lines"]
    if "notes" in case:
        assert [t.responsibility.note for t in tasks] == case["notes"]
    if "clause_deadlines" in case:
        found = [[c.deadline for c in t.responsibility.clauses] for t in tasks]
        assert found == case["clause_deadlines"]
    if "lead_modes" in case:
        assert [t.responsibility.lead_mode for t in tasks] == case["lead_modes"]
    if "raw_units" in case:
        first = tasks[0].responsibility
        assert [u.raw for u in first.leads + first.co] == case["raw_units"]


def test_no_task_list_names_what_was_looked_for() -> None:
    with pytest.raises(NoTaskListError, match=r"looked for numbered items"):
        parse("一、总体要求\n（一）指导思想。坚持稳中求进。\n（二）基本原则。\n")


def test_no_task_list_cli_exit_1(tmp_path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("关于做好某项工作的通知\n各单位：\n请认真做好相关工作。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: no task list found: looked for numbered items")


def test_check_reports_how_it_was_read(tmp_path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text(CASES[3]["text"], encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "  sections: 1 numbered like '一、'",
        "  task level: 3 items numbered like '1.', 3 with a responsibility clause",
        "  clause forms: lines 3",
        "  issuing government unknown: its units are not taken for other notices' units of the "
        "same name",
        f"{path}: 1 sections, 3 tasks; 0 errors, 0 warnings, 0 info",
    ]


def test_every_scheme_is_met_by_the_shapes_and_compiles() -> None:
    """Scheme patterns are compiled on first use, so a broken one would surface only when a
    notice first needs it: each must compile here and read its own marker."""
    from taobei_plan.parsing.numbering import SCHEMES, find_marker

    assert all(scheme.pattern.pattern == scheme.source for scheme in SCHEMES)
    examples = {
        "cn-part": "第一部分 经济发展",
        "cn-dun": "一、生态建设",
        "cn-article": "第一条 为了规范",
        "cn-paren": "(一)指导思想",
        "arabic-dot": "1.抓住机遇",
        "padded": "01按时完成",
        "arabic-paren": "(1)加强管理",
        "arabic-half-paren": "1)加强管理",
        "circled": "①加强管理",
    }
    assert {s.name for s in SCHEMES} == set(examples)
    found = {name: find_marker(line) for name, line in examples.items()}
    assert {
        name: marker and (marker.scheme.name, marker.number) for name, marker in found.items()
    } == {name: (name, 1) for name in examples}
