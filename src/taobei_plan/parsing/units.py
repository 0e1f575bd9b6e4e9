"""Units named in a clause: splitting a list, canonical names, the distributive 各, and kinds.

Works on spans of folded text so each unit keeps its ``raw`` slice exactly as written while its
``name`` is canonical (half-width, no whitespace, simplified, 各 carried over).
"""

from __future__ import annotations

import re

from ..models import Unit, UnitKind
from .memo import memoised

#: Separators between units at bracket depth 0. 及/以及 join units (…区畜牧局及各乡(镇)…).
#: 和/与 join units only before a 各 or a category (有关部门), or 和 after 部门/单位 (文化和旅游部
#: is one name).
_SEPARATOR = (
    r"以及|[、,;/及 ]|[和与](?=各)|(?<=部门|单位)和(?!单位|部门)"
    r"|[和与](?=(?:其他|其它)?(?:有关|相关)(?:部门|单位|方面))"  # …与有关部门: a category
)
_TOKEN = re.compile(rf"[\[\]()<>]|{_SEPARATOR}")  # <…> too: 各县<市、区>政府 is one name
#: ``等`` ends a list and the category after it is not a unit: 等, 等单位, 等有关部门和单位,
#: 等国务院相关部门, 等省直有关单位, 等市直部门, 等各有关方面.
_ETC_TAIL = re.compile(
    r"""等
    (?:国务院|中央|省直|市直|区直|县直|省级|市级|县级|各)?  # whose: 等省直…
    (?:其他|其它)?(?:[有相]关)?                            # 其他, 有关
    (?:部门|单位|机构|方面)?(?:和(?:单位|部门))?$          # the category: 部门和单位
    """,
    re.X,
)
#: Adverbs around a name are not part of it: 国务院各部门分别(负责), 具体(负责).
_ADVERBS = ("分别", "共同", "协同", "具体", "统筹", "积极", "主动")
_ADVERB = re.compile(rf"(?:{'|'.join(_ADVERBS)})+$")

#: Places a distributive 各 carries over to: 各乡(镇)、场 → 各乡(镇), 各场.
LOCALITY_NOUNS = frozenset(
    {
        "乡(镇)",
        "乡镇",
        "乡",
        "镇",
        "场",
        "街道",
        "村",
        "社区",
        "区",
        "县",
        "市",
        "县级市",
        "地区",
        "省",
        "省(区、市)",
        "县(区)",
        "县(市、区、旗)",
        "州",
        "盟",
        "自治州",
        "县(市、区)",
        "县(市)",
        "市(州)",
        "旗",
        "开发区",
        "园区",
        "省级人民政府",
        "地方人民政府",
        "市人民政府",
        "县人民政府",
        "区人民政府",
        "乡(镇)人民政府",
        "街道办事处",
        "自治区",
        "直辖市",
    }
)
_LOCALITY = re.compile(r"^(?:各有关|各相关|各|相关|有关)(?P<place>.+)$")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|办事处|管委会)$")
#: 相关单位, 各有关单位, 各单位, 各包保单位, and "whoever concerned" with a prefix: 国务院有关部门.
_GENERIC = re.compile(
    r"""^(?:[区市县省]级)?(?:各)?(?:[有相]关)?(?:包保)?(?:单位|部门|机构)$     # 各有关单位
    | ^.{0,8}?(?:其他|其它)?(?:有关|相关)(?:部门|单位|机构)(?:和(?:单位|部门))?$  # 国务院有关部门
    """,
    re.X,
)
_GROUP = re.compile(r"(?:成员单位|驻在部门|各专班|各部门|各单位)$|.各.")

Span = tuple[int, int]

#: A body's name straight after a closing bracket, with no separator: 综合执法局(安监局)规划局.
_GLUED_NAME = re.compile(r"[^\W\d_]{1,10}?(?:局|委|办|中心|政府|支队|大队|公司)(?=$|[、,;/ ])")


