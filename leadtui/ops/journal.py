"""The session journal: every operation and every lead it touched, in SQLite (WAL).

VICIdial keeps no per-lead log of API writes. The journal is leadtui's: each
lead's phase (planned, read, queued, sending, settled…) is committed before the
step that depends on it, with ``synchronous=FULL``, so a crash, a ``kill -9``
or a power cut leaves a record that says, lead by lead, what may have been
applied and what a resume still has to do.

The file and its ``-wal``/``-shm`` companions are created ``0600``: they hold
names, phone numbers and e-mail addresses. Nothing secret is stored: requests
are recorded without credentials, and response text arrives here already
redacted by the API clients.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from leadtui.ops import journal_chain as chain
from leadtui.ops.journal_file import _dump, now
from leadtui.ops.journal_models import (
    ChunkRow,
    ChunkState,
    LeadOutcome,
    LeadPhase,
    LeadRow,
    OperationRow,
)
from leadtui.ops.journal_operations import JournalOperations, NewLead


@dataclass(frozen=True, slots=True)
class LeadStep:
    """A lead moved to ``phase`` with ``outcome``; ``after``/``before`` only if given."""

    lead_id: int
    phase: LeadPhase
    outcome: LeadOutcome
    detail: str = ""
    after: dict[str, str] | None = None


@dataclass(frozen=True, slots=True)
class ImageStep:
    """A lead's before-image as read, and where that leaves the lead."""

    lead_id: int
    state: str
    values: dict[str, str] | None
    detail: str
    phase: LeadPhase
    outcome: LeadOutcome


