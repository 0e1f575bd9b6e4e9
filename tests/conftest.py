from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from taobei_plan.loader import parse_bundled
from taobei_plan.models import Notice

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "taobei-14th-five-year-plan-tasks.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Messages are asserted in English whatever the machine's locale; tests of the Chinese ones
#: set TAOBEI_LANG (or take it away and set LANG) themselves.
os.environ["TAOBEI_LANG"] = "en"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keep the parse cache of every test (and every subprocess) out of the user's home."""
    directory = tmp_path_factory.mktemp("cache")
    os.environ["TAOBEI_CACHE_DIR"] = str(directory)
    return directory


@pytest.fixture(scope="session")
def notice() -> Notice:
    return parse_bundled()


@pytest.fixture(scope="session")
def raw_lines() -> list[str]:
    return RAW.read_text(encoding="utf-8").split("\n")


def installed(command: str) -> str | None:
    """A console script of this environment (beside the interpreter), else one on PATH."""
    beside = Path(sys.executable).parent / command
    return str(beside) if beside.exists() else shutil.which(command)
