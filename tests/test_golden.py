"""data/parsed/ holds the bundled notice's output; regenerate with scripts/regen_golden.py."""

from __future__ import annotations

import json
import runpy

import yaml

from conftest import ROOT

REGEN = runpy.run_path(str(ROOT / "scripts" / "regen_golden.py"))


def test_golden_files_exist() -> None:
    outputs = REGEN["golden_outputs"]()
    assert sorted(p.name for p in outputs) == [
        "taobei-14th-five-year-plan-tasks.json",
        "taobei-14th-five-year-plan-tasks.yaml",
    ]


def test_golden_files_are_fresh() -> None:
    for path, text in REGEN["golden_outputs"]().items():
        assert path.exists(), f"{path} missing: run python scripts/regen_golden.py"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is stale: run python scripts/regen_golden.py"
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
