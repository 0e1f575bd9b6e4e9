"""Hostile names and batches (issue 31): file names that are not UTF-8 or hold control
characters, one bad notice in a batch, an error while producing output, absurd numbers.

A sibling of test_hostile.py: each case here once stopped a whole run or forged a line."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app
from taobei_plan.errors import shown

from conftest import RAW, installed

runner = CliRunner()
TEXT = RAW.read_text(encoding="utf-8")
#: What unzip makes of 洮北任务.txt packed on a Chinese Windows machine: GB18030 bytes.
GBK_NAME = "洮北任务.txt".encode("gb18030")
GBK_SHOWN = shown(os.fsdecode(GBK_NAME))


def gbk_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "ok.txt").write_text(TEXT, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), GBK_NAME), "wb") as handle:
        handle.write(TEXT.encode("utf-8") + b"\n")  # other bytes: another notice to the database
    return folder


def taobei(*args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([installed("taobei"), *args], capture_output=True, timeout=120)


def test_shown_escapes_what_is_no_text() -> None:
    assert shown("洮北.txt") == "洮北.txt"
    assert shown(os.fsdecode(b"/a/\xe4\xac.txt")) == "/a/\\xe4\\xac.txt"
    assert shown("a\nError: forged\x1b[31m") == "a\\nError: forged\\x1b[31m"
    assert shown("全角　空格") == "全角　空格"  # an ideographic space is text


def test_a_folder_with_a_name_that_is_not_utf8_is_read_whole(tmp_path: Path) -> None:
    """Every command goes on; the name is kept with \\x.. escapes where it is data."""
    folder = gbk_folder(tmp_path)
    assert "\\x" in GBK_SHOWN
    result = taobei("parse", str(folder))
    assert result.returncode == 0, result.stderr
    paths = [json.loads(line)["source"]["path"] for line in result.stdout.splitlines()]
    assert paths == [f"{folder}/ok.txt", f"{folder}/{GBK_SHOWN}"]
    for target in ("all.xlsx", "all.db", "all.html"):
        command = "report" if target.endswith(".html") else "export"
        result = taobei(command, str(folder), "-o", str(tmp_path / target))
        assert result.returncode == 0, (target, result.stderr)
    with sqlite3.connect(tmp_path / "all.db") as connection:
        stored = connection.execute("SELECT path FROM sources ORDER BY path").fetchall()
        notices = connection.execute("SELECT COUNT(*) FROM notices").fetchall()
    # two copies of one notice (one 文号): one notice, both files its sources
    assert notices == [(1,)]
    assert stored == sorted([(f"{folder}/ok.txt",), (f"{folder}/{GBK_SHOWN}",)])
    book = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert book["任务台账"].max_row > 236  # both notices, every task
    one = os.path.join(os.fsencode(folder), GBK_NAME)
    result = taobei("tasks", one, "--dept", "区水利局", "-f", "json")
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 7
    result = taobei("report", one)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8").strip() == f"{folder}/{GBK_SHOWN[:-4]}.report.html"


def test_a_missing_file_with_such_a_name_is_one_escaped_line(tmp_path: Path) -> None:
    missing = os.path.join(os.fsencode(tmp_path), GBK_NAME)
    result = taobei("parse", missing)
    assert result.returncode == 2
    assert (
        result.stderr.decode("utf-8")
        == f"Error: {tmp_path}/{GBK_SHOWN}: no such file; check the path\n"
    )


def test_control_characters_in_a_name_cannot_forge_a_line(tmp_path: Path) -> None:
    name = str(tmp_path / "a\nError: all is well\x1b[2J.txt")
    result = taobei("parse", name)
    assert result.returncode == 2
    lines = result.stderr.decode("utf-8").splitlines()
    assert lines == [
        f"Error: {tmp_path}/a\\nError: all is well\\x1b[2J.txt: no such file; check the path"
    ]


def test_one_notice_that_breaks_the_parser_does_not_stop_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception in one notice (a bug, MemoryError) is that file's one Error line; the
    others are written, and the exit code says a file failed."""
    import taobei_plan.loader as loader

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    real = loader.parse_file

    def breaks_on_b(path: str | Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if str(path).endswith("b.txt"):
            raise MemoryError("no memory left")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "parse_file", breaks_on_b)
    files = [str(tmp_path / name) for name in ("a.txt", "b.txt", "c.txt")]
    result = runner.invoke(app, ["parse", *files, "--jobs", "1"])
    assert result.exit_code == 1
    paths = [json.loads(line)["source"]["path"] for line in result.stdout.splitlines()]
    assert paths == [files[0], files[2]]
    assert result.stderr == (
        f"Error: {files[1]}: internal error (MemoryError: no memory left); run it alone with --debug\n"
    )


