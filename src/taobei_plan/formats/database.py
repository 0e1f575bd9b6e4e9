"""A taobei database as input: the notices ``taobei export -o x.db`` stored, read back for queries.

Unlike the other readers it gives notices, not text: the database keeps each notice whole as
JSON. It is recognised by SQLite's magic bytes and taobei's application id; a file that is
neither is refused untouched (``exports/database.py`` writes the database and checks the same).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, UsageError
from ..language import _

if TYPE_CHECKING:
    import sqlite3

    from ..models import Notice

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x54414F42  # "TAOB": marks a database taobei made


def is_database(data: bytes) -> bool:
    """Whether a file's first bytes are SQLite's."""
    return data.startswith(SQLITE_MAGIC)


def check_ours(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse (closing it) a connection to an SQLite database another program made."""
    (application,) = connection.execute("PRAGMA application_id").fetchone()
    if application != APPLICATION_ID:
        connection.close()
        raise UsageError(f"{path}: an SQLite database taobei did not make; refusing to touch it")


def refuse_other(path: Path) -> None:
    """Refuse a non-empty file that is not SQLite before anything opens it."""
    with open(path, "rb") as handle:
        if not is_database(handle.read(16)):
            raise UsageError(f"{path}: not a taobei database (not SQLite); refusing to touch it")


def read_notices(path: Path) -> list[Notice]:
    """Every notice stored in a taobei database, in the order they were first exported."""
    import sqlite3

    from pydantic import ValidationError

    from ..models import Notice

    if not path.exists() or path.stat().st_size == 0:
        raise InputError(_("{path}: no such database").format(path=path))
    refuse_other(path)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check_ours(connection, path)
            rows = connection.execute("SELECT id, name, json FROM notices ORDER BY id").fetchall()
        finally:
            connection.close()  # closing twice (check_ours closed it) is harmless
    except sqlite3.DatabaseError as error:
        raise InputError(
            _("{path}: cannot read the database ({error})").format(path=path, error=error)
        ) from None
    notices = []
    for row_id, name, stored in rows:
        try:
            notices.append(Notice.model_validate_json(stored or ""))
        except ValidationError:  # edited or damaged by hand: name the row, never a traceback
            raise InputError(
                f"{path}: notice {row_id} ({name}) holds damaged JSON; export it again"
            ) from None
    return notices
