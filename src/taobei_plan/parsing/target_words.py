"""The vocabulary of a promise: the verbs that state a target and what they mean (comparator,
direction, growth), the words that make a number no target (a subsidy cap, an eligibility
threshold, a duration), and the marks that date it (到2025年, 2020年底前, “十四五”末).

Tables, as ``roles.py`` keeps role words: a new word is one entry.
"""

from __future__ import annotations

import re

from ..models import Comparator, Direction, IndicatorKind
from .source import fold

#: Verbs that state a target; longest first so 提高到 wins over 提高. A bare 达/为 is a verb only
#: before a number (达标率 and 作为 are words of their own).
VERBS = [
    "稳定在", "控制在", "保持在", "提高到", "提升到", "提高至", "提升至", "增加到", "增加至", "降低到",
    "降低至", "下降到", "下降至", "减少到", "减少至", "压减到", "压减至", "缩短到", "缩短至", "压缩到",
    "压缩至", "发展到", "发展至", "扩大到", "扩大至", "达到", "超过", "高于", "大于", "低于", "小于",
    "不低于", "不少于", "不超过", "不高于", "不大于", "突破", "年均增长", "年均增速", "年均新增", "年均提高",
    "年均下降", "增长", "增幅", "增速", "提高", "提升", "增加", "扩大", "下降", "降低", "减少", "压减",
    "削减", "缩减", "缩短", "压缩", "新增", "新建改建", "新改建", "新建", "改建", "建成", "创建",
    "引进", "完成", "实施", "拥有", "实现", "累计", "保持", "稳定", "推出", "打造", "培育", "建设",
    "举办", "培训", "改造", "建立", "认定", "引育", "招引", "组建", "吸纳", "带动", "安置", "转移",
    "培养", "开展", "开设", "覆盖", "惠及", "救助", "帮扶", "招录", "招聘", "落实",
]  # fmt: skip


def alternation(words: list[str]) -> str:
    """``words`` as a regular expression grouped by first character, longest first within a
    group: the engine then tests one character a position, not every word (a fifth the time)."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(word)
    branches = []
    for first, group in groups.items():
        rests = [re.escape(word[1:]) for word in group]
        optional = "" in rests
        body = "|".join(rest for rest in rests if rest)
        branches.append(f"{re.escape(first)}(?:{body}){'?' if optional else ''}")
    return "|".join(branches)


VERB = re.compile(
    "(?:" + alternation(VERBS) + r")(?![值率点极])"  # not 增加值, 增长率
    r"|达(?=[\d约近百两一二三四五六七八九十])|为(?=[\d约近])|占(?!比|用|有|地(?!区))"
)
VERB_COMPARATOR: dict[str, Comparator] = {
    "超过": "gt", "高于": "gt", "大于": "gt", "突破": "gt", "低于": "lt", "小于": "lt",
    "不低于": "gte", "不少于": "gte", "不超过": "lte", "不高于": "lte", "不大于": "lte", "控制在": "lte",
}  # fmt: skip
#: Change-by verbs: the number is the change (增长5%, 下降13.5%), not the level reached.
GROWTH = {
    "年均增长", "年均增速", "年均提高", "年均下降", "增长", "增幅", "增速", "提高", "提升", "增加",
    "扩大", "下降", "降低", "减少", "压减", "削减", "缩减", "缩短", "压缩",
}  # fmt: skip
_DECREASE = ("下降", "降低", "减少", "压减", "削减", "缩减", "缩短", "压缩")
_INCREASE = ("增长", "增幅", "增速", "提高", "提升", "增加", "扩大")


def direction(verb: str) -> Direction | None:
    """增长/提高到 → increase, 下降/降低至 → decrease; other verbs state no direction."""
    if any(word in verb for word in _DECREASE):
        return "decrease"
    if any(word in verb for word in _INCREASE):
        return "increase"
    return None


#: A clause about money given, not a result promised: 补助不超过50万元, 最高奖励10万元.
SUBSIDY = re.compile(r"补助|补贴|奖励|奖补|资助|给予|最高|贴息|罚款|处以|收费|标准为")
#: A money clause that states a level reached is a promise (补助标准提高到每人每年410元).
RAISED = re.compile(r"提高到|提高至|提升到|提升至|增加到|增加至|调整到|调整为|达到")
#: A span of time, not a quantity promised: 自…起5年, 用3年时间, 5年内, 近3年.
DURATION_UNITS = {"年", "个月", "天", "日", "小时", "周", "个工作日", "工作日", "分钟"}
DURATION_BEFORE = ("起", "用", "利用", "经过", "通过", "历时", "近", "连续", "每", "前", "后")
DURATION_AFTER = ("内", "时间", "以来", "期间", "左右时间", "后", "里", "中")
#: A number that orders or names, not counts: 第3届, 3号, 三年行动 (a numeral with no verb).
ORDINAL_BEFORE = ("第", "前", "No.")
#: The year a promise is for, as a sentence states it.
YEAR_MARK = re.compile(
    r"""(?P<base>比|较|与|同|以)?(?P<to>到|至|截至|截止|于)?[ ]*  # 比 (a base year), 到 (an end)
    (?P<year>\d{4})[ ]*年(?P<end>底|末|年底)?(?P<before>前|以前|之前)?  # 2025年底前
    | [“"]?十(?P<plan>[一二三四五六七])五[”"]?(?P<when>时期|期间|期末|末|规划期)?  # “十四五”期末
    """,
    re.X,
)
PLAN_NUMBER = {"一": 11, "二": 12, "三": 13, "四": 14, "五": 15, "六": 16, "七": 17}


def five_year_plan(ordinal: int) -> list[int]:
    """The n-th five-year plan's years: the 3rd began in 1966 (1963–65 were adjustment years)."""
    first = 1966 + 5 * (ordinal - 3)
    return [first, first + 4]


def marked_year(mark: re.Match[str]) -> int | None:
    """The year a mark dates a promise to; None for a base year (比2020年)."""
    if mark["plan"]:
        return five_year_plan(PLAN_NUMBER[mark["plan"]])[1] if mark["when"] else None
    if mark["base"]:
        return None
    return int(mark["year"])


def is_fact_mark(mark: re.Match[str], issued: int | None) -> bool:
    """A year before the notice's own: what it tells is done (2020年完成投资120亿元)."""
    if issued is None or mark["plan"] or mark["base"]:
        return False
    return int(mark["year"]) < issued


def comparator(written: Comparator | None, verb: str, before: str) -> Comparator:
    """The words around the number (``written``: 以上, 约 …) first, then 至少, then the verb."""
    if written:
        return written
    if "至少" in before:
        return "gte"
    return VERB_COMPARATOR.get(verb, "eq")


def kind(verb: str, folded: str, verb_end: int, metric: str) -> IndicatorKind:
    """growth: a change by (增长5%, 下降13.5%); a change to (提高到70%) is a level."""
    to = folded.startswith(("到", "至", "为"), verb_end)
    if (verb in GROWTH and not to) or metric.endswith(("增速", "增长率")):
        return "growth"
    return "level"


#: A five-year plan named: “十四五”, 第十四个五年规划.
PLAN = re.compile(r"十([一二三四五六七])(?:个)?五")


def title_year(title: str | None) -> int | None:
    """The year a plan's title is for: 2023年重点工作 → 2023; 第十四个五年规划 → 2025 (its end)."""
    if not title:
        return None
    folded = fold(title)
    year = re.search(r"(\d{4})年", folded)
    if year:
        return int(year[1])
    plan = PLAN.search(folded)
    return five_year_plan(PLAN_NUMBER[plan[1]])[1] if plan else None
