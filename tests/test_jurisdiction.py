"""Units belong to their government: the notice's jurisdiction, units keyed by it in the
database, one notice however many files gave it, and a version-3 database brought along."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app
from taobei_plan.loader import parse_file
from taobei_plan.parsing.jurisdiction import area_of, jurisdiction, qualified_names

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
TAOBEI = ROOT / "data" / "raw" / "taobei-14th-five-year-plan-tasks.txt"
LISHAN = CORPUS / "lishan-2023-lines-partial.txt"
GUANDU = CORPUS / "guandu-2016-lead-support-partial.txt"
FARM_TXT = CORPUS / "gov-farm-machinery-2018-42.txt"
FARM_HTML = CORPUS / "html" / "gov-farm-machinery-2018-42.html"
runner = CliRunner()


@pytest.mark.parametrize(
    ("organ", "area"),
    [
        ("白城市洮北区人民政府", "白城市洮北区"),
        ("鞍山市立山区人民政府文件", "鞍山市立山区"),
        ("立山区人民政府关于印发", "立山区"),
        ("平潭综合实验区管委会办公室", "平潭综合实验区"),
        ("广西壮族自治区人民政府办公厅", "广西壮族自治区"),
        ("白城市人民政府", "白城市"),
        ("国务院办公厅", "中央"),
        ("生态环境部办公厅关于印发", "中央"),
        ("区发改局", None),  # a department, not a government
        ("关于印发工作要点的通知", None),
        (None, None),
    ],
)
def test_the_government_an_organ_belongs_to(organ: str | None, area: str | None) -> None:
    assert area_of(organ) == area


def test_the_most_specific_agreeing_reading_wins() -> None:
    header = ["鞍山市立山区人民政府文件", "鞍立政发〔2023〕2号"]
    assert jurisdiction(["立山区人民政府"], "鞍立政发〔2023〕2号", header, None) == "鞍山市立山区"
    # readings that disagree: the first in order of trust
    assert (
        jurisdiction(["白城市洮北区人民政府", "洮南市人民政府"], None, [], None) == "白城市洮北区"
    )
    assert jurisdiction([None], "国办发〔2018〕121号", [], None) == "中央"
    assert jurisdiction([None], None, [], "结合官渡区实际，制定措施") == "官渡区"
    assert jurisdiction([None], None, [], "结合我区实际，制定措施") is None
    assert jurisdiction([None], None, [], None) is None


@pytest.mark.parametrize(
    ("name", "area", "names"),
    [
        ("区发改局", "白城市洮北区", ["洮北区发改局", "白城市洮北区发改局", "洮北发改局"]),
        ("经济发展局", "平潭综合实验区", ["平潭综合实验区经济发展局"]),
        ("区发改局", "吉林省", []),  # 区… is not a unit of a province's own
        ("发展改革委", "中央", []),
        ("区发改局", None, []),
    ],
)
def test_names_qualified_by_the_government(name: str, area: str | None, names: list[str]) -> None:
    assert qualified_names(name, area) == names


@pytest.mark.parametrize(
    ("path", "area"),
    [
        (TAOBEI, "白城市洮北区"),
        (LISHAN, "鞍山市立山区"),
        (GUANDU, "官渡区"),
        (FARM_TXT, "中央"),
        (FARM_HTML, "中央"),
        (CORPUS / "pingtan-ocean-2016-duty-lines.txt", "平潭综合实验区"),
    ],
)
def test_each_notice_knows_its_government(path: Path, area: str) -> None:
    assert parse_file(path).jurisdiction == area


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def export(db: Path, *files: Path) -> str:
    folder = db.parent / f"in-{db.stem}"
    folder.mkdir()
    for path in files:
        (folder / path.name).write_bytes(path.read_bytes())
    result = runner.invoke(app, ["export", str(folder), "-o", str(db)])
    assert result.exit_code == 0, result.stderr
    return result.stderr


def test_three_districts_bureaus_stay_three_units(tmp_path: Path) -> None:
    db = tmp_path / "notices.db"
    export(db, TAOBEI, LISHAN, GUANDU, FARM_TXT)  # 国发 names no 区发改局: no fourth candidate
    assert query(db, "SELECT jurisdiction, lead, co, notices FROM unit_load "
                     "WHERE name = '区发改局' ORDER BY jurisdiction") == [
        ("官渡区", 1, 1, 1), ("白城市洮北区", 8, 3, 1), ("鞍山市立山区", 3, 0, 1)
    ]  # fmt: skip
    assert query(
        db, "SELECT COUNT(DISTINCT jurisdiction) FROM dept_tasks WHERE unit = '区发改局'"
    ) == [(3,)]
    assert query(db, "SELECT COUNT(*) FROM units WHERE notice_id IS NOT NULL") == [(0,)]
    result = runner.invoke(app, ["tasks", str(db), "--dept", "区发改局", "--format", "json"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: '区发改局' names units of 3 governments: 官渡区发改局, 立山区发改局, 洮北区发改局; "
        "give one of them\n"
    )
    result = runner.invoke(app, ["tasks", str(db), "--dept", "立山区发改局", "--format", "csv"])
    assert result.exit_code == 0
    assert [line.split(",")[:2] for line in result.stdout.splitlines()[1:]] == [
        ["鞍立政发〔2023〕2号", "1"], ["鞍立政发〔2023〕2号", "3"], ["鞍立政发〔2023〕2号", "6"]
    ]  # fmt: skip


def test_one_notice_from_two_formats_is_one_notice(tmp_path: Path) -> None:
    db = tmp_path / "notices.db"
    said = export(db, FARM_HTML, FARM_TXT)
    assert query(db, "SELECT identity, jurisdiction, path FROM notices") == [
        ("文号:国发〔2018〕42号", "中央", str(tmp_path / "in-notices" / FARM_TXT.name))
    ]
    assert sorted(p.rsplit("/", 1)[1] for (p,) in query(db, "SELECT path FROM sources")) == [
        FARM_HTML.name, FARM_TXT.name
    ]  # fmt: skip
    assert query(db, "SELECT COUNT(*) FROM tasks") == [(len(parse_file(FARM_TXT).tasks()),)]
    assert "国发〔2018〕42号: replaces the notice read before from " in said


def test_a_notice_of_unknown_government_keeps_its_units(tmp_path: Path) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text("一、甲\n1.建设园区。[区发改局牵头负责]\n", encoding="utf-8")
    db = tmp_path / "notices.db"
    said = export(db, TAOBEI, lines)
    assert query(db, "SELECT jurisdiction, notice_id IS NOT NULL FROM units "
                     "WHERE name = '区发改局' ORDER BY jurisdiction") == [
        (None, 1), ("白城市洮北区", 0)
    ]  # fmt: skip
    assert "lines.txt: issuing government unknown; its units are kept to it" in said
    assert query(
        db, "SELECT code FROM diagnostics WHERE severity = 'info' AND code LIKE 'juris%'"
    ) == [("jurisdiction-unknown",)]


def test_a_version_3_database_is_rebuilt_by_government(tmp_path: Path) -> None:
    """tests/fixtures/databases/schema-3.db.gz: made by taobei at commit 46ec7b1 (schema 3)
    from lishan, guandu and the .txt and .html of 国发〔2018〕42号; there 区发改局 was one
    unit of two notices, and 国发〔2018〕42号 two notices."""
    db = tmp_path / "old.db"
    db.write_bytes(gzip.decompress((ROOT / "tests/fixtures/databases/schema-3.db.gz").read_bytes()))
    assert query(db, "PRAGMA user_version") == [(3,)]
    assert query(db, "SELECT notices FROM unit_load WHERE name = '区发改局'") == [(2,)]
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO progress (notice, seq, unit, period) VALUES ('x', 1, 'u', '2025')"
        )
    export(db, TAOBEI)
    assert query(db, "PRAGMA user_version") == [(4,)]
    # the JSON kept has no red header: 立山区, from its title (鞍山市立山区 once exported again)
    assert query(db, "SELECT jurisdiction, notices FROM unit_load WHERE name = '区发改局' "
                     "ORDER BY jurisdiction") == [
        ("官渡区", 1), ("白城市洮北区", 1), ("立山区", 1)
    ]  # fmt: skip
    assert query(db, "SELECT COUNT(*) FROM notices WHERE identity = '文号:国发〔2018〕42号'") == [
        (1,)
    ]
    assert query(db, "SELECT COUNT(*) FROM notices") == [(4,)]
    assert query(db, "SELECT COUNT(*) FROM sources") == [(5,)]
    assert query(db, "SELECT notice, seq FROM progress") == [("x", 1)]


def test_two_years_of_one_government_share_their_units(tmp_path: Path) -> None:
    later = tmp_path / "taobei-2022.txt"
    later.write_text(
        TAOBEI.read_text("utf-8").replace("白洮政发〔2021〕29号", "白洮政发〔2022〕5号"), "utf-8"
    )
    db = tmp_path / "notices.db"
    export(db, TAOBEI, later)
    assert query(db, "SELECT COUNT(*) FROM notices") == [(2,)]
    assert query(
        db, "SELECT jurisdiction, lead, notices FROM unit_load WHERE name = '区发改局'"
    ) == [("白城市洮北区", 16, 2)]


def test_a_workbook_of_two_districts_counts_their_bureaus_apart(tmp_path: Path) -> None:
    import openpyxl

    book = tmp_path / "台账.xlsx"
    export(book, TAOBEI, LISHAN)
    sheet = openpyxl.load_workbook(book)["单位统计"]
    rows = {row[0]: row[2:5] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["区发改局（白城市洮北区）"] == (8, 3, 11)
    assert rows["区发改局（鞍山市立山区）"] == (3, 0, 3)
    assert "区发改局" not in rows
