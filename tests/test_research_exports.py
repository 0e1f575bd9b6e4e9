"""Parquet and networks for research: read back with pyarrow and networkx."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from taobei_plan.cli import app

pq = pytest.importorskip("pyarrow.parquet")
nx = pytest.importorskip("networkx")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
TAOBEI = ROOT / "data" / "raw" / "taobei-14th-five-year-plan-tasks.txt"
runner = CliRunner()


def export(*args: str) -> str:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.stderr
    return result.stderr


def test_parquet_tables_read_back_with_their_types(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in (TAOBEI, CORPUS / "lishan-2023-lines-partial.txt",
                 CORPUS / "guandu-2016-lead-support-partial.txt"):  # fmt: skip
        (folder / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "parquet"
    export(str(folder), "-o", str(out), "--format", "parquet")
    tables = ("notices", "sources", "sections", "tasks", "units", "task_units", "targets",
              "indicators", "investments", "diagnostics")  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in tables)
    tasks = pq.read_table(out / "tasks.parquet")
    notices = pq.read_table(out / "notices.parquet").to_pylist()
    taobei = next(n for n in notices if n["jurisdiction"] == "白城市洮北区")
    assert sum(1 for t in tasks.to_pylist() if t["notice_id"] == taobei["id"]) == 118
    assert str(tasks.schema.field("due_date").type) == "date32[day]"
    assert str(tasks.schema.field("seq").type) == "int64"
    assert taobei["written_date"].isoformat() == "2021-12-02"
    indicators = pq.read_table(out / "indicators.parquet")
    assert str(indicators.schema.field("scaled_value").type) == "double"
    units = pq.read_table(out / "units.parquet").to_pylist()
    assert sorted(u["jurisdiction"] for u in units if u["name"] == "区发改局") == [
        "官渡区", "白城市洮北区", "鞍山市立山区"
    ]  # fmt: skip


def test_a_failed_parquet_export_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    export(str(TAOBEI), "-o", str(out), "--format", "parquet")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    empty = tmp_path / "empty.txt"
    empty.write_text("没有任务。\n", encoding="utf-8")
    result = runner.invoke(app, ["export", str(empty), "-o", str(out), "--format", "parquet"])
    assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_parquet_without_pyarrow_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "p"), "--format", "parquet"])
    assert result.exit_code == 2
    assert result.stderr == "Error: Parquet needs pyarrow: pip install 'taobei[parquet]'\n"


def test_the_two_mode_network(tmp_path: Path) -> None:
    path = tmp_path / "net.graphml"
    export("-o", str(path))
    graph = nx.read_graphml(path)
    kinds = Counter(data["type"] for _, data in graph.nodes(data=True))
    assert kinds == {"task": 118, "unit": 57}
    roles = Counter(data["role"] for _, _, data in graph.edges(data=True))
    assert roles == {"lead": 154, "co": 117}
    water = "unit:白城市洮北区/区水利局"
    assert graph.nodes[water] == {"type": "unit", "name": "区水利局", "kind": "department",
                                  "jurisdiction": "白城市洮北区"}  # fmt: skip
    led = sorted(
        graph.nodes[t]["seq"] for t in graph[water] if graph.edges[t, water]["role"] == "lead"
    )
    assert led == [1, 2, 3, 19, 21]


def test_the_units_projection(tmp_path: Path) -> None:
    path = tmp_path / "units.gexf"
    export("-o", str(path), "--projection", "units")
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == 57
    edge = graph.edges["unit:白城市洮北区/各乡(镇)", "unit:白城市洮北区/各场"]
    assert (edge["weight"], edge["both_co"], edge["a_leads"], edge["b_leads"]) == (14, 14, 0, 0)
    for a, b, data in graph.edges(data=True):
        counts = data["a_leads"] + data["b_leads"] + data["both_lead"] + data["both_co"]
        assert counts == data["weight"] and {data["a"], data["b"]} == {a, b}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.graphml", "--format", "csv"], "unknown format 'csv'; choose one of parquet"),
        (["-o", "x.db", "--projection", "units"], "--projection units goes with -o a .graphml"),
        (["-o", "x.gexf", "--projection", "tasks"], "--projection units goes with -o a .graphml"),
    ],
)
def test_wrong_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {message}")


def test_a_control_character_in_task_text_keeps_the_graph_readable(tmp_path: Path) -> None:
    """The readers refuse such text, but a notice built by a library caller may hold it."""
    from taobei_plan import parse
    from taobei_plan.exports.network import network_bytes

    notice = parse("一、甲\n1.建设园区。[区发改局牵头负责]\n")
    notice.sections[0].tasks[0].text = "建设\x0b园区。"
    path = tmp_path / "net.graphml"
    path.write_bytes(network_bytes([(notice, {1})], "graphml"))
    graph = nx.read_graphml(path)
    texts = [data["text"] for _, data in graph.nodes(data=True) if data["type"] == "task"]
    assert texts == ["建设\ufffd园区。"]
