"""Many notices at once: expand paths, parse on every core, keep input order, report per file.

Workers return each notice already serialised (one JSON line), which is cheaper to send between
processes than a model. A file that cannot be read or parsed yields an error result; the others
go on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .errors import TaobeiError

#: Files a directory contributes: plain-text notices.
PATTERNS = ("*.txt",)


@dataclass(frozen=True)
class Result:
    path: str
    record: str | None  # the notice as one line of JSON
    error: str | None = None
    exit_code: int = 0


def expand(paths: Sequence[str]) -> list[str]:
    """Files as given; a directory becomes its ``*.txt`` files, recursively, in sorted order."""
    files: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            found = sorted({str(p) for pattern in PATTERNS for p in Path(path).rglob(pattern)})
            files += found
        else:
            files.append(path)  # missing files are reported by the worker, in order
    return files


def parse_one(job: tuple[str, str | None]) -> Result:
    """Parse one file into a JSON line, or an error result (never raises TaobeiError)."""
    from .loader import parse_file

    path, encoding = job
    try:
        notice = parse_file(path, encoding)
    except TaobeiError as error:
        return Result(path, None, str(error), error.exit_code)
    return Result(path, json.dumps(notice.model_dump(mode="json"), ensure_ascii=False))


def parse_many(paths: Sequence[str], encoding: str | None, jobs: int) -> Iterator[Result]:
    """Results in input order; ``jobs`` > 1 spreads the files over that many processes."""
    work = [(path, encoding) for path in paths]
    if jobs <= 1 or len(work) <= 1:
        yield from map(parse_one, work)
        return
    workers = min(jobs, len(work))
    chunk = max(1, len(work) // (workers * 8))  # small chunks: even load, steady progress
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(parse_one, work, chunksize=chunk)


def default_jobs() -> int:
    return os.cpu_count() or 1


def run_batch(
    files: Sequence[str],
    fmt: str | None,
    output: str | None,
    encoding: str | None,
    jobs: int | None,
) -> int:
    """Parse every file (in parallel), write each in input order, report failures one a line.

    Returns the worst exit code. JSON lines stream to stdout as each notice is ready.
    """
    import sys

    from .exports import check_format, format_for
    from .exports.files import write_file, write_stdout
    from .exports.views import with_progress

    chosen = format_for(output, fmt, default="jsonl")
    check_format(chosen, ("jsonl", "json"))
    paths = expand(files)
    records: list[str] = []
    worst = 0
    for result in with_progress(parse_many(paths, encoding, jobs or default_jobs()), len(paths)):
        if result.record is None:
            print(f"Error: {result.error}", file=sys.stderr)
            worst = max(worst, result.exit_code)
        elif output or chosen == "json":
            records.append(result.record)
        else:
            write_stdout(result.record + "\n")
    if chosen == "json":
        text = "[\n" + ",\n".join(records) + "\n]\n" if records else "[]\n"
    else:
        text = "".join(record + "\n" for record in records)
    if output:
        write_file(output, text)
    elif chosen == "json":
        write_stdout(text)
    return worst
