"""A SQLite database of notices, for researchers who compare notices with SQL (stdlib sqlite3).

One notice is one row of ``notices`` (unique by its identity: its 文号, else its title, issuer
and date; so the .txt and the portal page of one notice are one notice, and ``sources`` keeps
both files) with its sections, tasks, units, targets, indicators, investments and diagnostics;
exporting it again replaces its rows and leaves the others alone. A unit is keyed by its
government (the notice's ``jurisdiction``) and name: 区发改局 of two districts are two units.
Every export is one transaction: an error or Ctrl-C leaves the database as it was. A file that
is not a taobei database is refused, untouched. Task text is searchable with FTS5's trigram
tokenizer (the default tokenizer finds nothing in Chinese); words under three characters need
``LIKE``. The whole notice is kept as JSON, so queries read it back.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import InputError, UsageError
from ..formats.database import APPLICATION_ID, check_ours, refuse_other
from ..language import _
from . import task_roles
from .db_schema import (
    MIGRATE_1_TO_2,
    MIGRATE_2_TO_3,
    SCHEMA,
    SCHEMA_VERSION,
    migrate_3_to_4,
)

if TYPE_CHECKING:
    import sqlite3

    from ..models import Indicator, Notice, Target, Task, Unit


def open_database(path: Path, create: bool, begin: bool = False) -> sqlite3.Connection:
    """A connection to a taobei database (created when ``create`` and absent or empty). With
    ``begin``, a write transaction is open on return and a new database's schema is part of it:
    one commit (one sync to disk) for creating and filling it, not two."""
    import sqlite3  # here, not at the top: a query asks ``is_database`` on every run

    exists = path.exists() and path.stat().st_size > 0
    if exists:
        refuse_other(path)
    elif not create:
        raise InputError(_("{path}: no such database").format(path=path))
    try:
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        if exists:
            check_ours(connection, path)
            if begin:
                connection.execute("BEGIN IMMEDIATE")
                _migrate(connection, path)
        else:
            connection.executescript(
                f"BEGIN IMMEDIATE; {SCHEMA} PRAGMA application_id = {APPLICATION_ID}; "
                f"PRAGMA user_version = {SCHEMA_VERSION}; {'' if begin else 'COMMIT;'}"
            )
    except sqlite3.DatabaseError as error:
        raise InputError(
            _("{path}: cannot use the database ({error})").format(path=path, error=error)
        ) from None
    return connection


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring a database an earlier taobei made to this schema, inside the open transaction (an
    error rolls it back with the export); refuse one a later taobei made."""
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        connection.execute("ROLLBACK")
        connection.close()
        raise UsageError(
            _("{path}: made by a later taobei (schema {version}); refusing to touch it").format(
                path=path, version=version
            )
        )
    for start, script in ((1, MIGRATE_1_TO_2), (2, MIGRATE_2_TO_3)):
        if version <= start:
            for statement in script.split(";"):
                if statement.strip():
                    connection.execute(statement)
    if version <= 3:
        migrate_3_to_4(connection, lambda db, notice, seqs: _replace(db, notice, seqs))


def export(
    path: Path,
    notices: Iterable[tuple[Notice, Collection[int]]],
    say: Callable[[str], object] = lambda line: None,
) -> int:
    """Store each notice (only the tasks of its seq set) in one transaction; returns how many
    notices. ``notices`` may be a generator: one notice is in memory at a time. ``say`` hears
    what a user should know: a notice that replaced one read from another file, a notice whose
    government is unknown."""
    import sqlite3

    new = not path.exists()
    try:
        connection = open_database(path, create=True, begin=True)
    except InputError:
        _remove_if_new(path, new)
        raise
    count = 0
    try:
        for notice, seqs in notices:
            for line in _replace(connection, notice, seqs):
                say(line)
            count += 1
        connection.execute(_ORPHAN_UNITS)
        connection.execute("COMMIT")
        return count
    except BaseException as error:
        if connection.in_transaction:  # SQLite rolls back by itself on a full disk
            connection.execute("ROLLBACK")
        connection.close()
        _remove_if_new(path, new)
        if isinstance(error, sqlite3.OperationalError):  # full disk, I/O error, read-only folder
            raise InputError(
                _("{path}: cannot write ({error})").format(path=path, error=error)
            ) from None
        raise
    finally:
        connection.close()


def _remove_if_new(path: Path, new: bool) -> None:
    """A database a failed export created holds nothing: it goes, with its journal."""
    if new:
        path.unlink(missing_ok=True)
        Path(f"{path}-journal").unlink(missing_ok=True)


#: Units no task names any more (a replaced notice's, or one a migration left): removed.
_ORPHAN_UNITS = (
    "DELETE FROM units WHERE NOT EXISTS (SELECT 1 FROM task_units WHERE unit_id = units.id)"
)


