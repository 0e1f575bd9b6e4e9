"""Targets become numbers: each atomic promise of a goal paragraph as a metric, value, unit.

A paragraph is read left to right. Sentence marks (。;,) end a promise; so does a completed
number, which is how ``巩固率超过95%残疾儿童入学率达到95%以上`` becomes two. Each number is read
with the verb before it (达到, 超过, 控制在, 年均增长, …) and the words around it (至少, 以上,
左右, 1-2), which decide the comparator. Text with no number is kept as a promise with ``value``
null, so nothing in a target paragraph is lost. Values come from the decimal text (``Decimal``),
so ``1.63亿元`` scales to exactly 163000000 元.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..models import Comparator, Indicator, IndicatorKind, Target, validated
from .source import fold

_MAGNITUDE = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
#: Units as written, longest first so 万吨标准煤 wins over 万吨.
UNITS = sorted(
    [
        "%",
        "‰",
        "个百分点",
        "万吨标准煤",
        "吨标准煤",
        "万千瓦时",
        "千瓦时",
        "万千瓦",
        "千瓦",
        "万平方米",
        "平方米",
        "平方公里",
        "万立方米",
        "立方米",
        "万亩",
        "亩",
        "亿元",
        "万元",
        "元",
        "亿斤",
        "万斤",
        "斤",
        "万吨",
        "吨",
        "公里",
        "千米",
        "米",
        "万户",
        "户",
        "万人",
        "人",
        "万头",
        "头",
        "万只",
        "只",
        "个",
        "家",
        "项",
        "所",
        "座",
        "处",
        "张",
        "岁",
        "名",
        "辆",
        "台",
        "套",
        "条",
        "间",
        "次",
        "倍",
        "天",
        "小时",
        "年",
    ],
    key=len,
    reverse=True,
)
_UNIT = "|".join(re.escape(u) for u in UNITS)
#: A number with its unit and the words that qualify it: 约… / 1-2个 / 65%以上 / 7.5张左右.
_NUMBER = re.compile(
    rf"(?P<prefix>约|至少|不低于|不少于|不超过|不高于)?"
    rf"(?<![\d.])(?P<value>\d+(?:\.\d+)?)"
    rf"(?:[-－~～至到](?P<max>\d+(?:\.\d+)?))?"
    rf"(?P<unit>(?:{_UNIT})(?:\([^()]{{1,3}}\))?)?"
    rf"(?P<suffix>以上|以下|以内|左右)?"
)
_RELATIVE = re.compile(
    r"翻(?P<times>一|两)?番|(?P<count>[一二两三四五六七八九十]|\d+)倍(?P<suffix>以上)?"
)
_VERB = re.compile(
    r"稳定在|控制在|保持在|提高到|提升到|提高至|提升至|降低到|降低至|下降到|下降至|发展到|发展至|达到|"
    r"超过|高于|低于|不低于|不少于|不超过|不高于|突破|年均增长|年均增速|年均新增|增长|增幅|增速|新增|"
    r"新建改建|新建|改建|建成|创建|引进|完成|实施|拥有|实现|累计|达"
)
_VERB_COMPARATOR: dict[str, Comparator] = {
    "超过": "gt", "高于": "gt", "突破": "gt", "低于": "lt", "不低于": "gte", "不少于": "gte",
    "不超过": "lte", "不高于": "lte", "控制在": "lte",
}  # fmt: skip
_GROWTH = {"年均增长", "年均增速", "增长", "增幅", "增速"}
_PREFIX_COMPARATOR: dict[str, Comparator] = {
    "约": "approx", "至少": "gte", "不低于": "gte", "不少于": "gte", "不超过": "lte", "不高于": "lte",
}  # fmt: skip
_SUFFIX_COMPARATOR: dict[str, Comparator] = {
    "以上": "gte", "以下": "lte", "以内": "lte", "左右": "approx",
}  # fmt: skip
_BOUNDARY = re.compile(r"[。;,:!?]")
#: Words that qualify a promise but are not its metric.
_QUALIFIERS = r"(?:其中|计划|力争|每年|年均|至少|累计|确保|争取|谋划)+"
_SCOPES = r"全区|全市|全省|全县|全镇|全乡|全国"
_SCOPE = re.compile(f"({_SCOPES})")
#: What opens a metric and is not part of it: a scope, else qualifiers.
_LEADING = re.compile(f"{_SCOPES}|{_QUALIFIERS}")
#: What ends a metric and is not part of it; only a span ending so (or in a line break, which
#: ``$`` looks past) can hold it, so the scan runs only then.
_TRAILING = re.compile(r"(?:至少|的|为)+$")
_TRAILING_ENDS = ("至少", "的", "为", "\n")
#: The period a goal paragraph opens with: 到2025年, 至2020年底, “十四五”时期.
PERIOD = (
    r"(?:到|至|截至|截止)?[ ]*\d{4}[ ]*年(?:底|末)?"
    r"|[“\"]?十[一二三四五六七]五[”\"]?(?:时期|期间|期末|末)"
)
_PERIOD_MARK = re.compile(PERIOD)
_COMPARED = re.compile(r"比\d{4}年")  # 比2020年翻一番: the base the promise is relative to
_YEAR = re.compile(r"(?:到|至|截至)(\d{4})年")
_PLAN = re.compile(r"十([一二三四五六七])五")
_PLAN_NUMBER = {"一": 11, "二": 12, "三": 13, "四": 14, "五": 15, "六": 16, "七": 17}
_CHINESE_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                  "九": 9, "十": 10}  # fmt: skip


def five_year_plan(ordinal: int) -> list[int]:
    """The n-th five-year plan's years: the 3rd began in 1966 (1963–65 were adjustment years)."""
    first = 1966 + 5 * (ordinal - 3)
    return [first, first + 4]


