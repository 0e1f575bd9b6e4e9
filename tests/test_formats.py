"""Published formats give the same tasks as the text (tests/fixtures/formats/, made from data/raw/
by scripts/make_format_fixtures.py), real portal pages give what their text copies give, and every
damaged or hostile document is one clear error."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import stat
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app
from taobei_plan.errors import DecodeError
from taobei_plan.formats import detect, extract
from taobei_plan.loader import parse_file
from taobei_plan.models import Notice

from conftest import FIXTURES, RAW

runner = CliRunner()
FORMATS = FIXTURES / "formats"
NEEDS_SOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui",
)


def ledger(notice: Notice) -> list[tuple]:
    """What a supervision office keeps of each task: number, text, lead and co units."""
    return [
        (
            task.number,
            task.text,
            [u.name for u in task.responsibility.leads] if task.responsibility else [],
            [u.name for u in task.responsibility.co] if task.responsibility else [],
        )
        for task in notice.tasks()
    ]


@pytest.fixture(scope="module")
def text_notice() -> Notice:
    return parse_file(RAW)


# name, detected format, what it carries (full: the whole notice as paragraphs)
DOCUMENTS = [
    ("taobei-page.html", "html"),
    ("taobei-page-gb2312.html", "html"),
    ("taobei.docx", "docx"),
    ("taobei.pdf", "pdf"),
    ("taobei.ofd", "ofd"),
]
TABLES = [
    ("taobei-table.html", "html"),
    ("taobei-table.docx", "docx"),
    ("taobei-table.pdf", "pdf"),
    ("taobei-tasks.xlsx", "xlsx"),
]


@pytest.mark.parametrize(("name", "fmt"), DOCUMENTS, ids=[n for n, _ in DOCUMENTS])
def test_document_gives_the_same_notice(name: str, fmt: str, text_notice: Notice) -> None:
    notice = parse_file(FORMATS / name)
    assert notice.source.format == fmt
    assert len(notice.tasks()) == 118
    assert ledger(notice) == ledger(text_notice)
    assert [t.label for t in notice.tasks()] == [t.label for t in text_notice.tasks()]
    assert [(s.numeral, s.title) for s in notice.sections] == [
        (s.numeral, s.title) for s in text_notice.sections
    ]
    assert [[t.text for t in s.targets] for s in notice.sections] == [
        [t.text for t in s.targets] for s in text_notice.sections
    ]
    assert [d.code for d in notice.diagnostics] == [d.code for d in text_notice.diagnostics]
    duplicate, _, missing = notice.diagnostics  # lines are this format's, on the same tasks
    assert (duplicate.line, missing.line) == (notice.tasks()[87].line, notice.tasks()[88].line)
    assert notice.notice.document_number == "白洮政发〔2021〕29号"


@pytest.mark.parametrize(("name", "fmt"), TABLES, ids=[n for n, _ in TABLES])
def test_task_table_gives_the_same_tasks(name: str, fmt: str, text_notice: Notice) -> None:
    """A table carries tasks (number as printed in its cell, text, units) but no targets."""
    notice = parse_file(FORMATS / name)
    assert notice.source.format == fmt
    assert ledger(notice) == ledger(text_notice)
    assert [t.label for t in notice.tasks()] == [str(t.number) for t in text_notice.tasks()]
    assert [s.title for s in notice.sections] == [s.title for s in text_notice.sections]
    assert [(d.code, d.line) for d in notice.diagnostics] == [
        ("duplicate-number", notice.tasks()[87].line),
        ("missing-number", notice.tasks()[88].line),
    ]


def test_automatic_numbering_cannot_print_the_duplicated_87(text_notice: Notice) -> None:
    """Word counts: the notice's two tasks printed 87 become 87 and 88, and every later task is
    one higher than printed in the text until the text skips 88. Text and units are the same."""
    notice = parse_file(FORMATS / "taobei-numbered.docx")
    assert [t.number for t in notice.tasks()] == list(range(1, 119))
    printed = [t.number for t in text_notice.tasks()]
    assert printed == [*range(1, 88), 87, *range(89, 119)]
    assert [row[1:] for row in ledger(notice)] == [row[1:] for row in ledger(text_notice)]
    assert [s.label for s in notice.sections] == [s.label for s in text_notice.sections]
    assert notice.diagnostics[0].code == "implausible-value"
    assert [d.code for d in notice.diagnostics] == ["implausible-value"]


@NEEDS_SOFFICE
def test_legacy_doc_through_libreoffice(text_notice: Notice) -> None:
    notice = parse_file(FORMATS / "taobei.doc")
    assert notice.source.format == "doc"
    assert ledger(notice) == ledger(text_notice)


@NEEDS_SOFFICE
def test_wps_is_read_like_doc(tmp_path: Path, text_notice: Notice) -> None:
    """A Kingsoft .wps is an OLE2 document like .doc; LibreOffice reads both. (No .wps writer is
    available here, so this checks the name and the --from route, with .doc bytes.)"""
    copy = tmp_path / "通知.wps"
    copy.write_bytes((FORMATS / "taobei.doc").read_bytes())
    assert ledger(parse_file(copy)) == ledger(text_notice)
    assert ledger(parse_file(copy, fmt="wps")) == ledger(text_notice)


def test_doc_without_libreoffice_says_how(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    result = runner.invoke(app, ["parse", str(FORMATS / "taobei.doc")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {FORMATS / 'taobei.doc'}: reading .doc/.wps files needs LibreOffice: install it "
        "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui) or save the file as .docx\n"
    )


def test_hanging_libreoffice_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from taobei_plan.formats import doc

    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nexec {shutil.which('sleep')} 60\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(doc, "TIMEOUT", 1)
    started = time.monotonic()
    with pytest.raises(DecodeError, match=r"LibreOffice took longer than 1 s and was stopped"):
        extract((FORMATS / "taobei.doc").read_bytes())
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("name", ["gov-farm-machinery-2018-42", "gov-sports-events-2018-121"])
def test_real_portal_pages_match_their_text(name: str) -> None:
    """The central government portal's pages (layout tables, metadata table, <p> article)."""
    page = parse_file(FIXTURES / "corpus" / "html" / f"{name}.html")
    text = parse_file(FIXTURES / "corpus" / f"{name}.txt")
    assert ledger(page) == ledger(text)
    assert page.notice.model_dump(exclude={"line"}) == text.notice.model_dump(exclude={"line"})
    assert page.plan.title == text.plan.title
    expected = {
        "gov-farm-machinery-2018-42": ("000014349/2018-00223", "国务院", "国发〔2018〕42号",
                                       "2018-12-21", "2018-12-29"),
        "gov-sports-events-2018-121": ("000014349/2018-00217", "国务院办公厅", "国办发〔2018〕121号",
                                       "2018-12-11", "2018-12-21"),
    }[name]  # fmt: skip
    m = page.metadata
    found = (
        m.index_number,
        m.issuer,
        m.document_number,
        str(m.written_date),
        str(m.published_date),
    )
    assert found == expected


