"""The parser's diagnostics in Chinese, for the documents an office reads (the report, the 台账's
问题 sheet) and for ``check`` in a Chinese locale.

The parser keeps no language: its messages are English sentences of a few fixed shapes. Each
shape is read back here (one pattern a code) and written in Chinese with the same values; a
message of a shape not listed stays as it is, so nothing is lost, only untranslated. A test runs
every shape the parser writes through this table.
"""

from __future__ import annotations

import re

#: What kind of problem each code names.
PROBLEM_NAMES = {
    "duplicate-number": "任务编号重复", "missing-number": "任务编号缺号",
    "implausible-value": "数值不合常理", "missing-clause": "任务没有责任分工",
    "guessed-leads": "牵头单位系推测", "unknown-label": "不认识的标签",
    "unknown-clause": "责任分工格式不明", "clause-leftover": "责任分工后有多余文字",
    "not-a-unit": "不像单位名称", "unclosed-bracket": "括号未闭合",
    "typographic-convention": "靠字体区分牵头单位", "truncated-task": "任务不完整",
    "text-in-table": "表格中夹有文字", "text-before-section": "第一个板块前的文字",
    "text-after-tasks": "任务之后的文字", "task-before-section": "第一个板块前的任务",
    "no-clauses": "各条都没有责任分工", "metadata-mismatch": "文件信息前后不一致",
    "undated-deadline": "完成时限缺年份",
}  # fmt: skip

#: Each message shape of the parser, by code: the English pattern and its Chinese.
_SHAPES: dict[str, tuple[tuple[str, str], ...]] = {
    "duplicate-number": ((r"task number (?P<n>\S+) appears again \(seq (?P<seq>\d+)\)",
                          "任务编号 {n} 再次出现（第 {seq} 项）"),),
    "missing-number": ((r"task number (?P<n>\S+) is missing \(before line (?P<line>\d+)\)",
                        "缺少任务编号 {n}（在第 {line} 行之前）"),
                       (r"task numbers (?P<n>\S+) are missing \(before line (?P<line>\d+)\)",
                        "缺少任务编号 {n}（在第 {line} 行之前）")),
    "implausible-value": ((r"(?P<what>.+) is (?P<scaled>[\d,.]+) (?P<unit>\S+): more than any "
                           r"district or county holds; check the source \(a stray 万\?\)",
                           "{what} 折合 {scaled} {unit}，超过任何一个区县的总量；请核对原文（多写了“万”？）"),),
    "missing-clause": ((r"task (?P<label>.+) has no responsibility clause",
                        "任务 {label} 没有责任分工"),),
    "truncated-task": ((r"the document stops inside task (?P<label>.+) \(no responsibility clause\)",
                        "文件在任务 {label} 中间结束（没有责任分工）"),),
    "guessed-leads": ((r"no role word: (?P<names>.+) read as joint leads",
                       "没有表示角色的词：{names} 按共同牵头读取"),),
    "unknown-label": ((r"label '(?P<label>.+)' read as 责任单位 \(co beside a lead\)",
                       "标签“{label}”按责任单位读取（与牵头单位并列时为配合）"),),
    "unknown-clause": ((r"clause fits no known form: (?P<raw>.*)", "责任分工不合任何已知格式：{raw}"),),
    "clause-leftover": ((r"clause text after the last role word: (?P<rest>.*)",
                         "最后一个角色词之后还有文字：{rest}"),),
    "not-a-unit": ((r"not a unit name: (?P<raw>.*)", "不像单位名称：{raw}"),),
    "unclosed-bracket": ((r"'(?P<mark>.+)' opened here is never closed", "此处的“{mark}”没有闭合"),),
    "typographic-convention": ((r"'(?P<text>.+)' depends on type the text does not carry; leads "
                                r"are read from the words alone, units with no role word as "
                                r"joint leads",
                                "“{text}”要靠字体区分，而文字中没有字体信息；牵头单位只按文字读取，没有角色词的单位按共同牵头"),),
    "text-in-table": ((r"a line between rows is not a row", "表格行之间的一行不是表格行"),),
    "text-before-section": ((r"paragraph before the first section: (?P<text>.*)",
                             "第一个板块之前的段落：{text}"),),
    "text-after-tasks": ((r"paragraph after the tasks of a section is not a target",
                          "板块任务之后的段落不是目标"),),
    "task-before-section": ((r"numbered items appear before the first section",
                             "第一个板块之前出现了编号条目"),),
    "no-clauses": ((r"no item carries a responsibility clause: the deepest numbered items are "
                    r"read as tasks with no units \(--measures\)",
                    "各条都没有责任分工：最深一级编号条目按没有责任单位的任务读取（--measures）"),),
    "metadata-mismatch": ((r"(?P<name>\S+) is '(?P<here>.*)' here but '(?P<there>.*)' on line "
                           r"(?P<line>\d+)", "{name}此处为“{here}”，而第 {line} 行为“{there}”"),),
    "undated-deadline": ((r"a deadline of task (?P<label>.+) names no year, and the notice "
                          r"states none", "任务 {label} 的完成时限没有写年份，通知也没有成文日期或文号年份"),),
}  # fmt: skip
_COMPILED = {
    code: tuple((re.compile(p), zh) for p, zh in shapes) for code, shapes in _SHAPES.items()
}


def in_chinese(code: str, message: str) -> str:
    """``message`` of a diagnostic of ``code`` in Chinese, or as it is when its shape is new."""
    for pattern, chinese in _COMPILED.get(code, ()):
        found = pattern.fullmatch(message)
        if found:
            return chinese.format(**found.groupdict())
    return message
