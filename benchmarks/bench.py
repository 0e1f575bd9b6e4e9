"""taobei's speed as ratios: `python benchmarks/bench.py [--runs N] [--only NAME …]` (not part
of the test suite).

Every command is timed as the median of interleaved runs (each round runs every command once, so
a busy machine slows them all alike) and printed as a ratio to the floor: a minimal typer app, one
command printing ``[]``, run by the same interpreter. ``python -c pass`` is shown for context.
Commands run with ``PYTHONDONTWRITEBYTECODE`` unset, so ``.pyc`` files exist as on a user's
machine; one extra figure shows what its absence costs. In-process, ``parse()`` of the bundled
notice is compared with a naive baseline that scans the same text once with one regular
expression for ``N.text[clause]`` lines: as a process meets a new notice (its memo tables empty)
and again (warm: the same notice parsed before).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import regex

from taobei_plan import parse
from taobei_plan.loader import bundled_bytes
from taobei_plan.parsing import compiled

FLOOR_APP = """
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("[]")


app()
"""


#: The floor with the parameters of ``taobei tasks``: typer builds a pydantic TypeAdapter for
#: each parameter of the command it runs, a cost of the command's options, not of taobei's work.
FLOOR_OPTIONS_APP = """
from typing import Annotated, Optional

import typer

app = typer.Typer()


