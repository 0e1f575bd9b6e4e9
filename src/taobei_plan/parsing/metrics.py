"""What a promise is of: its metric (the words before the number, without scope, qualifiers
or year), its scope (全区), and the several metrics a shared verb covers
(``水稻、小麦良种覆盖率均达到98%``, ``分别达到65%和55%``), the noun a count names (``2个产业强镇``); and whether a value can be right
where it is promised."""

from __future__ import annotations

import re

from ..models import Indicator
from . import target_words as words
from .quantities import Quantity, is_han, plain

#: Words that qualify a promise but are not its metric.
_QUALIFIERS = r"(?:其中|计划|力争|每人每年|每人|每户|每年|年均|年内|全年|当年|至少|累计|确保|争取|谋划|总体|努力|实现|完成|要|应)+"
#: A year a metric opens or closes with (力争2016年游客人数, …率应于2020年底前): not the metric.
_METRIC_YEAR = r"(?:于|在|到|至|比|较)?\d{4}年(?:底|末)?(?:前|以前|之前)?"
_SCOPES = r"全区|全市|全省|全县|全镇|全乡|全国"
_SCOPE = re.compile(f"({_SCOPES})")
#: What opens a metric and is not part of it: a scope, else qualifiers.
_LEADING = re.compile(f"{_SCOPES}|{_QUALIFIERS}|{_METRIC_YEAR}")
_TRAILING = re.compile(rf"(?:至少|的|为|均|分别|都|总体|要|应|将|需|须|{_METRIC_YEAR})+$")
_TRAILING_ENDS = ("至少", "的", "为", "均", "分别", "都", "总体", "要", "应", "将", "需", "须", "年",
                  "前", "底", "末", "\n")  # fmt: skip
_LIST = re.compile(r"、|和|及|与")
_JOINER = re.compile(r"[ 、和及与,]*")


def partners(folded: str, quantity: Quantity, rest: list[Quantity], end: int) -> list[Quantity]:
    """The numbers of 分别达到65%和55% after the first: joined to it by 和/、/及 only."""
    if not folded.endswith("分别", 0, verb_start(folded, quantity)):
        return []
    partners: list[Quantity] = []
    cursor = quantity.end
    for other in rest:
        joiner = _JOINER.match(folded, cursor, end)
        if joiner is None or joiner.end() != other.start:
            break
        partners.append(other)
        cursor = other.end
    return partners


def verb_start(folded: str, quantity: Quantity) -> int:
    verbs = list(words.VERB.finditer(folded, max(0, quantity.start - 8), quantity.start + 1))
    return verbs[-1].start() if verbs else quantity.start


def shared(indicator: Indicator, folded: str, partners: list[Quantity]) -> list[Indicator]:
    """One promise a listed metric (水稻、小麦良种覆盖率均达到98%) or a paired value."""
    metric = indicator.metric or ""
    items = _items(metric)
    raw_at = folded.find(metric) if metric else -1
    shared = (
        "均" in folded[raw_at + len(metric) : raw_at + len(metric) + 2] if raw_at >= 0 else False
    )
    if partners and len(items) < 1 + len(partners):
        items = [metric] * (1 + len(partners))  # 城乡居民收入分别达到4.5万元和2.2万元
    if len(items) < 2 or not (shared or partners):
        return [indicator]
    values = [None, *partners] if partners else [None] * len(items)
    out = []
    for item, partner in zip(items, values, strict=False):
        update: dict[str, object] = {"metric": item}
        if partner is not None:
            unit = partner.unit
            update |= {
                "value": plain(partner.value),
                "unit": unit.written if unit else indicator.unit,
                "scaled_value": plain(partner.scaled),
                "base_unit": unit.base if unit else indicator.base_unit,
                "comparator": partner.comparator or indicator.comparator,
            }
        out.append(indicator.model_copy(update=update))
    return out


#: What a whole metric ends with: a first item ending so is no head sharing the last's tail.
_METRIC_HEAD = re.compile(
    r"(?:率|量|耗|排放|面积|总额|收入|产值|规模|比例|比重|数|值|强度|浓度|指数|水平|能力|寿命|年限)$"
)


