"""Many notices at once: expand paths, parse on every core, keep input order, report per file.

Workers return each notice already serialised (one JSON line), which is cheaper to send between
processes than a model. A file that cannot be read or parsed yields an error result; the others
go on. Workers ignore Ctrl-C; the main process, on Ctrl-C, terminates them all at once, so an
interrupted run ends promptly instead of waiting on a worker.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import sys
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import NoTaskListError, TaobeiError, UsageError, shorten, shown
from .language import _


@dataclass(frozen=True)
class Result:
    path: str
    record: str | None  # the notice as one line of JSON
    error: str | None = None
    exit_code: int = 0


@dataclass
class Expansion:
    """The files to parse, and what folders held that is not read (said, never silently)."""

    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files of other types
    special: list[str] = field(default_factory=list)  # FIFOs, devices, sockets: never read
    unreadable: list[str] = field(default_factory=list)  # folders that could not be listed


def expand(paths: Sequence[str]) -> Expansion:
    """Files as given; a folder becomes its notice files (by extension, any case), recursively,
    in sorted order. Missing files are kept, to be reported by the worker in order."""
    from .formats import EXTENSIONS

    found = Expansion()
    for path in paths:
        if not Path(path).is_dir():
            found.files.append(path)
            continue
        inside: list[str] = []
        for folder, folders, names in os.walk(path, onerror=lambda e: _unreadable(found, e)):
            folders.sort()
            for name in names:
                full = os.path.join(folder, name)
                if not name.lower().endswith(EXTENSIONS):
                    found.skipped.append(full)
                elif _is_regular(full):
                    inside.append(full)
                else:  # a FIFO or a link to /dev/stdin would block the batch: never opened
                    found.special.append(full)
        found.files += sorted(inside)
    return found


def _is_regular(path: str) -> bool:
    """A regular file (through links): what a folder may give; stat never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # a broken link: the worker reports it, in order


def _unreadable(found: Expansion, error: OSError) -> None:
    found.unreadable.append(f"{error.filename} ({error.strerror or error})")


def parse_one(job: tuple[str, str | None, str | None]) -> Result:
    """Parse one file into a JSON line, or an error result (never raises TaobeiError)."""
    from .loader import parse_file

    path, encoding, fmt = job
    try:
        notice = parse_file(path, encoding, fmt)
        return Result(path, json.dumps(notice.model_dump(mode="json"), ensure_ascii=False))
    except TaobeiError as error:
        return Result(path, None, str(error), error.exit_code)
    except (
        Exception
    ) as error:  # a bug or MemoryError in one notice: that file's line, not the batch's
        reason = f"{type(error).__name__}: {shorten(str(error))}"
        return Result(
            path, None, f"{path}: internal error ({reason}); run it alone with --debug", 1
        )


def parse_chunk(jobs: Sequence[tuple[str, str | None, str | None]]) -> list[Result]:
    """A worker's share: a few files, their results sent back in one message."""
    return [parse_one(job) for job in jobs]


