"""The session journal: every operation and every lead it touched, in SQLite (WAL).

VICIdial keeps no per-lead log of API writes. The journal is leadtui's: the
intent of each request is committed *before* it is sent and its outcome
after, so a crash or a ``kill -9`` mid-batch leaves a record that says which
requests were sent and never answered (``sending`` → reported as unknown).

Nothing secret is stored: requests are recorded without credentials, and
response text arrives here already redacted by the API client.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from leadtui.ops.journal_models import (
    ChunkRow,
    ChunkState,
    LeadOutcome,
    LeadRow,
    OperationRow,
    OperationState,
)
from leadtui.ops.journal_schema import SCHEMA, SCHEMA_VERSION, process_alive


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Journal:
    """Thread-safe access to the journal database; every write is its own commit."""

    def __init__(self, path: Path | str, *, clock: Callable[[], str] = now) -> None:
        self.path = Path(path)
        self.clock = clock
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            str(path), check_same_thread=False, isolation_level=None
        )
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=5000")
        with self._lock:
            self._db.executescript(SCHEMA)  # runs in its own transaction
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        if str(path) != ":memory:" and os.name == "posix":
            os.chmod(self.path, 0o600)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def integrity_ok(self) -> bool:
        with self._lock:
            row = self._db.execute("PRAGMA integrity_check").fetchone()
        return bool(row and row[0] == "ok")

    # --- operations ----------------------------------------------------------

    def begin(
        self,
        *,
        kind: str,
        profile: str,
        server: str,
        api_user: str,
        params: dict[str, Any],
        undo_of: int | None = None,
        resume_of: int | None = None,
    ) -> int:
        with self._tx() as db:
            cursor = db.execute(
                "INSERT INTO operations (started_at, profile, server, api_user, kind, params,"
                " state, undo_of, resume_of, pid) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    self.clock(),
                    profile,
                    server,
                    api_user,
                    kind,
                    _dump(params),
                    OperationState.RUNNING,
                    undo_of,
                    resume_of,
                    os.getpid(),
                ),
            )
            return int(cursor.lastrowid or 0)

    def finish(
        self, operation_id: int, state: OperationState, summary: dict[str, Any]
    ) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE operations SET state=?, summary=?, finished_at=? WHERE id=?",
                (state, _dump(summary), self.clock(), operation_id),
            )

    def operation(self, operation_id: int) -> OperationRow:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM operations WHERE id=?", (operation_id,)
            ).fetchone()
        if row is None:
            raise KeyError(f"no operation {operation_id} in the journal")
        return OperationRow.from_row(row)

    def operations(self, limit: int = 200) -> list[OperationRow]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM operations ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
        return [OperationRow.from_row(r) for r in rows]

    def mark_interrupted(self) -> list[OperationRow]:
        """Operations left ``running`` by a process that is gone: now ``interrupted``."""
        stale = [
            op
            for op in self.operations(limit=10000)
            if op.state is OperationState.RUNNING and not process_alive(op.pid)
        ]
        for op in stale:
            with self._tx() as db:
                db.execute(
                    "UPDATE chunks SET state=? WHERE operation_id=? AND state=?",
                    (ChunkState.UNKNOWN, op.id, ChunkState.SENDING),
                )
                db.execute(
                    "UPDATE operations SET state=? WHERE id=?",
                    (OperationState.INTERRUPTED, op.id),
                )
        return [self.operation(op.id) for op in stale]

    def unfinished(self) -> list[OperationRow]:
        """Interrupted or cancelled operations with open chunks, not yet resumed."""
        found = []
        for op in self.operations(limit=10000):
            if op.state not in (OperationState.INTERRUPTED, OperationState.CANCELLED):
                continue
            if any(c.state in _OPEN for c in self.chunks(op.id)):
                found.append(op)
        return found

    def mark_resumed(self, operation_id: int, *, applied: dict[int, str]) -> None:
        """Settle an operation after a resume: its open chunks are now accounted for."""
        with self._tx() as db:
            db.executemany(
                "UPDATE leads SET outcome=?, detail=? WHERE operation_id=? AND lead_id=?",
                [
                    (
                        LeadOutcome.UPDATED,
                        f"applied before the interruption ({why})",
                        operation_id,
                        i,
                    )
                    for i, why in applied.items()
                ],
            )
            db.execute(
                "UPDATE chunks SET state=? WHERE operation_id=? AND state IN (?,?,?,?)",
                (ChunkState.SKIPPED, operation_id, *(s.value for s in _OPEN)),
            )
            db.execute(
                "UPDATE operations SET state=? WHERE id=?",
                (OperationState.RESUMED, operation_id),
            )

    # --- chunks --------------------------------------------------------------

    def add_chunk(
        self,
        operation_id: int,
        *,
        seq: int,
        function: str,
        request: list[tuple[str, str]],
        lead_ids: Iterable[int],
    ) -> int:
        [chunk_id] = self.add_chunks(
            operation_id, [(seq, function, request, list(lead_ids))]
        )
        return chunk_id

    def add_chunks(
        self,
        operation_id: int,
        chunks: list[tuple[int, str, list[tuple[str, str]], list[int]]],
    ) -> list[int]:
        """Every (seq, function, request, lead_ids) of an operation in one commit;
        each lead's chunk set by one statement per chunk. Returns the chunk ids."""
        ids = []
        with self._tx() as db:
            for seq, function, request, lead_ids in chunks:
                cursor = db.execute(
                    "INSERT INTO chunks (operation_id, seq, function, request, lead_ids, state)"
                    " VALUES (?,?,?,?,?,?)",
                    (
                        operation_id,
                        seq,
                        function,
                        _dump(request),
                        _dump(lead_ids),
                        ChunkState.PLANNED,
                    ),
                )
                chunk_id = int(cursor.lastrowid or 0)
                db.execute(
                    "UPDATE leads SET chunk_id=? WHERE operation_id=? AND lead_id IN"
                    " (SELECT value FROM json_each(?))",
                    (chunk_id, operation_id, _dump(lead_ids)),
                )
                ids.append(chunk_id)
        return ids

    def chunk_sending(self, chunk_id: int) -> None:
        """Committed before the request leaves: a crash from here on leaves ``sending``."""
        with self._tx() as db:
            db.execute(
                "UPDATE chunks SET state=?, sent_at=? WHERE id=?",
                (ChunkState.SENDING, self.clock(), chunk_id),
            )

    def chunk_finished(
        self,
        chunk_id: int,
        state: ChunkState,
        *,
        response: str = "",
        error: str = "",
        outcomes: dict[int, tuple[LeadOutcome, str, dict[str, str] | None]]
        | None = None,
    ) -> None:
        """Record a chunk's answer and, in the same commit, each lead's outcome."""
        with self._tx() as db:
            row = db.execute(
                "SELECT operation_id FROM chunks WHERE id=?", (chunk_id,)
            ).fetchone()
            db.execute(
                "UPDATE chunks SET state=?, finished_at=?, response=?, error=? WHERE id=?",
                (state, self.clock(), response, error, chunk_id),
            )
            # leads with the same outcome, detail and after-image: one statement
            groups: dict[tuple[str, str, str | None], list[int]] = {}
            for lead_id, (outcome, detail, after) in (outcomes or {}).items():
                key = (outcome, detail, None if after is None else _dump(after))
                groups.setdefault(key, []).append(lead_id)
            db.executemany(
                "UPDATE leads SET outcome=?, detail=?, after=? WHERE operation_id=?"
                " AND lead_id IN (SELECT value FROM json_each(?))",
                [(*key, row[0], _dump(ids)) for key, ids in groups.items()],
            )

    def chunks(self, operation_id: int) -> list[ChunkRow]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM chunks WHERE operation_id=? ORDER BY seq",
                (operation_id,),
            ).fetchall()
        return [ChunkRow.from_row(r) for r in rows]

    # --- leads ---------------------------------------------------------------

    def add_leads(
        self,
        operation_id: int,
        leads: Iterable[tuple[int, dict[str, str]]],
        outcome: LeadOutcome = LeadOutcome.PENDING,
    ) -> None:
        """One row per target lead with the change requested for it, in order.

        A batch gives every lead the same change: each run of leads sharing one
        is serialised once and inserted by one statement."""
        runs: list[tuple[str, list[int]]] = []
        last: dict[str, str] | None = None
        for lead_id, change in leads:
            if change is not last:
                last = change
                runs.append((_dump(change), []))
            runs[-1][1].append(lead_id)
        with self._tx() as db:
            for dumped, ids in runs:
                if len(ids) == 1:
                    db.execute(
                        "INSERT INTO leads (operation_id, lead_id, change, outcome)"
                        " VALUES (?,?,?,?)",
                        (operation_id, ids[0], dumped, outcome),
                    )
                else:
                    db.execute(
                        "INSERT INTO leads (operation_id, lead_id, change, outcome)"
                        " SELECT ?, value, ?, ? FROM json_each(?) ORDER BY key",
                        (operation_id, dumped, outcome, _dump(ids)),
                    )

    def set_before(
        self,
        operation_id: int,
        images: Iterable[tuple[int, str, dict[str, str] | None, str]],
    ) -> None:
        """(lead_id, before_state, values, detail) for each lead, one commit."""
        with self._tx() as db:
            db.executemany(
                "UPDATE leads SET before_state=?, before=?, detail=? WHERE operation_id=? AND lead_id=?",
                [
                    (
                        state,
                        None if values is None else _dump(values),
                        detail,
                        operation_id,
                        lead_id,
                    )
                    for lead_id, state, values, detail in images
                ],
            )

    def set_outcomes(
        self,
        operation_id: int,
        outcomes: Iterable[tuple[int, LeadOutcome, str, dict[str, str] | None]],
    ) -> None:
        with self._tx() as db:
            db.executemany(
                "UPDATE leads SET outcome=?, detail=?, after=COALESCE(?, after)"
                " WHERE operation_id=? AND lead_id=?",
                [
                    (
                        outcome,
                        detail,
                        None if after is None else _dump(after),
                        operation_id,
                        lead_id,
                    )
                    for lead_id, outcome, detail, after in outcomes
                ],
            )

    def leads(self, operation_id: int) -> list[LeadRow]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM leads WHERE operation_id=? ORDER BY id", (operation_id,)
            ).fetchall()
        return [LeadRow.from_row(r) for r in rows]

    def last_written(
        self, server: str, lead_id: int, columns: list[str]
    ) -> dict[str, str]:
        """The newest value leadtui wrote to each column of a lead on ``server``."""
        found: dict[str, str] = {}
        with self._lock:
            rows = self._db.execute(
                "SELECT leads.after FROM leads JOIN operations ON operations.id = leads.operation_id"
                " WHERE operations.server=? AND leads.lead_id=? AND leads.after IS NOT NULL"
                " ORDER BY leads.id DESC",
                (server, lead_id),
            ).fetchall()
        for (after,) in rows:
            for column, value in json.loads(after).items():
                if column in columns:
                    found.setdefault(column, value)
            if len(found) == len(columns):
                break
        return found

    def lead_history(self, lead_id: int) -> list[tuple[OperationRow, LeadRow]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM leads WHERE lead_id=? ORDER BY id DESC", (lead_id,)
            ).fetchall()
        return [(self.operation(r["operation_id"]), LeadRow.from_row(r)) for r in rows]


_OPEN = (ChunkState.UNKNOWN, ChunkState.SENDING, ChunkState.SKIPPED, ChunkState.PLANNED)
