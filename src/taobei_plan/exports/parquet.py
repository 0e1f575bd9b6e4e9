"""Parquet files of the database's tables, for DuckDB, pandas, polars, Spark and R.

The notices go into a private SQLite database first (the same export, so the same identities,
jurisdictions and unit keys), then each table is copied into ``<table>.parquet`` a batch of rows
at a time: time is linear in the notices and memory stays flat however many there are. Columns
keep their SQL types (INTEGER as int64, REAL as double, TEXT as string), dates as dates; an
INTEGER column holding a number past 64 bits (a hostile notice can state one) is written as
double. Each file is written beside its final name and moved into place when all are done: a
failure leaves the folder as it was. Needs pyarrow (``pip install 'taobei[parquet]'``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Collection, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, UsageError
from ..language import _

if TYPE_CHECKING:
    import sqlite3

    import pyarrow as pa

    from ..models import Notice

#: The tables written, in order (the full-text index and the reporting round's progress are not
#: research data of the notices).
TABLES = ("notices", "sources", "sections", "tasks", "units", "task_units", "targets",
          "indicators", "investments", "diagnostics")  # fmt: skip
#: Columns that hold ISO dates.
DATES = {("notices", "written_date"), ("notices", "published_date"), ("tasks", "due_date")}
#: Rows read and written at a time; a notice's row holds its whole JSON (hundreds of KB), so
#: notices go a few at a time: memory stays flat whatever the table.
BATCH = 10_000
BATCH_OF = {"notices": 16}


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError(_("Parquet needs pyarrow: pip install 'taobei[parquet]'")) from None
    return pyarrow


def export_parquet(
    folder: Path,
    notices: Iterable[tuple[Notice, Collection[int]]],
    say: Callable[[str], object] = lambda line: None,
) -> int:
    """Write the notices' tables into ``folder`` (made if absent); returns how many notices."""
    from .database import export

    pa = _pyarrow()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".taobei-", dir=folder))
    except OSError as error:
        raise InputError(
            _("{path}: cannot write ({error})").format(path=folder, error=error.strerror)
        ) from None
    try:
        count = export(work / "notices.db", notices, say)
        written = _tables(pa, work / "notices.db", work)
        for path in written:  # all written: now each replaces its namesake
            os.replace(path, folder / path.name)
        return count
    except OSError as error:
        raise InputError(
            _("{path}: cannot write ({error})").format(path=folder, error=error.strerror)
        ) from None
    finally:
        for leftover in work.iterdir():
            leftover.unlink()
        work.rmdir()


def _tables(pa: Any, database: Path, work: Path) -> list[Path]:
    import sqlite3

    connection = sqlite3.connect(database)
    try:
        return [_table(pa, connection, table, work / f"{table}.parquet") for table in TABLES]
    finally:
        connection.close()


def _schema(pa: Any, db: sqlite3.Connection, table: str) -> pa.Schema:
    """The table's columns as Arrow types, from their declared SQL types."""
    fields = []
    for _cid, name, declared, *_rest in db.execute(f"PRAGMA table_info({table})"):
        kind = (declared or "TEXT").upper()
        if (table, name) in DATES:
            arrow = pa.date32()
        elif kind == "INTEGER":
            wide = db.execute(
                f"SELECT 1 FROM {table} WHERE typeof({name}) = 'real' LIMIT 1"
            ).fetchone()
            arrow = pa.float64() if wide else pa.int64()
        elif kind == "REAL":
            arrow = pa.float64()
        else:
            arrow = pa.string()
        fields.append(pa.field(name, arrow))
    return pa.schema(fields)


def _table(pa: Any, db: sqlite3.Connection, table: str, path: Path) -> Path:
    import pyarrow.parquet as pq

    schema = _schema(pa, db, table)
    names = [field.name for field in schema]
    dated = [(table, name) in DATES for name in names]
    cursor = db.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid")
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        while rows := cursor.fetchmany(BATCH_OF.get(table, BATCH)):
            columns = list(zip(*rows, strict=True))
            arrays = [
                pa.array(_dates(values) if is_date else values, type=field.type)
                for values, is_date, field in zip(columns, dated, schema, strict=True)
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
    return path


def _dates(values: tuple[Any, ...]) -> list[date | None]:
    return [None if value is None else date.fromisoformat(value) for value in values]
