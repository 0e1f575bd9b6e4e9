"""The ``taobei`` command, one module a group of commands; ``app`` holds what they share.

Only typer is imported at start-up; each command imports what it needs, so ``--help`` stays fast.
The command modules (``app``, ``documents``, ``queries``, ``ledgers``) do not postpone their
annotations (no ``from __future__ import annotations``): typer reads every command's signature on
each run, and evaluating some 300 annotation strings cost a cached query a tenth of its time.
Names only the type checker knows are quoted where used.
"""

from __future__ import annotations

import os
from typing import Any

from . import documents, ledgers, queries
from .app import app

__all__ = ["app", "documents", "ledgers", "main", "queries"]


def main() -> Any:
    """Console-script entry point."""
    # pydantic looks for plugins among every installed package's entry points the first time a
    # model is built (15 ms, a tenth of a first query); taobei's command uses none. Set the
    # variable yourself to have pydantic load yours.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    return app()
