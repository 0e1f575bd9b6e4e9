"""Sibling notices from other governments (tests/fixtures/corpus/) match their gold exactly."""

from __future__ import annotations

import json

import pytest

from taobei_plan.loader import parse_file

from conftest import FIXTURES

CORPUS = FIXTURES / "corpus"
GOLD = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))


def test_corpus_is_present() -> None:
    assert len(GOLD) == 4
    for entry in GOLD:
        assert (CORPUS / entry["file"]).exists()


@pytest.mark.parametrize("entry", GOLD, ids=[e["file"] for e in GOLD])
def test_gold(entry: dict) -> None:
    notice = parse_file(CORPUS / entry["file"])
    tasks = notice.tasks()
    assert len(tasks) == entry["task_count"] == len(entry["tasks"])
    for task, gold in zip(tasks, entry["tasks"], strict=True):
        assert task.label == gold["number"]
        assert task.text.startswith(gold["text_start"]), (task.label, task.text[:20])
        r = task.responsibility
        leads = [u.name for u in r.leads] if r else []
        co = [u.name for u in r.co] if r else []
        assert (leads, co) == (gold["leads"], gold["co"]), task.label


def _traditional(text: str) -> str:
    from opencc import OpenCC

    return str(OpenCC("s2t").convert(text))


VARIANTS = {
    "traditional characters": _traditional,
    "a blank line between every line": lambda text: "\n\n".join(text.split("\n")),
    "half-width punctuation": lambda text: text.translate(str.maketrans("（），：；", "(),:;")),
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("entry", GOLD, ids=[e["file"] for e in GOLD])
def test_gold_in_other_shapes(entry: dict, variant: str) -> None:
    """The same notice, re-shaped, still gives its gold units (names simplified)."""
    from taobei_plan import parse

    text = (CORPUS / entry["file"]).read_text(encoding="utf-8")
    tasks = parse(VARIANTS[variant](text)).tasks()
    units = [
        ([u.name for u in t.responsibility.leads], [u.name for u in t.responsibility.co])
        if t.responsibility
        else ([], [])
        for t in tasks
    ]
    assert units == [(g["leads"], g["co"]) for g in entry["tasks"]]
