"""Regenerate data/parsed/ from data/raw/: `python scripts/regen_golden.py` (from the repo root).

The golden files are never edited by hand; tests/test_golden.py fails when they are stale.
"""

from __future__ import annotations

from pathlib import Path

from taobei_plan.exports.emit import render
from taobei_plan.exports.files import write_file
from taobei_plan.loader import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
PARSED = ROOT / "data" / "parsed"


def golden_outputs() -> dict[Path, str]:
    """Every golden file and the text it should hold."""
    outputs = {}
    for raw in sorted(RAW.glob("*.txt")):
        path = raw.relative_to(ROOT).as_posix()  # recorded relative: the same on every clone
        data = parse_bytes(raw.read_bytes(), path).model_dump(mode="json")
        for fmt in ("json", "yaml"):
            outputs[PARSED / f"{raw.stem}.{fmt}"] = render(data, fmt)
    return outputs


def main() -> None:
    for path, text in golden_outputs().items():
        write_file(path, text)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
