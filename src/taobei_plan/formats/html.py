"""Web pages (.html): the portal's metadata table, then the article, one block a line.

Portal pages wrap a notice in navigation, share bars and layout tables. We keep two things: the
metadata table (索引号, 发文机关, 成文日期, 标题, 发文字号, 发布日期), each row a line so the header
reader finds its labels as in text; and the article, found by its usual ids and classes or, failing
those, as the element holding the most paragraph text. Block elements and ``<br>`` end lines; a
table of data becomes tab-separated rows, while a layout table (cells holding paragraphs or
tables) is read as the blocks it holds. Script, style, forms, frames and links to attached files
(``附件：….docx``) are dropped. No entity is resolved and nothing is fetched.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import Extracted
from .text import bom_encoding, decode

if TYPE_CHECKING:
    from lxml import html as lxml_html

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
_DROP = ("script", "style", "noscript", "iframe", "frame", "object", "embed", "form", "button",
         "select", "textarea", "nav", "canvas", "svg", "template", "head")  # fmt: skip
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
           "blockquote", "pre", "dd", "dt", "dl", "center", "header", "footer", "main", "aside",
           "address", "figure", "figcaption", "table", "tr", "tbody", "thead", "tfoot", "hr",
           "caption", "body", "html", "td", "th"}  # fmt: skip
#: Where portals put the article: ids and classes of the common CMSs (TRS, UCAP, …).
_ARTICLE = re.compile(
    r"^(?:UCAP-CONTENT|zoom|Zoom|pages_content|article|content|TRS_Editor|trs_editor|"
    r"ContentRegion|con|news_content|detail|art_con|article-content|xxgk_content|zwgk_content)$",
    re.IGNORECASE,
)
_FILE_LINK = re.compile(r"\.(?:docx?|wps|pdf|ofd|xlsx?|et|zip|rar|7z)(?:[?#].*)?$", re.IGNORECASE)
_ATTACHMENT_LABEL = re.compile(r"^\s*(?:相关)?附件\s*\d*\s*[:：]?\s*$")
_FURNITURE = re.compile(
    r"^\s*(?:【\s*(?:打印本页|打印|关闭窗口|关闭|字体\s*[:：].*|收藏|返回顶部|大|中|小)\s*】\s*)+$"
    r"|^\s*(?:分享到|扫一扫|打印本页|关闭窗口|【\s*字体|上一篇|下一篇|相关链接)"
)
_METADATA_WORDS = ("索引号", "发文机关", "成文日期", "发文字号", "发布日期", "主题分类")


def read(data: bytes, encoding: str | None = None) -> Extracted:
    text, used = _decode(data, encoding)
    return Extracted("\n".join(page_lines(text)), "html", used)


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    """The charset named by the caller, else a BOM, else ``<meta charset>``, else detection."""
    if encoding is None and bom_encoding(data) is None:
        declared = _CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii").lower()
            encoding = _WIDER.get(name, name)
            try:
                return data.decode(encoding), encoding
            except (LookupError, UnicodeDecodeError):
                encoding = None  # a wrong label: fall back to detection
    return decode(data, encoding)


def page_lines(text: str) -> list[str]:
    """The lines of a page: its metadata table rows, then its article."""
    from lxml import etree
    from lxml import html as lxml_html

    from .packages import check_tags

    check_tags(text.count("<"), "the page")
    # an XHTML page's <?xml … encoding="…"?> would make lxml refuse the decoded text: drop it
    page = lxml_html.document_fromstring(_XML_DECLARATION.sub("", text, count=1) or "<html></html>")
    for element in list(page.iter(*_DROP)):
        _remove(element)
    for comment in list(page.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(comment)
    for link in list(page.iter("a")):
        if _FILE_LINK.search(link.get("href") or ""):
            _remove(link)
    metadata = _metadata_table(page)
    article = _article(page)
    lines = _rows(metadata) if metadata is not None and not _inside(metadata, article) else []
    lines += [line for line in _block_lines(article) if not _FURNITURE.search(line)]
    return _drop_attachment_labels(lines)


def _remove(element: lxml_html.HtmlElement) -> None:
    """Drop an element but keep the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _inside(element: lxml_html.HtmlElement, container: lxml_html.HtmlElement) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


