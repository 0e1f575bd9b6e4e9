"""The vocabulary of the clause grammar: labels and the role each gives its units, role words,
conventions, and the small patterns clauses are checked with. Adding a word is adding an entry;
``responsibility`` reads clauses with them.
"""

from __future__ import annotations

import re
from functools import cache

#: A document-wide convention: the first listed unit leads (列第一位者为牵头单位，下同; 排名第一的为
#: 牵头单位; 主要责任单位第一个为牵头单位; 排在第一位的部门为牵头部门; 位列第一, 排序第一, 排位靠前).
CONVENTION = re.compile(
    r"""[,;]?[ ]*
    (?: (?:列|排|位列|排序|排名|排位)(?:在)?(?:第一位|第一个|第一|首位|靠前|最前)  # 排名第一
      | 第一个|第一位|首位                                                  # 第一个(为…)
    )
    [^,;)。]{0,8}?为牵头(?:单位|部门)?   # …的为牵头单位
    (?:[,;][ ]*下同)?                    # ，下同
    """,
    re.X,
)

#: "The units before the comma lead" (逗号前为牵头单位), for this clause and the ones after it.
COMMA_CONVENTION = re.compile(
    r"[,;]?[ ]*(?:逗号|,号)前(?:的)?(?:单位|部门)?为牵头(?:单位|部门)?(?:[,;]?[ ]*下同)?"
)
#: A convention the text cannot carry: bold type marks the lead (以黑体字标注的为牵头单位).
TYPOGRAPHIC_CONVENTION = re.compile(
    r"[,;]?[ ]*(?:以|用)?(?:黑体|加粗|粗体|下划线)(?:字)?(?:标注|标出|标明|标示)?的?(?:单位|部门)?为牵头(?:单位|部门)?"
)

#: Labels of the labelled form and the role each gives what follows it, up to the next label.
LABEL_ROLES = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主办单位": "lead",
    "责任单位": "responsible",  # leads when no 牵头 label is given, else co
    "责任部门": "responsible",
    "负责单位": "responsible",
    "负责部门": "responsible",
    "配合单位": "co",
    "配合部门": "co",
    "协办单位": "co",
    "协助单位": "co",
    "参与单位": "co",
    "协同责任单位": "co",
    "配合责任单位": "co",
    "牵头责任单位": "lead",
    "落实单位": "responsible",  # co beside a lead, else leads
    "实施单位": "responsible",
    "适用范围": "scope",
    "完成时限": "deadline",
    "完成时间": "deadline",
    "时间节点": "deadline",
    "时限要求": "deadline",
    "主责单位": "lead",
    "牵头": "lead",  # short labels: 牵头:X;配合:Y (only with a colon or in brackets)
    "配合": "co",
    "协办": "co",
    "参与": "co",
    "牵头负责领导": "people",  # people, not units: the task's leaders
    "牵头领导": "people",
    "责任领导": "people",
    "分管领导": "people",
    "责任人": "people",
    "联系人": "other",  # a contact: read past
}


#: A letter of a word (Han or any other script; not a digit, not punctuation). Written as
#: ``\w`` less digits and ``_`` because stdlib ``re`` compiles a class of the Han ranges through
#: a loop over their 28,000 characters, about 1.3 ms a class on every start.
_LETTER = r"[^\W\d_]"
#: A label taobei does not know (服务单位:, 督办单位:): read as 责任单位 and reported, so its
#: name is never glued into a unit.
_UNKNOWN_LABEL = rf"{_LETTER}{{1,4}}(?:单位|部门)"


def _label_pattern(names: list[str]) -> re.Pattern[str]:
    """``名称:`` or ``[名称]`` (【】 folds to []), longest name first. A label opens a clause or
    follows a separator; glued to a word before it (予以配合:, 公众参与:) it is prose. (The
    closing mark depends on the opening one: ``]`` after ``[``, else ``:``.)"""
    alternatives = "|".join(sorted(names, key=len, reverse=True)) + "|" + _UNKNOWN_LABEL
    return re.compile(
        rf"(?:(?P<open>\[)|(?<!{_LETTER}))(?P<label>{alternatives})(?(open)\][ ]*:?|[ ]*:)"
    )


def may_hold_label(folded: str) -> bool:
    """Every label ends in ':' or ']': a text with neither (most clauses) is answered without
    the label scan, which tries the alternatives at every position and was the costliest
    pattern of a parse."""
    return ":" in folded or "]" in folded


def has_label(folded: str) -> bool:
    """Whether ``folded`` holds a label."""
    return may_hold_label(folded) and LABEL.search(folded) is not None


def labels_in(folded: str) -> list[re.Match[str]]:
    """The labels in ``folded``, in order."""
    return list(LABEL.finditer(folded)) if may_hold_label(folded) else []


def label_role(name: str) -> str:
    """The role a label gives its units; an unknown ``…单位``/``…部门`` label is a 责任单位."""
    return LABEL_ROLES.get(name, "responsible")


LABEL = _label_pattern(list(LABEL_ROLES))


@cache
def unit_label() -> re.Pattern[str]:
    """A label naming units: what makes text after a task a responsibility clause. Compiled on
    first use: only a task with no bracketed clause but a ':' or ']' in its text is searched
    with it."""
    return _label_pattern([k for k, v in LABEL_ROLES.items() if v in ("lead", "responsible", "co")])


