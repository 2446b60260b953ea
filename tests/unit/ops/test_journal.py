"""The journal: phases before sends, crash leftovers, hygiene, damage, migration."""

from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtui.ops.export import export_csv, export_jsonl
from leadtui.ops.journal import ImageStep, Journal, LeadStep, NewLead
from leadtui.ops.journal_errors import JournalDamaged, JournalError, OperationBusy
from leadtui.ops.journal_models import (
    ChunkState,
    LeadOutcome,
    LeadPhase,
    OperationState,
)
from leadtui.ops.journal_schema import SCHEMA_VERSION
from tests.journal_fixtures import created_operation


def _create(journal: Journal, ids: list[int], **params: object) -> int:
    return created_operation(
        journal,
        [NewLead(i, 0, {"status": "DNC"}) for i in ids],
        params={"groups": [{"function": "batch_update_lead"}], **params},
    )


def test_a_lead_moves_through_its_phases_and_the_outcome_lands_with_the_answer(
    tmp_path: Path,
) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    op = _create(journal, [1, 2])
    assert journal.phase_counts(op) == {LeadPhase.PLANNED: 2}
    journal.record_images(
        op,
        [
            ImageStep(
                1, "full", {"status": "NEW"}, "", LeadPhase.READY, LeadOutcome.PENDING
            ),
            ImageStep(
                2,
                "missing",
                None,
                "no such lead",
                LeadPhase.SETTLED,
                LeadOutcome.NOT_FOUND,
            ),
        ],
    )
    run = journal.begin_run(op, "start")
    [chunk] = journal.queue_chunks(op, run, [(0, 0, "batch_update_lead", [], [1])])
    assert journal.phase_counts(op)[LeadPhase.QUEUED] == 1
    journal.chunk_sending(chunk)
    assert journal.phase_counts(op)[LeadPhase.SENDING] == 1
    journal.chunk_finished(
        chunk,
        ChunkState.DONE,
        response="SUCCESS: ...",
        steps=[
            LeadStep(
                1, LeadPhase.SETTLED, LeadOutcome.UPDATED, "changed", {"status": "DNC"}
            )
        ],
    )
    journal.finish_run(op, run, OperationState.PARTIAL, run_summary={}, summary={})
    rows = {r.lead_id: r for r in journal.leads(op)}
    assert rows[1].before == {"status": "NEW"} and rows[1].after == {"status": "DNC"}
    assert rows[2].outcome is LeadOutcome.NOT_FOUND
    assert journal.phase_counts(op) == {LeadPhase.SETTLED: 2}
    assert journal.operation(op).state is OperationState.PARTIAL
    assert journal.integrity_ok()