def _items(metric: str) -> list[str]:
    """马铃薯种植、收获机械化率 → 马铃薯种植机械化率, 马铃薯收获机械化率: listed heads of two
    characters share the first's prefix and the last's tail."""
    parts = [p for p in _LIST.split(metric) if p]
    if len(parts) >= 2 and (parts[0][-2:] == parts[-1][-2:] or _METRIC_HEAD.search(parts[0])):
        return parts  # 万元GDP用水量、万元工业增加值用水量 / 单位GDP能耗、二氧化碳排放: whole
    if len(parts) < 2 or any(len(p) > 2 for p in parts[1:-1]) or len(parts[-1]) <= 2:
        return [metric]
    first, last = parts[0], parts[-1]
    prefix, tail = first[:-2] if len(first) > 2 else "", last[2:]
    return [first + tail, *(prefix + p + tail for p in parts[1:-1]), prefix + last]


def metric_span(folded: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a metric in ``folded[start:end]``: without separators, scope, qualifiers."""
    while True:
        trimmed = folded[start:end]
        stripped = trimmed.lstrip(" 、")
        start += len(trimmed) - len(stripped)
        end -= len(stripped) - len(stripped.rstrip(" 、"))
        lead = _LEADING.match(folded, start, end)
        ends = folded.endswith(_TRAILING_ENDS, start, end)
        trail = _TRAILING.search(folded, start, end) if ends else None
        if lead and lead.end() > start:
            start = lead.end()
        elif trail and trail.start() < end:
            end = trail.start()
        else:
            return (start, end) if end > start else None


def scope(folded: str, start: int) -> str | None:
    """全区, 全市 … opening the promise at ``start`` (after separators), or None."""
    found = _SCOPE.match(folded, start)
    while found is None and start < len(folded) and folded[start] in " 、":
        start += 1
        found = _SCOPE.match(folded, start)
    return found[1] if found else None


#: Classifiers of a count whose noun follows it (2个产业强镇, 100项赛事), not a measure (403公里).
_CLASSIFIERS = frozenset("个家项所座处条支种类套台辆张名位户场次批")
_COUNTED_END = re.compile(r"及|和|与|、|[0-9零〇一二两三四五六七八九十]")


def counted(folded: str, quantity: Quantity, end: int) -> tuple[int, int] | None:
    """The span of the noun a count names (引进3个以上亿元产业项目 → 亿元产业项目), up to a
    list's joiner or the next number; None when the count has no noun after it."""
    unit = quantity.unit
    if (
        unit is None
        or unit.written not in _CLASSIFIERS
        or not (is_han(quantity.followed) or quantity.followed in '“"')
    ):
        return None
    if words.VERB.match(folded, quantity.end):
        return None  # 2个,达到…: a verb, not a noun, follows
    stop = _COUNTED_END.search(folded, quantity.end + 1, end)
    return metric_span(folded, quantity.end, stop.start() if stop else end)


#: Counts no district or county could reach: more households or firms than its people.
_COUNT_UNITS = ("户", "人", "家", "个")
_LOCAL_SCOPES = ("全区", "全县", "全镇", "全乡")
LOCAL_LIMIT = 10_000_000


def implausible(indicator: Indicator, local: bool) -> str | None:
    """Why a value cannot be right, or None. Rule: in a district- or county-level promise
    (scope 全区/全县, or a district/county issuer), a count of 户/人/家/个 above ten million exceeds
    the population of any Chinese district; the likely slip is a stray 万."""
    scaled = indicator.scaled_value
    if scaled is None or indicator.base_unit not in _COUNT_UNITS:
        return None
    if not (local or indicator.scope in _LOCAL_SCOPES) or scaled <= LOCAL_LIMIT:
        return None
    return (
        f"{indicator.metric} {indicator.value}{indicator.unit} is {scaled:,} {indicator.base_unit}: "
        "more than any district or county holds; check the source (a stray 万?)"
    )
