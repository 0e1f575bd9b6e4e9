"""Targets become numbers: each atomic promise of a text as a metric, value, unit, comparator.

A text is read left to right. Sentence marks (。;,) end a promise; so does a completed number,
which is how ``巩固率超过95%残疾儿童入学率达到95%以上`` becomes two. Each quantity (read by
``quantities``) is read with the verb before it (达到, 超过, 控制在, 下降, …), which decides the
comparator and the direction where the words around the number do not. A shared verb over a
list is several promises (``水稻、小麦良种覆盖率均达到98%``; ``分别达到65%和55%``).

What is no promise is left out: a threshold (``500万元以上的企业``), a subsidy cap, a duration
(``5年内``), an ordinal, a fact of a year before the notice's own. In a target paragraph a
sentence with no number is kept as a promise with ``value`` null; in a task's text only
quantified promises count, and only where a verb or a year states them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..models import Comparator, Indicator, Target, validated
from . import metrics
from . import target_words as words
from .quantities import Quantity, is_han, plain, quantities
from .source import fold

_BOUNDARY = re.compile(r"[。;,:!?]")
_SENTENCE_END = "。;!?"
_PHONE = re.compile(r"\d{7,}|0\d{2,3}-\d{7,8}")
_RELATIVE = re.compile(
    r"翻(?P<times>一|两)?番|(?P<count>[一二两三四五六七八九十]|\d+)倍(?P<suffix>以上)?"
)
#: The period a goal paragraph opens with: 到2025年, 至2020年底, “十四五”时期.
PERIOD = (
    r"(?:到|至|截至|截止)?[ ]*\d{4}[ ]*年(?:底|末)?(?:前)?"
    r"|[“\"]?十[一二三四五六七]五[”\"]?(?:时期|期间|期末|末)"
)
_PERIOD_MARK = re.compile(PERIOD)
_COMPARED = re.compile(r"比\d{4}年")  # 比2020年翻一番: the base the promise is relative to
_YEAR = re.compile(r"(?:到|至|截至)(\d{4})年")
_CHINESE_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                  "九": 9, "十": 10}  # fmt: skip
five_year_plan = words.five_year_plan


@dataclass(slots=True)
class _Reading:
    """What a text's promises are read with: its year, the notice's year, where it stands."""

    text: str
    folded: str
    year: int | None  # the paragraph's year, for sentences that state none
    issued: int | None  # the notice's year: a year before it is a fact, not a promise
    in_task: bool  # a task's text: only quantified promises a verb or a year states
    quantities: list[Quantity]  # every quantity of the text, in order
    year_marks: list[re.Match[str]]  # every 到2025年, 2022年底前, “十四五”末 of the text
    mark_starts: list[int]
    taken: int = 0  # how many of them earlier clauses took
    carried: str = ""  # the verb an earlier promise of the clause lends a list's next item
    sentence: int = 0  # where the current sentence starts

    def marks(self, end: int) -> list[re.Match[str]]:
        """The year marks of the current sentence before ``end`` (read once a text)."""
        starts = self.mark_starts
        first = bisect_left(starts, self.sentence)
        return self.year_marks[first : bisect_left(starts, end, first)]

    def take(self, start: int, end: int) -> list[Quantity]:
        """The quantities within ``start:end`` (a clause); those before ``start`` are passed."""
        first, every = self.taken, self.quantities
        while first < len(every) and every[first].start < start:
            first += 1
        last = first
        while last < len(every) and every[last].end <= end:
            last += 1
        self.taken = last
        return every[first:last]


def read_target(target: Target, issued: int | None = None, plan_year: int | None = None) -> Target:
    """Fill ``year``, ``period`` and ``indicators`` of a target paragraph; ``plan_year`` (the
    plan title's) dates its promises where neither sentence nor paragraph does."""
    folded = fold(target.text)
    year = _YEAR.search(folded)
    plan = words.PLAN.search(folded)
    paragraph_year = int(year[1]) if year else None
    found = indicators(target.text, folded, year=paragraph_year or plan_year, issued=issued)
    return target.model_copy(
        update={
            "year": paragraph_year,
            "period": five_year_plan(words.PLAN_NUMBER[plan[1]]) if plan else None,
            "indicators": found,
        }
    )


def indicators(
    text: str,
    folded: str | None = None,
    *,
    year: int | None = None,
    issued: int | None = None,
    in_task: bool = False,
) -> list[Indicator]:
    """Every atomic promise of ``text``, in order (``folded``: ``text`` folded, if at hand);
    ``year`` dates sentences that state none, ``issued`` is the notice's year, ``in_task`` reads
    a task's text (quantified promises only)."""
    folded = fold(text) if folded is None else folded
    every = quantities(text, folded, 0, len(folded))  # once: the clauses take theirs in turn
    if in_task and all(_is_date(folded, q) for q in every):
        return []  # most tasks state no number but dates: nothing to read
    year_marks = list(words.YEAR_MARK.finditer(folded))
    starts = [mark.start() for mark in year_marks]
    reading = _Reading(text, folded, year, issued, in_task, every, year_marks, starts)
    found: list[Indicator] = []
    start = 0
    marks = [m for m in _BOUNDARY.finditer(folded) if not _thousands(text, m.start())]
    for boundary in [*marks, None]:
        end = boundary.start() if boundary else len(folded)
        found += _promises(reading, start, end, found)
        start = boundary.end() if boundary else end
        if boundary is None or boundary.group() in _SENTENCE_END:
            reading.sentence = start
    return found


def _thousands(text: str, at: int) -> bool:
    """1,200: an ASCII comma between a digit and three more is no clause mark."""
    return (
        text[at] == ","
        and text[at - 1 : at].isdigit()
        and len(text[at + 1 : at + 4]) == 3
        and text[at + 1 : at + 4].isdigit()
        and not text[at + 4 : at + 5].isdigit()
    )


def _promises(reading: _Reading, start: int, end: int, before: list[Indicator]) -> list[Indicator]:
    """The promises between two sentence marks: one per number (a completed number ends one)."""
    folded = reading.folded
    start = _skip_period(folded, start, end)
    if start >= end:
        return []
    found = reading.take(start, end)
    if reading.in_task and not found:
        return []
    numbers = [q for q in found if _counts(reading, q, start)]
    out: list[Indicator] = []
    position = taken_until = start
    index = 0
    while index < len(numbers):
        quantity = numbers[index]
        following = numbers[index + 1] if index + 1 < len(numbers) else None
        index += 1
        if quantity.start < taken_until:
            continue  # a number inside an earlier promise's metric (新建2个3万亩…片区)
        if following and _qualifies(folded, taken_until, quantity, following):
            continue  # 80%以上村屯绿化覆盖率达到30%: the first number is part of the metric
        last = out[-1] if out else (before[-1] if before else None)  # (no list copy: linear)
        if position > start and not words.VERB.search(folded, position, quantity.start + 1):
            reading.carried = _last_verb(folded, start, position)  # 建设2个A和10个B: 建设 carries
        else:
            reading.carried = ""
        read = _read_number(reading, position, quantity, end, last.metric if last else None)
        if read is None:
            continue
        indicator, taken_until = read
        partners = metrics.partners(folded, quantity, numbers[index:], end)
        if partners and indicator.raw.endswith(reading.text[quantity.start : quantity.end]):
            tail = reading.text[quantity.end : partners[-1].end]  # 分别达到65%和55%: raw whole
            indicator = indicator.model_copy(update={"raw": indicator.raw + tail})
        out += metrics.shared(indicator, folded, partners)
        index += len(partners)
        if partners:
            taken_until = max(taken_until, partners[-1].end)
        position = taken_until
    # a clause whose numbers were left out as thresholds, caps or facts promises nothing; a
    # numeral of a name (二氧化碳, 十亿级) leaves it a promise without a number
    dated = [q for q in found if not (_is_date(folded, q) or q.chinese)]
    phone = _PHONE.search(folded, position, end)  # 联系电话0436-1234567: no promise
    if (
        not out
        and not dated
        and not phone
        and not reading.in_task
        and folded[position:end].strip(" 、")
    ):
        relative = _RELATIVE.search(folded, position, end)
        out.append(
            _relative(reading, position, end, relative)
            if relative
            else _unquantified(reading, position, end)
        )
    return out


def _counts(reading: _Reading, quantity: Quantity, start: int) -> bool:
    """A quantity that can be promised: no year or date, duration, ordinal, threshold, cap,
    fact; a Chinese numeral only where a verb asks for it (建成两个, not 三年行动)."""
    folded = reading.folded
    if _is_date(folded, quantity):
        return False
    if quantity.unit is None and str(quantity.value).isdigit() and 1900 <= quantity.value <= 2100:
        return False  # 〔2015〕, 中国制造2025: a year of a name
    unit = quantity.unit.written if quantity.unit else ""
    if unit in words.DURATION_UNITS and (
        folded.endswith(words.DURATION_BEFORE, start, quantity.start)
        or folded.startswith(words.DURATION_AFTER, quantity.end)
    ):
        return False
    if folded.endswith(words.ORDINAL_BEFORE, start, quantity.start):
        return False
    if quantity.followed == "的" and not folded.endswith("投资", start, quantity.start):
        return False  # 500万元以上的企业: a threshold qualifying a noun
    bounded_noun = quantity.comparator in ("gte", "lte") and is_han(quantity.followed)
    if bounded_noun and (unit == "岁" or not _verb_just_before(folded, start, quantity)):
        return False  # 存栏5000头以上规模养殖场, 3岁以下婴幼儿: a class of things, not a promise
    if folded.startswith("对", start):
        return False  # 对使用超过50年的管网…: a condition
    if quantity.chinese and (
        unit in words.DURATION_UNITS
        or not unit
        or quantity.scaled == 1  # 打造一支队伍, 建立一套机制: an article, not a count
        or not _verb_just_before(folded, start, quantity)
    ):  # 三年行动, 一批: a name or no count
        return False
    clause = folded[start : quantity.end]
    if words.SUBSIDY.search(clause) and not words.RAISED.search(clause):
        return False  # 给予最高50万元补助 (补助标准提高到每人每年410元 is a promise)
    if "已" in folded[start : quantity.start]:
        return False  # 已建成的11万吨调水工程: done, not promised
    marks = reading.marks(quantity.start)
    return not (marks and words.is_fact_mark(marks[-1], reading.issued))


def _is_date(folded: str, quantity: Quantity) -> bool:
    """2025年, 3月, 15日: a date, no quantity; 一倍 is read as a relative promise."""
    unit = quantity.unit.written if quantity.unit else ""
    if unit == "倍":
        return True
    if unit == "年" and str(quantity.value).isdigit() and len(str(quantity.value)) == 4:
        return True
    if unit in ("日", "号") and folded[quantity.start - 1 : quantity.start] == "月":
        return True  # 3月15日
    return bool(quantity.followed) and quantity.followed in "月日号" and unit in ("", "年")


def _verb_just_before(folded: str, start: int, quantity: Quantity) -> bool:
    verbs = list(words.VERB.finditer(folded, max(start, quantity.start - 6), quantity.start + 1))
    return bool(verbs) and verbs[-1].end() == quantity.start


def _qualifies(folded: str, start: int, quantity: Quantity, following: Quantity) -> bool:
    """A number with no verb before it, and a verb between it and the next number."""
    no_verb = words.VERB.search(folded, start, quantity.start + 1) is None
    return no_verb and words.VERB.search(folded, quantity.end, following.start + 1) is not None


def _skip_period(folded: str, start: int, end: int) -> int:
    """Skip a leading period mark (到2025年, “十四五”时期) and spaces."""
    while start < end and folded[start] == " ":
        start += 1
    mark = _PERIOD_MARK.match(folded, start, end)
    return mark.end() if mark else start


def _read_number(
    reading: _Reading, start: int, quantity: Quantity, end: int, previous: str | None
) -> tuple[Indicator, int] | None:
    """The promise of one quantity; ``previous`` is the metric of the promise before it."""
    text, folded = reading.text, reading.folded
    verbs = list(words.VERB.finditer(folded, start, quantity.start + 1))
    verb = verbs[-1] if verbs else None
    verb_word = verb.group() if verb else reading.carried
    if reading.in_task and not _stated(reading, start, quantity.start, verb_word):
        return None
    if verb and verb.group() == "占":  # 增加值占地区生产总值的11%: a share, named whole
        metric = metrics.metric_span(folded, start, quantity.start)
    elif verb:  # 新增清洁能源装机120万千瓦: between verb and number; else before the verb
        metric = metrics.metric_span(folded, verb.end(), quantity.start) or metrics.metric_span(
            folded, start, verb.start()
        )
    else:
        metric = metrics.metric_span(folded, start, quantity.start)
    metric_end = quantity.end
    counted = metrics.counted(folded, quantity, end)
    if counted is not None:  # 培育青山和林海2个产业强镇: what is counted follows the count
        metric, metric_end = counted, counted[1]
    elif metric is None:  # 新建2个3万亩高标准农田示范片区: the metric follows the number
        metric_end = end
        metric = metrics.metric_span(folded, quantity.end, end)
    name = text[slice(*metric)] if metric else previous
    if name and name.endswith("投资") and folded.startswith("的", quantity.end):
        # 实施总投资7.2亿元的洮北高标准农田建设项目: whose investment it is follows the number
        metric_end = end
        name = text[quantity.end + 1 : end].strip() + name
    if reading.in_task and (name is None or name.endswith("投资")):
        return None  # an investment is read as one, apart
    unit = quantity.unit
    return (
        validated(
            Indicator,
            metric=name,  # no metric of its own (增幅38.5% after …达到36个): the same metric
            value=plain(quantity.value),
            value_max=plain(quantity.value_max) if quantity.value_max is not None else None,
            unit=unit.written if unit else None,
            comparator=words.comparator(
                quantity.comparator, verb_word, folded[start : quantity.start]
            ),
            scaled_value=plain(quantity.scaled),
            base_unit=unit.base if unit else None,
            kind=words.kind(verb_word, folded, verb.end() if verb else 0, name or ""),
            direction=words.direction(verb_word),
            year=_year(reading, quantity.start),
            scope=metrics.scope(folded, start),
            raw=text[start:metric_end].strip(" 、,，"),
        ),
        metric_end,
    )


def _last_verb(folded: str, start: int, end: int) -> str:
    verbs = list(words.VERB.finditer(folded, start, end))
    return verbs[-1].group() if verbs else ""


def _stated(reading: _Reading, start: int, at: int, verb: str) -> bool:
    """In a task's text, the quantity at ``at`` is a promise when a target verb states it
    (新增, 建成, 达到, 完成 …: a number with no verb, 依托120万亩盐碱地, is a fact), and it is no
    investment (read as one apart)."""
    if "投资" in reading.folded[start:at]:
        return False
    return bool(verb)


def _year(reading: _Reading, position: int) -> int | None:
    """The year of the last mark of the sentence before ``position``, else the paragraph's."""
    marks = reading.marks(position)
    for mark in reversed(marks):
        year = words.marked_year(mark)
        if year is not None:
            return year
    return reading.year


def _relative(reading: _Reading, start: int, end: int, relative: re.Match[str]) -> Indicator:
    """比2020年翻一番 / 高于全市平均增速一倍以上: a promise relative to another quantity."""
    text, folded = reading.text, reading.folded
    if relative["count"] is not None:
        count = relative["count"]
        value = int(count) if count.isdigit() else _CHINESE_COUNT[count]
        comparator: Comparator = "gte" if relative["suffix"] else "eq"
    else:
        value = 4 if relative["times"] == "两" else 2
        comparator = "eq"
    # the comparison verb (高于, 实现), not a growth noun such as the 增速 it compares
    verbs = [
        v
        for v in words.VERB.finditer(folded, start, relative.start())
        if v.group() not in words.GROWTH
    ]
    compared = _COMPARED.search(folded, start, relative.start())
    stop = verbs[0].start() if verbs else compared.start() if compared else relative.start()
    metric = metrics.metric_span(folded, start, stop)
    if "至少" in folded[start : relative.start()]:
        comparator = "gte"
    return Indicator(
        metric=text[slice(*metric)] if metric else None,
        value=value,
        unit="倍",
        comparator=comparator,
        kind="relative",
        year=_year(reading, start),
        scope=metrics.scope(folded, start),
        raw=text[start:end].strip(" 、,，"),
    )


def _unquantified(reading: _Reading, start: int, end: int) -> Indicator:
    """A promise without a number (基本消除重污染天气): kept whole, value null."""
    metric = metrics.metric_span(reading.folded, start, end)
    return Indicator(
        metric=reading.text[slice(*metric)] if metric else None,
        value=None,
        year=_year(reading, start),
        scope=metrics.scope(reading.folded, start),
        raw=reading.text[start:end].strip(" 、,，"),
    )
