"""The parts before and around the task list: portal metadata, covering notice, plan title.

Portal pages state their metadata twice — one field a line, then two a line — with spaces or
NBSPs inside labels (``索  引 号:``). Every statement is read; the first wins and a disagreement
is a diagnostic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from ..diagnostics import Diagnostics
from ..models import CoveringNotice, Metadata, Paragraph, Plan
from .source import SENTENCE_MARK, Line, fold


def _label(word: str) -> str:
    return "[ ]*".join(word)


_FIELDS = {
    "index_number": ("索引号",),
    "categories": ("主题分类", "分类"),
    "issuer": ("发文机关", "发布机构"),
    "written_date": ("成文日期",),
    "title": ("标题",),
    "document_number": ("发文字号", "文号"),
    "published_date": ("发布日期", "发布时间"),
}
#: Web-page furniture above a notice: breadcrumbs, source and font-size bars, a bare timestamp.
_FURNITURE = re.compile(
    r"^[ ]*(?:首页|当前位置|您现在的位置|您的位置|来源[ ]*:|作者[ ]*:|浏览次数|点击[数率]|"
    r"[\[]?[ ]*字[体号][ ]*:|打印|关闭|分享到|扫一扫|政府信息公开|信息公开)"
    r"|[>›»]|^[ ]*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ ]+\d{1,2}:\d{2}(?::\d{2})?)?[ ]*$"
)
_LABELS = [(name, _label(word)) for name, words in _FIELDS.items() for word in words]
_METADATA_LABEL = re.compile(
    "(?:" + "|".join(f"(?P<l{i}>{pattern})" for i, (_, pattern) in enumerate(_LABELS)) + r")[ ]*:"
)

DATE = re.compile(
    r"(\d{4})[ ]*年[ ]*(\d{1,2})[ ]*月[ ]*(\d{1,2})[ ]*日|(\d{4})-(\d{1,2})-(\d{1,2})"
)
_DATE_LINE = re.compile(r"^[ ]*(?:\d{4}[ ]*年[ ]*\d{1,2}[ ]*月[ ]*\d{1,2}[ ]*日)[ ]*$")
_NUMBER = r"\S{1,12}[\[(]\d{4}[\])]\d{1,4}号"  # 白洮政发〔2021〕29号 (〔〕 fold to ())
_DOCUMENT_NUMBER = re.compile(rf"^[ ]*({_NUMBER})[ ]*$")
_DOCUMENT_NUMBER_PREFIX = re.compile(rf"^{_NUMBER}")
_DISCLOSURE = re.compile(r"^[ ]*[(]?(此件[^()]{0,12})[)]?[ ]*$")
_RECIPIENTS = re.compile(r"^[ ]*(?P<list>[^。]{2,200}):[ ]*$")
_ATTACHMENT = re.compile(r"^[ ]*附件[ ]*\d*[ ]*:?[ ]*$")  # the 附件 label above an attachment
_CATEGORY_SEPARATOR = re.compile(r"[;,]")
_TITLE_WORDS = re.compile(r"关于|通知$|意见$|方案$")


def parse_date(text: str | None) -> date | None:
    """'2021年12月02日' or '2021-12-02' → date; None when absent or impossible."""
    match = DATE.search(text or "")
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups() if g is not None)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_date_line(line: Line) -> bool:
    return bool(_DATE_LINE.match(line.folded))


def is_metadata_line(line: Line) -> bool:
    match = _METADATA_LABEL.match(line.folded.lstrip())
    return match is not None


class Header(NamedTuple):
    metadata: Metadata
    front_matter: list[Paragraph]
    end: int  # index of the first line after the metadata block


def read_metadata(lines: Sequence[Line], diagnostics: Diagnostics, search: int = 40) -> Header:
    """Find the metadata block near the top; only page furniture may stand above it."""
    first = None
    for index, line in enumerate(lines[:search]):
        if is_metadata_line(line):
            first = index
            break
        if not (line.blank or _FURNITURE.search(line.folded)):
            break
    if first is None:
        end = 0
        while end < len(lines) and (lines[end].blank or _FURNITURE.search(lines[end].folded)):
            end += 1
        return Header(Metadata(), _paragraphs(lines[:end]), end)
    end = first
    while end < len(lines) and (lines[end].blank or is_metadata_line(lines[end])):
        end += 1
    values: dict[str, tuple[str, int]] = {}
    for line in lines[first:end]:
        for name, value in _fields_in(line):
            if not value:
                continue
            if name not in values:
                values[name] = (value, line.number)
            elif _squash(values[name][0]) != _squash(value):
                diagnostics.warning(
                    "metadata-mismatch",
                    line.number,
                    f"{name} is '{value}' here but '{values[name][0]}' on line {values[name][1]}",
                )
    front = _paragraphs(lines[:first])
    get = {name: value for name, (value, _) in values.items()}
    metadata = Metadata(
        index_number=get.get("index_number"),
        categories=[
            c.strip() for c in _CATEGORY_SEPARATOR.split(get.get("categories", "")) if c.strip()
        ],
        issuer=get.get("issuer"),
        written_date=parse_date(get.get("written_date")),
        published_date=parse_date(get.get("published_date")),
        title=get.get("title"),
        document_number=get.get("document_number"),
        line=lines[first].number,
    )
    return Header(metadata, front, end)


def _paragraphs(lines: Sequence[Line]) -> list[Paragraph]:
    return [Paragraph(text=line.raw.strip(), line=line.number) for line in lines if not line.blank]


def _fields_in(line: Line) -> list[tuple[str, str]]:
    """Every (field, value) a metadata line states; values keep the raw characters."""
    labels = list(_METADATA_LABEL.finditer(line.folded))
    if not labels:
        return []
    out = []
    for label, following in zip(labels, [*labels[1:], None], strict=True):
        assert label.lastgroup is not None  # one of the pattern's groups l0, l1, … matched
        name = _LABELS[int(label.lastgroup[1:])][0]
        stop = following.start() if following else len(line.raw)
        out.append((name, _squash(line.raw[label.end() : stop])))
    return out


def _squash(text: str) -> str:
    """Collapse runs of any whitespace (NBSP and U+3000 included) to one space."""
    return " ".join(text.split())


class Signature(NamedTuple):
    signer: Line | None
    date: Line
    disclosure: Line | None

    @property
    def lines(self) -> set[int]:
        return {line.number for line in (self.signer, self.date, self.disclosure) if line}


def find_signature(lines: Sequence[Line], start: int, stop: int) -> Signature | None:
    """The first date line in ``lines[start:stop]``, with the signer above and disclosure below."""
    content = [line for line in lines[start:stop] if not line.blank]
    for i, line in enumerate(content):
        if not is_date_line(line):
            continue
        signer = content[i - 1] if i and _is_signer(content[i - 1]) else None
        after = content[i + 1] if i + 1 < len(content) else None
        disclosure = after if after and _DISCLOSURE.match(after.folded) else None
        return Signature(signer, line, disclosure)
    return None


def _is_signer(line: Line) -> bool:
    text = line.folded.strip()
    return 0 < len(text) <= 40 and not SENTENCE_MARK.search(text) and "," not in text


def read_covering(lines: Sequence[Line], signature: Signature | None) -> CoveringNotice:
    """The covering notice from its non-blank lines (title, number, recipients, body)."""
    body_lines = [
        line
        for line in lines
        if not line.blank and (signature is None or line.number not in signature.lines)
    ]
    if not body_lines and signature is None:
        return CoveringNotice()
    number = next((line for line in body_lines if _DOCUMENT_NUMBER.match(line.folded)), None)
    recipients = next((line for line in body_lines if _RECIPIENTS.match(line.folded)), None)
    head_end = recipients or number
    head = [line for line in body_lines if head_end is None or line.number < head_end.number]
    title_lines = [line for line in head if line is not number] or body_lines[:1]
    title = _pick_title(title_lines)
    body = [line for line in body_lines if recipients and line.number > recipients.number]
    return CoveringNotice(
        title=title,
        document_number=_group_as_written(_DOCUMENT_NUMBER, number),
        recipients=_recipients(recipients) if recipients else [],
        body="\n".join(line.raw.strip() for line in body) or None,
        signer=signature.signer.raw.strip() if signature and signature.signer else None,
        signed_date=parse_date(signature.date.folded) if signature else None,
        disclosure=_group_as_written(_DISCLOSURE, signature.disclosure if signature else None),
        line=body_lines[0].number if body_lines else None,
    )


def _group_as_written(pattern: re.Pattern[str], line: Line | None) -> str | None:
    """Group 1 of ``pattern`` matched on the folded line, sliced from the raw one."""
    match = pattern.match(line.folded) if line else None
    return line.raw[match.start(1) : match.end(1)] if line and match else None


def _pick_title(lines: list[Line]) -> str | None:
    """Prefer the line naming the notice (关于…通知/意见/方案); else join the title lines."""
    naming = [line for line in lines if _TITLE_WORDS.search(line.folded.strip())]
    chosen = naming[-1:] if naming and len(lines) > 2 else lines
    title = "".join(line.raw.strip() for line in chosen)
    number = _DOCUMENT_NUMBER_PREFIX.match(fold(title))
    return title[number.end() :] if number and number.end() < len(title) else title or None


def _recipients(line: Line) -> list[str]:
    """Split the addressee line at top-level commas; 、 stays inside one entry."""
    text = line.raw.strip().rstrip(":：")
    folded = line.folded.strip().rstrip(":")
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(folded):
        depth += (ch == "(") - (ch == ")")
        if ch in ",;" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def read_plan(lines: Sequence[Line]) -> Plan:
    """Title lines (short, no sentence punctuation) then the preamble paragraphs."""
    content = [line for line in lines if not line.blank and not _ATTACHMENT.match(line.folded)]
    title: list[Line] = []
    for line in content:
        text = line.folded.strip()
        if title and (len(text) > 60 or SENTENCE_MARK.search(text) or "," in text):
            break
        if not title and (len(text) > 60 or SENTENCE_MARK.search(text)):
            break
        title.append(line)
    preamble = content[len(title) :]
    return Plan(
        title="".join(line.raw.strip() for line in title) or None,
        preamble="\n".join(line.raw.strip() for line in preamble) or None,
        line=content[0].number if content else None,
    )
