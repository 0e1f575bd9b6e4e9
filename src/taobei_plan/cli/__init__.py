"""The ``taobei`` command, one module a group of commands; ``app`` holds what they share.

Only typer is imported at start-up; each command imports what it needs, so ``--help`` stays fast.
The command modules (``app``, ``documents``, ``queries``, ``ledgers``, ``rounds``) do not postpone their
annotations (no ``from __future__ import annotations``): typer reads every command's signature on
each run, and evaluating some 300 annotation strings cost a cached query a tenth of its time.
Names only the type checker knows are quoted where used.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from typer.core import TyperCommand

from ..language import use_for_click
from . import documents, ledgers, queries, rounds
from .app import app
from .words import Command, Group

if TYPE_CHECKING:
    from typer.models import CommandInfo

__all__ = ["app", "documents", "ledgers", "main", "queries", "rounds"]


app.info.cls = Group
for _info in app.registered_commands:
    if _info.cls in (None, TyperCommand):
        _info.cls = Command


def main() -> Any:
    """Console-script entry point."""
    # pydantic looks for plugins among every installed package's entry points the first time a
    # model is built (15 ms, a tenth of a first query); taobei's command uses none. Set the
    # variable yourself to have pydantic load yours.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    use_for_click()
    registered = app.registered_commands
    app.registered_commands = _invoked(registered, sys.argv[1:])
    try:
        return app()
    finally:
        app.registered_commands = registered


def _invoked(commands: list[CommandInfo], args: list[str]) -> list[CommandInfo]:
    """Only the command a run names: typer builds the click parameters of every registered
    command on each run (7 ms for all ten, a twentieth of a query answered from the cache).
    Without a known command name (``taobei``, ``taobei --help``, a typo) all are kept, so the
    usage lists them and a typo gets its suggestion. The global options take no value, so the
    first word that is not an option is the command."""
    name = next((arg for arg in args if not arg.startswith("-")), None)
    named = [command for command in commands if command.name == name]
    return named or commands
