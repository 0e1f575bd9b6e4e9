"""``taobei diff`` written out: JSON for programs, Markdown and an HTML page for people to
circulate, a table on a terminal. All four are made from one plain-data form (``diff_data``).

The page is a Jinja template with autoescaping (task text is untrusted) and a Content-Security-
Policy that allows no script and fetches nothing; it prints on A4 with its headings in Chinese.
"""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..compare import field_value, text_diff

if TYPE_CHECKING:
    from ..compare import NoticeDiff
    from ..models import Indicator, Task

#: The compared fields as an office names them.
FIELD_NAMES = {"text": "任务内容", "leads": "牵头单位", "co": "配合单位", "due": "完成时限",
               "section": "所属部分"}  # fmt: skip


def _task(task: Task, section: str) -> dict[str, Any]:
    return {
        "seq": task.seq,
        "number": task.number,
        "section": section,
        "text": task.text,
        **{name: field_value(task, name, section) for name in ("leads", "co", "due")},
    }


def _indicator(indicator: Indicator) -> dict[str, Any]:
    keys = ("metric", "value", "value_max", "unit", "comparator", "year", "scope", "raw")
    return {key: getattr(indicator, key) for key in keys}


def diff_data(diff: NoticeDiff, old_name: str, new_name: str) -> dict[str, Any]:
    """The diff as JSON data: ``added``, ``removed`` (tasks), ``changed`` (pairs by seq with
    the fields that differ, each field's old and new value, and a character diff of a
    reworded text) and ``indicators`` (of the target paragraphs)."""
    changed = []
    for change in diff.changed:
        sections = {"old": change.old_section, "new": change.new_section}
        entry: dict[str, Any] = {
            "old": change.old.seq,
            "new": change.new.seq,
            "old_number": change.old.number,
            "new_number": change.new.number,
            "text": change.new.text,
            "fields": list(change.fields),
            "values": {
                name: {
                    side: field_value(task, name, sections[side])
                    for side, task in (("old", change.old), ("new", change.new))
                }
                for name in change.fields
            },
        }
        if "text" in change.fields:
            entry["text_diff"] = text_diff(change.old.text, change.new.text)
        changed.append(entry)
    return {
        "old": old_name,
        "new": new_name,
        "added": [_task(task, section) for task, section in diff.added],
        "removed": [_task(task, section) for task, section in diff.removed],
        "changed": changed,
        "indicators": {
            "added": [_indicator(i) for i in diff.indicators_added],
            "removed": [_indicator(i) for i in diff.indicators_removed],
            "changed": [
                {"old": _indicator(c.old), "new": _indicator(c.new)}
                for c in diff.indicators_changed
            ],
        },
    }


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(value) or "—"
    return "—" if value in (None, "") else str(value)


def _value(indicator: dict[str, Any]) -> str:
    number = indicator["value"]
    if indicator["value_max"] is not None:
        number = f"{number}–{indicator['value_max']}"
    return f"{_shown(number)}{indicator['unit'] or ''}"


def summary(data: dict[str, Any]) -> str:
    """One line: what changed, in counts."""
    indicators = data["indicators"]
    moved = sum(len(indicators[k]) for k in ("added", "removed", "changed"))
    return (
        f"新增任务 {len(data['added'])} 项，删除 {len(data['removed'])} 项，"
        f"修改 {len(data['changed'])} 项；目标指标变化 {moved} 项"
    )


def _change_lines(entry: dict[str, Any]) -> list[str]:
    """Each changed field of a pair as ``名称：旧 → 新`` (a reworded text as its diff)."""
    lines = []
    for name in entry["fields"]:
        values = entry["values"][name]
        if name == "text":
            marked = "".join(
                run["text"]
                if run["op"] == "equal"
                else (f"[-{run['text']}-]" if run["op"] == "delete" else f"{{+{run['text']}+}}")
                for run in entry["text_diff"]
            )
            lines.append(f"{FIELD_NAMES[name]}：{marked}")
        else:
            lines.append(f"{FIELD_NAMES[name]}：{_shown(values['old'])} → {_shown(values['new'])}")
    return lines


