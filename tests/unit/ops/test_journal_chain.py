"""The journal's hash chain, attacked: every edit, removal, insertion or
reordering of what leadtui recorded is named by ``verify``, and nothing else is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtui.ops.journal import Journal, LeadStep, NewLead
from leadtui.ops.journal_models import LeadOutcome, LeadPhase, OperationState
from leadtui.ops.run_lock import os_user
from tests.journal_fixtures import finished_operation
from tests.unit.ops.test_journal import V1_SCHEMA


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    journal = Journal(tmp_path / "j.sqlite3")
    finished_operation(journal, [10, 11, 12], state=OperationState.DONE)
    finished_operation(journal, [12, 13], state=OperationState.PARTIAL)
    return journal


def _problem(journal: Journal) -> str:
    problem, _ = journal.verify_chain()
    assert problem is not None, "verify found nothing"
    return problem.describe()


def test_an_untouched_journal_verifies_and_records_every_step(journal: Journal) -> None:
    problem, count = journal.verify_chain()
    assert problem is None
    kinds = [e.kind for e in journal.entries()]
    # created (operation + 3 leads), run begun (operation, run), finished
    # (operation, run, 3 leads): the settled leads each have a second entry
    assert kinds.count("lead") == 2 * 3 + 2 * 2
    assert count == len(kinds)
    assert [e.seq for e in journal.entries()] == list(range(1, count + 1))


def test_each_operation_carries_who_ran_it(journal: Journal) -> None:
    op = journal.operation(1)
    assert op.os_user == os_user() and op.os_user
    assert op.version and op.host
    first = journal.entries(limit=1)[0]
    assert first.kind == "operation" and first.content["os_user"] == op.os_user


def test_an_edited_entry_is_named(journal: Journal) -> None:
    journal._db.execute(
        "UPDATE entries SET body=replace(body, 'DNC', 'NEW') WHERE seq=3"
    )
    assert _problem(journal).startswith("entry 3: its content does not match")


def test_an_entry_rehashed_after_editing_breaks_the_next_link(journal: Journal) -> None:
    entry = journal.entries(after=2, limit=1)[0]
    body = entry.body.replace("DNC", "NEW")
    from leadtui.ops.journal_chain import entry_hash

    forged = entry_hash(
        entry.prev,
        entry.seq,
        entry.at,
        entry.kind,
        entry.operation_id,
        entry.row_id,
        body,
    )
    journal._db.execute("UPDATE entries SET body=?, hash=? WHERE seq=3", (body, forged))
    assert _problem(journal) == "entry 4: does not follow the entry before it"


def test_a_removed_entry_is_named(journal: Journal) -> None:
    journal._db.execute("DELETE FROM entries WHERE seq=7")
    assert _problem(journal) == "entry 7: missing (the next entry found is 8)"


def test_a_lead_row_edited_after_its_operation_finished_is_named(
    journal: Journal,
) -> None:
    journal._db.execute(
        'UPDATE leads SET before=\'{"status":"OLD"}\' WHERE operation_id=1'
        " AND lead_id=11"
    )
    text = _problem(journal)
    assert "lead row 2 of operation 1 no longer holds what this entry recorded" in text


def test_an_operation_row_edited_is_named(journal: Journal) -> None:
    journal._db.execute("UPDATE operations SET api_user='someone' WHERE id=2")
    assert "operation row 2 of operation 2 no longer holds" in _problem(journal)


def test_a_lead_row_deleted_is_named(journal: Journal) -> None:
    journal._db.execute("DELETE FROM leads WHERE id=5")
    assert "lead row 5 it records is gone from the journal" in _problem(journal)


def test_a_lead_row_slipped_in_is_named(journal: Journal) -> None:
    journal._db.execute(
        "INSERT INTO leads (operation_id, lead_id, outcome) VALUES (1, 99, 'updated')"
    )
    assert _problem(journal).endswith(
        "lead row 6 of operation 1 has no entry: it was added outside leadtui"
    )


def test_the_first_problem_is_the_one_named(journal: Journal) -> None:
    journal._db.execute("UPDATE entries SET at='2000-01-01 00:00:00' WHERE seq=9")
    journal._db.execute("UPDATE entries SET at='2000-01-01 00:00:00' WHERE seq=3")
    assert _problem(journal).startswith("entry 3:")


def test_a_running_operation_changes_freely_and_is_sealed_when_it_stops(
    tmp_path: Path,
) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    op, lock = journal.create_operation(
        kind="batch",
        profile="p",
        backend="vicidial",
        server="http://x",
        api_user="6666",
        params={"groups": []},
        leads=[NewLead(i, 0, {"status": "DNC"}) for i in (1, 2)],
    )
    run = journal.begin_run(op, "start")
    journal.step_leads(op, [LeadStep(1, LeadPhase.SENDING, LeadOutcome.PENDING)])
    assert journal.verify_chain()[0] is None  # running: not yet sealed, not wrong
    journal.interrupt(op, run, "was stopped")
    lock.release()
    assert journal.verify_chain()[0] is None
    leads = [e.content for e in journal.entries() if e.kind == "lead"]
    # both created planned; only lead 1 changed since (its answer is unknown)
    assert [(r["lead_id"], r["phase"]) for r in leads] == [
        (1, "planned"),
        (2, "planned"),
        (1, "unknown"),
    ]


def test_an_older_journal_gets_its_first_entries_when_migrated(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(V1_SCHEMA)
    journal = Journal(path)
    assert journal.verify_chain()[0] is None
    assert [e.kind for e in journal.entries()] == ["operation", "lead", "lead", "lead"]
    assert journal.operation(1).os_user == ""  # not known for old operations


def test_two_journals_have_different_chains(tmp_path: Path) -> None:
    a, b = Journal(tmp_path / "a.sqlite3"), Journal(tmp_path / "b.sqlite3")
    for journal in (a, b):
        finished_operation(journal, [1], state=OperationState.DONE)
    assert a.journal_id != b.journal_id
    assert a.entries()[0].prev != b.entries()[0].prev


# --- any single change, anywhere ---------------------------------------------

_TARGETS = st.sampled_from(
    [
        ("entries", "body"),
        ("entries", "at"),
        ("entries", "kind"),
        ("entries", "row_id"),
        ("entries", "operation_id"),
        ("entries", "prev"),
        ("entries", "hash"),
        ("operations", "state"),
        ("operations", "summary"),
        ("operations", "os_user"),
        ("operations", "finished_at"),
        ("runs", "summary"),
        ("leads", "before"),
        ("leads", "after"),
        ("leads", "outcome"),
        ("leads", "lead_id"),
        ("leads", "detail"),
        ("meta", "value"),
    ]
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(target=_TARGETS, pick=st.integers(min_value=0, max_value=10_000), data=st.data())
def test_any_single_change_to_a_recorded_cell_is_caught(
    tmp_path_factory: pytest.TempPathFactory,
    target: tuple[str, str],
    pick: int,
    data: st.DataObject,
) -> None:
    journal = Journal(tmp_path_factory.mktemp("j") / "j.sqlite3")
    finished_operation(journal, [10, 11, 12], state=OperationState.DONE)
    finished_operation(journal, [12, 13], state=OperationState.CANCELLED)
    table, column = target
    key = "key" if table == "meta" else "rowid"
    rows = [r[0] for r in journal._db.execute(f"SELECT {key} FROM {table}")]
    row = rows[pick % len(rows)]
    old = journal._db.execute(
        f"SELECT {column} FROM {table} WHERE {key}=?", (row,)
    ).fetchone()[0]
    new = data.draw(
        st.one_of(
            st.text(max_size=20), st.integers(-(2**63), 2**63 - 1), st.none()
        ).filter(lambda v: v != old and not (isinstance(v, int) and str(v) == str(old)))
    )
    try:
        journal._db.execute(f"UPDATE {table} SET {column}=? WHERE {key}=?", (new, row))
    except sqlite3.IntegrityError:
        return  # NOT NULL / unique: the change cannot even be made
    problem, _ = journal.verify_chain()
    assert problem is not None, f"{table}.{column} of {row}: {old!r} → {new!r}"
