"""Quantities as written: a value, its range, its unit with the magnitude split off, and the words
bounding it (约, 以上, 左右). The grammar of a number, not of a promise: ``indicators`` decides
which quantities are targets.

Values are read from their decimal text (``Decimal``), so ``1.63亿元`` scales to exactly
163000000 元. A unit is a magnitude (万, 亿, 千万 …) then a base unit (千瓦, 吨标准煤, 个百分点);
``千瓦``, ``千米``, ``千克`` are base units, never 千 × 瓦. Chinese numerals (两个, 三次,
百分之九十, 三成) are read too; whether one counts is the caller's call (三年行动 is a name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from math import isfinite

from ..models import Comparator

#: Base units as written, longest first; the ones opening with 千/百 are units of their own.
BASE_UNITS = sorted(
    [
        "%", "‰", "个百分点", "百分点", "吨标准煤", "标准煤", "千瓦时", "兆瓦时", "度", "千瓦", "兆瓦",
        "吉瓦", "瓦", "千伏安", "千伏", "伏", "平方公里", "平方千米", "平方米", "平米", "立方米", "方",
        "公顷", "亩", "元", "美元", "港元", "欧元", "吨", "公斤", "千克", "克", "微克", "毫克", "斤", "公里",
        "千米", "米", "厘米", "毫米", "户次", "户", "人次", "人天", "人", "名", "位", "头", "只", "羽", "匹",
        "株", "棵", "尾", "个工作日", "工作日", "个月", "个", "家", "项", "所", "座", "处", "张", "床",
        "岁", "辆", "台", "套", "条", "间", "次", "场", "届", "件", "宗", "起", "例", "份", "篇", "部",
        "本", "册", "种", "类", "支", "队", "批次", "标箱", "标准箱", "车次", "架次", "航次", "班次",
        "标台", "栋", "幢", "层", "眼", "口", "道", "段", "片", "块", "根", "盏", "轮", "期", "倍", "天", "日",
        "小时", "分钟", "秒", "周", "年", "kWh", "kW", "MW", "GW", "km", "kg", "Mbps", "Gbps", "GB", "TB",
        "mg/L", "μg/m3", "μg/m³", "ug/m3",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_BASE = re.compile("|".join(re.escape(u) for u in BASE_UNITS) + r"(?![A-Za-z])")
#: A base unit per something (元/吨, 个/万人): the denominator is part of the unit, not a magnitude.
_PER = re.compile(r"/(?:万|千|百)?(?:" + "|".join(re.escape(u) for u in BASE_UNITS) + r")")
MAGNITUDES = {
    "万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10,
    "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6,
    "十万": Decimal(10) ** 5, "万": Decimal(10) ** 4, "千": Decimal(1000),
}  # fmt: skip
_MAGNITUDE = re.compile("|".join(sorted(MAGNITUDES, key=len, reverse=True)))
#: A magnitude may stand without a base unit (人口14亿): only these, never a bare 千.
_ALONE = ("万亿", "亿", "万")

_DIGITS = "零〇一二两三四五六七八九"
_CHINESE_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CHINESE_POWER = {"十": 10, "百": 100, "千": 1000}
_ARABIC = re.compile(r"(?<![\d.A-Za-z])\d+(?:\.\d+)?")
_CHINESE = re.compile(rf"[{_DIGITS}十百千]+")
_PERCENT_WORDS = re.compile(rf"百分之([\d.]+|[{_DIGITS}十]+)")
_TENTHS = re.compile(rf"([{_DIGITS[1:]}]|\d)成(?![为效果功立熟员绩都本交品型套就长])")
_START = re.compile(rf"[0-9{_DIGITS}十百]")  # where a quantity may begin
_RANGE = re.compile(r"[-－~～—–至到]{1,2}")
_MORE = re.compile(r"余|多")
_PREFIX: dict[str, Comparator] = {
    "大约": "approx", "约": "approx", "将近": "approx", "接近": "approx", "近": "approx",
    "至少": "gte", "最少": "gte",
}  # fmt: skip
_PREFIXES = sorted(_PREFIX, key=len, reverse=True)
_SUFFIX: dict[str, Comparator] = {
    "及以上": "gte", "或以上": "gte", "以上": "gte", "以下": "lte", "以内": "lte", "之内": "lte",
    "左右": "approx", "上下": "approx",
}  # fmt: skip
_SUFFIXES = re.compile("|".join(sorted(_SUFFIX, key=len, reverse=True)))


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as written (``亿千瓦``), its magnitude (1e8) and base (``千瓦``)."""

    written: str
    magnitude: Decimal
    base: str | None


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity of a text: ``start``/``end`` span it with its bounding words."""

    start: int
    end: int
    value: Decimal
    value_max: Decimal | None
    unit: Unit | None
    comparator: Comparator | None
    chinese: bool  # written in Chinese numerals (两个): counts only where a verb asks for it
    followed: str  # the character after it, to tell a modifier (…以上的企业) from a promise

    @property
    def scaled(self) -> Decimal:
        return scaled(self.value, self.unit.magnitude if self.unit else Decimal(1))


def scaled(value: Decimal, magnitude: Decimal) -> Decimal:
    """``value`` × ``magnitude``, exact however many digits it has (the context rounds to 28)."""
    with localcontext() as context:
        context.prec = len(value.as_tuple().digits) + 20
        return value * magnitude


def is_han(char: str) -> bool:
    """A CJK ideograph: the noun a count or a bound qualifies begins with one."""
    return "\u4e00" <= char <= "\u9fff"


def unit_at(folded: str, position: int, end: int | None = None) -> Unit | None:
    """The unit written at ``position``: a base unit, else a magnitude with or without one."""
    end = len(folded) if end is None else end
    base = _BASE.match(folded, position, end)
    if base:
        return _with_per(folded, Unit(base.group(), Decimal(1), base.group()), base.end())
    magnitude = _MAGNITUDE.match(folded, position, end)
    if magnitude is None:
        return None
    factor = MAGNITUDES[magnitude.group()]
    base = _BASE.match(folded, magnitude.end(), end)
    if base:
        unit = Unit(magnitude.group() + base.group(), factor, base.group())
        return _with_per(folded, unit, base.end())
    if magnitude.group() in _ALONE:
        return Unit(magnitude.group(), factor, None)
    return None


_ALTERNATIVE = re.compile(r"\([^()]{1,3}\)")  # 万头(只): the unit's other name, kept


def _with_per(folded: str, unit: Unit, end: int) -> Unit:
    per = _PER.match(folded, end)
    if per is None:
        alternative = _ALTERNATIVE.match(folded, end)
        if alternative:
            written, base = (
                unit.written + alternative.group(),
                (unit.base or "") + alternative.group(),
            )
            return Unit(written, unit.magnitude, base)
        return unit
    return Unit(unit.written + per.group(), unit.magnitude, (unit.base or "") + per.group())


def chinese_number(numeral: str) -> int | None:
    """两 → 2, 十二 → 12, 一百二十 → 120, 三千 → 3000; None for what is no number (十十)."""
    total, digit = 0, None
    for char in numeral:
        if char in _CHINESE_DIGIT:
            if digit is not None and digit != 0:
                return None  # 二三: two digits in a row is no numeral
            digit = _CHINESE_DIGIT[char]
        else:
            power = _CHINESE_POWER[char]
            total += (1 if digit is None else digit) * power
            digit = None
    return total + (digit or 0)


def quantities(text: str, folded: str, start: int, end: int) -> list[Quantity]:
    """Every quantity in ``folded[start:end]``, in order; ``text`` is the same text unfolded,
    asked only whether a comma is a thousands separator (ASCII) or a sentence mark (，)."""
    found: list[Quantity] = []
    candidate = _START.search(folded, start, end)
    while candidate is not None:
        position = candidate.start()
        quantity = _quantity_at(text, folded, position, end)
        if quantity is None:
            candidate = _START.search(folded, position + 1, end)
            continue
        found.append(quantity)
        candidate = _START.search(folded, max(quantity.end, position + 1), end)
    return found


def _quantity_at(text: str, folded: str, position: int, end: int) -> Quantity | None:
    char = folded[position]
    if char.isdigit() and char.isascii():
        read = _arabic(text, folded, position, end)
        chinese = False
    elif char == "百" and folded.startswith("百分之", position):
        return _percent_words(folded, position, end)
    elif char in _DIGITS or char == "十":
        read = _chinese(folded, position, end)
        chinese = True
    else:
        return None
    if read is None:
        return None
    value, after = read
    if folded[after : after + 1] == "+" or folded[position - 1 : position] == "+":
        return None  # 1+3+N, 1+N: a name of a scheme
    tenths = _TENTHS.match(folded, position, end)
    if tenths and tenths.start() == position:
        percent = Unit("%", Decimal(1), "%")
        return _bounded(folded, position, tenths.end(), end, value * 10, None, percent, chinese)
    more = _MORE.match(folded, after, end)
    unit = unit_at(folded, more.end() if more else after, end)
    if (
        unit is None
        and not more
        and folded[after : after + 1].isascii()
        and folded[after : after + 1].isalpha()
    ):
        return None  # 5G, 3D: part of a name
    cursor = (more.end() if more else after) + (len(unit.written) if unit else 0)
    value_max, cursor, unit = _range(text, folded, cursor, end, unit, chinese)
    if chinese and unit is None:
        return None  # 进一步, 一体化, 十大: a numeral with no unit counts nothing
    comparator: Comparator | None = "gt" if more else None
    return _bounded(folded, position, cursor, end, value, value_max, unit, chinese, comparator)


def _bounded(
    folded: str,
    start: int,
    cursor: int,
    end: int,
    value: Decimal,
    value_max: Decimal | None,
    unit: Unit | None,
    chinese: bool,
    comparator: Comparator | None = None,
) -> Quantity:
    """The quantity with the words around it: 约… before, …以上 after."""
    suffix = _SUFFIXES.match(folded, cursor, end)
    if suffix:
        comparator, cursor = _SUFFIX[suffix.group()], suffix.end()
    for word in _PREFIXES:
        if folded.startswith(word, start - len(word)) and start - len(word) >= 0:
            comparator, start = comparator or _PREFIX[word], start - len(word)
            break
    if value_max is not None:
        comparator = "range"
    followed = folded[cursor : cursor + 1] if cursor < end else ""
    return Quantity(start, cursor, value, value_max, unit, comparator, chinese, followed)


def _arabic(text: str, folded: str, position: int, end: int) -> tuple[Decimal, int] | None:
    """Digits, a decimal part, ASCII thousands separators (1,200): the value and where it ends."""
    match = _ARABIC.match(folded, position, end)
    if match is None:
        return None
    digits, cursor = match.group(), match.end()
    if len(digits) > 1 and digits[0] == "0" and digits[1] != ".":
        return None  # 0436: a telephone area code or a serial number, no quantity
    if len(digits) >= 7 and unit_at(folded, cursor, end) is None:
        return None  # 13912345678, 20210315: a telephone number or a date, no quantity
    while (
        "." not in digits
        and text[cursor : cursor + 1] == ","
        and re.fullmatch(r"\d{3}", folded[cursor + 1 : cursor + 4])
        and not folded[cursor + 4 : cursor + 5].isdigit()
    ):
        digits, cursor = digits + folded[cursor + 1 : cursor + 4], cursor + 4
        if folded.startswith(".", cursor) and folded[cursor + 1 : cursor + 2].isdigit():
            decimal = re.match(r"\.\d+", folded[cursor:end])
            assert decimal is not None
            digits, cursor = digits + decimal.group(), cursor + decimal.end()
    return Decimal(digits), cursor


def _chinese(folded: str, position: int, end: int) -> tuple[Decimal, int] | None:
    if position > 0 and (folded[position - 1] in _DIGITS or folded[position - 1] in "十百千"):
        return None  # inside a numeral read already (or no numeral at all)
    match = _CHINESE.match(folded, position, end)
    if match is None:
        return None
    value = chinese_number(match.group())
    return None if value is None else (Decimal(value), match.end())


def _percent_words(folded: str, position: int, end: int) -> Quantity | None:
    """百分之九十 / 百分之5: a percentage in words."""
    match = _PERCENT_WORDS.match(folded, position, end)
    if match is None:
        return None
    written = match[1]
    number = chinese_number(written) if not written[0].isdigit() else None
    if written[0].isdigit():
        value = Decimal(written)
    elif number is None:
        return None
    else:
        value = Decimal(number)
    percent = Unit("%", Decimal(1), "%")
    return _bounded(folded, position, match.end(), end, value, None, percent, True)


def _range(
    text: str, folded: str, cursor: int, end: int, unit: Unit | None, chinese: bool
) -> tuple[Decimal | None, int, Unit | None]:
    """The top of a range (2-3个, 6%—6.5%): the second value, where it ends, the shared unit."""
    separator = _RANGE.match(folded, cursor, end)
    if separator is None or separator.end() >= end:
        return None, cursor, unit
    after = separator.end()
    read = (
        _arabic(text, folded, after, end)
        if not chinese
        else _chinese(folded, after, end)
        if folded[after] in _DIGITS or folded[after] == "十"
        else None
    )
    if read is None:
        return None, cursor, unit
    value_max, top_end = read
    top_unit = unit_at(folded, top_end, end)
    if unit is not None and (top_unit is None or top_unit.written != unit.written):
        return None, cursor, unit  # 5年到2025年: no range where the units differ
    if top_unit is None and folded[after - 1] in "至到":
        return None, cursor, unit  # 1至… with no unit is too loose to read as a range
    return value_max, top_end + (len(top_unit.written) if top_unit else 0), top_unit or unit


def scale(value: Decimal, unit: str | None) -> tuple[int | float | None, str | None]:
    """``2.1万亩`` → (21000, 亩); ``65%`` → (65, %); no unit → (value, None)."""
    read = unit_at(unit, 0) if unit else None
    if unit and (read is None or read.written != unit):
        return None, None
    magnitude = read.magnitude if read else Decimal(1)
    return plain(scaled(value, magnitude)), read.base if read else None


def number(text: str) -> int | float:
    """Decimal text as int when integral, else float: '65' → 65, '9.56' → 9.56."""
    if "." not in text:
        return int(text)
    value = float(text)  # correctly rounded, like Decimal
    return value if isfinite(value) else plain(Decimal(text))


def plain(value: Decimal) -> int | float:
    """An int when integral, else a float; a number past a float's range (hundreds of digits)
    is the integer it rounds to, never ``inf``, which JSON cannot hold."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if isfinite(as_float) else int(value.to_integral_value())
