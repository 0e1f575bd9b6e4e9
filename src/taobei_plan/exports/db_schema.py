"""The SQLite database's schema, and the steps that bring a database an earlier taobei made to it.

Version 1: the first. 2: indicators belong to their notice, a target or a task, with direction
and year. 3: tasks gain their due date (``due_date``, ``due_kind``, ``due_every``) and the
``progress`` table holds what units reported (``taobei collect -o x.db``). 4: a notice is one
row by its identity (文号, else title, issuer and date) with its ``jurisdiction``, ``sources``
keeps every file that gave it, and a unit is keyed by its government and name (a notice whose
government is unknown keeps its units to itself).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

    from ..models import Notice

SCHEMA_VERSION = 4
#: What units reported on their tasks, period by period (``taobei collect -o x.db``): keyed by
#: the notice's name and the task's seq, so re-exporting a notice keeps its progress.
_PROGRESS = """CREATE TABLE progress (
    id INTEGER PRIMARY KEY, notice TEXT NOT NULL, seq INTEGER NOT NULL, unit TEXT NOT NULL,
    role TEXT, period TEXT NOT NULL, status TEXT, progress TEXT, problems TEXT, plan TEXT,
    evidence TEXT, file TEXT, collected_at TEXT, UNIQUE (notice, seq, unit, period));"""
#: Version 2 → 3: tasks gain their due date, kind and rhythm; progress is new.
MIGRATE_2_TO_3 = f"""
ALTER TABLE tasks ADD COLUMN due_date TEXT;
ALTER TABLE tasks ADD COLUMN due_kind TEXT;
ALTER TABLE tasks ADD COLUMN due_every TEXT;
{_PROGRESS}
PRAGMA user_version = 3;
"""
#: The indicators table, of the schema and of the migration to it.
_INDICATORS = """CREATE TABLE indicators (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    target_id INTEGER REFERENCES targets(id) ON DELETE CASCADE,
    task_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
    metric TEXT, value REAL, value_max REAL, unit TEXT, comparator TEXT, scaled_value REAL,
    base_unit TEXT, kind TEXT, direction TEXT, year INTEGER, scope TEXT, raw TEXT,
    CHECK (target_id IS NULL OR task_id IS NULL));"""
#: Version 1 → 2: an indicator belongs to its notice and stands in a target paragraph, a task's
#: text (task_id) or neither (the covering notice), with its direction and year. The table is
#: rebuilt, its rows kept.
MIGRATE_1_TO_2 = f"""
ALTER TABLE indicators RENAME TO indicators_v1;
{_INDICATORS}
INSERT INTO indicators (id, notice_id, target_id, metric, value, value_max, unit, comparator,
    scaled_value, base_unit, kind, scope, raw)
    SELECT i.id, t.notice_id, i.target_id, i.metric, i.value, i.value_max, i.unit, i.comparator,
    i.scaled_value, i.base_unit, i.kind, i.scope, i.raw
    FROM indicators_v1 i JOIN targets t ON t.id = i.target_id;
DROP TABLE indicators_v1;
PRAGMA user_version = 2;
"""
SCHEMA = f"""
CREATE TABLE notices (
    id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, path TEXT, format TEXT, name TEXT,
    title TEXT, document_number TEXT, issuer TEXT, written_date TEXT, published_date TEXT,
    tasks INTEGER, taobei_version TEXT, json TEXT NOT NULL, jurisdiction TEXT,
    identity TEXT NOT NULL UNIQUE);
CREATE TABLE sources (
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE, sha256 TEXT NOT NULL,
    path TEXT, format TEXT, PRIMARY KEY (notice_id, sha256));
CREATE TABLE sections (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    number INTEGER, label TEXT, title TEXT, line INTEGER, page INTEGER);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    section_id INTEGER REFERENCES sections(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    number INTEGER, label TEXT, subheading TEXT, text TEXT, clause TEXT, lead_mode TEXT,
    deadline TEXT, line INTEGER, end_line INTEGER, page INTEGER, due_date TEXT, due_kind TEXT,
    due_every TEXT, UNIQUE (notice_id, seq));
