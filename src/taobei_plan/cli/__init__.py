"""The ``taobei`` command, one module a group of commands; ``app`` holds what they share.

Only typer is imported at start-up; each command imports what it needs, so ``--help`` stays fast.
"""

from __future__ import annotations

from typing import Any

from . import documents, ledgers, queries
from .app import app

__all__ = ["app", "documents", "ledgers", "main", "queries"]


def main() -> Any:
    """Console-script entry point."""
    return app()
