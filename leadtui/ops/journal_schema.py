"""The journal's tables, and whether the process that wrote a row still runs."""

from __future__ import annotations

import os

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS operations (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    profile TEXT NOT NULL,
    server TEXT NOT NULL,
    api_user TEXT NOT NULL,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    state TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '{}',
    undo_of INTEGER REFERENCES operations(id),
    resume_of INTEGER REFERENCES operations(id),
    pid INTEGER NOT NULL
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
    error TEXT
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
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS leads_by_operation ON leads(operation_id, lead_id);
CREATE INDEX IF NOT EXISTS chunks_by_operation ON chunks(operation_id, seq);
"""


def process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
