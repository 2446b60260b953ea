"""The journal's tables, their version, and the migration from older versions.

``PRAGMA user_version`` holds the schema version. A journal written by a newer
leadtui is refused (its rows may mean things this version does not know); an
older one is migrated in one transaction.
"""

from __future__ import annotations

import sqlite3
import time

from leadtui.ops.journal_chain import seal_all

SCHEMA_VERSION = 3

TABLES = """
CREATE TABLE IF NOT EXISTS operations (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    profile TEXT NOT NULL,
    backend TEXT NOT NULL DEFAULT 'vicidial',
    server TEXT NOT NULL,
    api_user TEXT NOT NULL,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    state TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '{}',
    undo_of INTEGER REFERENCES operations(id),
    resume_of INTEGER REFERENCES operations(id),
    pid INTEGER NOT NULL,
    host TEXT NOT NULL DEFAULT '',
    os_user TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    operation_id INTEGER NOT NULL REFERENCES operations(id),
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    state TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    operation_id INTEGER NOT NULL REFERENCES operations(id),
    seq INTEGER NOT NULL,
    function TEXT NOT NULL,
    request TEXT NOT NULL,
    lead_ids TEXT NOT NULL,
    state TEXT NOT NULL,
    sent_at TEXT,
    finished_at TEXT,
    response TEXT,
    error TEXT,
    grp INTEGER NOT NULL DEFAULT 0,
    run_id INTEGER REFERENCES runs(id)
);
CREATE TABLE IF NOT EXISTS leads (
    id INTEGER PRIMARY KEY,
    operation_id INTEGER NOT NULL REFERENCES operations(id),
    chunk_id INTEGER REFERENCES chunks(id),
    lead_id INTEGER NOT NULL,
    before TEXT,
    before_state TEXT NOT NULL DEFAULT 'none',
    change TEXT NOT NULL DEFAULT '{}',
    outcome TEXT NOT NULL,
    after TEXT,
    detail TEXT NOT NULL DEFAULT '',
    phase TEXT NOT NULL DEFAULT 'settled',
    grp INTEGER NOT NULL DEFAULT 0,
    request TEXT
);
"""

# schema 3: the hash chain (journal_chain) and who ran each operation
CHAIN_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    operation_id INTEGER NOT NULL,
    row_id INTEGER NOT NULL,
    body TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seals (
    kind TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    operation_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (kind, row_id)
) WITHOUT ROWID;
"""

INDEXES = """
CREATE INDEX IF NOT EXISTS leads_by_operation ON leads(operation_id, lead_id);
CREATE INDEX IF NOT EXISTS leads_by_phase ON leads(operation_id, phase);
CREATE INDEX IF NOT EXISTS leads_by_lead ON leads(lead_id);
CREATE INDEX IF NOT EXISTS chunks_by_operation ON chunks(operation_id, seq);
CREATE INDEX IF NOT EXISTS runs_by_operation ON runs(operation_id);
CREATE INDEX IF NOT EXISTS seals_by_operation ON seals(operation_id);
"""

# schema 2 → 3: who ran each operation (the chain's tables come from CHAIN_TABLES)
_MIGRATE_2 = """
ALTER TABLE operations ADD COLUMN os_user TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN version TEXT NOT NULL DEFAULT '';
"""

# schema 1 → 2: the engine's phases, groups, per-lead requests and runs
_MIGRATE_1 = """
ALTER TABLE operations ADD COLUMN backend TEXT NOT NULL DEFAULT 'vicidial';
ALTER TABLE operations ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE chunks ADD COLUMN grp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chunks ADD COLUMN run_id INTEGER REFERENCES runs(id);
ALTER TABLE leads ADD COLUMN phase TEXT NOT NULL DEFAULT 'settled';
ALTER TABLE leads ADD COLUMN grp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE leads ADD COLUMN request TEXT;
UPDATE operations SET backend = 'voiceaiwrapper'
    WHERE json_extract(params, '$.backend') = 'voiceaiwrapper';
UPDATE leads SET phase = 'unknown' WHERE outcome = 'unknown';
UPDATE leads SET phase = 'held' WHERE outcome IN ('pending', 'skipped');
"""


def _run(db: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


class SchemaTooNew(Exception):
    def __init__(self, found: int) -> None:
        super().__init__(
            f"the journal was written by a newer leadtui (schema {found}; this "
            f"leadtui knows {SCHEMA_VERSION})"
        )
        self.found = found


def prepare(db: sqlite3.Connection) -> None:
    """Create the tables of a new journal or bring an older one up to date.

    Runs in one exclusive transaction, so two processes opening the same new
    journal cannot both migrate it.
    """
    db.execute("BEGIN EXCLUSIVE")
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        existing = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='operations'"
        ).fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(version)
        if existing and version < 2:
            _run(db, _MIGRATE_1)
            db.execute(
                "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY,"
                " operation_id INTEGER NOT NULL REFERENCES operations(id),"
                " kind TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,"
                " pid INTEGER NOT NULL, host TEXT NOT NULL, state TEXT NOT NULL,"
                " summary TEXT NOT NULL DEFAULT '{}')"
            )
        elif not existing:
            _run(db, TABLES)
        if existing and version < 3:
            _run(db, _MIGRATE_2)
        _run(db, CHAIN_TABLES)
        _run(db, INDEXES)
        if existing and version < 3:
            # the operations journaled before the chain: their first entries
            seal_all(db, time.strftime("%Y-%m-%d %H:%M:%S"))
        if version != SCHEMA_VERSION:
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