def _cell(text: str) -> str:
    """Text in a Markdown table cell: its pipes escaped, its line breaks as <br>, and markup
    as text (a renderer that passes HTML through would run a notice's ``<script>``)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def to_markdown(data: dict[str, Any]) -> str:
    out = [f"# 任务分工变化：{_cell(data['old'])} → {_cell(data['new'])}", "", summary(data), ""]
    for key, title in (("added", "新增任务"), ("removed", "删除任务")):
        if data[key]:
            out += [f"## {title}", "", "| 序号 | 所属部分 | 任务内容 | 牵头单位 | 配合单位 |",
                    "|---:|---|---|---|---|"]  # fmt: skip
            out += [
                f"| {t['number']} | {_cell(t['section'])} | {_cell(t['text'])} | "
                f"{_cell(_shown(t['leads']))} | {_cell(_shown(t['co']))} |"
                for t in data[key]
            ]
            out.append("")
    if data["changed"]:
        out += ["## 修改任务", "", "| 原序号 | 新序号 | 变化 |", "|---:|---:|---|"]
        out += [
            f"| {c['old_number']} | {c['new_number']} | "
            f"{'<br>'.join(_cell(line) for line in _change_lines(c))} |"
            for c in data["changed"]
        ]
        out.append("")
    indicators = data["indicators"]
    if any(indicators.values()):
        out += ["## 目标指标", "", "| 变化 | 指标 | 原值 | 新值 |", "|---|---|---|---|"]
        out += [f"| 新增 | {_cell(i['raw'])} | — | {_value(i)} |" for i in indicators["added"]]
        out += [f"| 删除 | {_cell(i['raw'])} | {_value(i)} | — |" for i in indicators["removed"]]
        out += [
            f"| 修改 | {_cell(c['new']['raw'])} | {_value(c['old'])} | {_value(c['new'])} |"
            for c in indicators["changed"]
        ]
        out.append("")
    return "\n".join(out)


def to_html(data: dict[str, Any]) -> str:
    from jinja2 import Environment, select_autoescape

    templates = resources.files("taobei_plan") / "exports" / "templates"
    environment = Environment(
        autoescape=select_autoescape(default=True), keep_trailing_newline=True
    )
    template = environment.from_string((templates / "diff.html.j2").read_text("utf-8"))
    return template.render(
        data=data,
        summary=summary(data),
        field_names=FIELD_NAMES,
        shown=_shown,
        value=_value,
        version=__version__,
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
    )


def _marked(entry: dict[str, Any]) -> Any:
    """A reworded text for the terminal: deleted runs struck through in red, inserted ones
    underlined in green (and bracketed, so the change shows without colour too)."""
    from rich.text import Text

    text = Text()
    for run in entry["text_diff"]:
        if run["op"] == "equal":
            text.append(run["text"])
        elif run["op"] == "delete":
            text.append(f"[-{run['text']}-]", style="red strike")
        else:
            text.append(f"{{+{run['text']}+}}", style="green underline")
    return text


def print_table(data: dict[str, Any]) -> None:
    """The diff on a terminal: one row a change, headers in the reader's language."""
    from ..language import _
    from .views import table

    indicators = data["indicators"]
    title = _(
        "{added} tasks added, {removed} removed, {changed} changed; "
        "{indicators} target indicators changed"
    ).format(
        added=len(data["added"]),
        removed=len(data["removed"]),
        changed=len(data["changed"]),
        indicators=sum(len(indicators[k]) for k in ("added", "removed", "changed")),
    )
    rows: list[tuple[Any, ...]] = []
    rows += [(_("added"), "", t["number"], t["text"], "") for t in data["added"]]
    rows += [(_("removed"), t["number"], "", t["text"], "") for t in data["removed"]]
    for c in data["changed"]:
        text = _marked(c) if "text" in c["fields"] else c["text"]
        fields = [FIELD_NAMES["text"]] if "text" in c["fields"] else []
        fields += [line for line in _change_lines(c) if not line.startswith(FIELD_NAMES["text"])]
        rows.append((_("changed"), c["old_number"], c["new_number"], text, "\n".join(fields)))
    rows += [(_("target added"), "", _value(i), i["raw"], "") for i in indicators["added"]]
    rows += [(_("target removed"), _value(i), "", i["raw"], "") for i in indicators["removed"]]
    rows += [
        (_("target changed"), _value(c["old"]), _value(c["new"]), c["new"]["raw"], "")
        for c in indicators["changed"]
    ]
    table(title, ("change", "old", "new", "text", "what changed"), rows, wide="text")
