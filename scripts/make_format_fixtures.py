"""Make the published-format fixtures from data/raw/: `python scripts/make_format_fixtures.py`.

Writes tests/fixtures/formats/: the Taobei notice as a portal page (body in <p>, and with the task
list as a <table>), the same page labelled gb2312, a .docx, a .docx with Word's automatic
numbering, a .docx whose task list is a Word table, an .xlsx task table and an .ofd (written
here: a minimal GB/T 33190 package with wrapped lines, a running header and page numbers); with
LibreOffice (soffice) on PATH also a .doc and PDFs of the .docx and the table .docx. Needs
python-docx and openpyxl (`pip install -e '.[fixtures]'`) and, for the PDFs, a CJK font
(Debian: fonts-wqy-microhei). The outputs are committed; tests only read them.
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from taobei_plan.loader import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "taobei-14th-five-year-plan-tasks.txt"
OUT = ROOT / "tests" / "fixtures" / "formats"
TEXT = RAW.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
NOTICE = parse_bytes(RAW.read_bytes(), "raw")
METADATA_END = 12  # lines 1–12: 政府信息公开 and the portal's metadata block (stated twice)
HEADER = ["序号", "重点任务", "牵头单位", "配合单位"]


def tasks_table() -> list[list[str]]:
    """The task list as table rows: a category row per section, then its tasks."""
    rows = []
    for section in NOTICE.sections:
        rows.append([f"{section.label}{section.title}"])
        for task in section.tasks:
            r = task.responsibility
            lead = "、".join(u.raw for u in r.leads) if r else ""
            co = "、".join(u.raw for u in r.co) if r else ""
            rows.append([str(task.number), task.text, lead, co])
    return rows


def intro_lines() -> list[str]:
    """The covering notice and plan title: the lines before the first section."""
    first = NOTICE.sections[0].line
    return LINES[METADATA_END : first - 1]


# ---- web pages ----------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}</title><style>p {{ text-indent: 2em; }}</style>
<script>var _hmt = _hmt || []; document.write("<p>广告</p>");</script></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 通知公告</div>
<table class="layout" width="1000"><tr><td>
<table class="xxgk"><tr><td>索 引 号：</td><td>{index}</td><td>分　　类：</td><td>{categories}</td></tr>
<tr><td>发文机关：</td><td>{issuer}</td><td>成文日期：</td><td>{written}</td></tr>
<tr><td>标　　题：</td><td colspan="3">{title}</td></tr>
<tr><td>发文字号：</td><td>{number}</td><td>发布日期：</td><td>{published}</td></tr></table>
</td></tr><tr><td><div id="zoom">
{body}
<p>附件：<a href="/files/任务清单.docx">任务清单.docx</a></p>
</div><div class="share">分享到：<a href="#">微信</a></div>
<p>【打印本页】【关闭窗口】</p></td></tr></table>
<div class="footer">主办：白城市洮北区人民政府</div></body></html>
"""


def page(body: str, charset: str) -> str:
    m = NOTICE.metadata
    return PAGE.format(
        charset=charset, title=html.escape(m.title or ""), index=m.index_number,
        categories=html.escape("; ".join(m.categories)), issuer=m.issuer,
        written=f"{m.written_date:%Y年%m月%d日}", published=f"{m.published_date:%Y年%m月%d日}",
        number=m.document_number, body=body,
    )  # fmt: skip


def paragraphs_html(lines: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in lines if line.strip())


def table_html(rows: list[list[str]]) -> str:
    out = ["<table border='1'><tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr>"]
    for row in rows:
        if len(row) == 1:
            out.append(f"<tr><td colspan='4'>{html.escape(row[0])}</td></tr>")
        else:
            out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
    return "\n".join([*out, "</table>"])


# ---- Word ---------------------------------------------------------------------------------


def docx_plain() -> Any:
    """Every line a paragraph, with a running header and a page-number footer (— 3 —) that the
    docx reader must not read and the PDF reader must drop."""
    import docx

    document = docx.Document()
    for line in LINES[METADATA_END:]:
        document.add_paragraph(line)
    section = document.sections[0]
    section.header.paragraphs[0].text = "白城市洮北区人民政府文件"
    _page_number(section.footer.paragraphs[0])
    return document