def scale(value: Decimal, unit: str | None) -> tuple[int | float | None, str | None]:
    """``2.1万亩`` → (21000, 亩); units without a magnitude prefix give (None, None)."""
    if not unit or len(unit) < 2 or unit[0] not in _MAGNITUDE:
        return None, None
    scaled = value * _MAGNITUDE[unit[0]]
    return (int(scaled) if scaled == scaled.to_integral_value() else float(scaled)), unit[1:]


def number(text: str) -> int | float:
    """Decimal text as int when integral, else float: '65' → 65, '9.56' → 9.56."""
    return float(text) if "." in text else int(text)  # both correctly rounded, like Decimal


def read_target(target: Target) -> Target:
    """Fill ``year``, ``period`` and ``indicators`` of a target paragraph."""
    folded = fold(target.text)
    year = _YEAR.search(folded)
    plan = _PLAN.search(folded)
    return target.model_copy(
        update={
            "year": int(year[1]) if year else None,
            "period": five_year_plan(_PLAN_NUMBER[plan[1]]) if plan else None,
            "indicators": indicators(target.text, folded),
        }
    )


def indicators(text: str, folded: str | None = None) -> list[Indicator]:
    """Every atomic promise of ``text``, in order (``folded``: ``text`` folded, if at hand).

    Not memoised: a paragraph rarely recurs outside the same notice, and a notice parsed
    again is the parse cache's business."""
    folded = fold(text) if folded is None else folded
    found: list[Indicator] = []
    start = 0
    for boundary in [*_BOUNDARY.finditer(folded), None]:
        end = boundary.start() if boundary else len(folded)
        found += _promises(text, folded, start, end, found)
        start = boundary.end() if boundary else end
    return found


def _promises(
    text: str, folded: str, start: int, end: int, before: list[Indicator]
) -> list[Indicator]:
    """The promises between two sentence marks: one per number (a completed number ends one)."""
    start = _skip_period(folded, start, end)
    if start >= end:
        return []
    out: list[Indicator] = []
    position = start
    numbers = [m for m in _NUMBER.finditer(folded, start, end) if _is_quantity(folded, m)]
    taken_until = start
    for index, match in enumerate(numbers):
        following = numbers[index + 1] if index + 1 < len(numbers) else None
        if match.start() < taken_until:
            continue  # a number inside an earlier promise's metric (新建2个3万亩…片区)
        if following and _qualifies(folded, taken_until, match, following):
            continue  # 80%以上村屯绿化覆盖率达到30%: the first number is part of the metric
        last = out[-1] if out else (before[-1] if before else None)  # (no list copy: linear)
        indicator, taken_until = _read_number(
            text, folded, position, match, end, last.metric if last else None
        )
        out.append(indicator)
        position = taken_until
    tail = folded[position:end].strip(" 、")
    if tail and not out:
        relative = _RELATIVE.search(folded, position, end)
        out.append(
            _relative(text, folded, position, end, relative)
            if relative
            else _unquantified(text, folded, position, end)
        )
    return out


def _qualifies(folded: str, start: int, match: re.Match[str], following: re.Match[str]) -> bool:
    """A number with no verb before it, and a verb between it and the next number."""
    no_verb = _VERB.search(folded, start, match.start()) is None
    return no_verb and _VERB.search(folded, match.end(), following.start()) is not None


def _skip_period(folded: str, start: int, end: int) -> int:
    """Skip a leading period mark (到2025年, “十四五”时期) and spaces."""
    while start < end and folded[start] == " ":
        start += 1
    mark = _PERIOD_MARK.match(folded, start, end)
    return mark.end() if mark else start