@app.command()
def main(
    source: Annotated[Optional[str], typer.Argument()] = None,
    dept: Annotated[Optional[str], typer.Option("--dept")] = None,
    role: Annotated[str, typer.Option("--role")] = "any",
    section: Annotated[Optional[str], typer.Option("--section")] = None,
    grep: Annotated[Optional[str], typer.Option("--grep")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format")] = None,
    encoding: Annotated[Optional[str], typer.Option("--encoding")] = None,
    source_format: Annotated[Optional[str], typer.Option("--from")] = None,
    max_size: Annotated[Optional[str], typer.Option("--max-size")] = None,
) -> None:
    print("[]")


app()
"""


def _environment(**changes: str) -> dict[str, str]:
    """The benchmark's environment: bytecode written and read as on a user's machine."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(changes)
    return env


def _time(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
        env=env or _environment(),
    )  # fmt: skip
    return time.perf_counter() - start


def commands(workdir: Path) -> dict[str, tuple[list[str], dict[str, str] | None]]:
    """Each command line with its environment (None: the benchmark's own)."""
    python = sys.executable
    taobei = str(Path(python).parent / "taobei")
    floor = workdir / "floor.py"
    floor.write_text(FLOOR_APP, encoding="utf-8")
    floor_options = workdir / "floor_options.py"
    floor_options.write_text(FLOOR_OPTIONS_APP, encoding="utf-8")
    big = workdir / "taobei-x200.txt"
    big.write_bytes(bundled_bytes() * 200)
    notice = workdir / "notice.txt"
    notice.write_bytes(bundled_bytes())
    warm = _environment(TAOBEI_CACHE_DIR=str(workdir / "cache"))
    query = [taobei, "tasks", str(notice), "--dept", "区水利局", "--format", "json"]
    subprocess.run(query, env=warm, stdout=subprocess.DEVNULL, check=True)  # prime the cache
    return {
        "python -c pass": ([python, "-c", "pass"], None),
        "floor (typer app printing [])": ([python, str(floor)], None),
        "  the same with tasks' nine options": ([python, str(floor_options)], None),
        "taobei --help": ([taobei, "--help"], None),
        "taobei parse FILE > /dev/null": ([taobei, "parse", str(notice)], warm),
        "taobei tasks --dept 区水利局 (cached)": (query, warm),
        "taobei tasks --dept 区水利局 (first run)": (query, _FIRST_RUN),
        "taobei parse <notice x200>": ([taobei, "parse", str(big)], None),
    }  # fmt: skip


#: A first run: no cache entry to read (nothing is kept between runs either).
_FIRST_RUN = {"TAOBEI_NO_CACHE": "1"}


def wall_times(runs: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        table = commands(Path(directory))
        samples: dict[str, list[float]] = {name: [] for name in table}
        for _ in range(runs):
            for name, (command, env) in table.items():  # interleaved: one of each per round
                if env is _FIRST_RUN:
                    env = _environment(**_FIRST_RUN)
                samples[name].append(_time(command, env))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    floor = medians["floor (typer app printing [])"]
    bare = medians["python -c pass"]
    goals = {"taobei --help": "≤ 0.6", "taobei tasks --dept 区水利局 (cached)": "≤ 1.1",
             "taobei tasks --dept 区水利局 (first run)": "≤ 1.3"}  # fmt: skip
    print(f"{'command':45} {'median s':>9} {'× floor':>8} {'× python':>9}  goal")
    for name, value in medians.items():
        goal = goals.get(name, "")
        print(f"{name:45} {value:9.3f} {value / floor:8.2f} {value / bare:9.1f}  {goal}")


def bytecode_effect(runs: int) -> None:
    """What running without .pyc costs (``PYTHONDONTWRITEBYTECODE=1`` and an editable install
    whose own modules were never compiled; dependencies keep the .pyc pip wrote): a cached
    query and a first run, each with and without them."""
    package = Path(__file__).resolve().parent.parent / "src" / "taobei_plan"
    taobei = str(Path(sys.executable).parent / "taobei")
    with tempfile.TemporaryDirectory() as directory:
        notice = Path(directory) / "notice.txt"
        notice.write_bytes(bundled_bytes())
        query = [taobei, "tasks", str(notice), "--dept", "区水利局", "--format", "json"]
        cached = _environment(TAOBEI_CACHE_DIR=str(Path(directory) / "cache"))
        first = _environment(**_FIRST_RUN)
        _time(query, cached)  # primes the cache and writes the .pyc files
        times: dict[str, list[float]] = {}
        for _ in range(runs):
            for name, env in (("cached", cached), ("first run", first)):
                times.setdefault(f"{name} with", []).append(_time(query, env))
                for folder in package.rglob("__pycache__"):
                    shutil.rmtree(folder)
                without = dict(env, PYTHONDONTWRITEBYTECODE="1")
                times.setdefault(f"{name} without", []).append(_time(query, without))
                _time(query, env)  # the .pyc files back
    print("\nno .pyc of taobei's own modules (PYTHONDONTWRITEBYTECODE=1), × the same with them:")
    for name in ("cached", "first run"):
        ratio = statistics.median(times[f"{name} without"]) / statistics.median(
            times[f"{name} with"]
        )
        print(f"  taobei tasks, {name:9}  {ratio:.2f} ×")


NAIVE = regex.compile(r"^[ \t]*(\d+)\.(.*)\[([^\]]*)\][ \t]*$", regex.MULTILINE)


def naive_scan(text: str) -> list[tuple[str, str, str]]:
    """The cost floor: one pass of one regular expression collecting N.text[clause] lines."""
    return [match.groups() for match in NAIVE.finditer(text)]


def in_process(repeat: int) -> None:
    """parse() against the naive scan, interleaved: memo tables emptied before each parse (as a
    process meets a new notice) and not (the same notice again)."""
    try:
        from taobei_plan.parsing.memo import clear
    except ImportError:  # a checkout from before the memo tables (PYTHONPATH=old/src)

        def clear() -> None:
            pass

    text = bundled_bytes().decode("utf-8")
    megabytes = len(text.encode("utf-8")) / 1_000_000
    parse(text)  # the fold tables are built once per process
    assert len(naive_scan(text)) == 118
    cold, warm, naive = [], [], []
    for _ in range(repeat):
        clear()
        cold.append(_seconds(parse, text))
        warm.append(_seconds(parse, text))
        naive.append(statistics.median(_seconds(naive_scan, text) for _ in range(5)))
    ours_cold, ours, base = (statistics.median(v) for v in (cold, warm, naive))
    print(
        f"\nparse() of the bundled notice ({megabytes * 1000:.0f} KB), goal ≤ 40 × the naive scan"
    )
    print(f"  parse(), new notice  {ours_cold * 1000:8.2f} ms  {megabytes / ours_cold:7.1f} MB/s"
          f"  {ours_cold / base:6.1f} ×")  # fmt: skip
    print(f"  parse(), again       {ours * 1000:8.2f} ms  {megabytes / ours:7.1f} MB/s"
          f"  {ours / base:6.1f} ×")  # fmt: skip
    print(f"  naive regex          {base * 1000:8.2f} ms  {megabytes / base:7.1f} MB/s")
    big = text * 200
    start = time.perf_counter()
    parse(big)
    elapsed = time.perf_counter() - start
    tracemalloc.start()  # a second run for memory: tracing slows allocation, so it is not timed
    parse(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\nparse() of 200 copies ({len(big.encode()) / 1e6:.1f} MB): {elapsed:.2f} s "
          f"({elapsed / ours_cold / 200:.2f} × 200 new-notice parses), peak traced memory "
          f"{peak / 1e6:.0f} MB ({peak / len(big.encode()):.0f} × the input)")  # fmt: skip


def output(rounds: int) -> None:
    """``taobei parse`` of the notice 100 times over as JSON and as YAML, against ``parse()`` of
    the same text in-process (goals of issue 28: JSON ≤ 1.6 ×, YAML ≤ 1.5 × JSON); and the
    writers alone: a task at a time through pydantic against the standard library's encoder."""
    from taobei_plan.exports.emit import json_chunks, notice_json_chunks

    text = bundled_bytes().decode("utf-8") * 100
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "notice-x100.txt"
        source.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "taobei_plan", "parse", str(source)]
        env = _environment(TAOBEI_NO_CACHE="1")
        notice = parse(text)
        work: dict[str, Callable[[], object]] = {
            "parse() in-process": lambda: parse(text),
            "taobei parse (JSON)": lambda: _time(command, env),
            "taobei parse --format yaml": lambda: _time([*command, "--format", "yaml"], env),
            "JSON, a task at a time": lambda: "".join(notice_json_chunks(notice)),
            "JSON, stdlib encoder": lambda: "".join(json_chunks(notice.model_dump(mode="json"))),
        }
        medians = _interleaved(work, rounds)
    base, as_json = medians["parse() in-process"], medians["taobei parse (JSON)"]
    print(f"\ntaobei parse of the notice ×100 ({len(text.encode()) / 1e6:.1f} MB), {rounds} rounds")
    for name, seconds in medians.items():
        print(f"  {name:28} {seconds:7.2f} s")
    print(f"  JSON command ÷ parse()       {as_json / base:6.2f} ×  (goal ≤ 1.6)")
    print(f"  YAML command ÷ JSON command  "
          f"{medians['taobei parse --format yaml'] / as_json:6.2f} ×  (goal ≤ 1.5)")  # fmt: skip
    print(f"  task-at-a-time ÷ stdlib      "
          f"{medians['JSON, a task at a time'] / medians['JSON, stdlib encoder']:6.2f} ×")  # fmt: skip


def _seconds(function, argument) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function(argument)
    return time.perf_counter() - start


FORMATS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formats"
#: Goals of issue 12: extraction at most this many times the parse of the text.
EXTRACTION_GOALS = {"html": 2, "docx": 2, "pdf": 10, "ofd": 10, "xlsx": 2, "doc": None}


def _interleaved(work: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds of each piece of ``work``, run in rounds (each round runs every piece once,
    so a machine slowing down slows them all alike and their ratios hold)."""
    timings: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(rounds):
        for name, function in work.items():
            start = time.perf_counter()
            function()
            timings[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in timings.items()}


#: Fixtures whose fonts the PDF does not embed: pdfium loads a system font for each, which takes
#: most of their time (150 of 220 ms for the text pages alone); no goal is set for them.
SUBSTITUTED_FONTS = {"taobei-justified-fonts.pdf"}


def extraction(repeat: int) -> None:
    """Reading each published-format fixture into line text, as a ratio to parsing the text
    (interleaved with it; the .doc through LibreOffice once, after them)."""
    from taobei_plan.formats import extract

    text = bundled_bytes().decode("utf-8")
    parse(text)
    fixtures = {
        p.name: p.read_bytes() for p in sorted(FORMATS.iterdir()) if p.name.startswith("taobei")
    }
    formats = {name: extract(data).format for name, data in fixtures.items()}
    work: dict[str, Callable[[], object]] = {"parse": lambda: parse(text)}
    for name, data in fixtures.items():
        if formats[name] != "doc":  # LibreOffice: one conversion is enough to see
            work[name] = lambda data=data: extract(data)  # type: ignore[misc]
    medians = _interleaved(work, repeat)
    for name, data in fixtures.items():
        if formats[name] == "doc":
            medians[name] = _seconds(extract, data)
    base = medians["parse"]
    print(
        f"\nextraction of each fixture, × parse() of the text ({base * 1000:.1f} ms), interleaved"
    )
    for name in fixtures:
        fmt, seconds = formats[name], medians[name]
        goal = EXTRACTION_GOALS.get(fmt)
        verdict = f"goal ≤ {goal} ×" if goal else "(LibreOffice)"
        if name in SUBSTITUTED_FONTS:
            verdict = "(fonts not embedded: pdfium substitutes them, most of the time)"
        print(f"  {name:28} {fmt:5} {seconds * 1000:8.1f} ms {seconds / base:7.2f} ×  {verdict}")


def exports(repeat: int) -> None:
    """Writing the bundled notice as a workbook and into a database, × parse() (interleaved);
    then 250, 500 and 1,000 distinct notices into one database, to show time and memory grow
    linearly."""
    from taobei_plan.exports import database
    from taobei_plan.exports.workbook import write_workbook

    text = bundled_bytes().decode("utf-8")
    notice = parse(text)
    seqs = [{t.seq: (None, None) for t in notice.tasks()}]
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "ledger.xlsx"

        def to_db() -> None:
            path = Path(directory) / "one.db"
            path.unlink(missing_ok=True)
            database.export(path, [(notice, seqs[0])])

        medians = _interleaved(
            {
                "parse": lambda: parse(text),
                "xlsx": lambda: write_workbook(target, [notice], seqs, False),
                "sqlite": to_db,
            },
            repeat,
        )
        base, xlsx, sqlite = medians["parse"], medians["xlsx"], medians["sqlite"]
        print(f"\nexport of the bundled notice, × parse() ({base * 1000:.1f} ms), interleaved")
        print(f"  xlsx    {xlsx * 1000:8.1f} ms {xlsx / base:6.2f} ×  (goal ≤ 10 ×)")
        print(f"  sqlite  {sqlite * 1000:8.1f} ms {sqlite / base:6.2f} ×  (goal ≤ 1.5 ×)")
        for count in (250, 500, 1000):
            path = Path(directory) / f"many-{count}.db"
            copies = [copy_of(notice, index) for index in range(count)]
            elapsed, peak = _traced(database.export, path, ((copy, seqs[0]) for copy in copies))
            print(f"  {count:5} notices into one database: {elapsed:6.2f} s "
                  f"({elapsed / count * 1000:.1f} ms a notice), peak traced {peak / 1e6:.0f} MB, "
                  f"file {path.stat().st_size / 1e6:.0f} MB")  # fmt: skip


def _traced(action: Callable[..., object], *arguments: object) -> tuple[float, int]:
    """Seconds ``action(*arguments)`` took and the peak of Python's memory it traced (tracing slows
    allocation alike in every run compared)."""
    tracemalloc.start()
    start = time.perf_counter()
    action(*arguments)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def copy_of(notice: Any, index: int) -> Any:
    """The notice as another one: its own bytes and 文号 (a database keeps one row a 文号)."""
    number = f"白洮政发〔2021〕{index}号"
    copy = notice.model_copy(deep=False)
    copy.source = notice.source.model_copy(update={"sha256": f"{index:064x}"})
    copy.metadata = notice.metadata.model_copy(update={"document_number": number})
    copy.notice = notice.notice.model_copy(update={"document_number": number})
    return copy


def parquet(counts: list[int]) -> None:
    """``count`` notices (the bundled one under as many 文号) exported as Parquet against the
    SQLite export: time, peak traced memory and size, to show both grow linearly and Parquet's
    memory stays flat (goal of issue 34)."""
    from taobei_plan.exports import database
    from taobei_plan.exports.parquet import export_parquet

    notice = parse(bundled_bytes().decode("utf-8"))
    seqs = {t.seq for t in notice.tasks()}
    print("\nmany notices exported: SQLite against Parquet (a notice at a time, each format)")
    for count in counts:
        with tempfile.TemporaryDirectory() as directory:
            for kind in ("sqlite", "parquet"):
                target = Path(directory) / kind
                notices = ((copy_of(notice, index), seqs) for index in range(count))
                if kind == "sqlite":
                    elapsed, peak = _traced(database.export, target.with_suffix(".db"), notices)
                    size = target.with_suffix(".db").stat().st_size
                else:
                    elapsed, peak = _traced(export_parquet, target, notices)
                    size = sum(p.stat().st_size for p in target.iterdir())
                print(f"  {count:6} notices  {kind:8} {elapsed:7.1f} s "
                      f"({elapsed / count * 1000:5.1f} ms a notice)  peak traced "
                      f"{peak / 1e6:6.1f} MB  size {size / 1e6:7.1f} MB")  # fmt: skip


def distinct_notices(folder: Path, count: int) -> None:
    """``count`` different notices in ``folder``: the bundled one with its units renamed per
    copy (局 → 局 plus a character), so no two share their clauses and memo tables do not
    flatter the figures."""
    text = bundled_bytes().decode("utf-8")
    for index in range(count):
        variant = text.replace("局", "局" + chr(0x4E00 + index % 20000))
        (folder / f"notice-{index:05}.txt").write_text(variant, encoding="utf-8")


def many_notices(count: int) -> None:
    """``count`` distinct notices in a folder: --jobs 1 against one job per core, as a ratio to
    the ideal (N cores: N × the one-job throughput); goal at least 0.85."""
    taobei = str(Path(sys.executable).parent / "taobei")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as directory:
        distinct_notices(Path(directory), count)
        one, every = [], []
        for _ in range(3):  # interleaved
            one.append(_time([taobei, "parse", directory, "--jobs", "1"]))
            every.append(_time([taobei, "parse", directory, "--jobs", str(cores)]))
    speed_up = statistics.median(one) / statistics.median(every)
    print(f"\n{count} notices: --jobs 1 {statistics.median(one):.2f} s, --jobs {cores} "
          f"{statistics.median(every):.2f} s, speed-up {speed_up:.2f} × "
          f"= {speed_up / cores:.2f} of the ideal {cores} × (goal ≥ 0.85)")  # fmt: skip


_PEAK = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def archive(counts: tuple[int, ...]) -> None:
    """A growing archive through ``taobei parse DIR`` (JSON Lines to /dev/null): time, notices
    an hour, and the peak memory of the largest process (parent or worker), which must stay
    flat as the count grows."""
    taobei = str(Path(sys.executable).parent / "taobei")
    print()
    first: tuple[int, float] | None = None
    for count in counts:
        with tempfile.TemporaryDirectory() as directory:
            distinct_notices(Path(directory), count)
            result = subprocess.run(
                [sys.executable, "-c", _PEAK, taobei, "parse", directory],
                capture_output=True, text=True, check=True, env=_environment(),
            )  # fmt: skip
        elapsed, peak_kb = float(result.stdout.split()[0]), int(result.stdout.split()[1])
        first = first or (peak_kb, elapsed / count)
        print(f"{count:6} notices: {elapsed:7.1f} s, {count / elapsed * 3600:9,.0f} an hour, "
              f"peak memory {peak_kb / 1024:5.0f} MB ({peak_kb / first[0]:.2f} × the "
              f"{counts[0]}-notice run), time a notice {elapsed / count / first[1]:.2f} ×")  # fmt: skip


SECTIONS = (
    "wall",
    "bytecode",
    "parse",
    "output",
    "extraction",
    "exports",
    "jobs",
    "archive",
    "parquet",
    "instructions",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds of interleaved runs")
    parser.add_argument("--only", nargs="*", choices=SECTIONS, help="run only these sections")
    parser.add_argument(
        "--archive", type=int, nargs="*", default=[1000, 10000], help="archive sizes to run"
    )
    parser.add_argument(
        "--parquet", type=int, nargs="*", default=[1000, 10000], help="notice counts to export"
    )
    arguments = parser.parse_args()
    chosen = set(arguments.only or SECTIONS)
    build = "compiled by mypyc" if compiled() else "Python (not compiled)"
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}, "
          f"parser: {build}\n")  # fmt: skip
    if "wall" in chosen:
        wall_times(arguments.runs)
    if "bytecode" in chosen:
        bytecode_effect(arguments.runs)
    if "parse" in chosen:
        in_process(repeat=60)
    if "output" in chosen:
        output(rounds=5)
    if "extraction" in chosen:
        extraction(repeat=10)
    if "exports" in chosen:
        exports(repeat=5)
    if "jobs" in chosen:
        many_notices(400)
    if "archive" in chosen:
        archive(tuple(arguments.archive))
    if "parquet" in chosen:
        parquet(arguments.parquet)
    if "instructions" in chosen:
        from instructions import instruction_ratios

        with tempfile.TemporaryDirectory() as directory:
            counted = {  # the 200-copy parse would take minutes under valgrind
                name: (command, _environment(**(env or {})))
                for name, (command, env) in commands(Path(directory)).items()
                if "x200" not in name
            }
            instruction_ratios(counted)


if __name__ == "__main__":
    main()
