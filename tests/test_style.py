"""The code stays ruff-clean and mypy --strict clean: part of the test command, so CI and
newcomers see it."""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT, installed


def test_ruff_clean() -> None:
    ruff = installed("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]' brings it)")
    result = subprocess.run(
        [ruff, "check", "src", "tests", "scripts", "benchmarks", "hatch_build.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_mypy_strict_clean() -> None:
    mypy = installed("mypy")
    if mypy is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]' brings it)")
    result = subprocess.run(
        [mypy, "src", "hatch_build.py"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


PACKAGE = ROOT / "src" / "taobei_plan"
#: Folder → the sibling folders its modules may not import (the flow runs one way).
FORBIDDEN = {"parsing": ("formats", "exports"), "formats": ("parsing", "exports")}


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_folders_do_not_import_each_other(folder: str) -> None:
    """The parser knows nothing of formats or writers; readers of formats know no parser."""
    modules = sorted((PACKAGE / folder).glob("*.py"))
    assert modules, f"no modules in {folder}/"
    offending = [
        f"{path.name}: {line.strip()}"
        for path in modules
        for line in path.read_text("utf-8").splitlines()
        if line.lstrip().startswith(("from ", "import "))
        and any(
            f"..{other}" in line or f"taobei_plan.{other}" in line for other in FORBIDDEN[folder]
        )
    ]
    assert offending == []


def test_no_module_over_400_lines() -> None:
    sizes = {
        str(path.relative_to(PACKAGE)): len(path.read_text("utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_builder_stays_small() -> None:
    """The Builder walks blocks; task building and clause arithmetic live elsewhere."""
    import ast

    tree = ast.parse((PACKAGE / "parsing" / "builder.py").read_text("utf-8"))
    builder = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Builder")
    assert builder.end_lineno is not None
    assert builder.end_lineno - builder.lineno + 1 < 200


@pytest.mark.parametrize("module", ["app", "documents", "queries", "ledgers"])
def test_command_modules_do_not_postpone_annotations(module: str) -> None:
    """typer reads every command's signature on each run; postponed annotations made it
    evaluate ~300 strings, a tenth of a cached query (see cli/__init__.py)."""
    source = (PACKAGE / "cli" / f"{module}.py").read_text(encoding="utf-8")
    assert "from __future__ import annotations" not in source