def _is_quantity(folded: str, match: re.Match[str]) -> bool:
    """Years (2020年), dates and the 5 of 十四五 are not quantities."""
    unit = match["unit"] or ""
    if unit == "年" and len(match["value"]) == 4:
        return False
    after = folded[match.end() : match.end() + 1]
    return not (unit == "" and after in "年月日")


def _read_number(
    text: str, folded: str, start: int, match: re.Match[str], end: int, previous: str | None
) -> tuple[Indicator, int]:
    """The promise of one number; ``previous`` is the metric of the promise before it."""
    verbs = list(_VERB.finditer(folded, start, match.start()))
    verb = verbs[-1] if verbs else None
    if verb:  # 新增清洁能源装机120万千瓦: between verb and number; else before the verb
        metric = _metric(folded, verb.end(), match.start()) or _metric(folded, start, verb.start())
    else:
        metric = _metric(folded, start, match.start())
    metric_end = match.end()
    if metric is None:  # 新建2个3万亩高标准农田示范片区: the metric follows the number
        metric_end = end
        metric = _metric(folded, match.end(), end)
    name = text[slice(*metric)] if metric else previous
    if name and name.endswith("投资") and folded.startswith("的", match.end()):
        # 实施总投资7.2亿元的洮北高标准农田建设项目: whose investment it is follows the number
        metric_end = end
        name = text[match.end() + 1 : end].strip() + name
    value, unit = Decimal(match["value"]), match["unit"]
    scaled, base = scale(value, unit)
    verb_word = verb.group() if verb else ""
    return (
        validated(
            Indicator,
            metric=name,  # no metric of its own (增幅38.5% after …达到36个): the same metric
            value=number(match["value"]),
            value_max=number(match["max"]) if match["max"] else None,
            unit=unit,
            comparator=_comparator(match, verb_word, folded[start : match.start()]),
            scaled_value=scaled,
            base_unit=base,
            kind=_kind(verb_word, name or ""),
            scope=_scope(folded, start),
            raw=text[start:metric_end].strip(" 、,，"),
        ),
        metric_end,
    )


def _metric(folded: str, start: int, end: int) -> tuple[int, int] | None:
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


def _scope(folded: str, start: int) -> str | None:
    scope = _SCOPE.match(folded, start)
    while scope is None and start < len(folded) and folded[start] in " 、":
        start += 1
        scope = _SCOPE.match(folded, start)
    return scope[1] if scope else None


def _comparator(match: re.Match[str], verb: str, before: str) -> Comparator:
    if match["max"]:
        return "range"
    if match["suffix"]:
        return _SUFFIX_COMPARATOR[match["suffix"]]
    if match["prefix"]:
        return _PREFIX_COMPARATOR[match["prefix"]]
    if "至少" in before:
        return "gte"
    return _VERB_COMPARATOR.get(verb, "eq")


def _kind(verb: str, metric: str) -> IndicatorKind:
    if verb in _GROWTH or metric.endswith(("增速", "增长率")):
        return "growth"
    return "level"


def _relative(text: str, folded: str, start: int, end: int, relative: re.Match[str]) -> Indicator:
    """比2020年翻一番 / 高于全市平均增速一倍以上: a promise relative to another quantity."""
    if relative["count"] is not None:
        count = relative["count"]
        value = int(count) if count.isdigit() else _CHINESE_COUNT[count]
        comparator: Comparator = "gte" if relative["suffix"] else "eq"
    else:
        value = 4 if relative["times"] == "两" else 2
        comparator = "eq"
    # the comparison verb (高于, 实现), not a growth noun such as the 增速 it compares
    verbs = [v for v in _VERB.finditer(folded, start, relative.start()) if v.group() not in _GROWTH]
    compared = _COMPARED.search(folded, start, relative.start())
    stop = verbs[0].start() if verbs else compared.start() if compared else relative.start()
    metric = _metric(folded, start, stop)
    if "至少" in folded[start : relative.start()]:
        comparator = "gte"
    return Indicator(
        metric=text[slice(*metric)] if metric else None,
        value=value,
        unit="倍",
        comparator=comparator,
        kind="relative",
        scope=_scope(folded, start),
        raw=text[start:end].strip(" 、,，"),
    )


def _unquantified(text: str, folded: str, start: int, end: int) -> Indicator:
    """A promise without a number (基本消除重污染天气): kept whole, value null."""
    metric = _metric(folded, start, end)
    return Indicator(
        metric=text[slice(*metric)] if metric else None,
        value=None,
        scope=_scope(folded, start),
        raw=text[start:end].strip(" 、,，"),
    )


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