def test_an_error_producing_output_is_no_closed_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a failing write is stdout's fault: an error making the content is that error (it
    was once reported as "stdout is closed" and stdout was thrown away)."""
    import sys

    from taobei_plan.exports.files import write_stdout

    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="utf-8"))

    def content():  # type: ignore[no-untyped-def]
        yield "first\n"
        raise ValueError("a value no JSON can hold")

    with pytest.raises(ValueError, match="a value no JSON can hold"):
        write_stdout(content())


def test_a_task_number_of_5000_digits_is_no_number(tmp_path: Path) -> None:
    """int() refuses 4,300 digits and more; such a "number" numbers nothing, the rest parses."""
    notice = tmp_path / "n.txt"
    notice.write_text(
        f"一、甲\n{'9' * 5000}.建设园区。[区发改局牵头负责]\n2.推进工作。[区水利局牵头负责]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["parse", str(notice)])
    assert result.exit_code == 0, result.stderr
    parsed = json.loads(result.stdout)
    tasks = [t for s in parsed["sections"] for t in s["tasks"]]
    assert [(t["number"], t["text"]) for t in tasks] == [(2, "推进工作。")]
    assert parsed["sections"][0]["text"][0]["text"].startswith("9999")


def _workbook(rows: int) -> bytes:
    """An .xlsx of ``rows`` rows, each one cell in column XFD (the last of 16,384)."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    cells = "".join(
        f'<row r="{i}"><c r="XFD{i}" t="inlineStr"><is><t>任务{i}</t></is></c></row>'
        for i in range(1, rows + 1)
    )
    parts = {
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{cells}</sheetData></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()


def test_a_small_workbook_padded_to_column_xfd_is_refused_in_one_line(tmp_path: Path) -> None:
    """Rows of one cell in column XFD once padded every row to 16,384 cells (1.3 GB for 100 KB):
    cells are read sparse and the text they make is bounded like a text file's."""
    book = tmp_path / "wide.xlsx"
    book.write_bytes(_workbook(2000))
    assert book.stat().st_size < 150_000
    result = taobei("parse", str(book))
    assert result.returncode == 1
    assert result.stderr.decode("utf-8") == (
        f"Error: {book}: the workbook's cells hold more than 20,971,520 characters or 2,000,000 "
        "cells of text (a row padded to column XFD?); refusing it\n"
    )


NEEDS_SOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2"
 office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>
<text:p>一、甲</text:p><text:p>1.建设园区。[区发改局牵头负责]</text:p>
<text:p><draw:frame draw:name="p" svg:width="2cm" svg:height="2cm"><draw:image
 xlink:href="http://127.0.0.1:{port}/web-bug.png" xlink:type="simple" xlink:show="embed"
 xlink:actuate="onLoad"/></draw:frame></text:p></office:text></office:body></office:document>
"""


@NEEDS_SOFFICE
def test_a_doc_linking_a_picture_fetches_nothing(tmp_path: Path) -> None:
    """A .doc with INCLUDEPICTURE "http://…" once made LibreOffice send OPTIONS, HEAD and GET
    during the conversion (a web bug; SSRF): the conversion fetches nothing."""
    import http.server
    import socket
    import threading

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "linked.fodt").write_text(FODT.format(port=port), encoding="utf-8")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path), str(tmp_path / "linked.fodt")],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    assert f"127.0.0.1:{port}/web-bug.png".encode() in (tmp_path / "linked.doc").read_bytes()
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def handle_one_request(self) -> None:
            requests.append(self.client_address[0])
            super().handle_one_request()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = taobei("parse", str(tmp_path / "linked.doc"))
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sections"][0]["tasks"][0]["text"] == "建设园区。"
    assert requests == []


def test_a_fifo_or_a_link_to_stdin_in_a_folder_is_skipped_not_read(tmp_path: Path) -> None:
    """A FIFO (or x.txt → /dev/stdin) inside a folder once blocked the batch forever: a folder
    gives only regular files; the others are named on stderr."""
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    (folder / "c.txt").symlink_to("/dev/stdin")
    result = subprocess.run(
        [installed("taobei"), "parse", str(folder)],
        capture_output=True, timeout=60, stdin=subprocess.PIPE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    paths = [json.loads(line)["source"]["path"] for line in result.stdout.splitlines()]
    assert paths == [str(folder / "a.txt")]
    assert result.stderr.decode("utf-8") == (
        f"taobei: skipped 2 file(s) that are not regular files (a FIFO, a device): "
        f"{folder}/b.txt, {folder}/c.txt\n"
    )


@pytest.mark.parametrize(
    ("name", "lock"),
    [("台账.xlsx", ".~lock.台账.xlsx#"), ("台账.xlsx", "~$台账.xlsx"),
     ("洮北区任务台账.xlsx", "~$区任务台账.xlsx")],
)  # fmt: skip
def test_a_ledger_open_in_an_office_program_is_not_replaced(
    tmp_path: Path, name: str, lock: str
) -> None:
    """Export once replaced a workbook open in LibreOffice or Excel (its lock file beside it;
    Excel drops two characters of a long name): refused without --force, the workbook untouched."""
    ledger = tmp_path / name
    assert runner.invoke(app, ["export", "-o", str(ledger)]).exit_code == 0
    before = ledger.read_bytes()
    (tmp_path / lock).write_text("someone,host,2026", encoding="utf-8")
    result = runner.invoke(app, ["export", "-o", str(ledger)])
    assert result.exit_code == 2
    assert (
        result.stderr == f"Error: {ledger}: is open in another program; close it or give --force\n"
    )
    assert ledger.read_bytes() == before
    assert runner.invoke(app, ["export", "-o", str(ledger), "--force"]).exit_code == 0


def test_damaged_json_in_a_database_is_one_line_naming_the_row(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    assert runner.invoke(app, ["export", "-o", str(db)]).exit_code == 0
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE notices SET json = '{\"source\": ' WHERE id = 1")
        (name,) = connection.execute("SELECT name FROM notices WHERE id = 1").fetchone()
    result = runner.invoke(app, ["tasks", str(db)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {db}: notice 1 ({name}) holds damaged JSON; export it again\n"


def test_output_onto_a_link_replaces_the_file_it_names(tmp_path: Path) -> None:
    """-o onto a symbolic link once replaced the link with a file, leaving the shared copy it
    named stale: the file is replaced (in its own folder) and the link kept."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "all.json").write_text("old", encoding="utf-8")
    link = tmp_path / "mine.json"
    link.symlink_to(shared / "all.json")
    assert runner.invoke(app, ["parse", "-o", str(link)]).exit_code == 0
    assert link.is_symlink()
    assert (
        json.loads((shared / "all.json").read_text(encoding="utf-8"))["source"]["path"]
        == "<bundled>"
    )
    assert sorted(p.name for p in shared.iterdir()) == ["all.json"]


def test_temporaries_a_killed_run_left_are_swept(tmp_path: Path) -> None:
    """SIGKILL during parse -o left .out.json.XXXX.tmp forever: temporaries carry the process
    id, and those of dead processes are swept by the next write; a live one's are kept."""
    dead = subprocess.Popen(["true"])  # a process id no one holds once it is reaped
    dead.wait()
    stale = tmp_path / f".out.json.{dead.pid}.abcd.tmp"
    stale.write_text("half", encoding="utf-8")
    live = tmp_path / f".out.json.{os.getpid()}.efgh.tmp"
    live.write_text("mine", encoding="utf-8")
    assert runner.invoke(app, ["parse", "-o", str(tmp_path / "out.json")]).exit_code == 0
    assert not stale.exists() and live.exists()


def test_ctrl_c_during_a_batch_of_doc_files_leaves_no_converter_behind(tmp_path: Path) -> None:
    """Ctrl-C during --jobs once left LibreOffice running (in a session of its own, the
    interrupt never reaches it) and its temporary profile behind: workers stop their converters."""
    import signal
    import time

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pids = tmp_path / "pids"
    pids.mkdir()
    fake = bin_dir / "soffice"  # a converter that takes its time, and says where it runs
    fake.write_text(f"#!/bin/sh\necho $$ > {pids}/$$\nexec sleep 60\n", encoding="utf-8")
    fake.chmod(0o755)
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a.doc", "b.doc"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "TMPDIR": str(temporary),
    }
    process = subprocess.Popen(
        [installed("taobei"), "parse", str(folder), "--jobs", "2"], env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(list(pids.iterdir())) == 2, "the converters did not start"
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=20) == 130
    time.sleep(0.5)
    for pid_file in pids.iterdir():
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid_file.name), 0)
    assert [p.name for p in temporary.iterdir() if p.name.startswith("taobei-soffice-")] == []