def _replace(db: sqlite3.Connection, notice: Notice, seqs: Collection[int]) -> list[str]:
    """Store ``notice`` in place of the row of the same identity; returns what to tell."""
    from ..parsing.jurisdiction import identity, of_notice
    from ..query import notice_name

    name, key, area = notice_name(notice), identity(notice), of_notice(notice)
    if area != notice.jurisdiction:  # read from a JSON of an earlier taobei: keep what we found
        notice = notice.model_copy(update={"jurisdiction": area})
    source = notice.source
    said, sources = [], [(source.sha256, source.path, source.format)]
    old = db.execute(
        "SELECT id, path FROM notices WHERE identity = ? OR sha256 = ?", (key, source.sha256)
    ).fetchall()
    for old_id, old_path in old:
        before = db.execute(
            "SELECT sha256, path, format FROM sources WHERE notice_id = ? AND sha256 != ?",
            (old_id, source.sha256),
        ).fetchall()
        sources += before
        if before and old_path != source.path:
            said.append(_("{name}: replaces the notice read before from {path} (one notice, "
                          "several files: see the sources table)").format(name=name, path=old_path))  # fmt: skip
        db.execute(
            "DELETE FROM tasks_fts WHERE rowid IN (SELECT id FROM tasks WHERE notice_id = ?)",
            (old_id,),
        )
        db.execute("DELETE FROM notices WHERE id = ?", (old_id,))
    m = notice.metadata
    notice_id = db.execute(
        "INSERT INTO notices (sha256, path, format, name, title, document_number, issuer, "
        "written_date, published_date, tasks, taobei_version, json, jurisdiction, identity) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (source.sha256, source.path, source.format, name,
         m.title or notice.notice.title or notice.plan.title,
         m.document_number or notice.notice.document_number, m.issuer,
         _date(m.written_date or notice.notice.signed_date), _date(m.published_date),
         len(seqs), __version__, notice.model_dump_json(), area, key),
    ).lastrowid  # fmt: skip
    db.executemany(
        "INSERT OR IGNORE INTO sources (notice_id, sha256, path, format) VALUES (?,?,?,?)",
        [(notice_id, *row) for row in sources],
    )
    diagnostics = [(d.code, d.severity, d.line, d.message) for d in notice.diagnostics]
    if area is None:
        diagnostics.append(("jurisdiction-unknown", "info", None, _UNKNOWN))
        said.append(_("{name}: issuing government unknown; its units are kept to it, not taken "
                      "for other notices' units of the same name").format(name=name))  # fmt: skip
    exported = [task for section in notice.sections for task in section.tasks if task.seq in seqs]
    scope = (area, None if area is not None else notice_id)
    unit_ids = _unit_ids(db, [unit for task in exported for _, unit in task_roles(task)], scope)
    roles: list[tuple[int | None, int, str, int, str]] = []
    investments: list[tuple[object, ...]] = []
    outside = [*notice.notice.indicators, *notice.plan.indicators]  # covering notice, preamble
    indicators: list[tuple[object, ...]] = [
        (notice_id, None, None, *_indicator(i)) for i in outside
    ]
    for section in notice.sections:
        section_id = db.execute(
            "INSERT INTO sections (notice_id, number, label, title, line, page) VALUES (?,?,?,?,?,?)",
            (notice_id, section.number, section.label, section.title, section.line, section.page),
        ).lastrowid
        for task in section.tasks:
            if task.seq in seqs:
                task_id = _task(db, notice_id, section_id, task)
                roles += [
                    (task_id, unit_ids[unit.name], role, position, unit.raw)
                    for position, (role, unit) in enumerate(task_roles(task), start=1)
                ]
                investments += [(task_id, _number(i.amount), i.unit, _number(i.yuan), i.project,
                                 i.raw) for i in task.investments]  # fmt: skip
                indicators += [(notice_id, None, task_id, *_indicator(i)) for i in task.indicators]
        for target in section.targets:
            target_id = _target(db, notice_id, section_id, target)
            indicators += [(notice_id, target_id, None, *_indicator(i)) for i in target.indicators]
    # a notice's rows of each table in one statement, not one a task (a third of the export)
    db.execute("INSERT INTO tasks_fts (rowid, text) SELECT id, text FROM tasks WHERE notice_id = ?"
               " ORDER BY id", (notice_id,))  # fmt: skip
    db.executemany(
        "INSERT OR IGNORE INTO task_units (task_id, unit_id, role, position, raw) "
        "VALUES (?,?,?,?,?)",
        roles,
    )
    db.executemany(
        "INSERT INTO investments (task_id, amount, unit, yuan, project, raw) VALUES (?,?,?,?,?,?)",
        investments,
    )
    db.executemany(
        "INSERT INTO indicators (notice_id, target_id, task_id, metric, value, value_max, unit, "
        "comparator, scaled_value, base_unit, kind, direction, year, scope, raw) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        indicators,
    )
    db.executemany(
        "INSERT INTO diagnostics (notice_id, code, severity, line, message) VALUES (?,?,?,?,?)",
        [(notice_id, *row) for row in diagnostics],
    )
    return said


