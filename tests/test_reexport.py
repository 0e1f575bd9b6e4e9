"""Re-export keeps what an office did by hand in its 台账: sheets, columns and rows of its own,
comments, merges, protection and formulas; what it cannot keep it names and refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app

openpyxl = pytest.importorskip("openpyxl")
runner = CliRunner()
WATER = [1, 2, 3, 19, 21, 47, 49]


def export(*args: str) -> str:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.stderr
    return result.stderr


@pytest.fixture
def worked(tmp_path: Path) -> Path:
    """A 台账 after a month in an office."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, Protection

    target = tmp_path / "台账.xlsx"
    export("-o", str(target))
    book = openpyxl.load_workbook(target)
    tasks = book["任务台账"]
    assert [c.value for c in tasks[3]][5:9] == ["进展情况", "完成情况", "备注", "责任人"]
    assert tasks["M3"].value == "投资（亿元）" and tasks["O3"].value == "原文行"
    tasks["F4"] = "已完成河湖连通一期"  # 进展情况 of seq 1
    tasks["F4"].comment = Comment("请附照片", "督查室")
    tasks["B4"].comment = Comment("重点督办", "王主任")  # on taobei's own 重点任务 cell
    tasks["H4"] = '=F4&"（已核）"'  # a formula on the task's own row
    tasks["S5"] = "电话催办"  # a note in a column without a header, after an empty one
    tasks["F6"] = "进度滞后，已约谈"
    tasks.merge_cells("F6:H6")  # seq 3: one note across three tracking columns
    tasks["B122"] = "合计"
    tasks["M122"] = "=SUM(M4:M121)"  # the investments of every task
    for row in range(4, 123):
        for column in "FGHI":
            tasks[f"{column}{row}"].protection = Protection(locked=False)
    tasks.protection.sheet = True
    tasks.protection.password = "督查"
    summary = book.create_sheet("汇总", 0)
    summary["A1"] = "已填报"
    summary["A1"].font = Font(bold=True)
    summary["B1"] = "=COUNTA(任务台账!F4:F121)"
    summary["A2"] = "说明：每周五前填报"
    summary.merge_cells("A2:C2")
    summary["A2"].comment = Comment("周五下班前", "督查室")
    summary.column_dimensions["A"].width = 24
    book.save(target)
    return target


def test_reexport_keeps_what_the_office_did(worked: Path) -> None:
    password = openpyxl.load_workbook(worked)["任务台账"].protection.password
    told = export("--dept", "区水利局", "-o", str(worked))
    assert told.splitlines()[0] == (
        f"{worked}: kept 4 notes on 3 tasks; 1 rows without 序号 (moved to the end); "
        "1 sheets of your own; moved 111 tasks to 已移除"
    )
    book = openpyxl.load_workbook(worked)
    assert book.sheetnames[:2] == ["汇总", "任务台账"]  # the office's sheet where it stood
    summary = book["汇总"]
    assert summary["A1"].value == "已填报" and summary["A1"].font.b
    # the rows it counted, where they went (a department's ledger: 角色 after 配合单位, a line
    # of filters above the header, so 进展情况 of the first task is G5)
    assert summary["B1"].value == "=COUNTA(任务台账!G5:G11)"
    assert [str(r) for r in summary.merged_cells.ranges] == ["A2:C2"]
    assert summary["A2"].comment.text == "周五下班前"
    assert summary.column_dimensions["A"].width == pytest.approx(24, abs=1)
    tasks = book["任务台账"]
    header = [c.value for c in tasks[4]]
    assert header[4:8] == ["角色", "完成时限", "进展情况", "完成情况"]
    assert header[15:] == ["原文行", "截止日期", "状态", None, None]  # the columns without a
    # header, still without
    assert [tasks.cell(row, 1).value for row in range(5, 12)] == WATER
    assert tasks["G5"].value == "已完成河湖连通一期" and tasks["G5"].comment.text == "请附照片"
    assert tasks["B5"].comment.text == "重点督办" and tasks["B5"].value.startswith("抓住全省")
    assert tasks["I5"].value == '=G5&"（已核）"'  # moved with its row and its column
    assert tasks["T6"].value == "电话催办"
    assert tasks["G7"].value == "进度滞后，已约谈" and "G7:I7" in {
        str(r) for r in tasks.merged_cells.ranges
    }
    # the 合计 row, after the tasks; its sum over every task still
    assert tasks["B12"].value == "合计" and tasks["N12"].value == "=SUM(N5:N11)"
    assert tasks.max_row == 12
    assert tasks.protection.sheet and tasks.protection.password == password
    assert not tasks["G5"].protection.locked and tasks["B5"].protection.locked
    export("-o", str(worked))  # everything back: the notes are still where they were
    again = openpyxl.load_workbook(worked)
    tasks = again["任务台账"]
    assert tasks["F4"].value == "已完成河湖连通一期" and tasks["S5"].value == "电话催办"
    assert tasks["H4"].value == '=F4&"（已核）"'
    assert tasks["B122"].value == "合计" and tasks["M122"].value == "=SUM(M4:M121)"
    assert again["汇总"]["B1"].value == "=COUNTA(任务台账!F4:F121)"


def test_what_cannot_be_kept_is_named_and_refused(worked: Path) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.load_workbook(worked)
    rule = DataValidation(type="list", formula1='"是,否"')
    rule.add("G4:G121")
    book["任务台账"].add_data_validation(rule)
    book.save(worked)
    before = worked.read_bytes()
    result = runner.invoke(app, ["export", "-o", str(worked)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {worked}: re-export cannot keep data validation in 任务台账; "
        "use --force to write it without them\n"
    )
    assert worked.read_bytes() == before
    told = export("-o", str(worked), "--force")
    assert told.splitlines()[0] == f"Warning: {worked}: not kept: data validation in 任务台账"
    assert openpyxl.load_workbook(worked)["任务台账"]["F4"].value == "已完成河湖连通一期"


def test_a_ledger_saved_by_libreoffice_is_re_exported(tmp_path: Path) -> None:
    """LibreOffice writes an empty drawing part for every sheet: nothing is lost, nothing said."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    export("-o", str(tmp_path / "台账.xlsx"))
    saved = tmp_path / "saved"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(saved), str(tmp_path / "台账.xlsx")],
                   capture_output=True, timeout=120, check=False)  # fmt: skip
    if not (saved / "台账.xlsx").exists():
        pytest.skip("LibreOffice Calc is not installed (libreoffice-calc-nogui)")
    assert (
        export("-o", str(saved / "台账.xlsx"))
        == f"{saved / '台账.xlsx'}: 118 tasks from 1 notice(s)\n"
    )