def test_page_furniture_is_dropped() -> None:
    text = extract((FORMATS / "taobei-page.html").read_bytes()).text
    for furniture in (
        "首页",
        "分享到",
        "打印本页",
        "关闭窗口",
        "任务清单.docx",
        "主办：",
        "广告",
        "_hmt",
    ):
        assert furniture not in text, furniture
    lines = text.split("\n")
    assert (
        lines[0]
        == "索 引 号：\t11220802013594178H/2021-00089\t分　　类：\t五年发展规划; 国民经济和社会发展规划; 通知"
    )
    raw = [line.strip() for line in RAW.read_text(encoding="utf-8").split("\n") if line.strip()]
    assert lines[-1] == raw[-1]


def test_gb2312_label_reads_as_gb18030() -> None:
    document = extract((FORMATS / "taobei-page-gb2312.html").read_bytes())
    assert document.encoding == "gb18030"
    assert document.text == extract((FORMATS / "taobei-page.html").read_bytes()).text


def test_pdf_and_ofd_lines_carry_their_page() -> None:
    for name in ("taobei.pdf", "taobei.ofd"):
        notice = parse_file(FORMATS / name)
        document = extract((FORMATS / name).read_bytes())
        assert document.pages is not None
        lines = document.text.split("\n")
        for task in notice.tasks():
            assert lines[task.line - 1].startswith(task.label), (name, task.seq)
            assert task.page == document.pages[task.line - 1]
        pages = [t.page for t in notice.tasks()]
        assert pages == sorted(pages)
        assert (pages[0], pages[-1]) == {"taobei.pdf": (2, 17), "taobei.ofd": (1, 18)}[name]
        assert "— 3 —" not in document.text and "人民政府文件" not in document.text