def _start_worker(max_size: int, measures: bool, seconds: float | None) -> None:
    """Worker start: Ctrl-C is the parent's to handle; the size limit, the time per document
    and ``--measures`` are the parent's too."""
    from .deadline import set_timeout
    from .loader import set_max_size, set_measures

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent stops workers with SIGTERM: unwind, so a converter a worker started (LibreOffice,
    # in a session of its own) is killed and its temporary profile removed, not left running.
    signal.signal(signal.SIGTERM, _exit_on_term)
    set_max_size(max_size)
    set_measures(measures)
    set_timeout(seconds)


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


#: Notices a worker is handed at once: enough to spare most messaging, few enough that memory
#: stays flat in the number of notices.
MAX_CHUNK = 4


def parse_many(
    paths: Sequence[str], encoding: str | None, jobs: int, fmt: str | None = None
) -> Generator[Result, None, None]:
    """Results in input order; ``jobs`` > 1 spreads the files over that many processes.

    A worker that dies (killed for memory, a crash in a native library) takes its job with it,
    and ``Pool.imap`` would wait for that job forever. So the results are awaited in short
    steps, and between them the pool's workers are checked: one that is gone means the pool is
    stopped, the file next in order is read again alone, in a process of its own — if that one
    dies too, the file gets its error line — and a new pool goes on from the file after it."""
    work = [(path, encoding, fmt) for path in paths]
    if jobs <= 1 or len(work) <= 1:
        yield from map(parse_one, work)
        return
    start = 0
    while start < len(work):
        done = yield from _pooled(work[start:], jobs)
        start += done
        if start < len(work):  # a worker died: the next file alone decides whose it was
            [result] = list(_pooled([work[start]], 1, died=_died(work[start][0])))
            yield result
            start += 1


#: Seconds between looks at the workers while a result is awaited.
WATCH = 0.5


def _pooled(
    work: Sequence[tuple[str, str | None, str | None]], jobs: int, died: Result | None = None
) -> Generator[Result, None, int]:
    """Results of ``work`` in order from a pool of ``jobs`` processes, until all are in or a
    worker dies (then ``died``, when given, is the one result yielded for the job lost); returns
    how many results were yielded."""
    import multiprocessing

    from .deadline import timeout
    from .loader import max_size, measures

    workers = min(jobs, len(work))
    # Small chunks, whatever the count: a worker sends a chunk's results in one message, so a
    # chunk of many notices (it grew with the count) held all their JSON at once on both sides.
    chunk = max(1, min(MAX_CHUNK, len(work) // (workers * 8)))
    pool = multiprocessing.Pool(
        workers, initializer=_start_worker, initargs=(max_size(), measures(), timeout())
    )
    started = _workers(pool)
    done = 0
    try:
        # chunks of our own: Pool.imap flattens its chunks in a generator, whose next() cannot
        # wait a while and come back; over chunksize 1 it gives an iterator that can
        chunks = pool.imap(parse_chunk, [work[i : i + chunk] for i in range(0, len(work), chunk)])
        pending: list[Result] = []
        while done < len(work):
            if pending:
                yield pending.pop(0)
                done += 1
                continue
            try:
                pending = chunks.next(timeout=WATCH)
            except multiprocessing.TimeoutError:
                if _workers(pool) == started:
                    continue
                _terminate(pool)  # a worker is gone, and with it a job the pool waits for
                if died is not None:
                    yield died
                    done += 1
                return done
        pool.close()
        return done
    except BaseException:  # Ctrl-C, a closed stdout, a generator dropped: stop every worker now
        _terminate(pool)
        raise
    finally:
        pool.join()


def _terminate(pool: Any) -> None:
    """``pool.terminate()``, which cannot hang. Before it stops the workers it takes the lock of
    their task queue, which an idle worker holds while it waits for a task: with no task left to
    send (a batch stopped as it starts, or near its end) it would wait forever. So it runs aside;
    if it has not ended within half a second, the workers are stopped (SIGTERM: a worker unwinds
    and lets go of the lock, and kills a converter it started), then killed if they must be."""
    import threading

    stopping = threading.Thread(target=pool.terminate, daemon=True)
    stopping.start()
    stopping.join(0.5)
    for stop in ("terminate", "kill"):
        if not stopping.is_alive():
            return
        for worker in list(getattr(pool, "_pool", ())):
            if worker.exitcode is None:
                getattr(worker, stop)()
        stopping.join(5)


def _workers(pool: object) -> frozenset[int | None]:
    """The process ids of a pool's living workers (a dead one is replaced: its id changes).
    ``Pool._pool`` has held them since Python 2.6; without it, nothing is watched."""
    return frozenset(p.pid for p in getattr(pool, "_pool", ()) if p.exitcode is None)


def _died(path: str) -> Result:
    return Result(
        path, None,
        _("{path}: the process reading it died (out of memory, or a crash in a library it "
          "uses); read it alone to see why").format(path=path),
        1,
    )  # fmt: skip


def default_jobs() -> int:
    return os.cpu_count() or 1


def check_jobs(jobs: int | None) -> int:
    """``--jobs``: a positive number, or None for one per CPU."""
    if jobs is None:
        return default_jobs()
    if jobs < 1:
        raise UsageError(_("--jobs must be 1 or more, not {jobs}").format(jobs=jobs))
    return jobs


def run_batch(
    files: Sequence[str],
    fmt: str | None,
    output: str | None,
    encoding: str | None,
    jobs: int | None,
    source_format: str | None = None,
    force: bool = False,
) -> int:
    """Parse every file (in parallel), write each in input order, report failures one a line.

    Returns the worst exit code. Output streams as each notice is ready, to stdout or into the
    output file's temporary (renamed into place at the end), never gathered in memory.
    """
    from .exports import check_format, format_for
    from .exports.files import check_target, write_file, write_stdout
    from .exports.views import with_progress

    chosen = format_for(output, fmt, default="jsonl")
    check_format(chosen, ("jsonl", "json"))
    workers = check_jobs(jobs)
    found = expand(files)
    if output:
        check_target(output, found.files, force)
    _report_expansion(found)
    if not found.files:
        raise NoTaskListError(
            _("nothing to parse in {paths}: no notice files found").format(paths=", ".join(files))
        )
    worst = [0]
    results = parse_many(found.files, encoding, workers, source_format)
    try:
        chunks = _chunks(with_progress(results, len(found.files)), chosen == "json", worst)
        if output:
            write_file(output, chunks)
        else:
            write_stdout(chunks)
    finally:
        results.close()  # on Ctrl-C or a write error: workers stop now, not at exit
    return worst[0]


def _chunks(results: Iterable[Result], array: bool, worst: list[int]) -> Iterator[str]:
    """Each notice's JSON as it arrives — one a line, or the items of one JSON array — so
    memory stays flat however many notices there are; failures go to stderr as they come and
    the worst exit code into ``worst[0]``."""
    first = True
    for result in results:
        if result.record is None:
            print(_("Error: {message}").format(message=shown(result.error or "")), file=sys.stderr)
            worst[0] = max(worst[0], result.exit_code)
        elif array:
            yield ("[\n" if first else ",\n") + result.record
            first = False
        else:
            yield result.record + "\n"
    if array:
        yield "[]\n" if first else "\n]\n"


def _report_expansion(found: Expansion) -> None:
    """What folders held that is not parsed: one stderr line each kind, never silence."""
    if found.skipped:
        names = ", ".join(map(shown, found.skipped[:3])) + (", …" if len(found.skipped) > 3 else "")
        print(
            f"taobei: skipped {len(found.skipped)} file(s) of other types: {names}",
            file=sys.stderr,
        )
    if found.special:
        names = ", ".join(map(shown, found.special[:3])) + (", …" if len(found.special) > 3 else "")
        print(
            f"taobei: skipped {len(found.special)} file(s) that are not regular files "
            f"(a FIFO, a device): {names}",
            file=sys.stderr,
        )
    for folder in found.unreadable:
        print(
            _("taobei: skipped unreadable folder {folder}").format(folder=shown(folder)),
            file=sys.stderr,
        )
