"""Several notices at once: order, per-file errors, JSONL and JSON shapes, jobs."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app

from conftest import RAW, installed

runner = CliRunner()
TEXT = RAW.read_text(encoding="utf-8")


@pytest.fixture
def folder(tmp_path):
    """Three notices (one per subfolder level), a non-notice, and a file that is not .txt."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(TEXT.replace("区水利局", "区水务局"), encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(TEXT.encode("gb18030"))
    (tmp_path / "notes.md").write_text("not a notice", encoding="utf-8")
    return tmp_path


def test_directory_gives_jsonl_in_sorted_order(folder) -> None:
    result = runner.invoke(app, ["parse", str(folder), "--jobs", "1"])
    assert result.exit_code == 0
    # what a folder holds that is not read is said, never skipped silently
    assert result.stderr == (f"taobei: skipped 1 file(s) of other types: {folder / 'notes.md'}\n")
    lines = result.stdout.splitlines()
    notices = [json.loads(line) for line in lines]
    assert [n["source"]["path"] for n in notices] == [
        str(folder / "a.txt"),
        str(folder / "c.txt"),
        str(folder / "sub" / "b.txt"),
    ]
    assert [n["source"]["encoding"] for n in notices] == ["utf-8", "gb18030", "utf-8"]
    leads = [n["sections"][0]["tasks"][0]["responsibility"]["leads"][0]["name"] for n in notices]
    assert leads == ["区水利局", "区水利局", "区水务局"]


def test_errors_are_lines_and_the_rest_goes_on(folder) -> None:
    bad = folder / "bad.txt"
    bad.write_text("没有任务清单的文字。", encoding="utf-8")
    missing = folder / "missing.txt"
    result = runner.invoke(app, ["parse", str(folder / "a.txt"), str(missing), str(bad),
                                 str(folder / "c.txt"), "--jobs", "2"])  # fmt: skip
    assert result.exit_code == 2  # the worst failure: a missing file (2) beats content (1)
    assert result.stderr.splitlines() == [
        f"Error: {missing}: no such file; check the path",
        f"Error: {bad}: no task list found: looked for numbered items (一、 （一） 1. （1）) "
        "carrying a responsibility clause ([…牵头负责], （…负责）, 牵头单位:…)",
    ]
    paths = [json.loads(line)["source"]["path"] for line in result.stdout.splitlines()]
    assert paths == [str(folder / "a.txt"), str(folder / "c.txt")]


def test_content_errors_only_exit_1(folder) -> None:
    bad = folder / "bad.txt"
    bad.write_text("没有任务清单的文字。", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(folder / "a.txt"), str(bad)])
    assert result.exit_code == 1


def test_jobs_do_not_change_the_output(folder) -> None:
    one = runner.invoke(app, ["parse", str(folder), "--jobs", "1"]).stdout
    two = runner.invoke(app, ["parse", str(folder), "--jobs", "2"]).stdout
    assert one == two and len(one.splitlines()) == 3


def test_json_array_and_output_file(folder, tmp_path_factory) -> None:
    result = runner.invoke(app, ["parse", str(folder), "--format", "json"])
    array = json.loads(result.stdout)
    assert len(array) == 3 and result.stdout.count("\n") == 5  # one notice a line, in [ ]
    target = tmp_path_factory.mktemp("out") / "all.jsonl"
    assert runner.invoke(app, ["parse", str(folder), "-o", str(target)]).exit_code == 0
    assert [json.loads(line)["source"]["path"] for line in target.read_text("utf-8").splitlines()] \
        == [n["source"]["path"] for n in array]  # fmt: skip


def test_empty_directory_is_nothing_to_parse(tmp_path) -> None:
    """Issue 15: a folder with no notice is said so, exit 1, not a silent empty success."""
    result = runner.invoke(app, ["parse", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (f"Error: nothing to parse in {tmp_path}: no notice files found\n")


def test_no_progress_bar_when_piped(folder) -> None:
    import subprocess

    result = subprocess.run([installed("taobei"), "parse", str(folder)], capture_output=True)
    skipped = f"taobei: skipped 1 file(s) of other types: {folder / 'notes.md'}\n"
    assert result.returncode == 0 and result.stderr.decode() == skipped
    assert len(result.stdout.splitlines()) == 3


def test_results_stream_out_as_they_arrive() -> None:
    """A batch never gathers its notices: each is handed on as it arrives (JSON Lines and the
    items of a JSON array alike), so memory stays flat in the number of notices."""
    from taobei_plan.batch import Result, _chunks

    def results():
        yield Result("a.txt", '{"n": 1}')
        yield Result("b.txt", None, "b.txt: no task list found", 1)
        yield Result("c.txt", '{"n": 3}')
        raise AssertionError("read past what was asked for")

    worst = [0]
    lines = _chunks(results(), array=False, worst=worst)
    assert [next(lines), next(lines)] == ['{"n": 1}\n', '{"n": 3}\n']
    assert worst == [1]
    items = _chunks(results(), array=True, worst=[0])
    assert [next(items), next(items)] == ['[\n{"n": 1}', ',\n{"n": 3}']


def test_json_array_of_nothing_is_empty() -> None:
    from taobei_plan.batch import Result, _chunks

    worst = [0]
    assert list(_chunks(iter([Result("x", None, "x: bad", 1)]), True, worst)) == ["[]\n"]
    assert worst == [1]


def test_workers_are_handed_few_notices_at_a_time(monkeypatch) -> None:
    """A worker returns a chunk's results in one message; chunks that grew with the number of
    notices (625 for 10,000) held all their JSON at once. However many notices, a chunk is small."""
    import multiprocessing.pool

    from taobei_plan import batch

    asked: list[int] = []

    class Chunks:
        """What Pool.imap gives over the chunks: each chunk's results, in order."""

        def __init__(self, chunks):
            self.chunks = list(chunks)

        def next(self, timeout=None):
            chunk = self.chunks.pop(0)
            return [batch.Result(path, "{}") for path, _, _ in chunk]

    def imap(self, function, iterable, chunksize=1):
        chunks = list(iterable)
        asked.append(max(len(chunk) for chunk in chunks))  # the notices a worker is handed
        return Chunks(chunks)

    monkeypatch.setattr(multiprocessing.pool.Pool, "imap", imap)
    for count in (10, 1_000, 100_000):
        results = list(batch.parse_many([f"missing-{i}.txt" for i in range(count)], None, jobs=2))
        assert len(results) == count
    assert asked == [1, 4, 4]


def test_a_batch_stopped_as_it_starts_never_hangs(monkeypatch) -> None:
    """Pool.terminate() first takes the task queue's lock, which an idle worker holds while it
    waits for a task: stopped before any task was sent, it could wait forever (a script doing
    this forty times hung one run in three; under pytest it did not show). taobei stops the
    workers itself when terminate() does not end: this checks that every stop returns."""
    import multiprocessing.pool
    import signal

    from taobei_plan import batch

    class Stopped(Exception):
        pass

    def imap(self, function, iterable, chunksize=1):
        raise Stopped  # as Ctrl-C right after the pool started

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("stopping the batch hangs")

    monkeypatch.setattr(multiprocessing.pool.Pool, "imap", imap)
    before = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        for _ in range(30):
            with pytest.raises(Stopped):
                list(batch.parse_many([f"missing-{i}.txt" for i in range(50)], None, jobs=2))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
