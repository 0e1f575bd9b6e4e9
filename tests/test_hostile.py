"""The threat model in one place: what taobei does with hostile input, planted files and Ctrl-C.

Documents come from the internet and taobei writes where users point it. Each case here was once
a way to lose data, hang, or exhaust memory. Root-only cases (devices) run when the tests run as
root; permission cases (which root bypasses) run otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taobei_plan import cache
from taobei_plan.cli import app
from taobei_plan.loader import load_notice

from conftest import RAW, installed

runner = CliRunner()
TEXT = RAW.read_text(encoding="utf-8")
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (device files)")
NOT_ROOT = pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes past permissions")


def taobei(*args: str, **kwargs) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([installed("taobei"), *args], capture_output=True, **kwargs)


# ---- data loss and overwriting -------------------------------------------------------------


def test_output_onto_its_own_input_is_refused(tmp_path: Path) -> None:
    notice = tmp_path / "in.txt"
    notice.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["parse", str(notice), "-o", str(notice)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {notice}: is also an input of this run; refusing to overwrite it\n"
    )
    assert notice.read_text(encoding="utf-8") == TEXT


def test_output_onto_an_input_by_another_name_is_refused(tmp_path: Path) -> None:
    notice = tmp_path / "in.txt"
    notice.write_text(TEXT, encoding="utf-8")
    (tmp_path / "link.json").symlink_to(notice)
    os.link(notice, tmp_path / "hard.json")
    for target in ("link.json", "hard.json"):
        result = runner.invoke(app, ["parse", str(notice), "-o", str(tmp_path / target)])
        assert result.exit_code == 2, target
    other = tmp_path / "other.txt"
    other.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(
        app, ["parse", str(other), str(notice), "-o", str(tmp_path / "hard.json")]
    )
    assert result.exit_code == 2
    assert notice.read_text(encoding="utf-8") == TEXT


@ROOT_ONLY
def test_devices_stay_devices() -> None:
    """Writing to /dev/null must not replace the device with a regular file."""
    result = taobei("parse", "-o", "/dev/null")
    assert result.returncode == 0 and result.stderr == b""
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@ROOT_ONLY
def test_full_device_is_a_clean_error() -> None:
    result = taobei("parse", "-o", "/dev/full")
    assert result.returncode == 2
    assert result.stderr == b"Error: /dev/full: cannot write (No space left on device)\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = taobei("parse", "-o", str(fifo), timeout=60)
    reader.join(timeout=60)
    assert result.returncode == 0
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert len(json.loads(received[0])["sections"]) == 9


def test_read_only_output_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("precious", encoding="utf-8")
    target.chmod(0o444)
    result = runner.invoke(app, ["parse", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {target}: is read-only; use --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "precious"
    result = runner.invoke(app, ["parse", "-o", str(target), "--force"])
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["source"]["path"] == "<bundled>"


@ROOT_ONLY
@pytest.mark.parametrize(
    "command", [["schema"], ["parse"], ["tasks", "--format", "json"], ["check"]]
)
def test_full_stdout_is_an_io_error(command: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [installed("taobei"), *command], stdout=full, stderr=subprocess.PIPE
        )
    assert result.returncode == 2
    assert result.stderr == b"Error: <stdout>: cannot write (No space left on device)\n"


def test_closed_stdout_is_an_io_error() -> None:
    result = subprocess.run(
        [installed("taobei"), "schema"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith(b"Error: <stdout>: cannot write (")
    assert b"Traceback" not in result.stderr


@NOT_ROOT
def test_unreadable_input_is_an_io_error(tmp_path: Path) -> None:
    notice = tmp_path / "locked.txt"
    notice.write_text(TEXT, encoding="utf-8")
    notice.chmod(0)
    for command in (["parse"], ["tasks"], ["check"]):
        result = runner.invoke(app, [*command, str(notice)])
        assert result.exit_code == 2
        assert result.stderr == f"Error: {notice}: cannot read (permission denied)\n"


# ---- the cache is someone else's file ------------------------------------------------------


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TAOBEI_CACHE_DIR", str(folder))
    monkeypatch.delenv("TAOBEI_NO_CACHE", raising=False)
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def test_cache_folder_is_private(cache_folder: Path) -> None:
    notice = load_notice(None)
    assert len(notice.tasks()) == 118
    assert stat.S_IMODE(cache_folder.stat().st_mode) == 0o700
    assert len(_entries(cache_folder)) == 1
    assert [p.name for p in cache_folder.iterdir() if p.suffix == ".tmp"] == []


def test_planted_links_are_never_followed(cache_folder: Path, tmp_path: Path) -> None:
    """Links planted at the entry's name and at every old-style temporary name: no write
    reaches their target, and a linked entry is not read."""
    load_notice(None)
    [entry] = _entries(cache_folder)
    entry.unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    for pid in range(os.getpid() - 150, os.getpid() + 150):
        (cache_folder / f"{entry.stem}.{pid}.tmp").symlink_to(victim)
    entry.symlink_to(victim)
    assert len(load_notice(None).tasks()) == 118  # the link is a miss: parsed again
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not entry.is_symlink()  # replaced by a real entry, the link itself, not its target


def test_fifo_entry_is_a_miss_not_a_hang(cache_folder: Path) -> None:
    load_notice(None)
    [entry] = _entries(cache_folder)
    entry.unlink()
    os.mkfifo(entry)
    started = time.monotonic()
    assert len(load_notice(None).tasks()) == 118
    assert time.monotonic() - started < 10


def test_entry_linked_to_dev_zero_is_a_miss(cache_folder: Path) -> None:
    load_notice(None)
    [entry] = _entries(cache_folder)
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert len(load_notice(None).tasks()) == 118


def test_edited_entry_is_a_miss(cache_folder: Path) -> None:
    load_notice(None)
    [entry] = _entries(cache_folder)
    edited = entry.read_bytes().replace("区水利局".encode(), "区财政局".encode())
    entry.write_bytes(edited)
    assert cache.load(RAW.read_bytes(), "x", "None\0None") is None
    notice = load_notice(None)
    leads = [u.name for u in notice.tasks()[0].responsibility.leads]
    assert leads == ["区水利局"]


def test_entry_records_the_checksum_of_its_json(cache_folder: Path) -> None:
    load_notice(None)
    [entry] = _entries(cache_folder)
    checksum, _, body = entry.read_bytes().partition(b"\n")
    assert checksum.decode() == hashlib.sha256(body).hexdigest()


def test_world_writable_cache_folder_is_ignored(cache_folder: Path) -> None:
    cache_folder.mkdir()
    cache_folder.chmod(0o777)
    result = runner.invoke(app, ["--verbose", "tasks", "--dept", "区水利局", "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"taobei: cache folder {cache_folder} not used: writable by other users\n"
    )
    assert _entries(cache_folder) == []
    quiet = runner.invoke(app, ["tasks", "--dept", "区水利局", "--format", "json"])
    assert quiet.stderr == ""


# ---- hostile input -------------------------------------------------------------------------

BILLION_LAUGHS = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
       f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
       f"*{chr(97 + i)}]" for i in range(8)]
    + ["source: *i"]
)  # fmt: skip


def test_yaml_aliases_are_refused() -> None:
    started = time.monotonic()
    result = runner.invoke(app, ["tasks", "-"], input="---\n" + BILLION_LAUGHS)
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: <stdin>: not a parsed taobei notice (YAML aliases are not accepted)\n"
    )


def test_any_number_of_digits_is_a_task_number() -> None:
    text = (
        "一、甲\n1.做第一件事。[区水利局负责]\n1000.做第二件事。[区财政局负责]\n"
        "99999999999999999999.做第三件事。[区发改局负责]\n"
    )
    result = runner.invoke(app, ["parse", "-"], input=text)
    notice = json.loads(result.stdout)
    tasks = notice["sections"][0]["tasks"]
    assert [t["number"] for t in tasks] == [1, 1000, 99999999999999999999]
    assert notice["closing"] is None
    assert [(d["code"], d["line"], d["message"]) for d in notice["diagnostics"]] == [
        ("missing-number", 3, "task numbers 2–999 are missing (before line 3)"),
        ("missing-number", 4, "task numbers 1001–99999999999999999998 are missing (before line 4)"),
    ]


@pytest.mark.parametrize("option", ["--dept", "--grep", "--section"])
def test_empty_filter_is_a_usage_error(option: str) -> None:
    result = runner.invoke(app, ["tasks", option, " "])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {option} is empty; give a value or leave the option out\n"


def test_long_values_are_cut_in_messages() -> None:
    result = runner.invoke(app, ["tasks", "--dept", "局" * 100_000])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown department '" + "局" * 59 + "…'")
    assert len(result.stderr) < 300
    brackets = runner.invoke(
        app, ["check", "-"], input="一、甲\n1.事。[区水利局负责]\n2.事" + "[" * 100_000
    )
    assert max(len(line) for line in brackets.stdout.splitlines()) < 300


def test_input_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(TEXT * 3, encoding="utf-8")
    result = runner.invoke(app, ["parse", str(big), "--max-size", "64K"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {big}: larger than the input limit of 64 KB; "
        "raise it with --max-size if the file is really a notice\n"
    )
    assert runner.invoke(app, ["parse", str(big), "--max-size", "1M"]).exit_code == 0
    bad = runner.invoke(app, ["parse", str(big), "--max-size", "lots"])
    assert bad.exit_code == 2
    assert bad.stderr == "Error: --max-size 'lots' is not a size; write e.g. 50M or 1G\n"
    piped = runner.invoke(app, ["parse", "-", "--max-size", "64K"], input=TEXT * 3)
    assert piped.exit_code == 1


_PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)\n"
)


def _peak_bytes(*command: str) -> int:
    """The peak resident memory of ``command`` (and of any process it waited for)."""
    result = subprocess.run(
        [sys.executable, "-c", _PEAK, *command], capture_output=True, text=True, check=True,
        env={**os.environ, "TAOBEI_NO_CACHE": "1"},
    )  # fmt: skip
    return int(result.stdout)


def test_peak_memory_is_under_20_times_the_input(tmp_path: Path) -> None:
    """``taobei parse`` of a 3.6 MB notice: its peak resident memory, less what the interpreter
    and taobei's modules take before reading a byte, stays under 20× the input (it was 60×)."""
    big = tmp_path / "big.txt"
    big.write_text(TEXT * 100, encoding="utf-8")
    size = big.stat().st_size
    imports = (
        "import sys, taobei_plan.cli, taobei_plan.models, taobei_plan.parsing.parser\n"
        "open(sys.argv[1], 'rb').read()\n"
    )
    baseline = _peak_bytes(sys.executable, "-c", imports, str(big))
    peak = _peak_bytes(installed("taobei"), "parse", str(big))
    assert (peak - baseline) / size < 20, f"{(peak - baseline) / size:.1f}× the input"