CREATE TABLE units (
    id INTEGER PRIMARY KEY, jurisdiction TEXT,
    notice_id INTEGER REFERENCES notices(id) ON DELETE CASCADE, name TEXT NOT NULL, kind TEXT);
CREATE UNIQUE INDEX units_identity ON units (COALESCE(jurisdiction, ''), COALESCE(notice_id, 0), name);
CREATE TABLE task_units (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id), role TEXT NOT NULL CHECK (role IN ('lead', 'co')),
    position INTEGER NOT NULL, raw TEXT, PRIMARY KEY (task_id, unit_id, role));
CREATE TABLE targets (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    section_id INTEGER REFERENCES sections(id) ON DELETE CASCADE, text TEXT, year INTEGER,
    period_start INTEGER, period_end INTEGER, line INTEGER);
{_INDICATORS}
{_PROGRESS}
CREATE TABLE investments (
    id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    amount REAL, unit TEXT, yuan INTEGER, project TEXT, raw TEXT);
CREATE TABLE diagnostics (
    id INTEGER PRIMARY KEY, notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    code TEXT, severity TEXT, line INTEGER, message TEXT);
CREATE INDEX tasks_notice ON tasks(notice_id, seq);
CREATE INDEX task_units_unit ON task_units(unit_id, role);
CREATE INDEX sections_notice ON sections(notice_id);
CREATE INDEX targets_notice ON targets(notice_id);
CREATE INDEX diagnostics_notice ON diagnostics(notice_id);
CREATE VIRTUAL TABLE tasks_fts USING fts5(text, tokenize = 'trigram');
CREATE VIEW unit_load AS
    SELECT u.name, u.kind, SUM(tu.role = 'lead') AS lead, SUM(tu.role = 'co') AS co,
           COUNT(*) AS total, COUNT(DISTINCT t.notice_id) AS notices, u.jurisdiction
    FROM task_units tu JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id
    GROUP BY u.id ORDER BY total DESC, lead DESC, u.name, u.jurisdiction;
CREATE VIEW dept_tasks AS
    SELECT u.name AS unit, tu.role, n.name AS notice, t.seq, t.number, s.title AS section, t.text,
           u.jurisdiction
    FROM task_units tu JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id
    JOIN notices n ON n.id = t.notice_id LEFT JOIN sections s ON s.id = t.section_id
    ORDER BY n.id, t.seq;
"""
#: What version 3 → 4 drops and makes again: every table but ``progress`` (keyed by notice
#: name and seq, it is kept as it is).
_DROP_3 = """DROP VIEW unit_load; DROP VIEW dept_tasks; DROP TABLE tasks_fts;
DROP TABLE diagnostics; DROP TABLE investments; DROP TABLE indicators; DROP TABLE task_units;
DROP TABLE targets; DROP TABLE tasks; DROP TABLE sections; DROP TABLE units; DROP TABLE IF EXISTS sources;
DROP TABLE notices;"""


def migrate_3_to_4(
    db: sqlite3.Connection, store: Callable[[sqlite3.Connection, Notice, set[int]], object]
) -> None:
    """Rebuild a version-3 database in the version-4 shape from the notices it keeps as JSON
    (each with the tasks it was exported with), through ``store``, the export's own writer:
    units come apart by government, and a notice stored twice from two files becomes one."""
    from ..models import Notice

    kept = db.execute("SELECT id, json FROM notices ORDER BY id").fetchall()
    seqs: dict[int, set[int]] = {notice_id: set() for notice_id, _ in kept}
    for notice_id, seq in db.execute("SELECT notice_id, seq FROM tasks"):
        seqs[notice_id].add(seq)
    for statement in (_DROP_3 + SCHEMA.replace(_PROGRESS, "")).split(";"):
        if statement.strip():
            db.execute(statement)
    for notice_id, text in kept:
        store(db, Notice.model_validate_json(text), seqs[notice_id])
    db.execute("PRAGMA user_version = 4")