def _page_number(paragraph: Any) -> None:
    """A footer ``— N —`` with Word's PAGE field."""
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph.add_run("— ")
    for element in (
        f'<w:fldChar {ns} w:fldCharType="begin"/>',
        f"<w:instrText {ns}> PAGE </w:instrText>",
        f'<w:fldChar {ns} w:fldCharType="separate"/>',
        f"<w:t {ns}>1</w:t>",
        f'<w:fldChar {ns} w:fldCharType="end"/>',
    ):
        paragraph.add_run()._r.append(parse_xml(element))
    paragraph.add_run(" —")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _numbering(document: Any) -> None:
    """Two lists: sections 一、 (chineseCounting) and tasks 1. (decimal, never restarted)."""
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = document.part.numbering_part.element
    for abstract_id, fmt, text in (("90", "chineseCounting", "%1、"), ("91", "decimal", "%1.")):
        numbering.append(parse_xml(
            f'<w:abstractNum {ns} w:abstractNumId="{abstract_id}"><w:lvl w:ilvl="0">'
            f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
        ))  # fmt: skip
    for num_id, abstract_id in (("90", "90"), ("91", "91")):
        numbering.append(parse_xml(
            f'<w:num {ns} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
        ))  # fmt: skip


def _numbered(paragraph: Any, num_id: str) -> None:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {ns}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))  # fmt: skip


def docx_numbered() -> Any:
    """Sections and tasks numbered by Word, not in the text; clauses and targets as text."""
    import docx

    document = docx.Document()
    _numbering(document)
    for line in intro_lines():
        document.add_paragraph(line)
    for section in NOTICE.sections:
        _numbered(document.add_paragraph(section.title), "90")
        for task in section.tasks:
            r = task.responsibility
            clause = f"[{r.raw}]" if r else ""
            _numbered(document.add_paragraph(task.text + clause), "91")
        for target in section.targets:
            document.add_paragraph(target.text)
    document.add_paragraph(NOTICE.closing or "")
    return document


def docx_table() -> Any:
    import docx

    document = docx.Document()
    for line in intro_lines():
        document.add_paragraph(line)
    rows = tasks_table()
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = heading
    _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 1:
            merged = cells[0].merge(cells[3])
            merged.text = row[0]
        else:
            for cell, value in zip(cells, row, strict=True):
                cell.text = value
    widths = (1.2, 9.5, 3.0, 3.0)  # cm
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = docx.shared.Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = docx.shared.Cm(width)
    return document


def _repeat_header(row: Any) -> None:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {ns}/>"))


def _cjk_font(document: Any) -> None:
    """Name a CJK font so LibreOffice embeds real glyphs (and text) in the PDF."""
    from docx.oxml.ns import qn

    style = document.styles["Normal"]
    style.font.name = "WenQuanYi Micro Hei"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "WenQuanYi Micro Hei")


def save(document: Any, name: str) -> Path:
    _cjk_font(document)
    path = OUT / name
    document.save(str(path))
    return path


# ---- Excel --------------------------------------------------------------------------------


def xlsx_tasks() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务清单"
    sheet.append(HEADER)
    for row in tasks_table():
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---- OFD ----------------------------------------------------------------------------------

PER_LINE = 28  # characters a printed line holds
PER_PAGE = 30  # lines a page holds
SIZE = 5.6  # mm, a character's advance


def _printed_lines(lines: list[str]) -> list[tuple[str, float]]:
    """Wrap each paragraph at the page width (first line indented two characters)."""
    out = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        indent = 2 if not text[0].isdigit() and not text.startswith(("一", "二", "三")) else 0
        first = PER_LINE - indent
        out.append((text[:first], indent * SIZE))
        for start in range(first, len(text), PER_LINE):
            out.append((text[start : start + PER_LINE], 0.0))
    return out