def _metadata_table(page: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The innermost table naming at least three metadata fields."""
    found = None
    for table in page.iter("table"):
        text = re.sub(r"\s+", "", table.text_content())
        if sum(word in text for word in _METADATA_WORDS) >= 3:
            found = table  # later matches are nested deeper: keep the innermost
    return found


def _article(page: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The element holding the notice: a known id/class, else the most paragraph text."""
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        names = [element.get("id") or "", *(element.get("class") or "").split()]
        if any(_ARTICLE.match(name) for name in names if name) and _text_size(element) > 200:
            return element
    scores: dict[lxml_html.HtmlElement, int] = {}
    for paragraph in page.iter("p", "br"):
        parent = paragraph.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + _text_size(paragraph)
    if not scores:
        body = page.find("body")
        return body if body is not None else page
    return max(scores, key=lambda element: scores[element])


def _text_size(element: lxml_html.HtmlElement) -> int:
    return len(re.sub(r"\s+", "", element.text_content()))


def _is_layout(table: lxml_html.HtmlElement) -> bool:
    """A table used for page layout: a cell holds another table, or cells hold paragraphs and
    no header row names the columns of a data table (Word's HTML puts a ``<p>`` in every cell of
    a 分工表; a portal's layout table puts the whole article in one)."""
    cells = list(table.iter("td", "th"))
    if any(cell.find(".//table") is not None for cell in cells):
        return True
    if all(cell.find(".//p") is None for cell in cells):
        return False
    return not any(_is_header(row) for row in _own_rows(table)[:3])


#: Words a data table's column headers hold (序号, 重点任务, 牵头单位, 完成时限, 责任领导, …).
_COLUMN_WORD = re.compile(r"序号|编号|任务|措施|单位|部门|时限|时间|领导|备注|问题|目标|内容|事项")


def _is_header(row: lxml_html.HtmlElement) -> bool:
    """A row of two or more short cells, at least two of them column words."""
    texts = [_clean(cell.text_content()) for cell in row if cell.tag in ("td", "th")]
    short = [text for text in texts if 0 < len(text) <= 12]
    return len(short) >= 2 and sum(bool(_COLUMN_WORD.search(text)) for text in short) >= 2


def _own_rows(table: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The table's rows, not those of tables nested in its cells."""
    return [row for row in table.iter("tr") if next(row.iterancestors("table")) is table]


def _block_lines(element: lxml_html.HtmlElement) -> list[str]:
    lines: list[str] = []
    current: list[str] = []

    def end_line() -> None:
        text = _clean("".join(current))
        if text:
            lines.append(text)
        current.clear()

    def walk(node: lxml_html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "table" and not _is_layout(node):
            end_line()
            lines.extend(_rows(node))
        elif tag == "br":
            end_line()
        else:
            block = tag in _BLOCKS
            if block:
                end_line()
            if node.text:
                current.append(node.text)
            for child in node:
                walk(child)
                if child.tail:
                    current.append(child.tail)
            if block:
                end_line()

    walk(element)
    end_line()
    return lines


#: Bounds on the spans a page may claim (a cell claiming 100,000 columns is a hostile page).
_MOST_COLUMNS = 64
_MOST_ROWS = 10_000


def _rows(table: lxml_html.HtmlElement) -> list[str]:
    """A data table: one line a row, cells by tab, each in its column. A cell's paragraphs join
    into one text; a place covered by a cell spanning rows from above is an empty cell (as a
    merged cell reads in Word), a cell spanning columns is followed by empty ones; a row of one
    cell (a category row: 一、产业发展) is that cell alone."""
    rows = []
    covered: dict[int, int] = {}  # column -> rows it is still covered for
    for row in _own_rows(table):
        cells: list[str] = []
        for cell in (cell for cell in row if cell.tag in ("td", "th")):
            _skip_covered(cells, covered)
            across = _span(cell, "colspan", _MOST_COLUMNS)
            down = _span(cell, "rowspan", _MOST_ROWS)
            for offset in range(across):
                if down > 1:
                    covered[len(cells) + offset] = down - 1
            cells += [_clean("".join(_block_lines(cell)))] + [""] * (across - 1)
        _skip_covered(cells, covered, to_end=True)
        if sum(bool(text) for text in cells) == 1 and cells[0]:
            cells = cells[:1]
        if any(cells):
            rows.append("\t".join(cells).rstrip("\t"))
    return rows


def _skip_covered(cells: list[str], covered: dict[int, int], to_end: bool = False) -> None:
    """Empty cells for the places cells from rows above still cover, at the row's current
    column (and, ``to_end``, every covered place after it)."""
    while covered.get(len(cells), 0) > 0 or (to_end and any(c >= len(cells) for c in covered)):
        column = len(cells)
        if covered.get(column, 0) > 0:
            covered[column] -= 1
            if not covered[column]:
                del covered[column]
        cells.append("")


def _span(cell: lxml_html.HtmlElement, name: str, most: int) -> int:
    """A cell's colspan or rowspan, 1 when absent or not a number, at most ``most``."""
    value = (cell.get(name) or "1").strip()
    return min(max(int(value), 1), most) if value.isdigit() and len(value) < 7 else 1


def _clean(text: str) -> str:
    """Collapse the source's line breaks and runs of spaces; keep ideographic indents."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


def _drop_attachment_labels(lines: list[str]) -> list[str]:
    """An ``附件：`` label left alone once its file links are gone, at the end of the page."""
    while lines and _ATTACHMENT_LABEL.match(lines[-1]):
        lines.pop()
    return lines
