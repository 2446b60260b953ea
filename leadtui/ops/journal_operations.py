"""The journal's operations and their runs: created with every lead at once,
locked while a process runs them, marked interrupted when that process is gone."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from leadtui import __version__
from leadtui.ops.journal_chain import seal
from leadtui.ops.journal_errors import OperationBusy
from leadtui.ops.journal_file import JournalFile, _dump
from leadtui.ops.journal_models import (
    ChunkState,
    LeadOutcome,
    LeadPhase,
    OperationRow,
    OperationState,
    RunRow,
)
from leadtui.ops.run_lock import OperationLock, host_name, os_user, process_alive


@dataclass(frozen=True, slots=True)
class NewLead:
    """One target lead as an operation is created."""

    lead_id: int
    grp: int
    change: dict[str, str]
    request: Any = None
    phase: LeadPhase = LeadPhase.PLANNED
    outcome: LeadOutcome = LeadOutcome.PENDING
    before_state: str = "none"
    before: dict[str, str] | None = None
    detail: str = ""


class JournalOperations(JournalFile):
    # --- operations ----------------------------------------------------------

    def create_operation(
        self,
        *,
        kind: str,
        profile: str,
        backend: str,
        server: str,
        api_user: str,
        params: dict[str, Any],
        leads: Iterable[NewLead],
        undo_of: int | None = None,
        resume_of: int | None = None,
    ) -> tuple[int, OperationLock]:
        """Journal the operation and every target lead in one commit, holding the
        operation's lock before the commit makes it visible to other processes."""
        rows = list(leads)
        with self._tx() as db:
            cursor = db.execute(
                "INSERT INTO operations (started_at, profile, backend, server, api_user,"
                " kind, params, state, undo_of, resume_of, pid, host, os_user, version)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    self.clock(),
                    profile,
                    backend,
                    server,
                    api_user,
                    kind,
                    _dump(params),
                    OperationState.RUNNING,
                    undo_of,
                    resume_of,
                    os.getpid(),
                    host_name(),
                    os_user(),
                    __version__,
                ),
            )
            operation_id = int(cursor.lastrowid or 0)
            lock = self.locks.acquire(operation_id)
            if (
                lock is None
            ):  # a stale lock file of a rolled-back id: impossible to hold
                raise OperationBusy(operation_id)
            try:
                self._insert_leads(db, operation_id, rows)
                seal(db, operation_id, self.clock(), new=True)
            except BaseException:
                lock.release()
                raise
        self._sealed()
        return operation_id, lock

    @staticmethod
    def _insert_leads(
        db: sqlite3.Connection, operation_id: int, rows: list[NewLead]
    ) -> None:
        # leads sharing everything but their ID (a batch): one statement per run
        runs: list[tuple[NewLead, list[int]]] = []
        for row in rows:
            if runs:
                last = runs[-1][0]
                if (
                    row.request is None
                    and last.request is None
                    and row.before is None
                    and last.before is None
                    and row.grp == last.grp
                    and row.phase == last.phase
                    and row.outcome == last.outcome
                    and row.detail == last.detail
                    and row.before_state == last.before_state
                    and (row.change is last.change or row.change == last.change)
                ):
                    runs[-1][1].append(row.lead_id)
                    continue
            runs.append((row, [row.lead_id]))
        columns = (
            "operation_id, change, outcome, phase, grp, request, before_state,"
            " before, detail, lead_id"
        )
        singles: list[tuple[Any, ...]] = []  # rows of their own (each its image)
        changes: dict[int, str] = {}  # a batch's leads share one change: dumped once
        for first, ids in runs:
            change = changes.get(id(first.change))
            if change is None:
                change = changes[id(first.change)] = _dump(first.change)
            common = (
                operation_id,
                change,
                first.outcome.value,
                first.phase.value,
                first.grp,
                None if first.request is None else _dump(first.request),
                first.before_state,
                None if first.before is None else _dump(first.before),
                first.detail,
            )
            if len(ids) == 1:
                singles.append((*common, ids[0]))
                continue
            _insert_singles(db, columns, singles)  # in order: ids follow the rows
            db.execute(
                f"INSERT INTO leads ({columns}) SELECT ?,?,?,?,?,?,?,?,?, value"
                " FROM json_each(?) ORDER BY key",
                (*common, _dump(ids)),
            )
        _insert_singles(db, columns, singles)

    def operation(self, operation_id: int) -> OperationRow:
        rows = self._read("SELECT * FROM operations WHERE id=?", (operation_id,))
        if not rows:
            raise KeyError(f"no operation {operation_id} in the journal")
        return OperationRow.from_row(rows[0])

    def has_operation(self, operation_id: int) -> bool:
        return bool(self._read("SELECT 1 FROM operations WHERE id=?", (operation_id,)))

    def operations(self, limit: int = 200) -> list[OperationRow]:
        rows = self._read("SELECT * FROM operations ORDER BY id DESC LIMIT ?", (limit,))
        return [OperationRow.from_row(r) for r in rows]

    def lock_operation(self, operation_id: int) -> OperationLock:
        """The operation's lock, or OperationBusy naming who holds it."""
        lock = self.locks.acquire(operation_id)
        if lock is None:
            raise OperationBusy(operation_id, self._holder(operation_id))
        return lock

    def running_elsewhere(self, operation_id: int) -> bool:
        return self.locks.held_elsewhere(operation_id)

    def _holder(self, operation_id: int) -> str:
        runs = self.runs(operation_id)
        if not runs:
            return ""
        last = runs[-1]
        return f"pid {last.pid} on {last.host}, since {last.started_at}"

    def begin_run(self, operation_id: int, kind: str) -> int:
        with self._tx() as db:
            cursor = db.execute(
                "INSERT INTO runs (operation_id, kind, started_at, pid, host, state)"
                " VALUES (?,?,?,?,?,?)",
                (
                    operation_id,
                    kind,
                    self.clock(),
                    os.getpid(),
                    host_name(),
                    OperationState.RUNNING,
                ),
            )
            db.execute(
                "UPDATE operations SET state=?, pid=?, host=?, finished_at=NULL"
                " WHERE id=?",
                (OperationState.RUNNING, os.getpid(), host_name(), operation_id),
            )
            seal(db, operation_id, self.clock())
            run_id = int(cursor.lastrowid or 0)
        self._sealed()
        return run_id

    def finish_run(
        self,
        operation_id: int,
        run_id: int,
        state: OperationState,
        *,
        run_summary: dict[str, Any],
        summary: dict[str, Any],
    ) -> None:
        with self._tx() as db:
            stamp = self.clock()
            db.execute(
                "UPDATE runs SET state=?, summary=?, finished_at=? WHERE id=?",
                (state, _dump(run_summary), stamp, run_id),
            )
            db.execute(
                "UPDATE operations SET state=?, summary=?, finished_at=? WHERE id=?",
                (state, _dump(summary), stamp, operation_id),
            )
            seal(db, operation_id, stamp)
        self._sealed()

    def runs(self, operation_id: int) -> list[RunRow]:
        rows = self._read(
            "SELECT * FROM runs WHERE operation_id=? ORDER BY id", (operation_id,)
        )
        return [RunRow.from_row(r) for r in rows]

    def mark_interrupted(self) -> list[OperationRow]:
        """Operations left ``running`` by a process that is gone: now ``interrupted``,
        their in-flight requests ``unknown`` and what was queued ``held``."""
        stale = []
        for row in self._read(
            "SELECT id, pid, host, params FROM operations WHERE state=?",
            (OperationState.RUNNING,),
        ):
            if self.running_elsewhere(row["id"]):
                continue
            if (
                "groups" not in json.loads(row["params"])
                and row["host"] in ("", host_name())
                and process_alive(row["pid"])
                and row["pid"] != os.getpid()
            ):
                continue  # written before operation locks, by a process still alive
            stale.append(int(row["id"]))
        for operation_id in stale:
            with self._tx() as db:
                self._interrupt(
                    db,
                    operation_id,
                    "the process stopped while this request was on the wire",
                )
        if stale:
            self._sealed()
        return [self.operation(i) for i in stale]

    def interrupt(self, operation_id: int, run_id: int, reason: str) -> None:
        """This process's run stopped on an error: leave the operation resumable."""
        with self._tx() as db:
            db.execute(
                "UPDATE runs SET summary=? WHERE id=?",
                (_dump({"stopped": reason}), run_id),
            )
            self._interrupt(
                db, operation_id, f"the run {reason} while this request was on the wire"
            )
        self._sealed()

    def _interrupt(self, db: sqlite3.Connection, operation_id: int, lost: str) -> None:
        db.execute(
            "UPDATE chunks SET state=? WHERE operation_id=? AND state=?",
            (ChunkState.UNKNOWN, operation_id, ChunkState.SENDING),
        )
        db.execute(
            "UPDATE chunks SET state=? WHERE operation_id=? AND state=?",
            (ChunkState.SKIPPED, operation_id, ChunkState.PLANNED),
        )
        db.execute(
            "UPDATE leads SET phase=?, outcome=?, detail=? WHERE operation_id=?"
            " AND phase=?",
            (
                LeadPhase.UNKNOWN,
                LeadOutcome.UNKNOWN,
                lost,
                operation_id,
                LeadPhase.SENDING,
            ),
        )
        db.execute(
            "UPDATE leads SET phase=?, outcome=?, detail=? WHERE operation_id=?"
            " AND phase IN (?,?)",
            (
                LeadPhase.HELD,
                LeadOutcome.SKIPPED,
                "not sent: the run stopped first",
                operation_id,
                LeadPhase.READY,
                LeadPhase.QUEUED,
            ),
        )
        stamp = self.clock()
        db.execute(
            "UPDATE runs SET state=?, finished_at=? WHERE operation_id=? AND state=?",
            (OperationState.INTERRUPTED, stamp, operation_id, OperationState.RUNNING),
        )
        db.execute(
            "UPDATE operations SET state=?, finished_at=? WHERE id=?",
            (OperationState.INTERRUPTED, stamp, operation_id),
        )
        seal(db, operation_id, stamp)

    def open_operations(self) -> list[int]:
        """Operations with leads a resume would work on (newest first)."""
        rows = self._read(
            "SELECT DISTINCT operation_id FROM leads WHERE phase != ?"
            " ORDER BY operation_id DESC",
            (LeadPhase.SETTLED,),
        )
        return [int(r[0]) for r in rows]

    def resumable(self) -> list[OperationRow]:
        """Operations not running anywhere that still have leads to read, check or send."""
        found = []
        for operation_id in self.open_operations():
            op = self.operation(operation_id)
            if op.state is OperationState.RUNNING or op.engine_version < 2:
                continue
            if op.adopted:
                continue  # another operator's, copied for an undo: theirs to resume
            found.append(op)
        return found

    def unfinished(self) -> list[OperationRow]:
        return self.resumable()

    def phase_counts(self, operation_id: int) -> dict[LeadPhase, int]:
        rows = self._read(
            "SELECT phase, count(*) FROM leads WHERE operation_id=? GROUP BY phase",
            (operation_id,),
        )
        return {LeadPhase(r[0]): int(r[1]) for r in rows}

    def outcome_counts(self, operation_id: int) -> dict[str, int]:
        rows = self._read(
            "SELECT outcome, count(*) FROM leads WHERE operation_id=? GROUP BY outcome",
            (operation_id,),
        )
        return {str(r[0]): int(r[1]) for r in rows}


def _insert_singles(
    db: sqlite3.Connection, columns: str, singles: list[tuple[Any, ...]]
) -> None:
    """Lead rows gathered one by one, in one statement run over them all; cleared."""
    if singles:
        db.executemany(
            f"INSERT INTO leads ({columns}) VALUES (?,?,?,?,?,?,?,?,?,?)", singles
        )
        singles.clear()
