"""taobei tasks / depts: who does what."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app
from taobei_plan.models import Notice
from taobei_plan.query import dept_rows, directory, resolve, task_rows

runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


def test_water_bureau_tasks() -> None:
    rows = json.loads(run("tasks", "--dept", "区水利局", "--format", "json").stdout)
    assert [(r["number"], r["role"]) for r in rows] == [
        (1, "lead"),
        (2, "lead"),
        (3, "lead"),
        (19, "lead"),
        (21, "lead"),
        (47, "co"),
        (49, "co"),
    ]
    assert rows[0]["section"] == 1 and rows[0]["section_title"] == "生态建设"


def test_piped_output_defaults_to_json() -> None:
    result = run("tasks", "--dept", "区水利局")
    assert [r["seq"] for r in json.loads(result.stdout)] == [1, 2, 3, 19, 21, 47, 49]


@pytest.mark.parametrize(("role", "numbers"), [("lead", [1, 2, 3, 19, 21]), ("co", [47, 49])])
def test_role_filter(role: str, numbers: list[int]) -> None:
    rows = json.loads(run("tasks", "--dept", "水利", "--role", role).stdout)
    assert [r["number"] for r in rows] == numbers


@pytest.mark.parametrize("name", ["区水利局", "水利局", "洮北区水利局", "水利"])
def test_names_resolve(notice: Notice, name: str) -> None:
    assert resolve(name, notice) == "区水利局"


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("区发展和改革局", "区发改局"),
        ("区工业和信息化局", "区工信局"),
        ("区人力资源和社会保障局", "区人社局"),
        ("区住房和城乡建设局", "区住建局"),
        ("共青团洮北区委员会", "团区委"),
    ],
)
def test_aliases(notice: Notice, alias: str, name: str) -> None:
    assert resolve(alias, notice) == name


def test_youth_league_via_pipe() -> None:
    parsed = run("parse").stdout
    result = run("tasks", "-", "--dept", "团区委", input=parsed.encode("utf-8"))
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["number"], r["role"]) for r in rows] == [(91, "lead"), (92, "lead"), (93, "lead")]


def test_parsed_yaml_source(tmp_path) -> None:
    target = tmp_path / "n.yaml"
    run("parse", "-o", str(target))
    rows = json.loads(run("tasks", str(target), "--dept", "团区委").stdout)
    assert [r["number"] for r in rows] == [91, 92, 93]


def test_ambiguous_exit_2_lists_candidates() -> None:
    result = run("tasks", "--dept", "局")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: '局' is ambiguous: it matches ")
    assert "区水利局" in result.stderr and result.stderr.count("\n") == 1


def test_unknown_exit_1_suggests() -> None:
    result = run("tasks", "--dept", "区水力局")
    assert result.exit_code == 1
    assert result.stderr == "Error: unknown department '区水力局'; did you mean 区水利局?\n"


def test_known_department_without_tasks_is_empty() -> None:
    result = run("tasks", "--dept", "区水利局", "--section", "9")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_section_by_title_and_grep() -> None:
    rows = json.loads(run("tasks", "--section", "文化产业").stdout)
    assert [r["number"] for r in rows] == list(range(89, 96))
    rows = json.loads(run("tasks", "--grep", "秸秆").stdout)
    assert [r["number"] for r in rows] == [10, 12]


def test_csv_ledger() -> None:
    text = run("tasks", "--dept", "区水利局", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "seq",
        "number",
        "section",
        "section_title",
        "role",
        "text",
        "leads",
        "co",
        "via",
        "due",
        "deadline",
    ]
    assert rows[0]["leads"] == "区水利局" and rows[0]["co"] == "各乡(镇)、各场"
    assert rows[0]["via"] == ""  # named: not through an addressee of its class
    assert (rows[0]["due"], rows[0]["deadline"]) == ("2025-12-31", "到2025年")
    assert (rows[1]["due"], rows[1]["deadline"]) == ("", "")  # nothing said
    assert len(rows) == 7


def test_jsonl_and_yaml() -> None:
    lines = run("tasks", "--dept", "区水利局", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [1, 2, 3, 19, 21, 47, 49]
    assert run("tasks", "--dept", "区水利局", "--format", "yaml").stdout.startswith("- seq: 1\n")


def test_depts(notice: Notice) -> None:
    rows = dept_rows(notice)
    by_name = {r["name"]: r for r in rows}
    assert by_name["区水利局"] == {
        "name": "区水利局",
        "kind": "department",
        "lead": 5,
        "co": 2,
        "total": 7,
        "collective": False,
    }
    assert by_name["各乡(镇)"]["kind"] == "locality" and by_name["各乡(镇)"]["collective"]
    # the units named first, busiest first; the addressees of a class after them
    named = [r for r in rows if not r["collective"]]
    assert rows[: len(named)] == named and named[0]["name"] == "区工信局"
    assert [r["name"] for r in rows[len(named) :]] == [
        "各相关单位", "各乡(镇)", "各场", "相关单位", "各包保单位", "各单位", "各有关单位", "各街道",
    ]  # fmt: skip
    totals = [r["total"] for r in named]
    assert totals == sorted(totals, reverse=True)
    assert json.loads(run("depts").stdout) == rows


def test_a_township_not_named_gets_the_tasks_addressed_to_all_townships() -> None:
    """--dept 东风乡 was "unknown department"; the 16 tasks addressed to 各乡(镇) are its own."""
    result = run("tasks", "--dept", "东风乡人民政府", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 16 and {(r["role"], r["via"]) for r in rows} == {("co", "各乡(镇)")}
    assert result.stderr.startswith(
        "Note: 东风乡人民政府 is not named; listed are the tasks addressed to 各乡(镇) "
        "(every 乡镇（街道）); nothing further is guessed\n"
    )
    farm = json.loads(run("tasks", "--dept", "青山农场", "--format", "json").stdout)
    assert {(r["role"], r["via"]) for r in farm} == {("co", "各场")} and len(farm) == 14
    bureau = run(
        "tasks", "--dept", "区档案局", "--format", "json"
    )  # a department not named: 各相关单位 and alike
    assert {r["via"] for r in json.loads(bureau.stdout)} == {"各相关单位", "各有关单位", "各单位"}
    assert "nothing further is guessed" in bureau.stderr
    named = json.loads(run("tasks", "--dept", "区水利局", "--format", "json").stdout)
    assert {r["via"] for r in named} == {None}  # a unit the notice names: only its own tasks


def test_every_named_department_is_in_the_directory(notice: Notice) -> None:
    names = {d.name for d in directory()}
    departments = {r["name"] for r in dept_rows(notice) if r["kind"] == "department"}
    assert departments <= names, departments - names


def test_task_rows_without_filters(notice: Notice) -> None:
    assert len(task_rows(notice)) == 118


def test_unknown_section_exit_1() -> None:
    result = run("tasks", "--section", "99")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no section '99'; sections are: 1 生态建设、2 产业发展")
    assert [r["number"] for r in json.loads(run("tasks", "--section", "七").stdout)] == list(
        range(89, 96)
    )


def test_a_csv_file_is_made_for_excel_and_stdout_for_programs(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Excel on a Chinese Windows opened the README's CSV as mojibake: a file written with -o
    starts with a BOM and, in a Chinese locale, has Chinese headers and values; stdout never."""
    target = tmp_path / "水利局.csv"
    monkeypatch.delenv("TAOBEI_LANG")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert run("tasks", "--dept", "区水利局", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufeff序号,编号,板块序号,板块,角色,重点任务,牵头单位,配合单位,经由,"
                           "截止日期,完成时限\n")  # fmt: skip
    assert text.splitlines()[1].startswith("1,1,1,生态建设,牵头,")
    stdout = run("tasks", "--dept", "区水利局", "--format", "csv").stdout
    assert stdout.startswith(
        "seq,number,section,section_title,role,text,leads,co,via,due,deadline\n"
    )
    run("tasks", "--dept", "区水利局", "-o", str(target), "--no-bom")
    assert target.read_text(encoding="utf-8").startswith("序号,")
    units = tmp_path / "units.csv"
    run("depts", "-o", str(units))
    assert units.read_text(encoding="utf-8").splitlines()[:2] == [
        "\ufeff单位,类别,牵头数,配合数,合计,泛指", "区工信局,部门,16,2,18,否"]  # fmt: skip
    monkeypatch.setenv("LANG", "C.UTF-8")
    run("tasks", "--dept", "区水利局", "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith("\ufeffseq,number,")
    assert json.loads(run("indicators", "-o", str(tmp_path / "i.json")).stdout or "[]") == []
    assert len(json.loads((tmp_path / "i.json").read_text(encoding="utf-8"))) == 84
    table = run("depts", "-o", str(tmp_path / "d.txt"), "--format", "table")
    assert (table.exit_code, table.stderr) == (
        2, "Error: a table is for the terminal; with -o write json, jsonl, yaml or csv\n")  # fmt: skip
    notice = tmp_path / "n.json"
    notice.write_text(run("parse").stdout, encoding="utf-8")
    onto = run("tasks", str(notice), "-o", str(notice))
    assert onto.exit_code == 2 and "is also an input of this run" in onto.stderr
