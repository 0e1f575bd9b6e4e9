"""The Taobei notice: exact sections, tasks, numbers, diagnostics and header values."""

from __future__ import annotations

from datetime import date

from taobei_plan.models import Notice

SECTION_TITLES = [
    "生态建设",
    "产业发展",
    "乡村振兴",
    "城镇建设",
    "改革开放",
    "科技创新",
    "文化产业",
    "社会事业",
    "社会治理",
]
TASKS_PER_SECTION = [21, 18, 9, 15, 13, 12, 7, 13, 10]


def test_nine_sections_in_order(notice: Notice) -> None:
    assert [s.title for s in notice.sections] == SECTION_TITLES
    assert [s.number for s in notice.sections] == list(range(1, 10))
    assert [s.numeral for s in notice.sections] == list("一二三四五六七八九")
    assert [s.line for s in notice.sections] == [34, 80, 120, 142, 176, 206, 234, 250, 280]


def test_118_tasks_with_printed_numbers(notice: Notice) -> None:
    tasks = notice.tasks()
    assert len(tasks) == 118
    assert [len(s.tasks) for s in notice.sections] == TASKS_PER_SECTION
    assert [t.seq for t in tasks] == list(range(1, 119))
    expected = [*range(1, 88), 87, *range(89, 119)]
    assert [t.number for t in tasks] == expected
    assert 88 not in {t.number for t in tasks}
    twice = [t for t in tasks if t.number == 87]
    assert [(t.seq, t.line) for t in twice] == [(87, 228), (88, 230)]
    assert all(t.label == f"{t.number}." for t in tasks)


def test_each_task_knows_its_section(notice: Notice) -> None:
    for section in notice.sections:
        assert {t.section for t in section.tasks} == {section.number}


def test_task_text_and_clause_are_found_on_their_line(notice: Notice, raw_lines: list[str]) -> None:
    for task in notice.tasks():
        line = raw_lines[task.line - 1]
        assert task.text in line
        assert f"[{task.responsibility.raw}]" in line
        assert line.strip() == f"{task.number}.{task.text}[{task.responsibility.raw}]"


def test_first_and_last_task(notice: Notice) -> None:
    first, last = notice.tasks()[0], notice.tasks()[-1]
    assert first.text.startswith("抓住全省“大水网”建设契机")
    assert first.responsibility.raw == "区水利局牵头负责,各乡(镇)、场按职责分工负责"
    assert last.number == 118 and last.line == 300
    assert last.responsibility.raw == "区武装部牵头负责"


def test_clause_raw_keeps_trailing_space(notice: Notice) -> None:
    task72 = next(t for t in notice.tasks() if t.number == 72)
    assert task72.responsibility.raw.endswith("按职责分工负责 ")


def test_numbering_diagnostics(notice: Notice) -> None:
    assert [(d.code, d.severity, d.line) for d in notice.diagnostics] == [
        ("duplicate-number", "warning", 230),
        ("implausible-value", "warning", 232),
        ("missing-number", "warning", 236),
    ]
    duplicate, implausible, missing = notice.diagnostics
    assert "87" in duplicate.message
    assert "2740万户" in implausible.message
    assert "88" in missing.message


def test_targets(notice: Notice) -> None:
    counts = [len(s.targets) for s in notice.sections]
    assert counts == [1, 1, 1, 1, 1, 1, 0, 1, 0]
    assert [t.line for s in notice.sections for t in s.targets] == [
        78,
        118,
        140,
        174,
        204,
        232,
        278,
    ]
    assert notice.sections[0].targets[0].text.startswith("“十四五”时期,全区计划完成人工造林2.1万亩")
    assert notice.sections[2].targets[0].text == (
        "到2025年,全区绿色有机农产品数量达到36个;创建市级现代农业产业园2个,力争创建省级现代农业产业"
        "示范园;全区80%以上村屯绿化覆盖率达到30%以上。"
    )


def test_closing_belongs_to_the_document(notice: Notice) -> None:
    assert notice.closing.startswith("各牵头部门要根据此任务清单")
    assert notice.closing.endswith("取得实效。")
    assert notice.closing_line == 302
    assert notice.sections[-1].text == []


def test_metadata(notice: Notice) -> None:
    m = notice.metadata
    assert m.index_number == "11220802013594178H/2021-00089"
    assert m.categories == ["五年发展规划", "国民经济和社会发展规划", "通知"]
    assert m.issuer == "白城市洮北区人民政府"
    assert m.written_date == date(2021, 12, 2)
    assert m.published_date == date(2021, 12, 10)
    assert m.title == (
        "白城市洮北区人民政府关于印发白城市洮北区国民经济和社会发展第十四个五年规划纲要"
        "任务清单的通知"
    )
    assert m.document_number == "白洮政发〔2021〕29号"
    assert notice.front_matter[0].text == "政府信息公开"


def test_covering_notice(notice: Notice) -> None:
    n = notice.notice
    assert n.title == notice.metadata.title
    assert n.document_number == "白洮政发〔2021〕29号"
    assert n.recipients == [
        "开发区管委会",
        "各办、局、场",
        "各乡(镇)人民政府",
        "牧业区管委会",
        "各街道办事处",
    ]
    assert n.body.startswith(
        "现将《白城市洮北区国民经济和社会发展第十四个五年规划纲要任务清单》印发给你们"
    )
    assert n.signer == "白城市洮北区人民政府"
    assert n.signed_date == date(2021, 12, 2)
    assert n.disclosure == "此件公开发布"


def test_plan(notice: Notice) -> None:
    assert notice.plan.title == "白城市洮北区国民经济和社会发展第十四个五年规划纲要任务清单"
    assert notice.plan.preamble.startswith(
        "为切实做好《白城市洮北区国民经济和社会发展第十四个五年规划纲要》"
    )
    assert notice.plan.line == 30


def test_source(notice: Notice) -> None:
    assert notice.source.path == "<bundled>"
    assert notice.source.encoding == "utf-8"
    assert notice.source.sha256 == (
        "8781f6e97388811288a00a4d5fba10dc1c6c1f2212489b5373ad04515383029f"
    )


def test_metadata_disagreement_is_reported() -> None:
    from taobei_plan import parse

    from conftest import RAW

    text = RAW.read_text(encoding="utf-8").replace(
        "发文字号: 白洮政发〔2021〕29号 发布日期", "发文字号: 白洮政发〔2021〕30号 发布日期"
    )
    notice = parse(text)
    mismatch = [d for d in notice.diagnostics if d.code == "metadata-mismatch"]
    assert [(d.line, d.severity) for d in mismatch] == [(12, "warning")]
    assert "白洮政发〔2021〕30号" in mismatch[0].message and "line 7" in mismatch[0].message
    assert notice.metadata.document_number == "白洮政发〔2021〕29号"


def test_bundled_copy_is_the_raw_file() -> None:
    from taobei_plan.loader import bundled_bytes

    from conftest import RAW

    assert bundled_bytes() == RAW.read_bytes()


def test_parse_is_pure_and_importable() -> None:
    from taobei_plan import Notice as Exported
    from taobei_plan import parse, parse_file

    from conftest import RAW

    text = RAW.read_text(encoding="utf-8")
    assert isinstance(parse(text), Exported)
    assert parse(text).source.path == "<string>"
    assert parse_file(RAW).tasks() == parse(text).tasks()
