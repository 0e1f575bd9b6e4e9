"""The parser's compiled patterns, kept between runs beside the bytecode (parsing/patterns.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from taobei_plan.parsing import patterns

from conftest import ROOT

PARSING = ROOT / "src" / "taobei_plan" / "parsing"

#: A run that parses the bundled notice and prints what it compiled and what it found stored.
PROBE = """
import json, re
from taobei_plan.parsing import patterns
from taobei_plan import parse
from taobei_plan.loader import bundled_bytes
notice = parse(bundled_bytes().decode("utf-8"))
sources = sorted(patterns._programs)
same = all(
    patterns.compile(s, int(f)) == re.compile(s, int(f))
    for f, _, s in (key.partition(":") for key in sources)
)
tasks = sum(len(section.tasks) for section in notice.sections)
print(json.dumps({"tasks": tasks, "patterns": len(sources), "same": same, "added": patterns._added}))
"""


def _probe(prefix: Path, *, write: bool = True) -> dict[str, object]:
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(prefix))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert done.stderr == ""
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _store(prefix: Path) -> Path:
    found = list(prefix.rglob("patterns.*.json"))
    assert len(found) == 1, found
    return found[0]


def test_a_compiled_pattern_is_what_re_compile_gives() -> None:
    """``re.Pattern`` equality compares the text, the flags and the compiled program itself."""
    for source, flags in [
        (r"(?P<year>\d{4})年", 0),
        (r"^[ ]*附件", re.MULTILINE),
        ("负责|牵头", 0),
    ]:
        assert patterns.compile(source, flags) == re.compile(source, flags)
        assert patterns.compile(source, flags).groupindex == re.compile(source, flags).groupindex


def test_the_first_run_stores_the_programs_and_the_next_reads_them(tmp_path: Path) -> None:
    first = _probe(tmp_path)
    assert first == {"tasks": 118, "patterns": first["patterns"], "same": True, "added": True}
    assert isinstance(first["patterns"], int) and first["patterns"] > 60
    store = _store(tmp_path)
    data = json.loads(store.read_text(encoding="utf-8"))
    assert sorted(data) == ["identity", "programs"]
    assert len(data["programs"]) == first["patterns"]
    second = _probe(tmp_path)  # every program from the store, none compiled again
    assert second == {"tasks": 118, "patterns": first["patterns"], "same": True, "added": False}


def test_nothing_is_written_where_python_writes_no_bytecode(tmp_path: Path) -> None:
    assert _probe(tmp_path, write=False)["same"] is True
    assert list(tmp_path.rglob("patterns.*.json")) == []


@pytest.mark.parametrize(
    "damage",
    ["not json", "foreign", "invalid program", "too large"],
)
def test_a_damaged_or_foreign_store_is_compiled_around(tmp_path: Path, damage: str) -> None:
    _probe(tmp_path)
    store = _store(tmp_path)
    data = json.loads(store.read_text(encoding="utf-8"))
    if damage == "not json":
        store.write_text("{", encoding="utf-8")
    elif damage == "foreign":
        data["identity"]["python"] = "2.7.18"
        store.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "invalid program":  # the engine's validator refuses it
        for program in data["programs"].values():
            program[1] = [999] * len(program[1])
        store.write_text(json.dumps(data), encoding="utf-8")
    else:
        store.write_text(" " * (patterns.MAX_STORE + 1), encoding="utf-8")
    result = _probe(tmp_path)  # the programs compiled again, and the store written whole
    assert (result["tasks"], result["same"], result["added"]) == (118, True, True)
    assert _probe(tmp_path)["added"] is False


def test_the_parser_compiles_through_the_store() -> None:
    """A pattern compiled with ``re`` directly would be compiled again on every run. (source.py
    is the exception: queries answered from the cache import it and parse nothing, and its few
    patterns take less time to compile than the store takes to read.)"""
    direct = [
        f"{path.name}:{number}"
        for path in sorted(PARSING.glob("*.py"))
        if path.name not in ("patterns.py", "source.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\bre\.(compile|search|match|fullmatch|findall|finditer|sub|split)\(", line)
    ]
    assert direct == []
