"""The parse cache used by queries: hits, misses, and staying out of the way."""

from __future__ import annotations

import pytest

from taobei_plan import cache
from taobei_plan.loader import load_notice
from taobei_plan.parsing import parser

from conftest import RAW


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TAOBEI_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TAOBEI_NO_CACHE", raising=False)
    return tmp_path


def _no_parsing(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(parser, "parse", refuse)


def test_second_load_is_read_back(cache_dir, monkeypatch) -> None:
    first = load_notice(str(RAW))
    assert len(list(cache_dir.glob("*.json"))) == 1
    _no_parsing(monkeypatch)
    again = load_notice(str(RAW))
    assert again == first
    assert again.source.path == str(RAW)


def test_cached_notice_takes_the_new_path(cache_dir, tmp_path_factory) -> None:
    load_notice(str(RAW))
    copy = tmp_path_factory.mktemp("copy") / "same.txt"
    copy.write_bytes(RAW.read_bytes())
    assert load_notice(str(copy)).source.path == str(copy)


def test_other_bytes_miss(cache_dir) -> None:
    load_notice(str(RAW))
    other = cache_dir / "other.txt"
    other.write_bytes(RAW.read_bytes().replace("区水利局".encode(), "区水务局".encode()))
    notice = load_notice(str(other))
    assert notice.tasks()[0].responsibility.leads[0].name == "区水务局"
    assert len(list(cache_dir.glob("*.json"))) == 2


def test_corrupt_entry_is_reparsed(cache_dir) -> None:
    load_notice(str(RAW))
    (entry,) = cache_dir.glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert len(load_notice(str(RAW)).tasks()) == 118


def test_turned_off(cache_dir, monkeypatch) -> None:
    monkeypatch.setenv("TAOBEI_NO_CACHE", "1")
    assert cache.cache_dir() is None
    load_notice(str(RAW))
    assert list(cache_dir.iterdir()) == []


def test_unwritable_cache_is_ignored(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("TAOBEI_CACHE_DIR", str(blocker / "sub"))
    assert len(load_notice(str(RAW)).tasks()) == 118


# ---- queries answered from the cache without the models (issue 16) ----------------------


def test_cached_data_is_the_models_json(cache_dir) -> None:
    from taobei_plan.loader import load_notice_data

    notice = load_notice(str(RAW))
    data = load_notice_data(str(RAW))  # a hit: read as JSON data, never validated again
    assert data == notice.model_dump(mode="json")
    assert data["source"]["path"] == str(RAW)


def test_edited_entry_is_not_served_as_data(cache_dir) -> None:
    from taobei_plan.loader import load_notice_data

    load_notice(str(RAW))
    (entry,) = cache_dir.glob("*.json")
    entry.write_bytes(entry.read_bytes().replace("区水利局".encode(), "区水务局".encode()))
    data = load_notice_data(str(RAW))  # the checksum fails: parsed again
    assert data["sections"][0]["tasks"][0]["responsibility"]["leads"][0]["name"] == "区水利局"


QUERIES = [
    ["tasks", "--dept", "区水利局", "--format", "json"],
    ["tasks", "--dept", "水利", "--role", "co", "--format", "csv"],
    ["depts", "--format", "json"],
    ["indicators", "--section", "生态建设", "--format", "jsonl"],
    ["projects", "--format", "csv"],
]


@pytest.mark.parametrize("arguments", QUERIES, ids=lambda a: " ".join(a[:2]))
def test_cached_query_skips_models_and_parser(cache_dir, arguments) -> None:
    """The second run of a query answers from the cache's JSON: the same bytes out, and neither
    the models (a pydantic class build per model) nor the parser are imported."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom taobei_plan.cli import main\n"
        f"sys.argv = ['taobei', *{arguments!r}, {str(RAW)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ['taobei_plan.models', 'taobei_plan.parsing.parser', 'regex', 'rich', 'sqlite3']\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert first.stderr.strip() != "[]"  # the first run parsed
    assert second.stderr.strip() == "[]"
    assert second.stdout == first.stdout and second.stdout


def test_a_changed_module_compiled_or_not_changes_the_key(tmp_path, monkeypatch) -> None:
    """Entries are keyed by the package's files: a source, a compiled module (the mypyc build)
    or a data file that changes makes every entry stale; other files do not count."""
    (tmp_path / "parsing").mkdir()
    (tmp_path / "parsing" / "parser.py").write_text("x = 1\n")
    monkeypatch.setattr(cache, "_PACKAGE", tmp_path)

    def key() -> str:
        cache._fingerprint.cache_clear()
        return cache._fingerprint()

    before = key()
    (tmp_path / "notes.md").write_text("not part of the package's code\n")
    assert key() == before
    for name in ("parsing/parser.cpython-311-x86_64-linux-gnu.so", "departments.yaml"):
        (tmp_path / name).write_bytes(b"\x7fELF")
        assert key() != before, name
        before = key()
    (tmp_path / "parsing" / "parser.py").write_text("x = 22\n")
    assert key() != before
    cache._fingerprint.cache_clear()
