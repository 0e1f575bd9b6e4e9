"""Ledgers people keep: the Excel 台账 (read back with openpyxl) and the SQLite database."""

from __future__ import annotations

import datetime
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app

from conftest import FIXTURES, RAW

openpyxl = pytest.importorskip("openpyxl")
runner = CliRunner()
FARM = FIXTURES / "corpus" / "gov-farm-machinery-2018-42.txt"
WATER = [1, 2, 3, 19, 21, 47, 49]


def export(*args: str) -> None:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.stderr


def rows(path: Path, sheet: str) -> list[tuple]:
    """A sheet's table: its header row and the rows below (任务台账 has title lines above)."""
    table = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    return table[next(i for i, r in enumerate(table) if "序号" in r or i == len(table) - 1) :]


TITLE = "白城市洮北区国民经济和社会发展第十四个五年规划纲要任务清单落实台账"
BLANKS = "填报单位：__________________　　填报日期：______年____月____日"


# ---- the workbook ---------------------------------------------------------------------------


def test_workbook_sheets_headers_and_values(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    export("--as-of", "2024-06-30", "-o", str(target))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["任务台账", "责任分工", "单位统计", "目标指标", "投资项目", "问题",
                               "督办清单", "说明", "taobei数据"]  # fmt: skip
    assert book["taobei数据"].sheet_state == "veryHidden"  # the notices, for the reporting round
    whole = list(book["任务台账"].iter_rows(values_only=True))
    assert whole[0][0] == TITLE and whole[1][0] == f"白洮政发〔2021〕29号　　{BLANKS}"
    tasks = whole[2:]
    assert tasks[0] == ("序号", "重点任务", "牵头单位", "配合单位", "完成时限", "进展情况",
                        "完成情况", "备注", "责任人", "编号", "板块", "小标题", "投资（亿元）",
                        "通知", "原文行", "截止日期", "状态")  # fmt: skip
    assert len(tasks) == 119
    first = tasks[1]
    assert first[0] == 1 and first[1].startswith("抓住全省“大水网”建设契机")
    assert first[2:5] == ("区水利局", "各乡(镇)、各场", "到2025年")  # the end its text sets
    assert first[5:9] == (None, None, None, None)  # the office's columns
    assert first[9:15] == ("1.", "一、生态建设", None, None, "白洮政发〔2021〕29号", 36)
    assert first[15] == datetime.datetime(2025, 12, 31)  # 到2025年, a date
    assert first[16] == "正常"  # as of 2024-06-30, on track
    assert [r[0] for r in tasks[1:]] == list(range(1, 119))
    assert [r[9] for r in tasks[87:90]] == ["87.", "87.", "89."]  # numbers as printed
    protective = next(r for r in tasks if r[0] == 23)
    assert protective[12] == pytest.approx(4.7)  # 1.4 + 3.3 亿元, a number
    assert next(r for r in tasks if r[0] == 26)[4] == "2022年开工建设；2024年竣工投产"
    units = list(book["单位统计"].iter_rows(values_only=True))
    assert units[0] == ("单位", "类别", "牵头数", "配合数", "合计")
    assert len(units) == 58  # 57 units
    duties = list(book["责任分工"].iter_rows(values_only=True))
    assert duties[1] == ("白洮政发〔2021〕29号", 1, "区水利局", "牵头", "部门")
    problems = list(book["问题"].iter_rows(values_only=True))
    assert problems[0] == ("通知", "原文行", "级别", "问题", "说明", "代码")
    assert sorted(p[1:4] + p[5:] for p in problems[1:]) == [
        (230, "警告", "任务编号重复", "duplicate-number"),
        (232, "警告", "数值不合常理", "implausible-value"),
        (236, "警告", "任务编号缺号", "missing-number"),
    ]
    about = dict(book["说明"].iter_rows(min_row=2, values_only=True))
    assert about["文号"] == "白洮政发〔2021〕29号"
    assert about["来源文件"] == "<bundled>"  # a file would show its name, never its folder
    assert about["成文日期"] == datetime.datetime(2021, 12, 2)  # a date, not text
    assert isinstance(about["生成时间"], datetime.datetime)


def test_workbook_is_made_to_print_and_filter(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    export("-o", str(target))
    book = openpyxl.load_workbook(target)
    sheet = book["任务台账"]
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:Q121"
    assert sheet.print_title_rows == "$3:$3"
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    # one page wide (fitToWidth left out means 1, its default in the OOXML schema), any long
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert sheet.oddHeader.left.text == "白洮政发〔2021〕29号"
    # title lines, across the visible columns (A…I and 状态 in Q; the folded ones between)
    assert sorted(str(r) for r in sheet.merged_cells.ranges) == ["A1:Q1", "A2:Q2"]
    assert sheet["A1"].font.b and sheet["A1"].font.name == "黑体" and sheet["A1"].font.sz == 16
    header = sheet["A3"]
    assert header.font.b and header.font.name == "黑体" and header.fill.fill_type == "solid"
    assert header.fill.fgColor.rgb[2:] == "DDEBF7"  # ARGB: the alpha byte is not drawn
    body = sheet["B4"]
    assert body.font.name == "仿宋" and body.alignment.wrap_text
    for cell in (header, body, sheet["I121"]):  # thin borders on every cell of the table
        assert {cell.border.left.style, cell.border.top.style, cell.border.right.style,
                cell.border.bottom.style} == {"thin"}  # fmt: skip
    from openpyxl.utils import column_index_from_string

    def column(letter: str):  # type: ignore[no-untyped-def]  # a range of like columns is one
        index = column_index_from_string(letter)
        return next(d for d in sheet.column_dimensions.values() if d.min <= index <= d.max)

    widths = {c: column(c).width for c in "ABCDEFGHI"}
    assert widths["B"] == pytest.approx(50.7, abs=1) and widths["F"] >= 30
    assert widths["G"] >= 16 and widths["H"] >= 16
    # rows as tall as their text when printed, and not marked as set by hand: they grow as
    # people type (openpyxl reports any height as custom, so the XML is read)
    with zipfile.ZipFile(target) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "customHeight" not in xml
    assert re.search(r"<row r=\"4\" [^>]*ht=\"114.75\"", xml)  # seq 1: seven lines of 重点任务
    # 编号 … 原文行: grouped and folded away; the office's columns are not
    assert {(column(c).outlineLevel, column(c).hidden) for c in "JKLMNOP"} == {(1, True)}
    assert {(column(c).outlineLevel, column(c).hidden) for c in "ABCDEFGHIQ"} == {(0, False)}
    assert book["投资项目"].sheet_state == "visible" and book["问题"].sheet_state == "visible"


def test_empty_sheets_are_hidden_so_they_do_not_print(tmp_path: Path) -> None:
    notice = tmp_path / "n.txt"
    notice.write_text(
        "一、甲\n1.推进工作。[区水利局负责]\n2.加强管理。[区财政局负责]\n", encoding="utf-8"
    )
    target = tmp_path / "台账.xlsx"
    export(str(notice), "-o", str(target))
    book = openpyxl.load_workbook(target)
    states = {s.title: s.sheet_state for s in book.worksheets}
    assert states == {"任务台账": "visible", "责任分工": "visible", "单位统计": "visible",
                      "目标指标": "hidden", "投资项目": "hidden", "问题": "hidden",
                      "督办清单": "hidden", "说明": "visible", "taobei数据": "veryHidden"}  # fmt: skip


def test_department_ledger(tmp_path: Path) -> None:
    target = tmp_path / "水利局.xlsx"
    export("--dept", "区水利局", "-o", str(target))
    whole = list(openpyxl.load_workbook(target)["任务台账"].iter_rows(values_only=True))
    assert whole[0][0] == f"{TITLE}（区水利局）"
    assert whole[2][2] == "筛选：单位 区水利局；角色 牵头和配合" or whole[2][0].startswith("筛选")
    table = rows(target, "任务台账")
    assert table[0][:6] == ("序号", "重点任务", "牵头单位", "配合单位", "角色", "完成时限")
    assert [(r[0], r[4]) for r in table[1:]] == [(1, "牵头"), (2, "牵头"), (3, "牵头"),
                                                 (19, "牵头"), (21, "牵头"), (47, "配合"),
                                                 (49, "配合")]  # fmt: skip
    roles = {(r[1], r[3]) for r in rows(target, "责任分工")[1:] if r[2] == "区水利局"}
    assert roles == {(1, "牵头"), (2, "牵头"), (3, "牵头"), (19, "牵头"), (21, "牵头"),
                     (47, "配合"), (49, "配合")}  # fmt: skip
    about = dict(openpyxl.load_workbook(target)["说明"].iter_rows(min_row=2, values_only=True))
    assert about["本台账"] == "区水利局牵头和配合的任务"
    assert about["筛选：单位"] == "区水利局" and about["筛选：角色"] == "牵头和配合"


def test_reexport_keeps_what_people_typed(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    export("-o", str(target))
    book = openpyxl.load_workbook(target)
    sheet = book["任务台账"]
    assert [c.value for c in sheet[3]][5:8] == ["进展情况", "完成情况", "备注"]
    sheet["F4"] = "已完成河湖连通一期"  # 进展情况 of seq 1
    sheet["H6"] = "=SUM(1,2)"  # 备注 of seq 3: a formula
    sheet["R3"] = "督办人"  # a column people added
    sheet["R4"] = "张三"
    book.save(target)
    export("--dept", "区水利局", "-o", str(target))  # seq 4…118 (but 19, 21, 47, 49) go
    again = rows(target, "任务台账")  # 角色 stands after 配合单位 in a department's ledger
    assert again[0][-1] == "督办人"
    assert again[1][0] == 1 and again[1][6] == "已完成河湖连通一期" and again[1][18] == "张三"
    assert again[3][8] == "=SUM(1,2)"
    assert [r[0] for r in again[1:]] == WATER
    removed = rows(target, "已移除")
    assert len(removed) == 1 + 118 - 7
    export("-o", str(target))  # everything back: notes are still where they were
    back = openpyxl.load_workbook(target)["任务台账"]
    assert back["F4"].value == "已完成河湖连通一期" and back["H6"].value == "=SUM(1,2)"
    assert back["R3"].value == "督办人" and back["R4"].value == "张三"


def test_workbook_not_written_by_taobei_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "别人的.xlsx"
    other = openpyxl.Workbook()
    other.active["A1"] = "precious"
    other.save(target)
    before = target.read_bytes()
    result = runner.invoke(app, ["export", "-o", str(target)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"Error: {target}: not a workbook written by taobei; use --force to replace it\n"
    )
    assert target.read_bytes() == before
    export("-o", str(target), "--force")
    assert openpyxl.load_workbook(target).sheetnames[0] == "任务台账"


HOSTILE = '一、甲\n1.=HYPERLINK("http://x","点击")推进工作。[区水利局负责]\n2.@SUM(A1)加强管理。[区财政局负责]\n'


def test_formula_looking_text_stays_text(tmp_path: Path) -> None:
    notice = tmp_path / "n.txt"
    notice.write_text(HOSTILE, encoding="utf-8")
    target = tmp_path / "x.xlsx"
    export(str(notice), "-o", str(target))
    with zipfile.ZipFile(target) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    texts = [r[1] for r in rows(target, "任务台账")[1:]]
    assert texts == ['=HYPERLINK("http://x","点击")推进工作。', "@SUM(A1)加强管理。"]
    import csv

    out = runner.invoke(app, ["tasks", str(notice), "--format", "csv"]).stdout
    cells = [row[5] for row in csv.reader(out.splitlines())][1:]
    assert cells == ['\'=HYPERLINK("http://x","点击")推进工作。', "'@SUM(A1)加强管理。"]


DIGITS = "9" * 400
HUGE = (
    "一、甲\n1.建设园区,总投资" + "8" * 20 + "亿元。[区发改局牵头负责]\n"
    f"到2025年,全区污水处理率达到{DIGITS}%,绿化率达到95%。\n"
)


def test_numbers_no_spreadsheet_holds_are_kept_as_their_digits(tmp_path: Path) -> None:
    """A hostile notice can state a 400-digit figure: the JSON keeps it whole; the workbook
    writes it as text (Excel holds 15 digits), the database and the report do not fail."""
    notice = tmp_path / "n.txt"
    notice.write_text(HUGE, encoding="utf-8")
    parsed = json.loads(runner.invoke(app, ["parse", str(notice)]).stdout)
    assert [i["value"] for i in parsed["sections"][0]["targets"][0]["indicators"]] == [
        int(DIGITS),
        95,
    ]
    target = tmp_path / "x.xlsx"
    export(str(notice), "-o", str(target))
    indicators = rows(target, "目标指标")[1:]
    assert [(r[6], r[9]) for r in indicators] == [(DIGITS, DIGITS), (95, 95)]  # scaled: ×1
    projects = rows(target, "投资项目")[1:]
    assert [(r[4], r[6]) for r in projects] == [("8" * 20, "8" * 20 + "0" * 8)]
    db = tmp_path / "n.db"
    export(str(notice), "-o", str(db))
    assert query(db, "SELECT value, typeof(value) FROM indicators") == [
        (float("inf"), "real"),
        (95.0, "real"),
    ]
    assert query(db, "SELECT amount, yuan FROM investments") == [
        (8.888888888888889e19, 8.888888888888888e27)
    ]
    page = tmp_path / "n.html"
    result = runner.invoke(app, ["report", str(notice), "-o", str(page)])
    assert result.exit_code == 0, result.stderr
    assert DIGITS in page.read_text(encoding="utf-8")


# ---- the database ---------------------------------------------------------------------------


def query(path: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, args).fetchall()


def test_database_holds_the_notice(tmp_path: Path) -> None:
    db = tmp_path / "notices.db"
    export("-o", str(db))
    assert query(db, "SELECT COUNT(*) FROM tasks") == [(118,)]
    assert query(db, "PRAGMA user_version") == [(4,)]
    assert query(
        db,
        "SELECT seq, due_date, due_kind FROM tasks WHERE due_date IS NOT NULL ORDER BY seq LIMIT 2",
    ) == [(1, "2025-12-31", "year"), (16, "2025-12-31", "by")]
    in_tasks = query(db, "SELECT t.seq, i.scaled_value, i.base_unit, i.year FROM indicators i "
                         "JOIN tasks t ON t.id = i.task_id ORDER BY i.id")  # fmt: skip
    assert in_tasks == [(27, 4500.0, "头", 2021), (29, 10000.0, "亩", 2025),
                        (30, 20000000000.0, "元", 2025), (63, 2.0, "个", 2025),
                        (78, 2.0, "个", 2025), (78, 12.0, "个", 2025)]  # fmt: skip
    assert query(db, "SELECT COUNT(*) FROM indicators WHERE target_id IS NOT NULL") == [(78,)]
    water = query(db, "SELECT seq, role FROM dept_tasks WHERE unit = '区水利局' ORDER BY seq")
    assert water == [(1, "lead"), (2, "lead"), (3, "lead"), (19, "lead"), (21, "lead"),
                     (47, "co"), (49, "co")]  # fmt: skip
    fts = "SELECT t.seq FROM tasks_fts f JOIN tasks t ON t.id = f.rowid WHERE tasks_fts MATCH ?"
    assert query(db, fts, "秸秆焚烧") == [(12,)]  # trigram: words of three characters or more
    assert query(db, fts, "秸秆禁烧") == [(10,)]
    like = query(db, "SELECT seq FROM tasks WHERE text LIKE '%秸秆%' ORDER BY seq")
    assert like == [(10,), (12,)]  # two-character words: LIKE
    assert query(db, "SELECT COUNT(*) FROM unit_load") == [(57,)]
    assert query(db, "SELECT yuan FROM investments JOIN tasks ON tasks.id = task_id WHERE seq = 23") == [
        (140000000,), (330000000,)]  # fmt: skip


def test_reexport_replaces_and_notices_live_side_by_side(tmp_path: Path) -> None:
    db = tmp_path / "notices.db"
    export("-o", str(db))
    export("-o", str(db))
    assert query(db, "SELECT COUNT(*) FROM notices") == [(1,)]
    assert query(db, "SELECT COUNT(*) FROM tasks") == [(118,)]
    assert query(db, "SELECT COUNT(*) FROM tasks_fts") == [(118,)]
    export(str(FARM), "-o", str(db))
    assert query(db, "SELECT name, tasks FROM notices ORDER BY id") == [
        ("白洮政发〔2021〕29号", 118), ("国发〔2018〕42号", 18)]  # fmt: skip
    result = runner.invoke(app, ["tasks", str(db), "--dept", "农业农村部", "--format", "json"])
    assert result.exit_code == 0
    tasks = json.loads(result.stdout)
    assert {t["notice"] for t in tasks} == {"国发〔2018〕42号"} and len(tasks) == 17


def test_failed_export_leaves_the_database_as_it_was(tmp_path: Path, monkeypatch) -> None:
    from taobei_plan.exports import database

    db = tmp_path / "notices.db"
    export("-o", str(db))
    before = query(db, "SELECT COUNT(*) FROM tasks")

    def broken(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(database, "_target", broken)
    result = runner.invoke(app, ["export", str(RAW), str(FARM), "-o", str(db)])
    assert result.exit_code == 130
    assert query(db, "SELECT COUNT(*) FROM tasks") == before
    assert query(db, "SELECT COUNT(*) FROM notices") == [(1,)]


@pytest.mark.parametrize("content", [b"precious notes", None])
def test_a_file_that_is_not_a_taobei_database_is_refused(
    tmp_path: Path, content: bytes | None
) -> None:
    db = tmp_path / "other.db"
    if content is None:
        with sqlite3.connect(db) as connection:
            connection.execute("CREATE TABLE mine (x)")
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    result = runner.invoke(app, ["export", "-o", str(db)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == {
            b"precious notes": f"Error: {db}: not a taobei database (not SQLite); refusing to touch it\n",
            None: f"Error: {db}: an SQLite database taobei did not make; refusing to touch it\n",
        }[content]
    )
    assert db.read_bytes() == before


def test_export_needs_a_known_ledger_type(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: give the ledger with -o: a .xlsx, .db, .sqlite or .sqlite3 file, .ics, .graphml "
        "or .gexf, or a folder with --format parquet\n"
    )


def test_failed_export_to_a_new_database_leaves_no_file(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = runner.invoke(app, ["export", "--dept", "不存在的名字", "-o", str(db)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: unknown department '不存在的名字'; run 'taobei depts' to list the units\n"
    )
    assert not db.exists()


def test_a_database_of_schema_1_is_brought_to_schema_4_its_notices_kept(tmp_path: Path) -> None:
    """A database an earlier taobei made (indicators of targets only, no direction or year; no
    due dates, no progress) takes a new export: steps 1 → 2 → 3 keep its rows, then 3 → 4
    stores each notice again from the JSON it kept, so its rows come back whole: the tasks'
    due dates and the indicators of task text it lacked; progress is there."""
    db = tmp_path / "old.db"
    export("-o", str(db))
    with sqlite3.connect(db) as connection:
        connection.executescript(
            "DELETE FROM indicators WHERE task_id IS NOT NULL;"
            "ALTER TABLE indicators RENAME TO new_shape;"
            "CREATE TABLE indicators (id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL "
            "REFERENCES targets(id) ON DELETE CASCADE, metric TEXT, value REAL, value_max REAL, "
            "unit TEXT, comparator TEXT, scaled_value REAL, base_unit TEXT, kind TEXT, scope TEXT, "
            "raw TEXT);"
            "INSERT INTO indicators SELECT id, target_id, metric, value, value_max, unit, "
            "comparator, scaled_value, base_unit, kind, scope, raw FROM new_shape;"
            "DROP TABLE new_shape; DROP TABLE progress; ALTER TABLE tasks DROP COLUMN due_date;"
            "ALTER TABLE tasks DROP COLUMN due_kind; ALTER TABLE tasks DROP COLUMN due_every;"
            "PRAGMA user_version = 1;"
        )
    other = tmp_path / "other.txt"
    other.write_text(
        "一、甲\n1.建设园区,到2025年新增就业1.2万人。[区发改局牵头负责]\n", encoding="utf-8"
    )
    export(str(other), "-o", str(db))
    assert query(db, "PRAGMA user_version") == [(4,)]
    assert query(db, "SELECT COUNT(*) FROM notices") == [(2,)]
    # stored again from its JSON, the kept notice has its due dates as a new export has them
    assert query(db, "SELECT COUNT(*) FROM tasks WHERE due_date IS NULL") == [(111,)]
    assert query(db, "SELECT due_date, due_kind FROM tasks WHERE text LIKE '建设园区%'") == [
        ("2025-12-31", "year")
    ]
    assert query(db, "SELECT COUNT(*) FROM progress") == [(0,)]
    assert query(db, "SELECT COUNT(*) FROM indicators WHERE target_id IS NOT NULL") == [(78,)]
    in_tasks = query(db, "SELECT metric, scaled_value, year FROM indicators i JOIN tasks t ON "
                         "t.id = i.task_id ORDER BY t.notice_id, i.id")  # fmt: skip
    assert len(in_tasks) == 7 and in_tasks[-1] == ("就业", 12000.0, 2025)  # 6 of the kept notice


def test_a_database_of_a_later_schema_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "later.db"
    export("-o", str(db))
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA user_version = 99")
    before = db.read_bytes()
    result = runner.invoke(app, ["export", "-o", str(db)])
    assert result.exit_code != 0
    assert "made by a later taobei (schema 99); refusing to touch it" in result.stderr
    assert db.read_bytes() == before