def test_word_header_and_footer_are_not_read() -> None:
    text = extract((FORMATS / "taobei.docx").read_bytes()).text
    assert "人民政府文件" not in text
    assert text == "\n".join(RAW.read_text(encoding="utf-8").split("\n")[12:])


@pytest.mark.parametrize(
    ("name", "fmt"),
    [*DOCUMENTS, *TABLES, ("taobei.doc", "doc"), ("taobei-numbered.docx", "docx")],
)
def test_format_is_detected_from_the_bytes_not_the_name(name: str, fmt: str) -> None:
    assert detect((FORMATS / name).read_bytes()) == fmt
    assert detect(RAW.read_bytes()) == "text"


def test_text_command_prints_what_lines_refer_to() -> None:
    result = runner.invoke(app, ["text", str(FORMATS / "taobei.pdf"), "--pages"])
    assert result.exit_code == 0
    lines = result.stdout.split("\n")
    parsed = json.loads(runner.invoke(app, ["parse", str(FORMATS / "taobei.pdf")]).stdout)
    task = parsed["sections"][2]["tasks"][0]
    clause = task["responsibility"]["raw"]
    assert lines[task["line"] - 1] == f"{task['page']}\t{task['label']}{task['text']}[{clause}]"
    assert (task["line"], task["page"]) == (59, 7)


def test_from_overrides_detection(tmp_path: Path) -> None:
    page = tmp_path / "notice.txt"  # a web page saved under a text name
    page.write_bytes((FORMATS / "taobei-page.html").read_bytes())
    assert parse_file(page).source.format == "html"
    as_text = runner.invoke(app, ["text", str(page), "--from", "text"])
    assert as_text.stdout.startswith("<!DOCTYPE html>")
    bad = runner.invoke(app, ["parse", str(page), "--from", "rtf"])
    assert bad.exit_code == 2
    assert bad.stderr == (
        "Error: unknown input format 'rtf'; choose one of text, html, docx, doc, wps, pdf, ofd, xlsx\n"
    )


# ---- damaged and hostile documents ---------------------------------------------------------