def split_spans(folded: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split ``folded[start:end]`` at separators outside brackets; spans are trimmed, never empty."""
    end = len(folded) if end is None else end
    spans: list[Span] = []
    depth, piece = 0, start
    for token in _TOKEN.finditer(folded, start, end):  # visits marks only, not every character
        mark = token.group()
        if mark in "([<":
            depth += 1
        elif mark in ")]>":
            depth = max(depth - 1, 0)
            if depth == 0 and _glued(folded, piece, token.start(), token.end(), end):
                spans.append((piece, token.end()))  # 综合执法局(安监局)规划局: two names
                piece = token.end()
        elif depth == 0 and not (mark == " " and len(folded[piece : token.start()].strip()) <= 1):
            spans.append((piece, token.start()))  # (a space after one character, 区 财政局,
            piece = token.end()  # is a stray space from a conversion, not a separator)
    spans.append((piece, end))
    return [trimmed for span in spans if (trimmed := _trim(folded, span))]


def _glued(folded: str, piece: int, close: int, after: int, end: int) -> bool:
    """A name in brackets, another body's name glued after it: 综合执法局(安监局)规划局 (but
    县(市、区)人民政府 is one name: its bracket holds places, not a body)."""
    opened = folded.rfind("(", piece, close)
    inner = folded[opened + 1 : close] if opened >= 0 else ""
    return _BODY_END.search(inner) is not None and _GLUED_NAME.match(folded, after, end) is not None


_BODY_END = re.compile(r"(?:局|委|办|部|中心)$")


def _trim(folded: str, span: Span) -> Span | None:
    start, end = span
    while start < end and folded[start] in " ,;:、.\n由":  # 由X牵头: 由 is not a name
        start += 1
    while end > start and folded[end - 1] in " ,;:、.。\n":
        end -= 1
    if folded.find("等", start, end) >= 0:  # the patterns only where they can match: cheaper
        etc = _ETC_TAIL.search(folded, start, end)
        if etc:
            end = etc.start()
    if folded.endswith(_ADVERBS, start, end):
        adverb = _ADVERB.search(folded, start, end)
        if adverb and adverb.start() > start:
            end = adverb.start()
    if folded.count(")", start, end) > folded.count("(", start, end) and folded[end - 1] == ")":
        end -= 1  # a stray closing bracket (住建局)) is not part of the name
    if folded.count("(", start, end) > folded.count(")", start, end) and folded[start] == "(":
        start += 1
    return (start, end) if end > start else None


def kind_of(name: str) -> UnitKind:
    """Classify a canonical name; see the README for the four kinds."""
    if _GENERIC.match(name) or name in ("各包保单位", "包保单位"):
        return "generic"
    locality = _LOCALITY.match(name)
    if name in LOCALITY_NOUNS or (
        locality and (locality["place"] in LOCALITY_NOUNS or _GOVERNMENT.search(locality["place"]))
    ):
        return "locality"
    if _GROUP.search(name):
        return "group"
    return "department"


def units_in(raw: str, folded: str, span: Span) -> list[Unit]:
    """The units listed in ``span`` of a clause, 各 distributed over bare place nouns."""
    start, end = span
    left = max(start - _CONTEXT, 0)
    return list(_units_of(raw[left:end], folded[left:end], start - left))


#: Characters before a span that splitting looks back at: ``(?<=部门|单位)和``.
_CONTEXT = 2


@memoised(maxsize=8192)
def _units_of(raw: str, folded: str, offset: int) -> tuple[Unit, ...]:
    """``units_in`` of ``folded[offset:]``, memoised: a notice lists the same segments (各乡(镇)、
    场) again and again. The text before ``offset`` is the context the splitter may look at."""
    units: list[Unit] = []
    carried = False
    for start, end in split_spans(folded, offset):
        written = raw[start:end].strip()
        name = "".join(folded[start:end].split())  # the canonical form: folded already
        if not name:
            continue
        if name.startswith("各"):
            carried = _place(name[1:])
        elif carried and _place(name):  # 各市、县(区)人民政府 → 各市, 各县(区)人民政府
            name = "各" + name
        else:
            carried = False
        units.append(unit(name, written))
    return tuple(_share_head(units))


#: The head a list of places under one 各 may share: 各县、市、区政府 is 各县政府, 各市政府, 各区政府.
_HEAD = re.compile(r"(人民政府|政府)$")


def _share_head(units: list[Unit]) -> list[Unit]:
    """Give the bare places of a distributive list the head its last place carries."""
    if sum(u.name.startswith("各") for u in units) < 2:
        return units  # no run of 各… units: nothing to share
    out = list(units)
    index = 0
    while index < len(out):
        end = index
        while (
            end + 1 < len(out)
            and out[end].name.startswith("各")
            and out[end + 1].name.startswith("各")
        ):
            end += 1
        head = _HEAD.search(out[end].name)
        if end > index and head:
            for k in range(index, end):
                if out[k].name[1:] in LOCALITY_NOUNS and not _HEAD.search(out[k].name):
                    name = out[k].name + head.group()
                    out[k] = unit(name, out[k].raw)
        index = end + 1
    return out


@memoised(maxsize=8192)
def unit(name: str, raw: str) -> Unit:
    """The unit of this name as written, one shared instance: a notice names its few dozen
    units hundreds of times, and a parse's memory is mostly such small objects. (Units are never
    changed after they are made, so sharing them is safe.)"""
    return Unit(name=name, raw=raw, kind=kind_of(name))


def _place(name: str) -> bool:
    """A bare place noun, with or without its government: 场, 街道, 县(区)人民政府."""
    return name in LOCALITY_NOUNS or _GOVERNMENT.sub("", name) in LOCALITY_NOUNS


def unique(units: list[Unit]) -> list[Unit]:
    """Units in order of first appearance, one per canonical name."""
    first: dict[str, Unit] = {}
    for unit in units:
        first.setdefault(unit.name, unit)
    return list(first.values())