#: The diagnostic a notice of unknown government gets in the database.
_UNKNOWN = ("no issuing government found (发文机关, red header, signer, title or 文号): the "
            "notice's units are not taken for other notices' units of the same name")  # fmt: skip


def _unit_ids(
    db: sqlite3.Connection, units: list[Unit], scope: tuple[str | None, int | None]
) -> dict[str, int]:
    """The ids of ``units`` by name within ``scope`` (their government, or their notice when
    that is unknown), adding the new ones in order of first mention (the kind of a name's
    first mention stays): two statements a notice, not two a mention."""
    first: dict[str, Unit] = {}
    for unit in units:
        first.setdefault(unit.name, unit)
    db.executemany(
        "INSERT OR IGNORE INTO units (jurisdiction, notice_id, name, kind) VALUES (?, ?, ?, ?)",
        [(*scope, unit.name, unit.kind) for unit in first.values()],
    )
    ids: dict[str, int] = {}
    names = list(first)
    for start in range(0, len(names), 500):  # SQLite takes at most 999 parameters a statement
        chunk = names[start : start + 500]
        marks = ",".join("?" * len(chunk))
        ids.update(
            db.execute(
                f"SELECT name, id FROM units WHERE jurisdiction IS ? AND notice_id IS ? "
                f"AND name IN ({marks})",
                (*scope, *chunk),
            )
        )
    return ids


def _task(
    db: sqlite3.Connection, notice_id: int | None, section_id: int | None, task: Task
) -> int | None:
    r, due = task.responsibility, task.due
    task_id: int | None = db.execute(
        "INSERT INTO tasks (notice_id, section_id, seq, number, label, subheading, text, clause, "
        "lead_mode, deadline, line, end_line, page, due_date, due_kind, due_every) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (notice_id, section_id, task.seq, task.number, task.label, task.subheading, task.text,
         r.raw if r else None, r.lead_mode if r else None, task.deadline, task.line,
         task.end_line, task.page, due.date.isoformat() if due and due.date else None,
         due.kind if due else None, due.every if due else None),
    ).lastrowid  # fmt: skip
    return task_id


def _target(
    db: sqlite3.Connection, notice_id: int | None, section_id: int | None, target: Target
) -> int | None:
    start, end = target.period if target.period else (None, None)
    return db.execute(
        "INSERT INTO targets (notice_id, section_id, text, year, period_start, period_end, line) "
        "VALUES (?,?,?,?,?,?,?)",
        (notice_id, section_id, target.text, target.year, start, end, target.line),
    ).lastrowid


def _indicator(i: Indicator) -> tuple[object, ...]:
    """An indicator's columns after its place (notice_id, target_id, task_id)."""
    return (i.metric, _number(i.value), _number(i.value_max), i.unit, i.comparator,
            _number(i.scaled_value), i.base_unit, i.kind, i.direction, i.year, i.scope,
            i.raw)  # fmt: skip


def _number(value: int | float | None) -> int | float | str | None:
    """A value SQLite can bind: an integer past 64 bits (a hostile notice can state one) goes
    as its digits, which a numeric column turns into a REAL (15 significant digits, infinity
    past 1e308). The JSON output keeps every digit."""
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return str(value)
    return value


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def store_progress(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Put a collect's reports (进展记录 rows) into the database's progress table, one
    transaction; a report of the same task, unit and period replaces the one stored."""
    import sqlite3

    connection = open_database(path, create=True, begin=True)
    try:
        count = 0
        for row in rows:
            if not isinstance(row.get("序号"), int) or not row.get("期次"):
                continue
            stamp = row.get("收集时间")
            connection.execute(
                "INSERT OR REPLACE INTO progress (notice, seq, unit, role, period, status, "
                "progress, problems, plan, evidence, file, collected_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (row.get("通知"), row["序号"], row.get("单位"), row.get("角色"), row["期次"],
                 row.get("完成状态"), row.get("本期进展"), row.get("存在问题"),
                 row.get("下步计划"), row.get("佐证材料"), row.get("来源文件"),
                 stamp.isoformat(sep=" ") if isinstance(stamp, datetime) else stamp),
            )  # fmt: skip
            count += 1
        connection.execute("COMMIT")
        return count
    except sqlite3.OperationalError as error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise InputError(
            _("{path}: cannot write ({error})").format(path=path, error=error)
        ) from None
    finally:
        connection.close()