def _zip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["taobei.docx", "taobei.pdf", "taobei.ofd", "taobei-tasks.xlsx"])
def test_truncated_document_is_one_error(tmp_path: Path, name: str) -> None:
    data = (FORMATS / name).read_bytes()
    broken = tmp_path / name
    broken.write_bytes(data[: len(data) // 2])
    target = tmp_path / "out.json"
    result = runner.invoke(app, ["parse", str(broken), "-o", str(target)])
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(f"Error: {broken}: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not target.exists()


def test_zip_bomb_is_refused_with_bounded_memory() -> None:
    import resource

    bomb = _zip({"word/document.xml": b"<" + b"a" * (200 * 1024 * 1024)})
    assert len(bomb) < 1_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(
        DecodeError, match=r"inflates to 209,715,201 bytes, past the limit of 64 MB"
    ):
        extract(bomb)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB


def test_xml_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    document = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    with pytest.raises(DecodeError, match=r"declares a DTD or entities \(never resolved\)"):
        extract(_zip({"word/document.xml": document}))
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    )
    with pytest.raises(DecodeError):
        extract(_zip({"xl/workbook.xml": laughs}))


def test_password_protected_documents() -> None:
    with pytest.raises(DecodeError, match=r"the PDF is encrypted \(password-protected\)"):
        extract((FORMATS / "encrypted.pdf").read_bytes())
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(DecodeError, match=r"password-protected; save an unprotected copy"):
        extract(ole)


def test_scanned_pdf_says_no_text_layer() -> None:
    result = runner.invoke(app, ["parse", str(FORMATS / "scanned.pdf")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {FORMATS / 'scanned.pdf'}: the PDF has no text layer (scanned image); "
        "OCR is not supported\n"
    )


def test_other_zip_is_not_a_notice() -> None:
    with pytest.raises(
        DecodeError, match=r"a ZIP archive that is not a Word, OFD or Excel document"
    ):
        extract(_zip({"readme.txt": b"hello"}))


def test_markup_in_a_page_stays_text() -> None:
    page = (
        "<html><body><div id='zoom'>" + "<p>一、建设</p>" * 1
        + "<p>1.加强&lt;script&gt;alert(1)&lt;/script&gt;管理，提升服务能力和水平。[区水利局牵头负责]</p>"
        + "<p>" + "说明文字。" * 50 + "</p></div><script>alert(2)</script></body></html>"
    ).encode()  # fmt: skip
    text = extract(page).text
    assert "1.加强<script>alert(1)</script>管理" in text
    assert "alert(2)" not in text


def test_format_readers_are_not_imported_for_text() -> None:
    """Parsing text and answering queries must not pay for lxml, pdfium or ofdkit."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom taobei_plan.loader import parse_file\n"
        f"parse_file({str(RAW)!r})\n"
        "print(sorted(m for m in ('lxml', 'pypdfium2', 'ofdkit') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == "[]\n", result.stderr


def test_folder_reads_every_format(tmp_path: Path) -> None:
    for name in ("taobei.docx", "taobei-page.html", "taobei.ofd"):
        shutil.copy(FORMATS / name, tmp_path / name)
    result = runner.invoke(app, ["parse", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 0 and result.stderr == ""
    formats = [json.loads(line)["source"]["format"] for line in result.stdout.splitlines()]
    assert formats == ["html", "docx", "ofd"]


# ---- the rules of each reader, on small documents written here ---------------------------

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body: str, numbering: str = "", styles: str = "") -> bytes:
    parts = {
        "word/document.xml": f"<w:document {W_NS}><w:body>{body}</w:body></w:document>".encode()
    }
    if numbering:
        parts["word/numbering.xml"] = f"<w:numbering {W_NS}>{numbering}</w:numbering>".encode()
    if styles:
        parts["word/styles.xml"] = f"<w:styles {W_NS}>{styles}</w:styles>".encode()
    return _zip(parts)


def _p(text: str, num: str | None = None, level: int = 0) -> str:
    numbered = (
        f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
        if num
        else ""
    )
    return f"<w:p>{numbered}<w:r><w:t>{text}</w:t></w:r></w:p>"


def test_docx_numbering_levels_formats_and_restarts() -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="%3．"/></w:lvl>'
        "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )  # fmt: skip
    body = "".join([
        _p("总体要求", "1", 0), _p("指导思想", "1", 1), _p("任务甲", "1", 2), _p("任务乙", "1", 2),
        _p("基本原则", "1", 1), _p("任务丙", "1", 2), *(_p(f"第{i}节", "1", 0) for i in range(9)),
        _p("新的清单", "2", 0), _p("不编号", "0", 0),
    ])  # fmt: skip
    lines = extract(_docx(body, numbering)).text.split("\n")
    assert lines[:6] == ["一、总体要求", "（一）指导思想", "１．任务甲", "２．任务乙", "（二）基本原则",
                         "１．任务丙"]  # fmt: skip
    assert lines[14] == "十、第8节"
    assert lines[15:] == ["一、新的清单", "不编号"]


def test_docx_numbering_through_paragraph_styles() -> None:
    """A list style numbers the paragraphs that name it (or a style based on it); styles.xml is
    read only once a paragraph names a style, and a damaged one is an error only then."""
    numbering = (
        '<w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        "</w:abstractNum>"
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
    )  # fmt: skip
    styles = (
        '<w:style w:styleId="TaskList"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
        '<w:style w:styleId="Task"><w:basedOn w:val="TaskList"/></w:style>'
        '<w:style w:styleId="Plain"/>'
    )  # fmt: skip

    def styled(text: str, style: str) -> str:
        return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'

    body = styled("加强水利", "TaskList") + styled("推进绿化", "Task") + styled("说明", "Plain")
    assert extract(_docx(body, numbering, styles)).text.split("\n") == [
        "1.加强水利", "2.推进绿化", "说明"
    ]  # fmt: skip
    damaged = "<w:style"  # not well-formed
    assert extract(_docx(_p("不用样式"), numbering, damaged)).text == "不用样式"
    with pytest.raises(DecodeError, match=r"styles\.xml is not well-formed"):
        extract(_docx(body, numbering, damaged))


def test_docx_tracked_changes_read_as_accepted_and_merged_cells_once() -> None:
    body = (
        "<w:p><w:r><w:t>加强</w:t></w:r><w:ins><w:r><w:t>水利</w:t></w:r></w:ins>"
        "<w:del><w:r><w:delText>旧的</w:delText></w:r></w:del><w:r><w:t>管理。</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" + _p("1")
        + "</w:tc><w:tc>" + _p("任务") + "</w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>" + _p("") + "</w:tc><w:tc>" + _p("续")
        + "</w:tc></w:tr></w:tbl>"
    )  # fmt: skip
    assert extract(_docx(body)).text.split("\n") == ["加强水利管理。", "1\t任务", "\t续"]


def test_layout_unwraps_and_removes_spaces_between_chinese_and_digits() -> None:
    from taobei_plan.formats.layout import Glyph, lines_of, paragraphs

    def line(text: str, y: float, x: float = 0.0) -> list[Glyph]:
        return [Glyph(c, x + i * 10, x + i * 10 + 10, y, 10) for i, c in enumerate(text)]

    page1 = lines_of(
        line("白城市洮北区人民政府文件", 0) + line("1.到 2025 年，全区污水处理率", 20)
        + line("达到96%。", 40) + line("  2.加强管理，推进各项建设工作的", 60)
        + line("— 1 —", 300, 50)
    )  # fmt: skip
    page2 = lines_of(
        line("白城市洮北区人民政府文件", 0) + line("开展。", 20) + line("— 2 —", 300, 50)
    )
    page3 = lines_of(
        line("白城市洮北区人民政府文件", 0) + line("3.收尾。", 20) + line("— 3 —", 300, 50)
    )
    text, pages = paragraphs([page1, page2, page3])
    assert text.split("\n") == [
        "1.到2025年，全区污水处理率达到96%。",
        "2.加强管理，推进各项建设工作的开展。",
        "3.收尾。",
    ]
    assert pages == (1, 1, 3)


def test_xhtml_page_with_an_xml_declaration_in_gb2312() -> None:
    page = (
        '<?xml version="1.0" encoding="gb2312"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 '
        'Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=gb2312" /></head><body><div id="zoom"><p>一、建设</p>'
        "<p>1.加强管理，推进各项工作。（区水利局负责）</p><p>2.完善制度。（区财政局负责）</p>"
        + "<p>"
        + "说明文字。" * 50
        + "</p></div></body></html>"
    ).encode("gb18030")
    document = extract(page)
    assert (document.format, document.encoding) == ("html", "gb18030")
    assert document.text.split("\n")[:3] == [
        "一、建设",
        "1.加强管理，推进各项工作。（区水利局负责）",
        "2.完善制度。（区财政局负责）",
    ]


@pytest.mark.parametrize("name", ["taobei.docx", "taobei-tasks.xlsx", "taobei.ofd", "taobei.pdf"])
def test_damaged_bytes_are_one_error_never_a_crash(name: str) -> None:
    """Random damage (flipped bytes, cut files) to each fixture: a notice or a TaobeiError."""
    import random

    from taobei_plan import TaobeiError, parse

    rng = random.Random(name)
    data = (FORMATS / name).read_bytes()
    for _ in range(15):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        with contextlib.suppress(TaobeiError):  # any other exception fails the test
            parse(extract(bytes(damaged)).text)


def _pdf_with_a_form() -> bytes:
    """One page: a line drawn on the page and one inside a form XObject the page draws."""
    page = b"10 10 m 190 10 l S\n/F1 Do\n"
    form = b"20 100 m 20 180 l S\n"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]"
        b"/Resources<</XObject<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length %d>>stream\n%sendstream" % (len(page), page),
        b"<</Type/XObject/Subtype/Form/BBox[0 0 200 200]/Length %d>>stream\n%sendstream"
        % (len(form), form),
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_pdf_rules_come_from_page_and_form_paths_as_pypdfium2_reads_them() -> None:
    """The raw object walk finds what pypdfium2's own iterator finds (paths on the page and one
    form level down), bounds and order included."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from taobei_plan.formats.layout import Budget
    from taobei_plan.formats.pdf import _path_bounds

    document = pdfium.PdfDocument(_pdf_with_a_form())
    page = document[0]
    theirs = [o.get_bounds() for o in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2)]
    budget = Budget(None)
    ours = _path_bounds(page.raw, 1, budget)
    page.close()
    document.close()
    assert len(ours) == 2  # the page's line, then the form's
    assert budget.objects == 1_000_000 - 3  # the page's line and form, the form's line
    assert ours == theirs
    assert ours[0][1] < 11 < ours[1][1]  # the horizontal line at y=10, the vertical from y=100


def test_pdf_character_boxes_are_read_as_pypdfium2_reads_them() -> None:
    """The loop reads pdfium's box struct as four floats (left, top, right, bottom): the same
    boxes as pypdfium2's own helper, character by character."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from taobei_plan.formats.pdf import _CORNERS

    assert [(name, kind) for name, kind in raw.FS_RECTF._fields_] == [
        (name, ctypes.c_float) for name in ("left", "top", "right", "bottom")
    ]
    document = pdfium.PdfDocument((FORMATS / "taobei.pdf").read_bytes())
    page = document[0]
    textpage = page.get_textpage()
    box = raw.FS_RECTF()
    ours, theirs = [], []
    for index in range(textpage.count_chars()):
        assert raw.FPDFText_GetLooseCharBox(textpage.raw, index, ctypes.byref(box))
        left, top, right, bottom = _CORNERS.unpack_from(box)
        ours.append((left, bottom, right, top))
        theirs.append(textpage.get_charbox(index, loose=True))
    textpage.close()
    page.close()
    document.close()
    assert len(ours) == 369 and ours == theirs


#: The 分工表 of merged-table.html, as tasks: (number, section, text, leads, co, deadline).
MERGED_TABLE_TASKS = [
    (
        1,
        1,
        "推进园区建设：完善园区道路、供水等基础设施。引进工业项目10个以上。",
        ["区发改局", "区招商局"],
        ["区财政局", "区住建局", "区工信局"],
        "2024年6月底前；2024年12月底前",
    ),
    (
        2,
        1,
        "优化营商环境：推行“一网通办”，压缩审批时限。",
        ["区营商局"],
        ["区直各部门"],
        "长期坚持",
    ),
    (3, 2, "办好民生实事：新建幼儿园2所。", ["区教育局"], [], "2024年底前"),
]


def _table_tasks(notice: Notice) -> list[tuple]:
    return [
        (
            t.number,
            t.section,
            t.text,
            [u.name for u in t.responsibility.leads],
            [u.name for u in t.responsibility.co],
            t.deadline,
        )
        for t in notice.tasks()
    ]


def test_a_word_html_table_gives_one_task_a_row() -> None:
    """Word's HTML puts a <p> in every cell; rowspan covers 序号 and 重点任务 over two measure
    rows, colspan makes category rows. Each row keeps its columns; the second measure row's own
    units join the task's, never glued into one name."""
    extracted = extract((FORMATS / "merged-table.html").read_bytes())
    rows = [line for line in extracted.text.split("\n") if "\t" in line]
    assert rows[:3] == [
        "序号\t重点任务\t具体措施\t牵头单位\t配合单位\t完成时限",
        "1\t推进园区建设\t完善园区道路、供水等基础设施。\t区发改局\t区财政局、区住建局\t2024年6月底前",
        "\t\t引进工业项目10个以上。\t区招商局\t区工信局\t2024年12月底前",
    ]
    assert "一、产业发展" in extracted.text.split("\n")
    notice = parse_file(FORMATS / "merged-table.html")
    assert [s.title for s in notice.sections] == ["产业发展", "民生保障"]
    assert _table_tasks(notice) == MERGED_TABLE_TASKS


def _tc(text: str, merge: str = "", span: int = 1) -> str:
    properties = (f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>") * bool(
        merge
    ) + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{_p(text) if text else '<w:p/>'}</w:tc>"


def test_a_docx_table_with_merged_cells_reads_as_the_html_one(tmp_path: Path) -> None:
    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(cells) + "</w:tr>"

    body = (
        "<w:tbl>"
        + "".join(
            [
                row(
                    *(
                        _tc(h)
                        for h in (
                            "序号",
                            "重点任务",
                            "具体措施",
                            "牵头单位",
                            "配合单位",
                            "完成时限",
                        )
                    )
                ),
                row(_tc("一、产业发展", span=6)),
                row(
                    _tc("1", "restart"),
                    _tc("推进园区建设", "restart"),
                    *(
                        _tc(c)
                        for c in (
                            "完善园区道路、供水等基础设施。",
                            "区发改局",
                            "区财政局、区住建局",
                            "2024年6月底前",
                        )
                    ),
                ),
                row(
                    _tc("", "continue"),
                    _tc("", "continue"),
                    *(
                        _tc(c)
                        for c in (
                            "引进工业项目10个以上。",
                            "区招商局",
                            "区工信局",
                            "2024年12月底前",
                        )
                    ),
                ),
                row(
                    *(
                        _tc(c)
                        for c in (
                            "2",
                            "优化营商环境",
                            "推行“一网通办”，压缩审批时限。",
                            "区营商局",
                            "区直各部门",
                            "长期坚持",
                        )
                    )
                ),
                row(_tc("二、民生保障", span=6)),
                row(
                    *(
                        _tc(c)
                        for c in (
                            "3",
                            "办好民生实事",
                            "新建幼儿园2所。",
                            "区教育局",
                            "",
                            "2024年底前",
                        )
                    )
                ),
            ]
        )
        + "</w:tbl>"
    )
    path = tmp_path / "merged.docx"
    path.write_bytes(_docx(_p("关于印发重点工作任务分工方案的通知") + body))
    assert _table_tasks(parse_file(path)) == MERGED_TABLE_TASKS


def test_html_spans_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "spans.html"
    path.write_text(
        "<html><body><table><tr><td>序号</td><td>重点任务</td><td>牵头单位</td></tr>"
        '<tr><td colspan="1000">1</td><td rowspan="99999999999">推进园区建设</td>'
        "<td>区发改局</td></tr></table></body></html>",
        encoding="utf-8",
    )
    lines = extract(path.read_bytes()).text.split("\n")
    assert lines[1] == "1" + "\t" * 64 + "推进园区建设\t区发改局"
