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
    assert [c.value for c in tasks[1]][11:14] == ["进展情况", "完成情况", "备注"]
    tasks["L2"] = "已完成河湖连通一期"  # 进展情况 of seq 1
    tasks["L2"].comment = Comment("请附照片", "督查室")
    tasks["F2"].comment = Comment("重点督办", "王主任")  # on taobei's own 重点任务 cell
    tasks["N2"] = '=L2&"（已核）"'  # a formula on the task's own row
    tasks["P1"] = None
    tasks["P3"] = "电话催办"  # a note in a column without a header
    tasks["L4"] = "进度滞后，已约谈"
    tasks.merge_cells("L4:N4")  # seq 3: one note across the three tracking columns
    tasks["F120"] = "合计"
    tasks["J120"] = "=SUM(J2:J119)"
    for row in range(2, 121):
        for column in "LMN":
            tasks[f"{column}{row}"].protection = Protection(locked=False)
    tasks.protection.sheet = True
    tasks.protection.password = "督查"
    summary = book.create_sheet("汇总", 0)
    summary["A1"] = "已填报"
    summary["A1"].font = Font(bold=True)
    summary["B1"] = "=COUNTA(任务台账!L2:L119)"
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
    assert summary["B1"].value == "=COUNTA(任务台账!L2:L8)"  # the rows it counted, moved
    assert [str(r) for r in summary.merged_cells.ranges] == ["A2:C2"]
    assert summary["A2"].comment.text == "周五下班前"
    assert summary.column_dimensions["A"].width == pytest.approx(24, abs=1)
    tasks = book["任务台账"]
    header = [c.value for c in tasks[1]]
    assert header[14:] == [None, None]  # the column without a header, still without one
    body = list(tasks.iter_rows(min_row=2))
    assert [r[1].value for r in body[:7]] == WATER
    first, second, third = body[:3]
    assert first[11].value == "已完成河湖连通一期" and first[11].comment.text == "请附照片"
    assert first[5].comment.text == "重点督办" and first[5].value.startswith("抓住全省“大水网”")
    assert first[13].value == '=L2&"（已核）"'
    assert second[15].value == "电话催办"
    assert third[11].value == "进度滞后，已约谈"
    assert [str(r) for r in tasks.merged_cells.ranges] == ["L4:N4"]
    total = body[7]  # the 合计 row, after the tasks; its sum over every task still
    assert total[5].value == "合计" and total[9].value == "=SUM(J2:J8)"
    assert len(body) == 8
    assert tasks.protection.sheet and tasks.protection.password == password
    assert not tasks["L2"].protection.locked and tasks["F2"].protection.locked
    export("-o", str(worked))  # everything back: the notes are still where they were
    again = openpyxl.load_workbook(worked)["任务台账"]
    assert again["L2"].value == "已完成河湖连通一期" and again["P3"].value == "电话催办"
    assert again["F120"].value == "合计" and again["J120"].value == "=SUM(J2:J119)"
    assert openpyxl.load_workbook(worked)["汇总"]["B1"].value == "=COUNTA(任务台账!L2:L119)"


def test_what_cannot_be_kept_is_named_and_refused(worked: Path) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.load_workbook(worked)
    rule = DataValidation(type="list", formula1='"是,否"')
    rule.add("M2:M119")
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
    assert openpyxl.load_workbook(worked)["任务台账"]["L2"].value == "已完成河湖连通一期"


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
