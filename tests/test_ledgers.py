"""Ledgers people keep: the Excel 台账 (read back with openpyxl) and the SQLite database."""

from __future__ import annotations

import datetime
import json
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
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


# ---- the workbook ---------------------------------------------------------------------------


def test_workbook_sheets_headers_and_values(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    export("-o", str(target))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [
        "任务台账",
        "责任分工",
        "单位统计",
        "目标指标",
        "投资项目",
        "问题",
        "说明",
    ]
    tasks = list(book["任务台账"].iter_rows(values_only=True))
    assert tasks[0] == ("通知", "序号", "编号", "板块", "小标题", "重点任务", "牵头单位", "配合单位",
                        "完成时限", "投资（亿元）", "原文行", "进展情况", "完成情况", "备注")  # fmt: skip
    assert len(tasks) == 119
    first = tasks[1]
    assert first[:4] == ("白洮政发〔2021〕29号", 1, 1, "一、生态建设")
    assert first[5].startswith("抓住全省“大水网”建设契机") and first[6:8] == (
        "区水利局",
        "各乡(镇)、各场",
    )
    assert (first[9], first[10], first[11:]) == (None, 36, (None, None, None))
    assert [r[1] for r in tasks[1:]] == list(range(1, 119))
    assert [r[2] for r in tasks[87:90]] == [87, 87, 89]  # numbers as printed
    protective = next(r for r in tasks if r[1] == 23)
    assert protective[9] == pytest.approx(4.7)  # 1.4 + 3.3 亿元, a number
    units = list(book["单位统计"].iter_rows(values_only=True))
    assert units[0] == ("单位", "类别", "牵头数", "配合数", "合计")
    assert len(units) == 58  # 57 units
    duties = list(book["责任分工"].iter_rows(values_only=True))
    assert duties[1] == ("白洮政发〔2021〕29号", 1, "区水利局", "牵头", "部门")
    problems = list(book["问题"].iter_rows(values_only=True))
    assert [p[3] for p in problems[1:]] == [
        "duplicate-number",
        "missing-number",
        "implausible-value",
    ] or [p[3] for p in problems[1:]] == ["duplicate-number", "implausible-value", "missing-number"]
    about = dict(book["说明"].iter_rows(min_row=2, values_only=True))
    assert about["文号"] == "白洮政发〔2021〕29号"
    assert about["成文日期"] == datetime.datetime(2021, 12, 2)  # a date, not text
    assert isinstance(about["生成时间"], datetime.datetime)


def test_workbook_is_made_to_print_and_filter(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    export("-o", str(target))
    sheet = openpyxl.load_workbook(target)["任务台账"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N119"
    assert sheet.print_title_rows == "$1:$1"
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    # one page wide (fitToWidth left out means 1, its default in the OOXML schema), any long
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet["A1"].font.bold and sheet["A1"].fill.fill_type == "solid"
    assert sheet["A1"].fill.fgColor.rgb[2:] == "DDEBF7"  # ARGB: the alpha byte is not drawn
    assert sheet.column_dimensions["F"].width == 60 and sheet["F2"].alignment.wrap_text
    assert sheet.column_dimensions["B"].width == 8


def test_department_ledger(tmp_path: Path) -> None:
    target = tmp_path / "水利局.xlsx"
    export("--dept", "区水利局", "-o", str(target))
    assert [r[1] for r in rows(target, "任务台账")[1:]] == WATER
    roles = {(r[1], r[3]) for r in rows(target, "责任分工")[1:] if r[2] == "区水利局"}
    assert roles == {(1, "牵头"), (2, "牵头"), (3, "牵头"), (19, "牵头"), (21, "牵头"),
                     (47, "配合"), (49, "配合")}  # fmt: skip


def test_reexport_keeps_what_people_typed(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    export("-o", str(target))
    book = openpyxl.load_workbook(target)
    sheet = book["任务台账"]
    sheet["L2"] = "已完成河湖连通一期"  # 进展情况 of seq 1
    sheet["N4"] = "=SUM(1,2)"  # 备注 of seq 3
    sheet["O1"] = "督办人"  # a column people added
    sheet["O2"] = "张三"
    book.save(target)
    export("--dept", "区水利局", "-o", str(target))  # seq 4…118 (but 19, 21, 47, 49) go
    again = rows(target, "任务台账")
    assert again[0][-1] == "督办人"
    assert again[1][1] == 1 and again[1][11] == "已完成河湖连通一期" and again[1][14] == "张三"
    assert [r[1] for r in again[1:]] == WATER
    removed = rows(target, "已移除")
    assert len(removed) == 1 + 118 - 7
    export("-o", str(target))  # everything back: notes are still where they were
    back = rows(target, "任务台账")
    assert back[1][11] == "已完成河湖连通一期"


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
    texts = [r[5] for r in rows(target, "任务台账")[1:]]
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
    assert query(db, "PRAGMA user_version") == [(2,)]
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
    assert (
        result.stderr == "Error: give the ledger with -o: a .xlsx, .db, .sqlite or .sqlite3 file\n"
    )


def test_failed_export_to_a_new_database_leaves_no_file(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = runner.invoke(app, ["export", "--dept", "不存在局", "-o", str(db)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: unknown department '不存在局'; run 'taobei depts' to list the units\n"
    )
    assert not db.exists()


def test_a_database_of_schema_1_is_brought_to_schema_2_its_rows_kept(tmp_path: Path) -> None:
    """A database an earlier taobei made (indicators of targets only, no direction or year)
    takes a new export: its indicator rows are kept, the table gains task_id, direction, year."""
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
            "DROP TABLE new_shape; PRAGMA user_version = 1;"
        )
    other = tmp_path / "other.txt"
    other.write_text(
        "一、甲\n1.建设园区,到2025年新增就业1.2万人。[区发改局牵头负责]\n", encoding="utf-8"
    )
    export(str(other), "-o", str(db))
    assert query(db, "PRAGMA user_version") == [(2,)]
    assert query(db, "SELECT COUNT(*) FROM indicators WHERE target_id IS NOT NULL") == [(78,)]
    assert query(
        db, "SELECT metric, scaled_value, year FROM indicators WHERE task_id IS NOT NULL"
    ) == [("就业", 12000.0, 2025)]


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
