"""Excel (.xlsx): each sheet's rows as tab-separated cells; the table reader knows the columns.

Read from the package's XML (shared strings and sheets) with the safe parser of ``packages``:
openpyxl guards against no entity expansion without defusedxml, and a task table needs only cell
text. Numbers are given as Excel stores them (``12``, ``3.5``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import TooLargeError
from . import Extracted
from .packages import Package, xml

if TYPE_CHECKING:
    from lxml import etree

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"


#: Bounds on what a workbook may give: a 100 KB file can name a cell in column XFD on every row
#: (16,384 columns), so its text is bounded, not its bytes alone. The text bound is the text
#: file's (20 M characters, tabs counted); cells with text are counted too.
MAX_TEXT = 20 * 1024 * 1024
MAX_CELLS = 2_000_000


def read(data: bytes, encoding: str | None = None) -> Extracted:
    package = Package(data, "Excel")
    strings = _shared_strings(package)
    lines: list[str] = []
    size = cells = 0
    for sheet in _sheets(package):
        for row in xml(package.read(sheet), sheet).iter(S + "row"):
            filled = _cells(row, strings)  # sparse: only cells with text
            if not filled:
                continue
            cells += len(filled)
            line = _line(filled)
            size += len(line) + 1
            if size > MAX_TEXT or cells > MAX_CELLS:
                raise TooLargeError(
                    f"the workbook's cells hold more than {MAX_TEXT:,} characters or "
                    f"{MAX_CELLS:,} cells of text (a row padded to column XFD?); refusing it"
                )
            lines.append(line)
    return Extracted("\n".join(lines), "xlsx", "utf-8")


def _line(filled: dict[int, str]) -> str:
    """Cells with text at their columns, tab-separated; empty columns between them as empty
    cells, none after the last."""
    last = max(filled)
    return "\t".join(filled.get(column, "") for column in range(last + 1))


def _shared_strings(package: Package) -> list[str]:
    if not package.has("xl/sharedStrings.xml"):
        return []
    root = xml(package.read("xl/sharedStrings.xml"), "xl/sharedStrings.xml")
    return [_text(item) for item in root.iter(S + "si")]


def _text(element: etree._Element) -> str:
    """A string item's text: its plain or rich-text runs, without phonetic guides (rPh)."""
    return "".join(t.text or "" for t in element.iter(S + "t") if t.getparent().tag != S + "rPh")


def _sheets(package: Package) -> list[str]:
    """Worksheet parts in workbook order."""
    workbook = xml(package.read("xl/workbook.xml"), "xl/workbook.xml")
    targets = {}
    if package.has("xl/_rels/workbook.xml.rels"):
        rels = xml(package.read("xl/_rels/workbook.xml.rels"), "workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(PR + "Relationship")}
    parts = []
    for sheet in workbook.iter(S + "sheet"):
        target = targets.get(sheet.get(R + "id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if target and package.has(part):
            parts.append(part)
    return parts


def _column(reference: str) -> int:
    """'C7' → 2 (0-based column)."""
    number = 0
    for char in reference:
        if not char.isalpha():
            break
        number = number * 26 + ord(char.upper()) - 64
    return number - 1


def _cells(row: etree._Element, strings: list[str]) -> dict[int, str]:
    """The row's cells that hold text, by 0-based column."""
    cells: dict[int, str] = {}
    next_column = 0
    for cell in row.iter(S + "c"):
        column = _column(cell.get("r", "")) if cell.get("r") else next_column
        next_column = column + 1
        if column > 16384 or column < 0:
            continue
        kind = cell.get("t")
        value = cell.find(S + "v")
        if kind == "inlineStr":
            text = _text(cell)
        elif kind == "s" and value is not None and (value.text or "").isdigit():
            index = int(value.text or "0")
            text = strings[index] if index < len(strings) else ""
        else:
            text = value.text or "" if value is not None else ""
        text = text.replace("\n", "").replace("\t", " ")
        if text.strip():
            cells[column] = text
    return cells
