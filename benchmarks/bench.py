"""taobei's speed as ratios: `python benchmarks/bench.py [--runs N]` (not part of the test suite).

Every command is timed as the median of interleaved runs (each round runs every command once, so
a busy machine slows them all alike) and printed as a ratio to the floor: a minimal typer app, one
command printing ``[]``, run by the same interpreter. ``python -c pass`` is shown for context.
In-process, ``parse()`` of the bundled notice is compared with a naive baseline that scans the same
text once with one regular expression for ``N.text[clause]`` lines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import regex

from taobei_plan import parse
from taobei_plan.loader import bundled_bytes

FLOOR_APP = """
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("[]")


app()
"""


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def commands(workdir: Path) -> dict[str, list[str]]:
    python = sys.executable
    taobei = str(Path(python).parent / "taobei")
    floor = workdir / "floor.py"
    floor.write_text(FLOOR_APP, encoding="utf-8")
    big = workdir / "taobei-x200.txt"
    big.write_bytes(bundled_bytes() * 200)
    return {
        "python -c pass": [python, "-c", "pass"],
        "floor (typer app printing [])": [python, str(floor)],
        "taobei --help": [taobei, "--help"],
        "taobei parse": [taobei, "parse"],
        "taobei tasks --dept 区水利局 --format json": [
            taobei, "tasks", "--dept", "区水利局", "--format", "json",
        ],
        "taobei parse <notice x200>": [taobei, "parse", str(big)],
    }  # fmt: skip


def wall_times(runs: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        table = commands(Path(directory))
        samples: dict[str, list[float]] = {name: [] for name in table}
        for _ in range(runs):
            for name, command in table.items():  # interleaved: one of each per round
                samples[name].append(_time(command))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    floor = medians["floor (typer app printing [])"]
    bare = medians["python -c pass"]
    print(f"{'command':45} {'median s':>9} {'× floor':>8} {'× python':>9}")
    for name, value in medians.items():
        print(f"{name:45} {value:9.3f} {value / floor:8.2f} {value / bare:9.1f}")


NAIVE = regex.compile(r"^[ \t]*(\d+)\.(.*)\[([^\]]*)\][ \t]*$", regex.MULTILINE)


def naive_scan(text: str) -> list[tuple[str, str, str]]:
    """The cost floor: one pass of one regular expression collecting N.text[clause] lines."""
    return [match.groups() for match in NAIVE.finditer(text)]


def _best(function, argument, repeat: int) -> float:  # type: ignore[no-untyped-def]
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(argument)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def in_process(repeat: int) -> None:
    text = bundled_bytes().decode("utf-8")
    megabytes = len(text.encode("utf-8")) / 1_000_000
    parse(text)  # warm: lazy tables are built once per process
    ours = _best(parse, text, repeat)
    naive = _best(naive_scan, text, repeat * 10)
    assert len(naive_scan(text)) == 118
    print(f"\nparse() of the bundled notice ({megabytes * 1000:.0f} KB)")
    print(f"  parse()      {ours * 1000:8.2f} ms  {megabytes / ours:7.1f} MB/s")
    print(f"  naive regex  {naive * 1000:8.2f} ms  {megabytes / naive:7.1f} MB/s")
    print(f"  ratio        {ours / naive:8.1f} ×")
    big = text * 200
    start = time.perf_counter()
    parse(big)
    elapsed = time.perf_counter() - start
    tracemalloc.start()  # a second run for memory: tracing slows allocation, so it is not timed
    parse(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\nparse() of 200 copies ({len(big.encode()) / 1e6:.1f} MB): {elapsed:.2f} s "
          f"({elapsed / ours / 200:.2f} × 200 single parses), peak traced memory "
          f"{peak / 1e6:.0f} MB ({peak / len(big.encode()):.0f} × the input)")  # fmt: skip


FORMATS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formats"
#: Goals of issue 12: extraction at most this many times the parse of the text.
EXTRACTION_GOALS = {"html": 2, "docx": 2, "pdf": 10, "ofd": 10, "xlsx": 2, "doc": None}


def extraction(repeat: int) -> None:
    """Reading each published-format fixture into line text, as a ratio to parsing the text."""
    from taobei_plan.formats import extract

    text = bundled_bytes().decode("utf-8")
    parse(text)
    base = _best(parse, text, repeat)
    print(f"\nextraction of each fixture, × parse() of the text ({base * 1000:.1f} ms)")
    for path in sorted(FORMATS.iterdir()):
        if not path.name.startswith("taobei"):
            continue
        data = path.read_bytes()
        fmt = extract(data).format
        times = 1 if fmt == "doc" else repeat  # LibreOffice: one conversion is enough to see
        seconds = _best(extract, data, times)
        goal = EXTRACTION_GOALS.get(fmt)
        verdict = f"goal ≤ {goal} ×" if goal else "(LibreOffice)"
        print(
            f"  {path.name:28} {fmt:5} {seconds * 1000:8.1f} ms {seconds / base:7.2f} ×  {verdict}"
        )


def exports(repeat: int) -> None:
    """Writing the bundled notice as a workbook and into a database, × parse(); then 250, 500 and
    1,000 distinct notices into one database, to show time and memory grow linearly."""
    from taobei_plan.exports import database
    from taobei_plan.exports.workbook import write_workbook

    text = bundled_bytes().decode("utf-8")
    notice = parse(text)
    base = _best(parse, text, repeat)
    seqs = [{t.seq for t in notice.tasks()}]
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "ledger.xlsx"
        xlsx = _best(lambda n: write_workbook(target, [n], seqs, False), notice, repeat)

        def to_db(n: object) -> None:
            path = Path(directory) / "one.db"
            path.unlink(missing_ok=True)
            database.export(path, [(notice, seqs[0])])

        sqlite = _best(to_db, notice, repeat)
        print(f"\nexport of the bundled notice, × parse() ({base * 1000:.1f} ms)")
        print(f"  xlsx    {xlsx * 1000:8.1f} ms {xlsx / base:6.2f} ×  (goal ≤ 10 ×)")
        print(f"  sqlite  {sqlite * 1000:8.1f} ms {sqlite / base:6.2f} ×  (goal ≤ 1.5 ×)")
        for count in (250, 500, 1000):
            path = Path(directory) / f"many-{count}.db"
            copies = []
            for index in range(count):
                copy = notice.model_copy(deep=False)
                copy.source = notice.source.model_copy(update={"sha256": f"{index:064x}"})
                copies.append(copy)
            tracemalloc.start()
            start = time.perf_counter()
            database.export(path, ((copy, seqs[0]) for copy in copies))
            elapsed = time.perf_counter() - start
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"  {count:5} notices into one database: {elapsed:6.2f} s "
                  f"({elapsed / count * 1000:.1f} ms a notice), peak traced {peak / 1e6:.0f} MB, "
                  f"file {path.stat().st_size / 1e6:.0f} MB")  # fmt: skip


def many_notices(count: int) -> None:
    """``count`` copies of the notice in a folder: --jobs 1 against the default (one per CPU)."""
    taobei = str(Path(sys.executable).parent / "taobei")
    with tempfile.TemporaryDirectory() as directory:
        for index in range(count):
            (Path(directory) / f"notice-{index:04}.txt").write_bytes(bundled_bytes())
        one = statistics.median(
            _time([taobei, "parse", directory, "--jobs", "1"]) for _ in range(3)
        )
        every = statistics.median(_time([taobei, "parse", directory]) for _ in range(3))
    print(f"\n{count} notices: --jobs 1 {one:.2f} s, --jobs {os.cpu_count()} {every:.2f} s, "
          f"speed-up {one / every:.2f} ×")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds of interleaved runs")
    arguments = parser.parse_args()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}\n")
    wall_times(arguments.runs)
    in_process(repeat=30)
    extraction(repeat=10)
    exports(repeat=5)
    many_notices(400)


if __name__ == "__main__":
    main()