def test_parse_peak_traced_memory_is_bounded() -> None:
    """The same bound inside ``parse()``, where it does not depend on the allocator: Python
    objects allocated at peak, under 20× the input (about 10× today)."""
    import tracemalloc

    from taobei_plan import parse

    text = TEXT * 20
    parse(TEXT)  # tables built once per process are not the parse's
    tracemalloc.start()
    try:
        parse(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak / len(text.encode("utf-8")) < 20


def test_folding_a_text_of_only_full_width_characters_holds_no_list_of_them() -> None:
    """``fold`` finds the characters to replace a slice at a time: 300,000 full-width commas
    (900 KB as UTF-8) would otherwise be a list of 300,000 one-character strings (about 25 MB)."""
    import tracemalloc

    from taobei_plan.parsing.source import fold_present

    text = "，（）：；" * 60_000
    fold_present(text[:1000])  # the tables and the scanning class are built once per process
    tracemalloc.start()
    try:
        folded = fold_present(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert folded == ",():;" * 60_000
    assert peak < 8_000_000  # the slices' matches and the replaced copies, not one per character


# ---- batches and signals -------------------------------------------------------------------


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """Work for several seconds at any speed (the compiled parser reads 400 notices in 1.6 s on
    two cores): hard links to one copy, so the folder costs no disk and no time to make."""
    folder = tmp_path / "many"
    folder.mkdir()
    first = folder / "n0000.txt"
    first.write_text(TEXT, encoding="utf-8")
    for i in range(1, 2000):
        os.link(first, folder / f"n{i:04}.txt")
    return folder


def test_ctrl_c_stops_every_worker_promptly(many: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it), five times over."""
    for _ in range(5):
        process = subprocess.Popen(
            [installed("taobei"), "parse", str(many), "--jobs", "2"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )  # fmt: skip
        time.sleep(1.0)
        assert process.poll() is None  # still at work: the interrupt is what stops it
        os.killpg(process.pid, signal.SIGINT)
        started = time.monotonic()
        try:
            code = process.wait(timeout=10)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
        assert time.monotonic() - started < 2
        assert code == 130
        assert process.stderr is not None and process.stderr.read() == b"Interrupted\n"
        with pytest.raises(ProcessLookupError):
            os.killpg(process.pid, 0)  # no worker is left behind


def test_progress_goes_to_stderr_and_stdout_holds_only_data(tmp_path: Path) -> None:
    """With stderr a terminal, the bar is drawn there; stdout (a pipe) gets JSON lines only."""
    import pty

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    parent, child = pty.openpty()
    result = subprocess.run(
        [installed("taobei"), "parse", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")],
        stdout=subprocess.PIPE, stderr=child,
    )  # fmt: skip
    os.close(child)
    os.close(parent)
    lines = result.stdout.decode().split("\n")
    assert lines[-1] == "" and all(lines[:-1]) and len(lines) == 3
    assert [json.loads(line)["source"]["path"] for line in lines[:-1]] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
    ]


def test_folder_contents_are_reported(tmp_path: Path) -> None:
    (tmp_path / "NOTICE.TXT").write_text(TEXT, encoding="utf-8")
    (tmp_path / "readme.md").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 0
    assert [json.loads(line)["source"]["path"] for line in result.stdout.splitlines()] == [
        str(tmp_path / "NOTICE.TXT")
    ]
    assert result.stderr == f"taobei: skipped 1 file(s) of other types: {tmp_path / 'readme.md'}\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["parse", str(empty)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: nothing to parse in {empty}: no notice files found\n"


@NOT_ROOT
def test_unreadable_subfolder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = runner.invoke(app, ["parse", str(tmp_path), "--jobs", "1"])
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 0
    assert result.stderr == f"taobei: skipped unreadable folder {locked} (Permission denied)\n"


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_jobs_must_be_positive(tmp_path: Path, jobs: str) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["parse", str(tmp_path), "--jobs", jobs])
    assert result.exit_code == 2
    assert result.stderr == f"Error: --jobs must be 1 or more, not {jobs}\n"