def test_a_document_unfolding_past_the_input_limit_is_refused(tmp_path: Path) -> None:
    """A small docx (or PDF, page) can unfold into far more text than its bytes: the text is
    bounded like a text file's, by --max-size in characters."""
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "<w:p><w:r><w:t>一、加强水利建设工作</w:t></w:r></w:p>" * 200_000
    document = f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
    docx = tmp_path / "big.docx"
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", document)
    assert docx.stat().st_size < 100_000  # 2.2 M characters of text from under 100 KB
    result = runner.invoke(app, ["parse", str(docx), "--max-size", "1M"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {docx}: the document unfolds into more than 1,048,576 characters of text (the "
        "input limit); raise it with --max-size if it is really a notice\n"
    )


def test_yaml_keeps_every_chinese_character_unescaped() -> None:
    """libyaml (fast) escapes characters beyond the BMP; the YAML written is the Python
    dumper's wherever the two differ, so 𠀀 (Extension B) stays itself."""
    from taobei_plan.exports.emit import to_yaml

    assert to_yaml({"text": "𠀀字", "n": 1}) == "text: 𠀀字\nn: 1\n"
    assert to_yaml({"text": "a\\b"}) == "text: a\\b\n"


def _small_disk() -> None:
    """A child's files cannot grow past 64 KB: what a full disk does to a write."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))


def test_a_database_on_a_full_disk_says_so_and_leaves_nothing_behind(tmp_path: Path) -> None:
    """It once gave an internal error ("cannot rollback - no transaction is active": SQLite had
    rolled back by itself) and left an empty new database."""
    target = tmp_path / "notices.db"
    command = [installed("taobei"), "export", "-o", str(target)]
    result = subprocess.run(command, capture_output=True, text=True, preexec_fn=_small_disk)
    assert result.returncode == 2
    assert result.stderr == f"Error: {target}: cannot write (disk I/O error)\n"
    assert list(tmp_path.iterdir()) == []
    assert subprocess.run(command, capture_output=True).returncode == 0  # room again
    before = target.read_bytes()
    other = tmp_path / "other.txt"
    other.write_text(TEXT.replace("洮北区", "洮南市"), encoding="utf-8")
    again = [installed("taobei"), "export", str(other), "-o", str(target)]
    result = subprocess.run(again, capture_output=True, text=True, preexec_fn=_small_disk)
    assert result.returncode == 2 and result.stderr.endswith("cannot write (disk I/O error)\n")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notices.db", "other.txt"]


def _shared_content_pdf(pages: int, line: str, lines: int) -> bytes:
    """A PDF of ``pages`` pages that all draw one content stream: small bytes, much text."""
    text = "".join(f"BT /F1 8 Tf 20 {800 - 10 * i} Td ({line}) Tj ET\n" for i in range(lines))
    stream = text.encode("ascii")
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"] * pages  # fmt: skip
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_pages_sharing_one_content_stream_are_counted_as_they_are_read(tmp_path: Path) -> None:
    """400 pages drawing one stream of 5,000 characters: 2 million characters from 70 KB (a
    2,000-page one took 17 minutes). Counted page by page, it stops where the limit is passed."""
    shared = tmp_path / "shared.pdf"
    shared.write_bytes(_shared_content_pdf(400, "a" * 100, 50))
    assert shared.stat().st_size < 80_000
    result = runner.invoke(app, ["text", str(shared), "--max-size", "1M"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {shared}: the document holds more characters of text than the input limit; "
        "raise it with --max-size if it is really a notice\n"
    )
    dense = tmp_path / "dense.pdf"
    dense.write_bytes(_shared_content_pdf(1, "a" * 2000, 80))
    result = runner.invoke(app, ["text", str(dense)])
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {dense}: page 1 holds 160,158 characters; no notice page does\n"
    )


def test_a_document_that_takes_too_long_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--timeout: the slow file's one line, exit 1; in a batch the others are written. The slow
    read is a stand-in that sleeps (a real one's speed depends on the build and the machine);
    the alarm interrupts it as it would a parse."""
    import time

    import taobei_plan.loader as loader

    slow = tmp_path / "slow.txt"
    slow.write_text(TEXT, encoding="utf-8")
    quick = tmp_path / "quick.txt"
    quick.write_text(TEXT, encoding="utf-8")
    real = loader.read_document

    def stalls_on_slow(data: bytes, path: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if path.endswith("slow.txt"):
            time.sleep(60)  # batch workers are forked with this patch
        return real(data, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "read_document", stalls_on_slow)
    line = (f"Error: {slow}: reading it took longer than 1.5 s (--timeout); stopped. Raise "
            "--timeout if it is really a notice\n")  # fmt: skip
    result = runner.invoke(app, ["parse", str(slow), "--timeout", "1.5"])
    assert (result.exit_code, result.stderr) == (1, line)
    for jobs in ("1", "2"):
        both = [str(slow), str(quick)]
        result = runner.invoke(app, ["parse", *both, "--jobs", jobs, "--timeout", "1.5"])
        assert (result.exit_code, result.stderr) == (1, line)
        assert [json.loads(x)["source"]["path"] for x in result.stdout.splitlines()] == [str(quick)]
    result = runner.invoke(app, ["parse", str(quick), "--timeout", "-1"])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --timeout must be 0 (none) or more seconds, not -1\n",
    )


def test_markup_of_millions_of_tags_is_refused_before_a_tree_is_built(tmp_path: Path) -> None:
    """57 MB of <w:p> packed into a 169 KB docx took 940 MB; a 19 MB page of 2.4 million
    paragraphs 805 MB. Tags are counted first; a text of a million lines is refused too."""
    import zipfile

    docx = tmp_path / "bomb.docx"
    body = "<w:p/>" * 2_100_000
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats'
                         f'.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')  # fmt: skip
    assert docx.stat().st_size < 100_000
    result = runner.invoke(app, ["text", str(docx)])
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {docx}: refused: word/document.xml holds 2,100,004 tags, past the limit of "
        "2,000,000 (no notice holds so many)\n"
    ))  # fmt: skip
    page = tmp_path / "paragraphs.html"
    page.write_text("<html><body>" + "<p>a</p>" * 1_000_001 + "</body></html>", encoding="utf-8")
    result = runner.invoke(app, ["text", str(page)])
    assert result.stderr == (
        f"Error: {page}: refused: the page holds 2,000,006 tags, past the limit of 2,000,000 "
        "(no notice holds so many)\n"
    )
    lines = tmp_path / "lines.txt"
    lines.write_text(TEXT + "。\n" * 1_000_000, encoding="utf-8")
    result = runner.invoke(app, ["parse", str(lines)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {lines}: the document unfolds into 1,000,{TEXT.count(chr(10)) + 1:03d} lines (a "
        "line costs the parse far more than a character); no notice holds so many\n"
    )


def test_a_deflate_bomb_in_a_pdf_is_refused_before_pdfium_inflates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """190 KB of deflated blanks as a page's content once took 595 MB: the streams are inflated
    in steps and thrown away first, and past the bound the PDF is refused (here the bound is
    lowered to 1 MB and the content is 5 MB of blanks)."""
    import zlib

    from taobei_plan.formats import pdf

    monkeypatch.setattr(pdf, "MAX_INFLATED", 1024 * 1024)
    plain = _shared_content_pdf(1, "a", 1)
    start = plain.index(b"4 0 obj")
    end = plain.index(b"endobj", start) + len(b"endobj")
    packed = zlib.compress(b" " * (5 * 1024 * 1024), 9)
    bomb = (b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed
            + b"\nendstream\nendobj")  # fmt: skip
    target = tmp_path / "bomb.pdf"
    target.write_bytes(plain[:start] + bomb + plain[end:])
    assert target.stat().st_size < 20_000
    result = runner.invoke(app, ["text", str(target)])
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {target}: refused: the PDF's streams inflate past 1 MB (a compression bomb?)\n"
    ))  # fmt: skip
    monkeypatch.setattr(pdf, "MAX_INFLATED", 8 * 1024 * 1024)  # within the bound: read as usual
    assert runner.invoke(app, ["text", str(target)]).stderr.startswith(f"Error: {target}: the PDF")


