"""Word (.docx): body paragraphs and tables in document order, automatic numbering as printed.

Read from the package's XML with a safe parser (see ``packages``), not through python-docx: its
paragraph text leaves out tracked insertions and knows nothing of list numbers, which many
attachments print only through Word's numbering (``一、`` ``（一）`` ``1．`` from numbering.xml).
Headers, footers and their page-number fields live in other parts and are never read. Tracked
changes read as accepted: insertions kept, deletions (``w:delText``, ``w:moveFrom``) left out.
A table row is one line of tab-separated cells, each in its grid column; a vertically merged
cell is given once, empty below.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import Extracted
from .numbers import render
from .packages import Package, xml

if TYPE_CHECKING:
    from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: Elements whose text is not the document's: deletions, moved-away text, field codes, text
#: boxes (given twice, as a drawing and its fallback), footnote marks.
_SKIP = {W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "txbxContent", _MC_FALLBACK}
_SENTENCE_END = "、.．)）:："


def read(data: bytes, encoding: str | None = None) -> Extracted:
    package = Package(data, "Word")
    return Extracted("\n".join(document_lines(package)), "docx", "utf-8")


def document_lines(package: Package) -> list[str]:
    """The body as lines: one a paragraph (with its list number), one a table row."""
    body = xml(package.read("word/document.xml"), "word/document.xml").find(W + "body")
    numbering = Numbering.load(package)
    lines: list[str] = []
    for element in _blocks(body):
        if element.tag == W + "p":
            lines += paragraph_text(element, numbering).split("\n")
        else:
            lines += _table_rows(element, numbering)
    return lines


def _blocks(parent: etree._Element | None) -> Iterator[etree._Element]:
    """Paragraphs and tables in order, looking inside content controls (``w:sdt``)."""
    for child in parent if parent is not None else ():
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins"):
            yield from _blocks(child if child.tag != W + "sdt" else child.find(W + "sdtContent"))


def paragraph_text(paragraph: etree._Element, numbering: Numbering) -> str:
    number = numbering.label(paragraph)
    text = "".join(_runs(paragraph))
    if number and not number.endswith(tuple(_SENTENCE_END)) and text:
        number += " "
    return number + text


def _runs(element: etree._Element) -> Iterator[str]:
    for child in element:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == W + "t":
            yield child.text or ""
        elif tag == W + "tab":
            yield "\t"
        elif tag in (W + "br", W + "cr"):
            yield "\n" if child.get(W + "type") in (None, "textWrapping") else ""
        elif tag == W + "noBreakHyphen":
            yield "-"
        elif tag != W + "pPr" and tag != W + "rPr":
            yield from _runs(child)


def _table_rows(table: etree._Element, numbering: Numbering) -> list[str]:
    rows = []
    for row in table.iter(W + "tr"):
        if row.getparent() is not table:
            continue  # a nested table's rows are read as the text of their cell
        cells = []
        for cell in row.findall(W + "tc"):
            merge = cell.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(W + "val") in (None, "continue"):
                cells.append("")  # continues the cell above: its text was given there
                continue
            paragraphs = [paragraph_text(p, numbering) for p in cell.iter(W + "p")]
            cells.append("".join(p.replace("\n", "") for p in paragraphs).strip())
            cells += [""] * (_grid_span(cell) - 1)  # the columns it spans stay in place
        if sum(bool(text) for text in cells) == 1 and cells[0]:
            cells = cells[:1]  # a category row (一、产业发展) spanning the table: that cell alone
        if any(cells):
            rows.append("\t".join(cells).rstrip("\t"))
    return rows


def _grid_span(cell: etree._Element) -> int:
    """How many grid columns a cell spans (``w:gridSpan``), 1 to 64."""
    span = cell.find(f"{W}tcPr/{W}gridSpan")
    value = (span.get(W + "val") or "1") if span is not None else "1"
    return min(int(value), 64) if value.isdigit() and 0 < len(value) < 4 and int(value) else 1


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """numbering.xml and the list styles: level formats, and the counters as the text runs."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId → levels
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId → abstract
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)  # style → (numId, level)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    restarted: set[str] = field(default_factory=set)
    #: styles.xml, parsed when a paragraph first names a style: Word's default styles part is
    #: several times the size of a notice's text, and most attachments' paragraphs name none.
    unread_styles: bytes | None = None

    @classmethod
    def load(cls, package: Package) -> Numbering:
        found = cls()
        if package.has("word/numbering.xml"):  # without it no style can number a paragraph
            found._read_numbering(xml(package.read("word/numbering.xml"), "word/numbering.xml"))
            if package.has("word/styles.xml"):
                found.unread_styles = package.read("word/styles.xml")
        return found

    def _read_numbering(self, root: etree._Element) -> None:
        for abstract in root.findall(W + "abstractNum"):
            levels = {}
            for level in abstract.findall(W + "lvl"):
                levels[int(level.get(W + "ilvl", "0"))] = Level(
                    start=int(_val(level, "start") or 1),
                    fmt=_val(level, "numFmt") or "decimal",
                    text=_val(level, "lvlText") or "",
                )
            self.levels[abstract.get(W + "abstractNumId", "")] = levels
        for num in root.findall(W + "num"):
            overrides = {
                int(o.get(W + "ilvl", "0")): int(_val(o, "startOverride") or 1)
                for o in num.findall(W + "lvlOverride")
                if o.find(W + "startOverride") is not None
            }
            self.nums[num.get(W + "numId", "")] = (_val(num, "abstractNumId") or "", overrides)

    def _read_styles(self, root: etree._Element) -> None:
        based: dict[str, str] = {}
        direct: dict[str, tuple[str | None, int | None]] = {}
        for style in root.findall(W + "style"):
            name = style.get(W + "styleId", "")
            based[name] = _val(style, "basedOn") or ""
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                ilvl = _val(num_pr, "ilvl")
                direct[name] = (_val(num_pr, "numId"), int(ilvl) if ilvl else None)
        for name in based:
            seen, current = set(), name
            while current and current not in direct and current not in seen:
                seen.add(current)
                current = based.get(current, "")
            num_id, style_level = direct.get(current, (None, None))
            if num_id:
                self.styles[name] = (num_id, style_level or 0)

    def label(self, paragraph: etree._Element) -> str:
        """The number Word prints before this paragraph, advancing the counters; '' if none."""
        num_id, level = self._numbering_of(paragraph)
        if num_id is None or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.restarted and overrides:  # a restarted list begins anew
            self.restarted.add(num_id)
            for ilvl, start in overrides.items():
                counters[ilvl] = start - 1
        definition = levels.get(level, Level())
        counters[level] = counters.get(level, definition.start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        text = definition.text
        for ilvl in range(9):
            if f"%{ilvl + 1}" in text:
                own = levels.get(ilvl, Level())
                value = counters.get(ilvl, own.start)
                text = text.replace(f"%{ilvl + 1}", render(value, own.fmt))
        return text

    def _numbering_of(self, paragraph: etree._Element) -> tuple[str | None, int]:
        properties = paragraph.find(W + "pPr")
        if properties is None:
            return None, 0
        num_pr = properties.find(W + "numPr")
        if num_pr is not None:
            num_id = _val(num_pr, "numId")
            level = _val(num_pr, "ilvl")
            if num_id == "0":
                return None, 0  # numbering switched off for this paragraph
            if num_id is not None:
                return num_id, int(level or 0)
        style = _val(properties, "pStyle")
        if style is not None and self.unread_styles is not None:
            self._read_styles(xml(self.unread_styles, "word/styles.xml"))
            self.unread_styles = None
        if style in self.styles:
            num_id, style_level = self.styles[style]
            return num_id, int(
                _val(num_pr, "ilvl") or style_level
            ) if num_pr is not None else style_level
        return None, 0


def _val(element: etree._Element | None, name: str) -> str | None:
    """The ``w:val`` of the child ``w:name``."""
    if element is None:
        return None
    found = element.find(W + name)
    return None if found is None else found.get(W + "val")
