"""Tables by example (``parsing/tables.py``): a 分工表 as TAB-separated rows → its sections and
tasks. A header names the columns; repeated at a page break it is skipped; a category row opens a
section; a full row with only task text under an empty 序号 continues the task above."""

from __future__ import annotations

from taobei_plan import parse

HEADER = "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"


def read(text: str) -> list[tuple[int | None, int, str, list[str], list[str]]]:
    rows = []
    for task in parse(text).tasks():
        assert task.responsibility is not None
        leads = [u.name for u in task.responsibility.leads]
        co = [u.name for u in task.responsibility.co]
        rows.append((task.number, task.section, task.text, leads, co))
    return rows


def test_category_rows_open_sections_and_a_repeated_header_is_skipped() -> None:
    text = (
        HEADER + "一、生态建设\n"
        "1\t推进河湖治理\t区水利局\t区生态环境分局\t2025年底前\n"
        "2\t推进国土绿化\t区林业局\t\t长期坚持\n"
        + HEADER  # the next page
        + "二、民生保障\n"
        "3\t推进就业\t区人社局\t区财政局\t2024年\n"
    )
    assert [(s.number, s.title) for s in parse(text).sections] == [(1, "生态建设"), (2, "民生保障")]
    assert read(text) == [
        (1, 1, "推进河湖治理", ["区水利局"], ["区生态环境分局"]),
        (2, 1, "推进国土绿化", ["区林业局"], []),  # not 推进国土绿化重点任务, co 单位
        (3, 2, "推进就业", ["区人社局"], ["区财政局"]),
    ]


def test_a_row_of_only_task_text_continues_the_task_above() -> None:
    text = (
        HEADER + "1\t推进河湖治理\t区水利局\t区生态环境分局\t2025年底前\n"
        "2\t推进国土绿化\t区林业局\t\t长期坚持\n"
        "\t加强森林防火\t\t\t\n"  # wrapped onto a row of its own
        "3\t推进就业\t区人社局\t区财政局\t2024年\n"
    )
    assert [task[2] for task in read(text)] == [
        "推进河湖治理",
        "推进国土绿化加强森林防火",
        "推进就业",
    ]


def test_a_paragraph_indented_by_a_tab_after_the_table_is_not_a_row() -> None:
    text = (
        HEADER + "1\t推进河湖治理\t区水利局\t区生态环境分局\t2025年底前\n"
        "2\t推进国土绿化\t区林业局\t\t长期坚持\n"
        "\t各单位要高度重视，认真抓好落实。\n"
    )
    assert [task[2] for task in read(text)] == ["推进河湖治理", "推进国土绿化"]
