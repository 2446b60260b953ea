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
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leadtui.ops.journal_errors import (
    JournalDamaged,
    JournalError,
    OperationBusy,
    explain_open_failure,
    explain_write_failure,
    move_aside,
)
from leadtui.ops.journal_models import (
    ChunkRow,
    ChunkState,
    LeadOutcome,
    LeadPhase,
    LeadRow,
    OperationRow,
    OperationState,
    RunRow,
)
from leadtui.ops.journal_schema import SchemaTooNew, prepare
from leadtui.ops.run_lock import LockDirectory, OperationLock, host_name, process_alive


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


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


class Journal:
    """Thread-safe access to the journal database; every write is its own commit."""

    def __init__(self, path: Path | str, *, clock: Callable[[], str] = now) -> None:
        self.memory = str(path) == ":memory:"
        self.path = Path(path)
        self.clock = clock
        self._lock = threading.RLock()
        self._db = self._open()
        self.locks = LockDirectory(None if self.memory else self.path)

    # --- opening -------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        path = self.path
        if not self.memory:
            try:
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                if path.is_dir():
                    raise IsADirectoryError(21, "Is a directory", str(path))
                # created 0600 before SQLite touches it: the -wal and -shm files
                # SQLite creates take the database file's permissions
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                os.close(fd)
                for companion in (path, *self._companions()):
                    if companion.exists() and os.name == "posix":
                        os.chmod(companion, 0o600)
            except OSError as error:
                raise explain_open_failure(path, error) from None
        try:
            db = sqlite3.connect(
                str(path), check_same_thread=False, isolation_level=None
            )
        except sqlite3.Error as error:
            raise explain_open_failure(path, error) from None
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA busy_timeout=5000")
            db.execute("PRAGMA journal_mode=WAL")
            # FULL: the commit that precedes a request must survive a power cut
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            if not self.memory:
                check = db.execute("PRAGMA quick_check").fetchone()
                if not check or check[0] != "ok":
                    raise JournalDamaged(
                        path,
                        f"is damaged ({check[0] if check else 'no answer'}); leadtui "
                        "will not write into it",
                        move_aside(path),
                    )
            prepare(db)
        except SchemaTooNew as error:
            db.close()
            raise JournalError(
                path,
                str(error),
                "Use that leadtui, or set LEADTUI_JOURNAL to start another journal",
            ) from None
        except JournalError:
            db.close()
            raise
        except sqlite3.Error as error:
            db.close()
            raise explain_open_failure(path, error) from None
        if not self.memory and os.name == "posix":
            for companion in self._companions():
                if companion.exists():
                    os.chmod(companion, 0o600)
        return db

    def _companions(self) -> list[Path]:
        return [self.path.with_name(self.path.name + s) for s in ("-wal", "-shm")]

    def close(self) -> None:
        with self._lock:
            self._db.close()
        self.locks.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise explain_write_failure(self.path, error) from None
            try:
                yield self._db
            except BaseException as error:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise explain_write_failure(self.path, error) from None
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise explain_write_failure(self.path, error) from None

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error as error:
                raise explain_write_failure(self.path, error) from None

    def integrity_ok(self) -> bool:
        rows = self._read("PRAGMA integrity_check")
        return bool(rows and rows[0][0] == "ok")

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
                " kind, params, state, undo_of, resume_of, pid, host)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
            except BaseException:
                lock.release()
                raise
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
        for first, ids in runs:
            common = (
                operation_id,
                _dump(first.change),
                first.outcome.value,
                first.phase.value,
                first.grp,
                None if first.request is None else _dump(first.request),
                first.before_state,
                None if first.before is None else _dump(first.before),
                first.detail,
            )
            columns = (
                "operation_id, change, outcome, phase, grp, request, before_state,"
                " before, detail, lead_id"
            )
            if len(ids) == 1:
                db.execute(
                    f"INSERT INTO leads ({columns}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (*common, ids[0]),
                )
            else:
                db.execute(
                    f"INSERT INTO leads ({columns}) SELECT ?,?,?,?,?,?,?,?,?, value"
                    " FROM json_each(?) ORDER BY key",
                    (*common, _dump(ids)),
                )

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
            return int(cursor.lastrowid or 0)

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
        return [self.operation(i) for i in stale]

    def interrupt(self, operation_id: int, run_id: int, reason: str) -> None:
        """This process's run stopped on an error: leave the operation resumable."""
        with self._tx() as db:
            self._interrupt(
                db, operation_id, f"the run {reason} while this request was on the wire"
            )
            db.execute(
                "UPDATE runs SET summary=? WHERE id=?",
                (_dump({"stopped": reason}), run_id),
            )

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

    # --- leads ---------------------------------------------------------------

    def leads(self, operation_id: int) -> list[LeadRow]:
        rows = self._read(
            "SELECT * FROM leads WHERE operation_id=? ORDER BY id", (operation_id,)
        )
        return [LeadRow.from_row(r) for r in rows]

    def leads_in(self, operation_id: int, phases: Iterable[LeadPhase]) -> list[LeadRow]:
        wanted = [p.value for p in phases]
        marks = ",".join("?" for _ in wanted)
        rows = self._read(
            f"SELECT * FROM leads WHERE operation_id=? AND phase IN ({marks})"
            " ORDER BY id",
            (operation_id, *wanted),
        )
        return [LeadRow.from_row(r) for r in rows]

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

    def lead_history(self, lead_id: int) -> list[tuple[OperationRow, LeadRow]]:
        rows = self._read(
            "SELECT * FROM leads WHERE lead_id=? ORDER BY id DESC", (lead_id,)
        )
        return [(self.operation(r["operation_id"]), LeadRow.from_row(r)) for r in rows]


__all__ = [
    "ImageStep",
    "Journal",
    "JournalError",
    "LeadStep",
    "NewLead",
    "OperationBusy",
]
