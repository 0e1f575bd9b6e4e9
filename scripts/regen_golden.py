"""Regenerate every golden file: `python scripts/regen_golden.py` (from the repo root).

- data/parsed/: the bundled notice (data/raw/*.txt) as JSON and YAML;
- tests/fixtures/golden/shapes/: each document of tests/fixtures/shapes.yaml, whole output as JSON;
- tests/fixtures/golden/corpus/: each real notice of tests/fixtures/corpus/, whole output as JSON.

Golden files are never edited by hand; tests/test_golden.py fails when one is stale or missing,
so any change in any field of any document shows up in review.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from taobei_plan import parse
from taobei_plan.exports.emit import render
from taobei_plan.exports.files import write_file
from taobei_plan.loader import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
PARSED = ROOT / "data" / "parsed"
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = FIXTURES / "golden"


def shape_name(title: str) -> str:
    """A file name from a case title: its first ASCII words (titles mix English and Chinese)."""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8])


def golden_outputs() -> dict[Path, str]:
    """Every golden file and the text it should hold."""
    outputs = {}
    for raw in sorted(RAW.glob("*.txt")):
        path = raw.relative_to(ROOT).as_posix()  # recorded relative: the same on every clone
        data = parse_bytes(raw.read_bytes(), path).model_dump(mode="json")
        for fmt in ("json", "yaml"):
            outputs[PARSED / f"{raw.stem}.{fmt}"] = render(data, fmt)
    for case in yaml.safe_load((FIXTURES / "shapes.yaml").read_text(encoding="utf-8")):
        target = GOLDEN / "shapes" / f"{shape_name(case['title'])}.json"
        if target in outputs:
            raise SystemExit(f"two shape cases would share {target.name}; reword a title")
        try:
            notice = parse(case["text"], measures=case.get("measures", False))
            outputs[target] = render(notice.model_dump(mode="json"), "json")
        except Exception as error:  # a failure case: its golden is the error it raises
            outputs[target] = render({"error": type(error).__name__, "message": str(error)}, "json")
    for doc, measures in corpus_documents():
        path = doc.relative_to(ROOT).as_posix()
        try:
            data = parse_bytes(doc.read_bytes(), path, measures=measures).model_dump(mode="json")
        except Exception as error:  # a notice taobei cannot read yet: its golden is the error
            data = {"error": type(error).__name__, "message": str(error)}
        outputs[GOLDEN / "corpus" / f"{doc.name}.json"] = render(data, "json")
    return outputs


def corpus_documents() -> list[tuple[Path, bool]]:
    """Every notice gold.json names (the text copies, and the saved pages under html/), with
    whether its entry asks for ``--measures``."""
    corpus = FIXTURES / "corpus"
    found = []
    for entry in yaml.safe_load((corpus / "gold.json").read_text(encoding="utf-8")):
        measures = "--measures" in entry.get("flags", [])
        for path in (corpus / entry["file"], corpus / "html" / entry["file"]):
            if path.is_file():
                found.append((path, measures))
    return sorted(found)


def main() -> None:
    for path, text in golden_outputs().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, text)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
