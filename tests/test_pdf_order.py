"""taobei's PDF text keeps pdfium's own reading order, line by line, on every PDF fixture.

taobei builds lines from character positions (content order is not reading order in tables);
pdfium's plain text follows the content stream. Modulo furniture (page numbers, the running
header, a table header repeated on a new page) and unwrapping (a paragraph is the printed lines
it was wrapped into), the two must read the same characters in the same order.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

pdfium = pytest.importorskip("pypdfium2")

from taobei_plan.formats import pdf  # noqa: E402
from taobei_plan.loader import parse_bytes  # noqa: E402
from taobei_plan.models import Task  # noqa: E402

FORMATS = Path(__file__).parent / "fixtures" / "formats"
WITH_TEXT = sorted(p for p in FORMATS.glob("*.pdf") if p.stem not in ("encrypted", "scanned"))
FURNITURE = re.compile(r"—?\d{1,3}—?|白城市洮北区人民政府文件")
TABLE_HEADER = "序号重点任务牵头单位配合单位"


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdfium_lines(data: bytes) -> list[str]:
    """pdfium's text of every page, a printed line at a time, furniture left out."""
    document = pdfium.PdfDocument(data)
    lines, headers = [], 0
    try:
        for page in document:
            for line in re.split(r"\r\n|\r|\n", page.get_textpage().get_text_range()):
                text = squashed(line)
                headers += text == TABLE_HEADER
                if (
                    text
                    and not FURNITURE.fullmatch(text)
                    and not (text == TABLE_HEADER and headers > 1)
                ):
                    lines.append(text)
    finally:
        document.close()
    return lines


def unread(ours: list[str], theirs: list[str]) -> list[str]:
    """Our lines that are not the next printed lines of pdfium's text, joined. A table row
    broken over a page (its cells joined back cell by cell) may hold the same characters in
    another order: it must hold exactly the characters that come next."""
    stream, at, wrong = "".join(theirs), 0, []
    starts = {0}
    for line in theirs:
        starts.add(max(starts) + len(line))
    for line in ours:
        text = squashed(line)
        if not text:
            continue
        in_order = stream.startswith(text, at) and at + len(text) in starts
        broken_row = "\t" in line and Counter(stream[at : at + len(text)]) == Counter(text)
        if in_order or broken_row:
            at += len(text)
        else:
            wrong.append(line)
    return wrong + ([stream[at:]] if stream[at:] else [])


@pytest.mark.parametrize("path", WITH_TEXT, ids=lambda path: path.name)
def test_taobei_reads_pdfium_order(path: Path) -> None:
    data = path.read_bytes()
    ours = pdf.read(data).text.split("\n")
    assert unread(ours, pdfium_lines(data)) == []


def test_every_pdf_fixture_is_compared() -> None:
    names = {path.name for path in WITH_TEXT}
    assert names == {
        "taobei.pdf",
        "taobei-table.pdf",
        "taobei-justified.pdf",
        "taobei-justified-fonts.pdf",
    }


@pytest.mark.parametrize("name", ["taobei-justified.pdf", "taobei-justified-fonts.pdf"])
def test_justified_mixed_font_pdfs_give_every_task(name: str) -> None:
    """Every task as the notice prints it: text, number and units, as read from the .txt."""
    raw = Path(__file__).parents[1] / "data" / "raw" / "taobei-14th-five-year-plan-tasks.txt"
    expected = parse_bytes(raw.read_bytes(), "raw")
    notice = parse_bytes((FORMATS / name).read_bytes(), name)
    tasks = [task for section in notice.sections for task in section.tasks]
    assert len(tasks) == 118
    assert [task.number for task in tasks[85:88]] == [86, 87, 87]
    assert [reading(task) for task in tasks] == [
        reading(task) for section in expected.sections for task in section.tasks
    ]


def reading(task: Task) -> tuple[int | None, str, list[str], list[str]]:
    """A task's number, text and units (a clause's raw text may lose a space before ``]``)."""
    r = task.responsibility
    leads, co = ([u.name for u in r.leads], [u.name for u in r.co]) if r else ([], [])
    return task.number, task.text, leads, co
