"""Golden files (data/parsed/, tests/fixtures/golden/): regenerate with scripts/regen_golden.py."""

from __future__ import annotations

import json
import runpy

import yaml

from conftest import ROOT

REGEN = runpy.run_path(str(ROOT / "scripts" / "regen_golden.py"))


def test_golden_files_exist() -> None:
    outputs = REGEN["golden_outputs"]()
    parsed = ROOT / "data" / "parsed"
    assert sorted(p.name for p in outputs if p.parent == parsed) == [
        "taobei-14th-five-year-plan-tasks.json",
        "taobei-14th-five-year-plan-tasks.yaml",
    ]
    golden = ROOT / "tests" / "fixtures" / "golden"
    assert len([p for p in outputs if p.parent == golden / "shapes"]) == 36
    assert len([p for p in outputs if p.parent == golden / "corpus"]) == 16


def test_no_orphan_golden_files() -> None:
    """A golden file whose source was removed or renamed would silently stop being checked."""
    expected = set(REGEN["golden_outputs"]())
    golden = ROOT / "tests" / "fixtures" / "golden"
    on_disk = set(golden.rglob("*.json")) | set((ROOT / "data" / "parsed").glob("*.*"))
    assert on_disk, "no golden files found"
    assert sorted(str(p) for p in on_disk - expected) == []


def test_golden_files_are_fresh() -> None:
    for path, text in REGEN["golden_outputs"]().items():
        assert path.exists(), f"{path} missing: run python scripts/regen_golden.py"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} differs from the golden: review the diff, then regenerate if intended "
            "(python scripts/regen_golden.py)"
        )


def test_json_and_yaml_golden_load_to_equal_data() -> None:
    parsed = ROOT / "data" / "parsed"
    as_json = json.loads((parsed / "taobei-14th-five-year-plan-tasks.json").read_text("utf-8"))
    as_yaml = yaml.safe_load((parsed / "taobei-14th-five-year-plan-tasks.yaml").read_text("utf-8"))
    assert as_json == as_yaml
    assert sum(len(s["tasks"]) for s in as_json["sections"]) == 118


def test_golden_is_utf8_not_escaped() -> None:
    text = (ROOT / "data" / "parsed" / "taobei-14th-five-year-plan-tasks.json").read_text("utf-8")
    assert "生态建设" in text
    assert "\\u" not in text


def test_traditional_table_is_what_the_installed_opencc_gives() -> None:
    """parsing/traditional.py is generated (scripts/make_traditional_table.py), never edited."""
    make = runpy.run_path(str(ROOT / "scripts" / "make_traditional_table.py"))
    module = ROOT / "src" / "taobei_plan" / "parsing" / "traditional.py"
    assert module.read_text(encoding="utf-8") == make["module_text"](), (
        "parsing/traditional.py is stale: run python scripts/make_traditional_table.py"
    )
    from taobei_plan.parsing.chinese import traditional_table

    table = traditional_table()
    assert len(table) == len(make["unambiguous_pairs"]()) == 4098
    assert "牽頭單位：區發改局".translate(table) == "牵头单位：区发改局"
    assert ord("乾") not in table and ord("於") not in table  # also simplified text: kept
