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
        [ruff, "check", "src", "tests", "scripts", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_mypy_strict_clean() -> None:
    mypy = installed("mypy")
    if mypy is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]' brings it)")
    result = subprocess.run([mypy, "src"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