def _dies_on_crash_files(job: tuple[str, str | None, str | None]) -> object:
    """A worker's job that kills its process (as the kernel's OOM killer would) on crash*.txt."""
    import signal as signals

    if Path(job[0]).name.startswith("crash"):
        os.kill(os.getpid(), signals.SIGKILL)
    assert _parse_one is not None
    return _parse_one(job)


_parse_one = None  # the real parse_one, set by the test before the workers fork


def test_a_worker_that_dies_costs_its_file_not_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dead worker took its job with it and Pool.imap waited forever; now its file gets an
    error line, every other file its notice, in order, and the batch ends."""
    import signal as signals

    from taobei_plan import batch

    global _parse_one
    _parse_one = batch.parse_one
    monkeypatch.setattr(batch, "parse_one", _dies_on_crash_files)
    names = ["a.txt", "b.txt", "crash1.txt", "c.txt", "d.txt", "crash2.txt", "e.txt"]
    for name in names:
        (tmp_path / name).write_text(TEXT, encoding="utf-8")

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the batch hangs on the dead worker's job")

    before = signals.signal(signals.SIGALRM, hung)  # a hang fails this test, not the suite
    signals.alarm(60)
    try:
        results = list(batch.parse_many([str(tmp_path / n) for n in names], None, 2))
    finally:
        signals.alarm(0)
        signals.signal(signals.SIGALRM, before)
    assert [Path(r.path).name for r in results] == names
    assert [r.record is not None for r in results] == [True, True, False, True, True, False, True]
    crash = results[2]
    assert crash.exit_code == 1 and crash.error == (
        f"{tmp_path / 'crash1.txt'}: the process reading it died (out of memory, or a crash in a "
        "library it uses); read it alone to see why"
    )
