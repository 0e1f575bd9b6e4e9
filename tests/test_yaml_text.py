"""taobei's YAML writer gives PyYAML's text byte for byte, or leaves the document to PyYAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from taobei_plan.exports.emit import to_yaml
from taobei_plan.exports.yaml_text import OPTIONS, yaml_text

ROOT = Path(__file__).resolve().parents[1]
GOLDENS = sorted((ROOT / "tests" / "fixtures" / "golden").rglob("*.json")) + sorted(
    (ROOT / "data" / "parsed").glob("*.json")
)


def pyyaml(data: Any) -> str:
    return str(yaml.safe_dump(data, **OPTIONS))


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda path: path.name)
def test_every_golden_is_written_as_pyyaml_writes_it(golden: Path) -> None:
    data = json.loads(golden.read_text(encoding="utf-8"))
    assert to_yaml(data) == pyyaml(data)


def test_the_goldens_are_mostly_written_by_taobei() -> None:
    """No golden needs PyYAML: multi-line strings (a diagnostic quoting two lines) included."""
    left = [path.name for path in GOLDENS if yaml_text(json.loads(path.read_text("utf-8"))) is None]
    assert len(GOLDENS) >= 50
    assert left == [], left


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"text": "区水利局", "n": 3, "x": 0.5, "ok": True, "due": None}, None),
        ({"a": "", "b": "123", "c": "true", "d": "2025-01-01", "e": "~", "f": "null"}, None),
        ({"a": "- x", "b": "x: y", "c": "x #y", "d": "x:", "e": " x", "f": "x ", "g": "'q'"}, None),
        ({"a": "...", "b": "---", "c": "?x", "d": ":x", "e": "-5", "f": ".5", "g": "@x"}, None),
        ({"a": "\t", "b": "é\x85", "c": "\ufeff", "d": "\u2028", "e": "𠀀字"}, None),
        ({"a": 1e-05, "b": float("inf"), "c": float("-inf"), "d": 2.0, "e": 10**30}, None),
        ({"a": [], "b": {}, "c": [[], {}], "d": [[1, [2]], {"e": [{"f": {"g": [1]}}]}]}, None),
        ({"id": 1, "tasks": [{"leads": ["区发改局"], "co": []}]}, None),
        ({"a": "两\n行\n\nc d", "b": ["x\ny"], "c": {"d": {"e": "x\ny"}}, "f": [["x\ny"]]}, None),
        ({"a": [{"b": "x\n\ny", "c": ["x\ny z"]}], "d": "x\n y", "e": "x \ny"}, None),
    ],
)
def test_scalars_and_layouts_as_pyyaml(data: dict[str, Any], text: None) -> None:
    assert yaml_text(data) == pyyaml(data)


def test_what_it_leaves_to_pyyaml() -> None:
    shared = ["区水利局"]
    assert yaml_text({"a": shared, "b": shared}) is None  # an anchor and an alias
    assert yaml_text({"two\nlines": 1}) is None  # a complex key
    assert yaml_text({"x" * 128: 1}) is None  # a complex key
    assert yaml_text({1: "a"}) is None  # a key that is not a string
    assert yaml_text({"a": (1, 2)}) is None  # a type outside plain data
    assert yaml_text("text") is None and yaml_text([]) is None  # not a block collection
    assert to_yaml({"a": shared, "b": shared}) == pyyaml({"a": shared, "b": shared})


_TEXT = st.text(
    alphabet=st.sampled_from(list("区水利局发改 :#-?'\".,[]{}!&*|>%@`~01239eE+_\t\nyYnN年月日一")),
    max_size=12,
)
_SCALARS = (
    _TEXT
    | st.integers()
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.none()
    | st.sampled_from(["123", "1_000", "0x1F", "1:20", "yes", "Off", "2025-1-2", "=", "<<"])
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_TEXT, _DATA, min_size=1, max_size=5) | st.lists(_DATA, min_size=1))
def test_generated_data_as_pyyaml(data: Any) -> None:
    written = yaml_text(data)
    assert written is None or written == pyyaml(data)
    assert to_yaml(data) == pyyaml(data)