def test_journal_wal_and_shm_are_private_from_creation(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    old = os.umask(0o022)
    try:
        journal = Journal(path)
        _create(journal, [1])
    finally:
        os.umask(old)
    for name in ("j.sqlite3", "j.sqlite3-wal", "j.sqlite3-shm"):
        mode = stat.S_IMODE(os.stat(tmp_path / name).st_mode)
        assert mode & 0o077 == 0, (name, oct(mode))


def test_commits_are_synchronous_full(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    assert journal._read("PRAGMA synchronous")[0][0] == 2  # FULL


def test_a_dead_process_leaves_sending_leads_unknown_and_queued_ones_held(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    script = f"""
import os
from leadtui.ops.journal import Journal, NewLead
j = Journal({str(path)!r})
op, lock = j.create_operation(kind="batch", profile="p", backend="vicidial",
    server="s", api_user="u", params={{"groups": []}},
    leads=[NewLead(1, 0, {{}}), NewLead(2, 0, {{}}), NewLead(3, 0, {{}})])
run = j.begin_run(op, "start")
a, b = j.queue_chunks(op, run, [(0, 0, "f", [], [1]), (1, 0, "f", [], [2])])
j.chunk_sending(a)
os._exit(0)  # no finish, no close: like kill -9 after the request left
"""
    subprocess.run([sys.executable, "-c", script], check=True)
    journal = Journal(path)
    assert journal.integrity_ok()
    [stale] = journal.mark_interrupted()
    assert stale.state is OperationState.INTERRUPTED
    phases = {r.lead_id: (r.phase, r.outcome) for r in journal.leads(stale.id)}
    assert phases == {
        1: (LeadPhase.UNKNOWN, LeadOutcome.UNKNOWN),
        2: (LeadPhase.HELD, LeadOutcome.SKIPPED),
        3: (LeadPhase.PLANNED, LeadOutcome.PENDING),
    }
    assert [c.state for c in journal.chunks(stale.id)] == [
        ChunkState.UNKNOWN,
        ChunkState.SKIPPED,
    ]
    assert [op.id for op in journal.resumable()] == [stale.id]


def test_an_operation_another_process_runs_is_not_interrupted_nor_lockable(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    first = Journal(path)
    op, lock = first.create_operation(
        kind="batch",
        profile="p",
        backend="vicidial",
        server="s",
        api_user="u",
        params={"groups": []},
        leads=[NewLead(1, 0, {})],
    )
    second = Journal(path)  # another process, as far as flock is concerned
    assert second.mark_interrupted() == []
    assert second.running_elsewhere(op)
    with pytest.raises(OperationBusy):
        second.lock_operation(op)
    lock.release()  # the first process died
    assert [o.id for o in second.mark_interrupted()] == [op]
    second.lock_operation(op).release()


def test_a_reused_pid_does_not_keep_an_operation_running(tmp_path: Path) -> None:
    """Liveness is the lock, not the PID: an operation journaled with this very PID
    (a container restarted, the PID reused) but no lock held is interrupted."""
    journal = Journal(tmp_path / "j.sqlite3")
    op = _create(journal, [1])
    assert journal.operation(op).pid == os.getpid()
    assert [o.id for o in journal.mark_interrupted()] == [op]


def test_export_csv_and_jsonl(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    op = _create(journal, [1, 2])
    out = io.StringIO()
    assert export_jsonl(journal, [op], out) == 2
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["change"] == {"status": "DNC"} and first["kind"] == "batch"
    out = io.StringIO()
    assert export_csv(journal, [op], out) == 2
    header, first = out.getvalue().splitlines()[:2]
    assert header.startswith("operation_id,kind")
    assert "before.status,change.status,after.status" in header  # no JSON in a cell
    assert "{" not in first and ",DNC," in first
    started = first.split(",")[2]
    assert "T" in started and ("+" in started or "-" in started[10:])  # ISO 8601


def test_leads_keep_their_order_and_their_own_change(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    shared = {"status": "DNC"}
    leads = [(7, shared), (3, shared), (9, {"status": "A"}), (1, shared), (5, shared)]
    op = created_operation(
        journal, [NewLead(i, 0, c) for i, c in leads], kind="csv", params={}
    )
    assert [(r.lead_id, r.change) for r in journal.leads(op)] == leads


_SHARED = {"status": "DNC"}
_NEW_LEADS = st.builds(
    NewLead,
    lead_id=st.integers(1, 10**6),
    grp=st.integers(0, 1),
    change=st.sampled_from([_SHARED, _SHARED, {"status": "A"}, {"email": "x@y"}]),
    phase=st.sampled_from([LeadPhase.PLANNED, LeadPhase.READY]),
    before_state=st.sampled_from(["none", "full"]),
    before=st.one_of(
        st.none(), st.fixed_dictionaries({"status": st.sampled_from(["NEW", "A"])})
    ),
)


@settings(max_examples=200, deadline=None)
@given(leads=st.lists(_NEW_LEADS, max_size=30, unique_by=lambda n: n.lead_id))
def test_every_lead_is_journaled_in_order_with_what_it_holds(
    tmp_path_factory: pytest.TempPathFactory, leads: list[NewLead]
) -> None:
    """Runs of leads sharing everything are one statement, leads with their own
    image another: however they interleave, the rows come back in the order given,
    each with its own fields."""
    journal = Journal(tmp_path_factory.mktemp("order") / "j.sqlite3")
    op = created_operation(journal, leads)
    rows = journal.leads(op)
    journal.close()
    assert [
        (r.lead_id, r.grp, r.change, r.phase, r.before_state, r.before) for r in rows
    ] == [
        (n.lead_id, n.grp, n.change, n.phase, n.before_state, n.before) for n in leads
    ]


# --- hygiene: what the journal refuses, in words ------------------------------------


def test_a_directory_path_is_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="is a directory"):
        Journal(tmp_path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    path.write_bytes(b"this is not SQLite at all\n" * 100)
    with pytest.raises(JournalDamaged, match="mv "):
        Journal(path)
    assert path.read_bytes().startswith(b"this is not SQLite")  # nothing written


def test_a_journal_damaged_mid_file_is_never_written_into(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)
    for n in range(40):
        _create(journal, list(range(n * 50, n * 50 + 50)))
    journal._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    journal.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    for number in range(2, 6):  # b-tree page headers in the middle of the file
        data[number * page : number * page + 12] = b"\x0d\xff" * 6
    path.write_bytes(bytes(data))
    with pytest.raises(JournalDamaged, match="Move it aside"):
        Journal(path)
    assert path.read_bytes() == bytes(data)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EACCES, "permission denied or read-only"),
        (errno.EROFS, "permission denied or read-only"),
        (errno.ENOSPC, "disk is full"),
    ],
)
def test_a_file_system_that_refuses_the_journal_is_named_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    """What the OS answers for a read-only directory or file system, or a full disk
    (simulated: this test may run as root, who writes into any directory)."""

    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("leadtui.ops.journal_file.os.open", refuse)
    with pytest.raises(JournalError, match=words):
        Journal(tmp_path / "j.sqlite3")


def test_a_path_under_a_file_is_refused_in_words(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(JournalError):
        Journal(tmp_path / "file" / "j.sqlite3")


def test_a_journal_from_a_newer_leadtui_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    Journal(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(JournalError, match="newer leadtui"):
        Journal(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


V1_SCHEMA = """
CREATE TABLE operations (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL,
  finished_at TEXT, profile TEXT NOT NULL, server TEXT NOT NULL,
  api_user TEXT NOT NULL, kind TEXT NOT NULL, params TEXT NOT NULL,
  state TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '{}',
  undo_of INTEGER REFERENCES operations(id),
  resume_of INTEGER REFERENCES operations(id), pid INTEGER NOT NULL);
CREATE TABLE chunks (id INTEGER PRIMARY KEY, operation_id INTEGER NOT NULL
  REFERENCES operations(id), seq INTEGER NOT NULL, function TEXT NOT NULL,
  request TEXT NOT NULL, lead_ids TEXT NOT NULL, state TEXT NOT NULL,
  sent_at TEXT, finished_at TEXT, response TEXT, error TEXT);
CREATE TABLE leads (id INTEGER PRIMARY KEY, operation_id INTEGER NOT NULL
  REFERENCES operations(id), chunk_id INTEGER REFERENCES chunks(id),
  lead_id INTEGER NOT NULL, before TEXT, before_state TEXT NOT NULL DEFAULT 'none',
  change TEXT NOT NULL DEFAULT '{}', outcome TEXT NOT NULL, after TEXT,
  detail TEXT NOT NULL DEFAULT '');
INSERT INTO operations VALUES (1, '2026-11-01 10:00:00', NULL, 'main',
  'http://x', '6666', 'batch', '{"values": {"status": "NI"}}', 'interrupted',
  '{}', NULL, NULL, 1);
INSERT INTO leads (operation_id, lead_id, before, before_state, change, outcome)
  VALUES (1, 10, '{"status": "NEW"}', 'full', '{"status": "NI"}', 'updated'),
         (1, 11, NULL, 'none', '{"status": "NI"}', 'unknown'),
         (1, 12, NULL, 'none', '{"status": "NI"}', 'pending');
PRAGMA user_version=1;
"""


def test_a_schema_1_journal_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(V1_SCHEMA)
    journal = Journal(path)
    op = journal.operation(1)
    assert op.backend == "vicidial" and op.engine_version == 1
    rows = {r.lead_id: (r.phase, r.outcome) for r in journal.leads(1)}
    assert rows == {
        10: (LeadPhase.SETTLED, LeadOutcome.UPDATED),
        11: (LeadPhase.UNKNOWN, LeadOutcome.UNKNOWN),
        12: (LeadPhase.HELD, LeadOutcome.PENDING),
    }
    assert journal.resumable() == []  # an older engine's operation: log and undo only
    assert journal._read("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    new = _create(journal, [1])
    assert journal.operation(new).engine_version == 2


def test_the_journal_refuses_writes_it_cannot_make_in_words(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal._db.execute("PRAGMA query_only=ON")
    with pytest.raises(JournalError, match="journal"):
        _create(journal, [1])
