"""The parser's regular expressions, compiled once per machine instead of once per run.

Stdlib ``re`` parses and compiles a pattern in Python; the parser's ~80 patterns took 12 ms of
every one-notice command (a fifth of what a first query pays beyond a bare typer app). Python
keeps a module's bytecode in ``__pycache__`` so that it is compiled once; this keeps the compiled
programs of the parser's patterns there too, and hands them to the regular-expression engine on
later runs (0.1 ms for all of them, plus reading the file).

The store is ``__pycache__/patterns.<cache tag>.json`` beside this module (or under
``PYTHONPYCACHEPREFIX``), found and written by the rules Python follows for bytecode: not written
when ``PYTHONDONTWRITEBYTECODE`` is set or the folder is not writable, replaced atomically, every
failure ignored (a pattern is then compiled as usual). Whoever can write there can already change
the bytecode Python runs, so the store is trusted as that bytecode is; even so it is bounded in
size, must come from this interpreter (its version and the engine's ``MAGIC``), and every program
is checked by the engine's own validator when it is loaded. Programs are keyed by the pattern's
text and flags, so a changed pattern is simply compiled again.

This uses three internals of CPython's ``re`` (``re._parser.parse``, ``re._compiler._code``,
``_sre.compile``: what ``re.compile`` itself calls, unchanged from 3.11 to 3.13); if they are
missing or fail, ``compile`` is ``re.compile``. A test checks every stored program against a
fresh compile.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

try:
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # another Python: compile as usual
    _sre = None

#: A store larger than this is not read (all of the parser's programs take about 70 KB).
MAX_STORE = 4 * 1024 * 1024

_programs: dict[str, list[Any]] | None = None  # key → [flags, code, groups, groupindex, indexgroup]
_added = False  # a program was compiled this run that the store lacked


def compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, from the stored program when there is one."""
    if _sre is None:
        return re.compile(source, flags)
    programs = _load() if _programs is None else _programs
    key = f"{flags}:{source}"
    stored = programs.get(key)
    if stored is not None:
        with contextlib.suppress(Exception):  # a stale or damaged entry: compile it again
            return _from_program(source, stored)
    try:
        program = _program(source, flags)
        compiled = _from_program(source, program)
    except Exception:
        return re.compile(source, flags)  # the internals changed: the engine's own way
    global _added
    programs[key], _added = program, True
    return compiled


def _program(source: str, flags: int) -> list[Any]:
    """What ``re._compiler.compile`` computes before handing a pattern to the engine."""
    parsed = _parser.parse(source, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    code = _compiler._code(parsed, flags)
    return [flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, indexgroup]


def _from_program(source: str, program: list[Any]) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = program
    compiled: re.Pattern[str] = _sre.compile(
        source, flags, code, groups, groupindex, tuple(indexgroup)
    )
    return compiled


def store_path() -> Path | None:
    """Where Python would keep this module's bytecode, as ``patterns.<tag>.json``."""
    try:
        return Path(importlib.util.cache_from_source(__file__)).with_suffix(".json")
    except (NotImplementedError, ValueError):  # no cache tag: an unusual interpreter
        return None


def _identity() -> dict[str, Any]:
    return {"python": sys.version, "magic": _sre.MAGIC if _sre is not None else None}


def _load() -> dict[str, list[Any]]:
    """The stored programs (none when the store is missing, foreign, too large or damaged)."""
    global _programs
    _programs = {}
    path = store_path()
    if path is None:
        return _programs
    with contextlib.suppress(Exception):
        with path.open("rb") as file:
            raw = file.read(MAX_STORE + 1)
        data = json.loads(raw) if len(raw) <= MAX_STORE else None
        if isinstance(data, dict) and data.get("identity") == _identity():
            programs = data.get("programs")
            if isinstance(programs, dict):
                _programs = programs
    return _programs


@atexit.register
def save() -> None:
    """Write the programs compiled this run that the store lacked (best effort, atomic)."""
    global _added
    path = store_path()
    if not _added or sys.dont_write_bytecode or path is None or _programs is None:
        return
    _added = False
    import tempfile  # only the run that adds programs pays for it

    with contextlib.suppress(OSError, ValueError, TypeError):
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"identity": _identity(), "programs": _programs}, ensure_ascii=False)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".patterns-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.chmod(temporary, (os.stat(__file__).st_mode | 0o200) & 0o666)  # as Python's .pyc
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
