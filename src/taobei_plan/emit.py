"""Output: JSON, JSONL, YAML and CSV for machines (exact, stable, UTF-8), rich tables for people.

Everything here takes plain data (dicts and lists) so one function serves every command.
Files are written atomically: a temporary file beside the target, then ``os.replace``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .errors import InputError

FORMATS = ("json", "jsonl", "yaml", "csv", "table")
_EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}


def format_for(path: str | None, requested: str | None, default: str = "json") -> str:
    """The format asked for, else the one the output file's extension names, else ``default``."""
    if requested:
        return requested
    if path:
        return _EXTENSIONS.get(Path(path).suffix.lower(), default)
    return default


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(records: Iterable[Any]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def to_yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(row.get(key)) for key in columns})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "" if value is None else value


def render(
    data: Any,
    fmt: str,
    *,
    records: Sequence[dict[str, Any]] | None = None,
    columns: Sequence[str] = (),
) -> str:
    """Serialise for machines. ``records`` are the flat rows used by jsonl and csv."""
    if fmt == "json":
        return to_json(data)
    if fmt == "yaml":
        return to_yaml(data)
    rows = records if records is not None else (data if isinstance(data, list) else [data])
    if fmt == "jsonl":
        return to_jsonl(rows)
    if fmt == "csv":
        return to_csv(rows, columns)
    raise ValueError(f"unknown format {fmt}")


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a failure leaves any existing file untouched."""
    target = Path(path)
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise InputError(f"{target}: cannot write ({error.strerror or error})") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise InputError(f"{target}: cannot write ({error.strerror or error})") from None
        raise


def _mode_for(target: Path) -> int:
    """Keep an existing file's mode; a new file gets the usual 0666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def table(
    title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], caption: str | None = None
) -> None:
    """Print a rich table to stdout (only used when stdout is a terminal)."""
    from rich.console import Console
    from rich.table import Table

    grid = Table(title=title, caption=caption, show_lines=False)
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*("" if v is None else str(v) for v in row))
    Console().print(grid)