#: A standing unit declared inside a clause, for every later task: 以下均需相关乡镇配合，不再列出.
STANDING = re.compile(
    r"""[,;。]?[ ]*
    (?:以下|以后|后续)(?:任务|各项|工作|事项)?(?:均|都|皆|统一)?(?:需|须|要|由|请)?  # 以下均需
    (?P<units>[^,;。]{2,30}?)(?P<role>配合|参与|协助|牵头)[,;]?[ ]*               # 相关乡镇配合，
    (?:不再(?:一一)?(?:列出|列明|重复|注明) | 下同)[。;,]?                        # 不再列出 / 下同
    """,
    re.X,
)

#: How the name of a body ends.
_BODY_END = (
    r"(?:局|委|办|部|院|中心|政府|单位|部门|公司|厅|署|会|所|站|队|处|街道|镇|乡|组|室|社|馆|团|行|"
    r"分行|支行|集团|指挥部|管委会|办事处)$"
)
NAME_END = re.compile(_BODY_END)
#: How the name of a body ends (or a collective opens): what a bare list after a lead may hold.
BODY = re.compile(rf"{_BODY_END}|^(?:各|相关|有关)")

#: Role words: each closes the units before it. ``responsible`` units lead when the clause names
#: no lead, else they are co (区发改局牵头，各街道负责落实).
MARKER_ROLE = {
    "分别牵头负责": "separate",
    "分别牵头": "separate",
    "共同牵头负责": "lead",
    "共同牵头": "lead",
    "牵头负责": "lead",
    "牵头抓总": "lead",
    "牵头": "lead",
    "为牵头单位": "lead",
    "为牵头部门": "lead",
    "主抓": "lead",
    "负总责": "lead",
    "会同": "lead",
    "按职责分工负责": "co",
    "按职责负责": "co",
    "分工负责": "co",
    "按职责分工配合": "co",
    "分别负责": "separate",
    "负责指导": "lead",
    "为主": "lead",
    "主办": "lead",
    "配合": "co",
    "协助": "co",
    "协同": "co",
    "协办": "co",
    "参与": "co",
    "支持": "co",
    "为配合单位": "co",
    "为配合部门": "co",
    "为协办单位": "co",
    "为参与单位": "co",
    "为责任单位": "responsible",
    "负责落实": "responsible",
    "具体负责": "responsible",
    "组织实施": "responsible",
    "抓好落实": "responsible",
    "落实": "responsible",
    "负责": "bare",
}
MARKER = re.compile(
    "|".join(
        "负责(?!人|同志)" if word == "负责" else re.escape(word)
        for word in sorted(MARKER_ROLE, key=len, reverse=True)
    )
)

#: A clause's tail that is a time, not a unit: 2023年底前完成, 6月底前, 长期坚持, 持续推进.
DEADLINE = re.compile(
    r"^(?:\d{4}年|\d{1,2}月|(?:十[一二]?|[一二三四五六七八九])月|年底|年内|年前|上半年|下半年|"
    r"第?[一二三四1-4]季度|长期|持续|常态化|全年|每(?:年|月|季度|半年)|按(?:年度|月|季度))"
)

#: What no unit name holds: sentence punctuation or a role verb (a splitter's mistake). 推进 and
#: 完成 may be part of a body's name (推进…领导小组成员单位) when the name ends like a body.
NOT_A_NAME = re.compile(
    r"[。;:]|负责|牵头|(?:推进|完成)(?!.*(?:单位|部门|小组|委员会|局|办|中心|办公室)$)"
)

#: Role words closing a labelled list (服务单位:区统计局负责): they name no unit.
TRAILING_ROLE = re.compile(r"(?:牵头负责|按职责分工负责|负责落实|负责|牵头|配合|参与)[ ,;、。]*$")

#: How a note inside a clause opens, after its units: 下同, 以下任务均…, 具体任务均涉及….
NOTE = re.compile(r"^(?:下同|以下|具体任务|注|其中|此项|本项|上述|均|不再|涉及|各项)")

#: ``区发改局（牵头）``: the unit before the mark leads (the others listed with it are co).
LEAD_FLAG = re.compile(r"\([ ]*(?:牵头|牵头单位|牵头部门)[ ]*\)")
FLAGGED = re.compile(r"([^、,;:()\s]+)[ ]*\([ ]*(?:牵头|牵头单位|牵头部门)[ ]*\)")

#: Role words that also run through asides in prose (以政府投资为主, 鼓励社会资本参与, 支持…, 会同
#:有关部门研究, 抓好落实): alone they never make a bracket a clause; beside another role word or a
#: label they are read as the table says.
NEVER_A_CLAUSE_ALONE = frozenset(
    {"会同", "协同", "参与", "支持", "为主", "主办", "落实", "组织实施", "抓好落实"}
)


def _clause_words() -> list[str]:
    """Every role word and unit label but those that never make a clause alone: one table."""
    markers = [word for word in MARKER_ROLE if word not in NEVER_A_CLAUSE_ALONE]
    labels = [
        name
        for name, role in LABEL_ROLES.items()
        if role in ("lead", "responsible", "co") and name not in NEVER_A_CLAUSE_ALONE
    ]
    return sorted({*markers, *labels}, key=len, reverse=True)


#: What makes a bracketed group a responsibility clause rather than an aside: a word of
#: ``MARKER_ROLE`` or ``LABEL_ROLES`` (adding a role word there adds it here).
KEYWORD = re.compile(
    "|".join("负责(?!人|同志)" if w == "负责" else re.escape(w) for w in _clause_words())
)
