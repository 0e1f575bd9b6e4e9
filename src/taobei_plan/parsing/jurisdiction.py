"""Whose notice it is: the issuing government's area (白城市洮北区, 鞍山市立山区, 中央).

A unit's name means something only within its government: 区发改局 of 洮北区 and of 立山区 are two
bureaus. The area is read from what names the issuer — the portal's 发文机关, the red header
(``鞍山市立山区人民政府文件``), the signer, the title, the 文号 (``国发``, ``国办发``: the State
Council) — and, failing those, from the body's ``结合官渡区实际``. The most specific reading wins
when they agree (``鞍山市立山区`` over ``立山区``); when they disagree, the first in that order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import CoveringNotice, Metadata, Notice, Plan

#: The central government: the State Council, the Party centre, ministries and commissions.
CENTRAL = "中央"
_HAN = "\u4e00-\u9fff"
_CENTRAL_ORGAN = re.compile(
    rf"""^(?:国务院|中共中央|中华人民共和国|全国人民代表大会|国家[{_HAN}]{{1,12}}
    |[{_HAN}]{{2,8}}(?:部|总局|总署)(?:办公厅)?(?=关于|印发|文件|$))""",
    re.X,
)
_CENTRAL_NUMBER = re.compile(r"^(?:国发|国办发|国函|国办函|中发|中办发)〔")
#: An area at the head of an organ's name: an optional province or city, then the government's
#: own level (市, 区, 县, 旗, an 实验区 or 开发区), followed by what the organ is.
_AREA = re.compile(
    rf"""^((?:[{_HAN}]{{1,12}}?(?:省|自治区|市|自治州|州|盟|地区))?
    [{_HAN}]{{1,12}}?(?:省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗|林区|特区))
    (?=人民政府|政府|管委会|管理委员会|党工委|委员会|办公室|办公厅|文件|关于|印发)""",
    re.X,
)
#: The red header printed above a notice: ``鞍山市立山区人民政府文件``.
_RED_HEADER = re.compile(rf"^\s*([{_HAN}]{{2,30}}文件)\s*$")
#: ``结合官渡区实际``, ``结合我区实际`` (the latter names no one).
_LOCAL_PHRASE = re.compile(rf"结合([{_HAN}]{{2,8}}?(?:省|市|州|区|县|旗))实际")


def area_of(organ: str | None) -> str | None:
    """The government an organ's name belongs to: 白城市洮北区人民政府 → 白城市洮北区."""
    if not organ:
        return None
    organ = "".join(organ.split())
    if _CENTRAL_ORGAN.match(organ):
        return CENTRAL
    found = _AREA.match(organ)
    return found.group(1) if found else None


def jurisdiction(
    organs: Iterable[str | None],
    document_number: str | None,
    head_lines: Sequence[str],
    body: str | None,
) -> str | None:
    """The issuing government's area, or None when nothing says it. ``organs``: names of the
    issuer in order of trust (发文机关, signer, titles); ``head_lines``: the text's first lines."""
    headers = (m.group(1) for m in map(_RED_HEADER.match, head_lines) if m)
    readings = [area for area in map(area_of, [*organs, *headers]) if area]
    if document_number and _CENTRAL_NUMBER.match(document_number):
        readings.append(CENTRAL)
    if not readings and body:
        local = _LOCAL_PHRASE.search(body)
        if local and not local.group(1).startswith("我"):
            readings.append(local.group(1))
    if not readings:
        return None
    first = readings[0]
    agreeing = [area for area in readings if area.endswith(first) or first.endswith(area)]
    return max(agreeing, key=len)


#: The province or city ahead of an area's own name (白城市 of 白城市洮北区).
_PARENT = re.compile(rf"^[{_HAN}]{{1,12}}?(?:省|自治区|市|自治州|州|盟|地区)(?=[{_HAN}]{{2}})")


def short_name(area: str) -> str:
    """An area without its province or city: 白城市洮北区 → 洮北区 (how its units prefix it)."""
    found = _PARENT.match(area)
    rest = area[found.end() :] if found else area
    return rest if _AREA.match(rest + "人民政府") else area


#: Governments whose short name drops no level character (平潭综合实验区, not 平潭综合实验).
_WHOLE_NAMES = ("实验区", "开发区", "新区", "自治县", "林区", "自治区", "自治州")


def qualified_names(name: str, area: str | None) -> list[str]:
    """Other names of a unit within ``area``: 区发改局 of 白城市洮北区 is also 洮北区发改局,
    白城市洮北区发改局 and 洮北发改局; a name without a level prefix (经济发展局) gets the area's
    the same way. A name prefixed by another level (县… in a 区's notice) gets none."""
    if not area or area == CENTRAL:
        return []
    short = short_name(area)
    level = short[-1]
    if name[:1] in LEVELS and name[0] != level:
        return []
    stem = name[1:] if name.startswith(level) else name
    forms = [short + stem, area + stem]
    if len(short) > 2 and not short.endswith(_WHOLE_NAMES):
        forms.append(short[:-1] + stem)
    return [form for form in dict.fromkeys(forms) if form != name]


#: The level characters a unit's name may start with, relative to its government (区发改局).
LEVELS = frozenset("省市区县旗")


#: How much of a text's head the red header and ``结合…实际`` are looked for in.
HEAD_LINES, HEAD_CHARACTERS = 12, 4000


def read_jurisdiction(
    meta: Metadata, covering: CoveringNotice, plan: Plan, head: str = ""
) -> str | None:
    """The jurisdiction from a notice's parts and, when the text is at hand, its ``head``
    (a parse has it; a notice read back from JSON has only the covering body and preamble)."""
    head = head[:HEAD_CHARACTERS]
    body = head or "\n".join(filter(None, (covering.body, plan.preamble)))[:HEAD_CHARACTERS]
    return jurisdiction(
        (meta.issuer, covering.signer, covering.title, meta.title, plan.title),
        meta.document_number or covering.document_number,
        head.split("\n", HEAD_LINES)[:HEAD_LINES] if head else [],
        body,
    )


def of_notice(notice: Notice) -> str | None:
    """The jurisdiction of a notice, also of one parsed before taobei read it (its JSON has
    none): then from the fields a parse keeps (no red header: the text is not kept)."""
    if notice.jurisdiction is not None:
        return notice.jurisdiction
    return read_jurisdiction(notice.metadata, notice.notice, notice.plan)


def identity(notice: Notice) -> str:
    """What makes two files one notice: its 文号 (brackets and spaces as one), else its title,
    issuer and date, else its bytes."""
    number = notice.metadata.document_number or notice.notice.document_number
    if number:
        folded = "".join(number.split()).translate(_BRACKETS)
        return f"文号:{folded}"
    title = notice.metadata.title or notice.notice.title or notice.plan.title
    if title:
        issuer = notice.metadata.issuer or notice.notice.signer or ""
        day = notice.metadata.written_date or notice.notice.signed_date or ""
        return f"标题:{''.join(title.split())}|{issuer}|{day}"
    return f"sha256:{notice.source.sha256}"


_BRACKETS = str.maketrans("[]［］【】〔〕(（)）", "〔〕〔〕〔〕〔〕〔〔〕〕")