class Journal(JournalOperations):
    """Thread-safe access to the journal database; every write is its own commit."""

    # --- leads ---------------------------------------------------------------

    def leads(self, operation_id: int) -> list[LeadRow]:
        rows = self._read(
            "SELECT * FROM leads WHERE operation_id=? ORDER BY id", (operation_id,)
        )
        return LeadRow.from_rows(rows)

    def leads_in(self, operation_id: int, phases: Iterable[LeadPhase]) -> list[LeadRow]:
        wanted = [p.value for p in phases]
        marks = ",".join("?" for _ in wanted)
        rows = self._read(
            f"SELECT * FROM leads WHERE operation_id=? AND phase IN ({marks})"
            " ORDER BY id",
            (operation_id, *wanted),
        )
        return LeadRow.from_rows(rows)

    def verdicts(self, operation_id: int) -> dict[int, tuple[LeadOutcome, str]]:
        rows = self._read(
            "SELECT lead_id, outcome, detail FROM leads WHERE operation_id=? ORDER BY id",
            (operation_id,),
        )
        return {int(r[0]): (LeadOutcome(r[1]), str(r[2])) for r in rows}

    def record_images(self, operation_id: int, images: Iterable[ImageStep]) -> None:
        """Before-images read, and each lead's resulting phase, in one commit."""
        with self._tx() as db:
            db.executemany(
                "UPDATE leads SET before_state=?, before=?, detail=?, phase=?, outcome=?"
                " WHERE operation_id=? AND lead_id=?",
                [
                    (
                        step.state,
                        None if step.values is None else _dump(step.values),
                        step.detail,
                        step.phase,
                        step.outcome,
                        operation_id,
                        step.lead_id,
                    )
                    for step in images
                ],
            )

    def step_leads(self, operation_id: int, steps: Iterable[LeadStep]) -> None:
        """Move leads on; leads sharing a step are written by one statement."""
        with self._tx() as db:
            self._step(db, operation_id, steps)

    @staticmethod
    def _step(
        db: sqlite3.Connection, operation_id: int, steps: Iterable[LeadStep]
    ) -> None:
        groups: dict[tuple[str, str, str, str | None], list[int]] = {}
        for step in steps:
            key = (
                step.phase.value,
                step.outcome.value,
                step.detail,
                None if step.after is None else _dump(step.after),
            )
            groups.setdefault(key, []).append(step.lead_id)
        db.executemany(
            "UPDATE leads SET phase=?, outcome=?, detail=?, after=COALESCE(?, after)"
            " WHERE operation_id=? AND lead_id IN (SELECT value FROM json_each(?))",
            [(*key, operation_id, _dump(ids)) for key, ids in groups.items()],
        )

    def hold_open(
        self,
        operation_id: int,
        phases: Iterable[LeadPhase],
        *,
        outcome: LeadOutcome,
        detail: str,
    ) -> int:
        """Every lead in ``phases`` → held with ``outcome``; planned chunks → skipped."""
        wanted = [p.value for p in phases]
        marks = ",".join("?" for _ in wanted)
        with self._tx() as db:
            db.execute(
                "UPDATE chunks SET state=? WHERE operation_id=? AND state=?",
                (ChunkState.SKIPPED, operation_id, ChunkState.PLANNED),
            )
            cursor = db.execute(
                f"UPDATE leads SET phase=?, outcome=?, detail=? WHERE operation_id=?"
                f" AND phase IN ({marks})",
                (LeadPhase.HELD, outcome, detail, operation_id, *wanted),
            )
            return int(cursor.rowcount)

    def replan_held(self, operation_id: int) -> int:
        """A resume starts: held leads go out again. Those whose before-image was
        read are ready; the others (never read, or unreadable) are read first."""
        with self._tx() as db:
            ready = db.execute(
                "UPDATE leads SET phase=?, outcome=?, detail=? WHERE operation_id=? AND"
                " phase=? AND before_state IN ('full', 'partial')",
                (
                    LeadPhase.READY,
                    LeadOutcome.PENDING,
                    "",
                    operation_id,
                    LeadPhase.HELD,
                ),
            ).rowcount
            planned = db.execute(
                "UPDATE leads SET phase=?, outcome=?, detail=? WHERE operation_id=? AND"
                " phase=?",
                (
                    LeadPhase.PLANNED,
                    LeadOutcome.PENDING,
                    "",
                    operation_id,
                    LeadPhase.HELD,
                ),
            ).rowcount
            return int(ready) + int(planned)

    # --- chunks --------------------------------------------------------------

    def queue_chunks(
        self,
        operation_id: int,
        run_id: int,
        chunks: Sequence[tuple[int, int, str, list[tuple[str, str]], list[int]]],
    ) -> list[int]:
        """Every (seq, group, function, request, lead_ids) of a send phase, one commit;
        their leads → queued. Returns the chunk ids."""
        ids = []
        with self._tx() as db:
            for seq, grp, function, request, lead_ids in chunks:
                cursor = db.execute(
                    "INSERT INTO chunks (operation_id, seq, grp, run_id, function,"
                    " request, lead_ids, state) VALUES (?,?,?,?,?,?,?,?)",
                    (
                        operation_id,
                        seq,
                        grp,
                        run_id,
                        function,
                        _dump(request),
                        _dump(lead_ids),
                        ChunkState.PLANNED,
                    ),
                )
                chunk_id = int(cursor.lastrowid or 0)
                db.execute(
                    "UPDATE leads SET chunk_id=?, phase=? WHERE operation_id=? AND"
                    " lead_id IN (SELECT value FROM json_each(?))",
                    (chunk_id, LeadPhase.QUEUED, operation_id, _dump(lead_ids)),
                )
                ids.append(chunk_id)
        return ids

    def chunk_sending(self, chunk_id: int) -> None:
        """Committed (synchronous=FULL) before the request leaves: a crash from here
        on leaves its leads ``sending``, which the next start turns ``unknown``."""
        with self._tx() as db:
            row = db.execute(
                "SELECT operation_id, lead_ids FROM chunks WHERE id=?", (chunk_id,)
            ).fetchone()
            db.execute(
                "UPDATE chunks SET state=?, sent_at=? WHERE id=?",
                (ChunkState.SENDING, self.clock(), chunk_id),
            )
            db.execute(
                "UPDATE leads SET phase=? WHERE operation_id=? AND lead_id IN"
                " (SELECT value FROM json_each(?))",
                (LeadPhase.SENDING, row["operation_id"], row["lead_ids"]),
            )

    def chunk_finished(
        self,
        chunk_id: int,
        state: ChunkState,
        *,
        response: str = "",
        error: str = "",
        steps: Iterable[LeadStep] = (),
    ) -> None:
        """Record a chunk's answer and, in the same commit, where it left each lead."""
        with self._tx() as db:
            row = db.execute(
                "SELECT operation_id FROM chunks WHERE id=?", (chunk_id,)
            ).fetchone()
            db.execute(
                "UPDATE chunks SET state=?, finished_at=?, response=?, error=? WHERE id=?",
                (state, self.clock(), response, error, chunk_id),
            )
            self._step(db, int(row["operation_id"]), steps)

    def chunks(self, operation_id: int) -> list[ChunkRow]:
        rows = self._read(
            "SELECT * FROM chunks WHERE operation_id=? ORDER BY id", (operation_id,)
        )
        return [ChunkRow.from_row(r) for r in rows]

    # --- history -------------------------------------------------------------

    def last_written(
        self, server: str, lead_id: int, columns: list[str]
    ) -> dict[str, str]:
        """The newest value leadtui wrote to each column of a lead on ``server``."""
        found: dict[str, str] = {}
        rows = self._read(
            "SELECT leads.after FROM leads JOIN operations ON operations.id ="
            " leads.operation_id WHERE operations.server=? AND leads.lead_id=? AND"
            " leads.after IS NOT NULL ORDER BY leads.id DESC",
            (server, lead_id),
        )
        for (after,) in rows:
            for column, value in json.loads(after).items():
                if column in columns:
                    found.setdefault(column, value)
            if len(found) == len(columns):
                break
        return found

    # --- another operator's operation, for a supervisor's undo --------------------

    def adopt_operation(
        self, op: OperationRow, leads: list[LeadRow], origin: dict[str, Any]
    ) -> int:
        """Copy another journal's finished operation in (a supervisor's undo of a
        colleague's work starts from it); its params keep ``team_origin``. The
        same origin adopted again is the same local operation."""
        for known in self._read(
            "SELECT id FROM operations WHERE json_extract(params, '$.team_origin')"
            " = json(?)",
            (_dump(origin),),
        ):
            return int(known[0])
        with self._tx() as db:
            cursor = db.execute(
                "INSERT INTO operations (started_at, finished_at, profile, backend,"
                " server, api_user, kind, params, state, summary, pid, host, os_user,"
                " version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    op.started_at,
                    op.finished_at,
                    op.profile,
                    op.backend,
                    op.server,
                    op.api_user,
                    op.kind,
                    _dump({**op.params, "team_origin": origin}),
                    op.state,
                    _dump(op.summary),
                    op.pid,
                    op.host,
                    op.os_user,
                    op.version,
                ),
            )
            operation_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO leads (operation_id, lead_id, before, before_state,"
                " change, outcome, after, detail, phase, grp, request)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        operation_id,
                        row.lead_id,
                        None if row.before is None else _dump(row.before),
                        row.before_state,
                        _dump(row.change),
                        row.outcome,
                        None if row.after is None else _dump(row.after),
                        row.detail,
                        row.phase,
                        row.grp,
                        None if row.request is None else _dump(row.request),
                    )
                    for row in leads
                ],
            )
            chain.seal(db, operation_id, self.clock(), new=True)
        self._sealed()
        return operation_id

    # --- the chain (journal_chain) -----------------------------------------------

    @property
    def journal_id(self) -> str:
        """This journal's id (made on first use, then kept: it never changes)."""
        known: str | None = getattr(self, "_journal_id", None)
        if known is None:
            with self._tx() as db:
                known = chain.journal_id(db)
            self._journal_id = known
        return known

    def entries(self, after: int = 0, limit: int = -1) -> list[chain.Entry]:
        with self._lock:
            return chain.entries(self._db, after, limit)

    def verify_chain(self) -> tuple[chain.ChainProblem | None, int]:
        """The first entry or row that does not hold (None: all do), entries read."""
        with self._lock:
            return chain.verify(self._db)

    def lead_history(self, lead_id: int) -> list[tuple[OperationRow, LeadRow]]:
        rows = self._read(
            "SELECT * FROM leads WHERE lead_id=? ORDER BY id DESC", (lead_id,)
        )
        return [(self.operation(r["operation_id"]), LeadRow.from_row(r)) for r in rows]


__all__ = ["ImageStep", "Journal", "LeadStep", "NewLead", "now"]
