"""The reporting round as an office runs it: export → returns → units fill them in → collect →
status, twice; and the deadlines calendar read back as a calendar program reads it."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app

NOTICE = """\
某区人民政府办公室关于印发2024年重点工作任务分工方案的通知
某政办发〔2024〕3号
一、稳增长
1．加快支出进度。（区财政局牵头，区审计局配合，6月底前完成）
2．建设污水处理厂，2025年竣工投产。（区水利局负责）
3．优化营商环境。（区营商局牵头，区财政局、各相关单位配合，2024年3月底前完成）
4．做好统计监测。（区统计局负责，每季度）
"""
UNITS = ["区财政局", "区审计局", "区水利局", "区营商局", "区统计局"]


def taobei(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stderr


def fill(path: Path, answers: dict[int, tuple[str, str]]) -> None:
    """A unit fills in its return: 完成状态 and 本期进展 by 序号."""
    book = openpyxl.load_workbook(path)
    sheet = book["报送表"]
    header = [c.value for c in sheet[4]]
    for row in sheet.iter_rows(min_row=5):
        if row[0].value in answers:
            status, text = answers[row[0].value]
            row[header.index("完成状态")].value = status
            row[header.index("本期进展")].value = text
    book.save(path)


def table(path: Path, sheet: str) -> list[tuple[object, ...]]:
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if "序号" in r or "单位" in r[:1])
    return rows[top:]


@pytest.fixture
def office(tmp_path: Path) -> Path:
    notice = tmp_path / "通知.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    taobei("export", str(notice), "-o", str(tmp_path / "台账.xlsx"), "--as-of", "2024-01-15")
    return tmp_path


def test_returns_go_to_every_named_unit_ready_to_fill_and_print(office: Path) -> None:
    told = taobei("returns", str(office / "台账.xlsx"), "-o", str(office / "报送"),
                  "--period", "2024-06")  # fmt: skip
    assert sorted(p.name for p in (office / "报送").iterdir()) == sorted(f"{u}.xlsx" for u in UNITS)
    assert told.splitlines()[-1] == "No return for addressees of a whole class: 各相关单位"
    book = openpyxl.load_workbook(office / "报送" / "区财政局.xlsx")
    assert book.sheetnames == ["报送表", "回执信息"]
    assert book["回执信息"].sheet_state == "hidden"
    facts = dict(book["回执信息"].iter_rows(values_only=True))
    assert (facts["单位"], facts["期次"], facts["通知"]) == (
        "区财政局",
        "2024-06",
        "某政办发〔2024〕3号",
    )
    sheet = book["报送表"]
    assert sheet["A1"].value == "区财政局任务落实情况报送表（2024-06）"
    assert [c.value for c in sheet[4]] == ["序号", "重点任务", "本单位角色", "完成时限", "完成状态",
                                          "本期进展", "存在问题", "下步计划", "佐证材料", "通知"]  # fmt: skip
    body = [[c.value for c in row][:4] for row in sheet.iter_rows(min_row=5)]
    assert body == [[1, "加快支出进度。", "牵头", "6月底前完成"],
                    [3, "优化营商环境。", "配合", "2024年3月底前完成"]]  # fmt: skip
    assert sheet.protection.sheet and not sheet.protection.password  # protected, no password
    assert [not sheet.cell(5, c).protection.locked for c in range(1, 11)] == (
        [False] * 4 + [True] * 5 + [False])  # fmt: skip
    [choices] = sheet.data_validations.dataValidation
    assert (str(choices.sqref), choices.formula1) == ("E5:E6", '"已完成,正常推进,滞后,未启动"')
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert (sheet.page_setup.orientation, sheet.print_title_rows) == ("landscape", "$4:$4")
    again = taobei("returns", str(office / "台账.xlsx"), "-o", str(office / "报送"),
                   "--period", "2024-06", code=2)  # fmt: skip
    assert "a return is already there (perhaps filled in); use --force" in again


def _soffice_roundtrip(path: Path) -> bool:
    """Save a return through LibreOffice Calc, as a unit on WPS/LibreOffice would."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    out = path.parent / "lo"
    result = subprocess.run(
        [soffice, "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    if result.returncode != 0 or not (out / path.name).exists():
        return False
    shutil.move(out / path.name, path)
    return True


def test_collect_merges_the_round_and_keeps_every_period(office: Path) -> None:
    ledger, returns = office / "台账.xlsx", office / "报送"
    book = openpyxl.load_workbook(ledger)  # the office typed a note before the round
    sheet = book["任务台账"]
    header = [c.value for c in sheet[3]]
    sheet.cell(4, header.index("进展情况") + 1).value = "督查室电话核实"
    book.save(ledger)
    taobei("returns", str(ledger), "-o", str(returns), "--period", "2024-06")
    fill(returns / "区财政局.xlsx", {1: ("已完成", "资金已拨付"), 3: ("正常推进", "配合推进")})
    fill(returns / "区营商局.xlsx", {3: ("滞后", "审批系统未上线")})
    fill(returns / "区水利局.xlsx", {2: ("正常推进", "完成选址")})
    _soffice_roundtrip(returns / "区水利局.xlsx")  # when LibreOffice is here; as is otherwise
    (returns / "区审计局.xlsx").unlink()  # 区审计局 and 区统计局 return nothing
    (returns / "区统计局.xlsx").unlink()
    told = taobei("collect", str(ledger), str(returns), "--as-of", "2024-06-30")
    assert told.splitlines()[-1] == "5 units: 3 returned, 2 not: 区审计局、区统计局"
    assert (
        "Differing statuses: 序号 3: 区营商局 滞后、区财政局 正常推进; the 台账 shows 区营商局's"
        in told
    )
    rows = table(ledger, "任务台账")
    at = {name: rows[0].index(name) for name in ("进展情况", "完成情况", "状态")}
    got = [(r[at["进展情况"]], r[at["完成情况"]], r[at["状态"]]) for r in rows[1:]]
    assert got == [("区财政局：资金已拨付", "已完成", "已完成"),
                   ("完成选址", "正常推进", "正常"),
                   ("区营商局：审批系统未上线\n区财政局：配合推进", "滞后", "逾期"),
                   (None, None, "长期")]  # fmt: skip
    log = table(ledger, "进展记录")
    assert [(r[1], r[2], r[4], r[5], r[6]) for r in log[1:]] == [
        (1, "（台账原填）", "（此前）", None, "督查室电话核实"),  # kept before it was replaced
        (
            1,
            "区财政局",
            "2024-06",
            "已完成",
            "资金已拨付",
        ),  # this round's, task by task, lead first
        (2, "区水利局", "2024-06", "正常推进", "完成选址"),
        (3, "区营商局", "2024-06", "滞后", "审批系统未上线"),
        (3, "区财政局", "2024-06", "正常推进", "配合推进"),
    ]
    sent = {r[0]: r[5] for r in table(ledger, "报送情况")[1:]}
    assert sent == {"区财政局": "已报送", "区审计局": "未报送", "区水利局": "已报送",
                    "区营商局": "已报送", "区统计局": "未报送"}  # fmt: skip
    overdue = [(r[0], r[1], r[2]) for r in table(ledger, "督办清单")[1:]]
    assert overdue == [("区营商局", "牵头", 3), ("区财政局", "配合", 3), ("各相关单位", "配合", 3)]
    # the second round: a quarter later, the statistics bureau reports; June stays in the log
    taobei("returns", str(ledger), "-o", str(office / "报送9"), "--period", "2024-09")
    fill(office / "报送9" / "区统计局.xlsx", {4: ("正常推进", "三季度数据已报")})
    taobei("collect", str(ledger), str(office / "报送9" / "区统计局.xlsx"), "--as-of", "2024-09-30")
    periods = [(r[2], r[4]) for r in table(ledger, "进展记录")[1:]]
    assert periods[-1] == ("区统计局", "2024-09") and periods.count(("区财政局", "2024-06")) == 2
    assert table(ledger, "任务台账")[4][at["进展情况"]] == "三季度数据已报"
    # collecting the same return again replaces its rows, it adds none
    taobei("collect", str(ledger), str(office / "报送9" / "区统计局.xlsx"), "--as-of", "2024-09-30")
    assert len(table(ledger, "进展记录")) == len(periods) + 1
    # re-exporting the notice onto the 台账 keeps the round's sheets and the progress typed in
    taobei("export", str(office / "通知.txt"), "-o", str(ledger), "--as-of", "2024-09-30")
    again = openpyxl.load_workbook(ledger)
    assert {"进展记录", "报送情况"} <= set(again.sheetnames)
    assert table(ledger, "任务台账")[1][at["完成情况"]] == "已完成"


def test_status_as_of_a_date(office: Path) -> None:
    ledger = office / "台账.xlsx"
    taobei("returns", str(ledger), "-o", str(office / "r"), "--period", "2024-06")
    fill(office / "r" / "区财政局.xlsx", {1: ("已完成", "资金已拨付")})
    taobei("collect", str(ledger), str(office / "r" / "区财政局.xlsx"), "--period", "2024-06")

    def statuses(day: str) -> list[tuple[int, str]]:
        result = CliRunner().invoke(app, ["status", str(ledger), "--as-of", day, "-f", "json"])
        assert result.exit_code == 0, result.stderr
        return [(r["seq"], r["status"]) for r in json.loads(result.stdout)]

    assert statuses("2024-03-20") == [(1, "done"), (2, "on-track"), (3, "due-soon"), (4, "ongoing")]
    assert statuses("2024-06-30") == [(1, "done"), (2, "on-track"), (3, "overdue"), (4, "ongoing")]
    assert statuses("2025-12-20")[1] == (2, "due-soon")
    csv = CliRunner().invoke(app, ["status", str(ledger), "--as-of", "2024-06-30", "-f", "csv"])
    assert csv.stdout.splitlines()[0] == "notice,seq,status,due,deadline,leads,co,reported,text"
    assert csv.stdout.splitlines()[3] == ("某政办发〔2024〕3号,3,overdue,2024-03-31,2024年3月底前完成,"
                                          "区营商局,区财政局、各相关单位,,优化营商环境。")  # fmt: skip


def test_returns_that_do_not_belong_are_refused_one_line_each(office: Path) -> None:
    ledger = office / "台账.xlsx"
    taobei("returns", str(ledger), "-o", str(office / "r"), "--period", "2024-06")
    fill(office / "r" / "区财政局.xlsx", {1: ("差不多", "资金已拨付"), 3: ("正常推进", "配合推进")})
    stranger = office / "r" / "别的.xlsx"
    openpyxl.Workbook().save(stranger)
    told = taobei("collect", str(ledger), str(office / "r" / "区财政局.xlsx"), str(stranger),
                  "--period", "2024-07", code=1)  # fmt: skip
    assert told.splitlines()[:2] == [
        f"Refused: {office / 'r' / '区财政局.xlsx'}: a return for period 2024-06, not 2024-07",
        f"Refused: {stranger}: not a return written by taobei returns",
    ]
    told = taobei("collect", str(ledger), str(office / "r" / "区财政局.xlsx"), code=1)
    assert told.splitlines()[0] == (
        "Refused: 区财政局.xlsx row 5: 完成状态 '差不多' is none of 已完成、正常推进、滞后、未启动"
    )
    rows = table(ledger, "进展记录")
    assert [(r[1], r[5]) for r in rows[1:]] == [(3, "正常推进")]  # the good row is merged
    plain = office / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    assert "not a 台账 written by taobei export" in taobei("status", str(plain), code=2)


def test_deadlines_as_a_calendar(office: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    target = office / "时限.ics"
    taobei("export", str(office / "通知.txt"), "-o", str(target), "--dept", "区财政局")
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["1. 加快支出进度", "3. 优化营商环境"]
    first = events["1. 加快支出进度"]
    assert first.decoded("DTSTART") == datetime.date(2024, 6, 30)
    assert "本单位：牵头" in str(first["DESCRIPTION"]).splitlines()
    [alarm] = first.walk("VALARM")
    assert alarm.decoded("TRIGGER") == datetime.timedelta(days=-15)
    everyone = office / "全部.ics"
    taobei("export", str(office / "通知.txt"), "-o", str(everyone))
    events = {str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(everyone.read_bytes())
              .walk("VEVENT")}  # fmt: skip
    quarterly = events["4. 做好统计监测"]
    assert quarterly.decoded("DTSTART") == datetime.date(2024, 3, 31)
    assert quarterly["RRULE"]["FREQ"] == ["MONTHLY"] and quarterly["RRULE"]["INTERVAL"] == [3]
    assert events["2. 建设污水处理厂，2025年竣工投产"].decoded("DTSTART") == datetime.date(
        2025, 12, 31
    )


def test_collect_also_stores_the_reports_in_a_database(office: Path) -> None:
    import sqlite3

    ledger, db = office / "台账.xlsx", office / "notices.db"
    taobei("export", str(office / "通知.txt"), "-o", str(db))
    taobei("returns", str(ledger), "-o", str(office / "r"), "--period", "2024-Q2")
    fill(office / "r" / "区营商局.xlsx", {3: ("滞后", "审批系统未上线")})
    told = taobei("collect", str(ledger), str(office / "r" / "区营商局.xlsx"), "-o", str(db))
    assert f"{db}: 1 reports in table progress" in told
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT notice, seq, unit, role, period, status, progress "
                                    "FROM progress").fetchall()  # fmt: skip
        dues = connection.execute("SELECT seq, due_date, due_kind, due_every FROM tasks "
                                  "ORDER BY seq").fetchall()  # fmt: skip
    assert stored == [
        ("某政办发〔2024〕3号", 3, "区营商局", "牵头", "2024-Q2", "滞后", "审批系统未上线")
    ]
    assert dues == [(1, "2024-06-30", "by", None), (2, "2025-12-31", "year", None),
                    (3, "2024-03-31", "by", None), (4, None, "every", "quarter")]  # fmt: skip


def test_the_report_of_a_ledger_shows_each_tasks_status(office: Path) -> None:
    ledger = office / "台账.xlsx"
    taobei("returns", str(ledger), "-o", str(office / "r"), "--period", "2024-06")
    fill(office / "r" / "区财政局.xlsx", {1: ("已完成", "资金已拨付")})
    taobei("collect", str(ledger), str(office / "r" / "区财政局.xlsx"))
    page = office / "报告.html"
    result = CliRunner().invoke(
        app, ["report", str(ledger), "-o", str(page), "--as-of", "2024-06-30"]
    )
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert ('截至 2024-06-30 的状态：<span class="s-overdue">逾期 1</span><span class="s-on-track">'
            '正常 1</span><span class="s-ongoing">长期 1</span><span class="s-done">已完成 1</span>'
            ) in html  # fmt: skip
    cells = re.findall(r'<td class="status s-([a-z-]+)">([^<]*)</td>', html)
    assert cells == [
        ("done", "已完成"),
        ("on-track", "正常"),
        ("overdue", "逾期"),
        ("ongoing", "长期"),
    ]


def test_a_return_that_inflates_past_the_limits_is_refused_unread(office: Path) -> None:
    """A ZIP bomb sent back as a return: its parts are weighed before openpyxl opens it."""
    import zipfile

    bomb = office / "区财政局.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (300 * 1024 * 1024))
    told = taobei("collect", str(office / "台账.xlsx"), str(bomb), "--period", "2024-06", code=1)
    assert told.splitlines()[0].startswith(f"Refused: {bomb}: refused: its parts inflate to ")
    assert told.splitlines()[0].endswith(" bytes (a ZIP bomb?)")


def test_bad_inputs_to_the_round_are_one_line_each(office: Path) -> None:
    junk = office / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    for args in (("status", str(junk)), ("returns", str(junk), "-o", str(office / "r"), "--period",
                 "2024-06"), ("collect", str(junk), str(office / "台账.xlsx"))):  # fmt: skip
        assert taobei(*args, code=2) == f"Error: {junk}: not an Excel workbook (BadZipFile)\n"
    told = taobei("collect", str(office / "台账.xlsx"), str(office / "无.xlsx"), code=2)
    assert told == (f"Refused: {office / '无.xlsx'}: no such file\n"
                    "Error: no return could be read; nothing merged\n")  # fmt: skip
    for target in ("x.ics", "x.db", "x.xlsx"):  # --as-of is checked whatever is written
        told = taobei("export", str(office / "通知.txt"), "-o", str(office / target), "--as-of",
                      "2024-02-30", code=2)  # fmt: skip
        assert told == "Error: --as-of: '2024-02-30' is not a date; write it as YYYY-MM-DD\n"
        assert not (office / target).exists()