def ofd() -> bytes:
    lines = _printed_lines(LINES[METADATA_END:])
    pages = [lines[i : i + PER_PAGE] for i in range(0, len(lines), PER_PAGE)]
    buffer = io.BytesIO()
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("OFD.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>taobei</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
        ))  # fmt: skip
        page_refs = "".join(
            f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
            for i in range(len(pages))
        )
        package.writestr("Doc_0/Document.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData>'
            '<ofd:MaxUnitID>100000</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297'
            "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
            f"</ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"
        ))  # fmt: skip
        package.writestr("Doc_0/PublicRes.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {ns} BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'
        ))  # fmt: skip
        for number, page_lines in enumerate(pages):
            objects = [_text_object(2, "白城市洮北区人民政府文件", 80.0, 15.0)]
            for row, (text, indent) in enumerate(page_lines):
                objects.append(_text_object(row * 10 + 3, text, 25.0 + indent, 30.0 + row * 8))
            objects.append(_text_object(9, f"— {number + 1} —", 95.0, 285.0))
            package.writestr(f"Doc_0/Pages/Page_{number}/Content.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content>'
                f'<ofd:Layer ID="{number * 1000 + 1}">{"".join(objects)}</ofd:Layer>'
                "</ofd:Content></ofd:Page>"
            ))  # fmt: skip
    return buffer.getvalue()


def _text_object(object_id: int, text: str, x: float, y: float) -> str:
    width = len(text) * SIZE
    deltas = " ".join([f"{SIZE:g}"] * (len(text) - 1))
    return (
        f'<ofd:TextObject ID="{object_id}" Boundary="{x:g} {y - SIZE:g} {width:g} {SIZE * 1.4:g}" '
        f'Font="1" Size="{SIZE:g}"><ofd:TextCode X="0" Y="{SIZE:g}" DeltaX="{deltas}">'
        f"{html.escape(text)}</ofd:TextCode></ofd:TextObject>"
    )


# ---- LibreOffice --------------------------------------------------------------------------


#: A one-page PDF whose page holds no text: what a scan looks like to a text reader.
SCANNED_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj
4 0 obj << /Length 35 >> stream
0.5 g 50 50 495 742 re f
endstream endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def encrypted_pdf() -> None:
    """A small PDF that needs a password to open (LibreOffice's export filter encrypts it)."""
    import docx

    document = docx.Document()
    document.add_paragraph("1.加强管理。[区水利局牵头负责]")
    with tempfile.TemporaryDirectory() as private:
        source = Path(private) / "encrypted.docx"
        document.save(str(source))
        options = (
            '{"EncryptFile":{"type":"boolean","value":"true"},'
            '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
        )
        made = convert(source, f"pdf:writer_pdf_Export:{options}", suffix="pdf")
        if made is not None:
            print(f"wrote {made.relative_to(ROOT)}")


def convert(source: Path, target_format: str, suffix: str | None = None) -> Path | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"skipped {source.stem}.{target_format}: soffice not found")
        return None
    with tempfile.TemporaryDirectory() as private:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{private}/profile", "--headless",
             "--norestore", "--convert-to", target_format, "--outdir", private, str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        made = Path(private) / f"{source.stem}.{suffix or target_format}"
        target = OUT / made.name
        shutil.copyfile(made, target)
    return target


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    body = paragraphs_html(LINES[METADATA_END:])
    (OUT / "taobei-page.html").write_text(page(body, "utf-8"), encoding="utf-8")
    (OUT / "taobei-page-gb2312.html").write_bytes(page(body, "gb2312").encode("gb18030"))
    table_body = paragraphs_html(intro_lines()) + "\n" + table_html(tasks_table())
    (OUT / "taobei-table.html").write_text(page(table_body, "utf-8"), encoding="utf-8")
    plain = save(docx_plain(), "taobei.docx")
    save(docx_numbered(), "taobei-numbered.docx")
    table = save(docx_table(), "taobei-table.docx")
    (OUT / "taobei-tasks.xlsx").write_bytes(xlsx_tasks())
    (OUT / "taobei.ofd").write_bytes(ofd())
    convert(plain, "doc")
    convert(plain, "pdf")
    convert(table, "pdf")
    (OUT / "scanned.pdf").write_bytes(SCANNED_PDF)
    encrypted_pdf()
    for path in sorted(OUT.iterdir()):
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
