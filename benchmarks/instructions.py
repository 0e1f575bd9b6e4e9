"""The wall-time figures of bench.py as ratios of instruction counts (valgrind's callgrind):
`python benchmarks/bench.py --only instructions`.

This machine's speed moves by 1.5× within minutes, and not alike for every kind of work: the
naive scan (one C loop) speeds up more than the parser (Python) when the machine does, so a
wall-time ratio of the two drifts between runs of the same code. Instructions retired do not
drift: the same code gives the same count to a fraction of a per cent. They are not time (an
instruction of the interpreter's loop costs more than one of the regex engine's), so these
figures complement the wall-time ones; the goals are stated on wall time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: What a parse and a naive scan are counted in: a loop of N after ten to warm up, less the same
#: with none (by the sixth parse a process has folded enough text to build the fold's scanning
#: class, 5 ms once: counted inside the loop, it would add a fifth to a parse of a loop of five).
_LOOP = """
import sys
from taobei_plan import parse
from taobei_plan.loader import bundled_bytes
sys.path.insert(0, {folder!r})
from bench import naive_scan
work = parse if sys.argv[1] == "parse" else naive_scan
text = bundled_bytes().decode("utf-8")
for _ in range(10):
    work(text)
for _ in range(int(sys.argv[2])):
    work(text)
"""


def _count(command: list[str], env: dict[str, str] | None) -> int:
    """Instructions a process retires, start to exit (callgrind's total)."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    found = re.search(r"Collected : (\d+)", done.stderr)
    assert found, done.stderr[-500:]
    return int(found[1])


def instruction_ratios(commands: dict[str, tuple[list[str], dict[str, str] | None]]) -> None:
    """The command-line figures, then ``parse()`` against the naive scan, as instruction ratios."""
    if shutil.which("valgrind") is None:
        print("\ninstructions: valgrind is not installed (apt-get install valgrind); skipped")
        return
    counts = {name: _count(command, env) for name, (command, env) in commands.items()}
    floor = counts["floor (typer app printing [])"]
    print(
        f"\ninstructions (callgrind, one run each)\n{'command':45} {'millions':>9} {'× floor':>8}"
    )
    for name, value in counts.items():
        print(f"{name:45} {value / 1e6:9.1f} {value / floor:8.3f}")
    with tempfile.TemporaryDirectory() as directory:
        loop = Path(directory) / "loop.py"
        loop.write_text(_LOOP.format(folder=str(Path(__file__).resolve().parent)), "utf-8")
        per = {}
        for work, n in (("parse", 5), ("naive", 50)):
            extra = _count([sys.executable, str(loop), work, str(n)], None)
            per[work] = (extra - _count([sys.executable, str(loop), work, "0"], None)) / n
    print(f"  parse(), again {per['parse'] / 1e6:7.2f} M, naive scan {per['naive'] / 1e6:5.2f} M: "
          f"{per['parse'] / per['naive']:.1f} ×")  # fmt: skip
