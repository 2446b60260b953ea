"""The team push, attacked: random interleavings of two operators' work, pushes
cut after any batch, PostgreSQL killed and restarted, the pushing process
killed with SIGKILL at random moments. What PostgreSQL holds of a journal is
always a prefix of it, entry for entry, and one more push completes it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from leadtui.ops.journal import Journal, LeadStep, NewLead
from leadtui.ops.journal_models import LeadOutcome, LeadPhase, OperationState
from leadtui.ops.team_journal import TeamJournal, TeamJournalError, TeamSettings
from tests.team_postgres import ThrowawayPostgres


class Cut(Exception):
    """The push stops here (a network cut, a crash between two batches)."""


def _operation(journal: Journal, ids: list[int], *, finish: bool) -> None:
    op, lock = journal.create_operation(
        kind="batch",
        profile="p",
        backend="vicidial",
        server="http://dialer",
        api_user="6666",
        params={"groups": [{"function": "batch_update_lead"}]},
        leads=[NewLead(i, 0, {"status": "NI"}) for i in ids],
    )
    run = journal.begin_run(op, "start")
    half = ids[: len(ids) // 2]
    journal.step_leads(
        op, [LeadStep(i, LeadPhase.SENDING, LeadOutcome.PENDING) for i in ids]
    )
    journal.step_leads(
        op, [LeadStep(i, LeadPhase.SETTLED, LeadOutcome.UPDATED) for i in half]
    )
    if finish:
        journal.finish_run(op, run, OperationState.PARTIAL, run_summary={}, summary={})
    else:
        journal.interrupt(op, run, "was killed")
    lock.release()


def _held(server: ThrowawayPostgres, database: str, journal_id: str) -> list[str]:
    text = server.sql(
        f"SELECT hash FROM leadtui_entries WHERE journal_id = '{journal_id}' ORDER BY seq",
        database,
    )
    return text.splitlines() if text else []


@pytest.fixture
def machine_setup(
    team_postgres: ThrowawayPostgres, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ThrowawayPostgres, pytest.TempPathFactory]:
    return team_postgres, tmp_path_factory


def test_pushes_under_cuts_and_restarts_keep_an_exact_prefix(
    machine_setup: tuple[ThrowawayPostgres, pytest.TempPathFactory],
) -> None:
    server, paths = machine_setup
    counter = [0]

    class PushMachine(RuleBasedStateMachine):
        @initialize()
        def start(self) -> None:
            counter[0] += 1
            self.database = server.fresh_database(f"push_machine_{counter[0]}")
            TeamJournal(TeamSettings(server.dsn(self.database))).setup(
                grant_to=["leadtui_app"]
            )
            self.team = TeamJournal(
                TeamSettings(
                    server.dsn(self.database, "leadtui_app"), connect_timeout=2
                )
            )
            root = paths.mktemp("operators")
            self.journals = [Journal(root / f"{n}.sqlite3") for n in range(2)]
            self.down = False

        @rule(
            who=st.integers(0, 1),
            ids=st.lists(st.integers(1000, 1100), min_size=1, max_size=12, unique=True),
            finish=st.booleans(),
        )
        def operate(self, who: int, ids: list[int], finish: bool) -> None:
            _operation(self.journals[who], ids, finish=finish)  # never waits on PG

        @rule(who=st.integers(0, 1), batch=st.integers(1, 7), cut=st.integers(0, 4))
        def push(self, who: int, batch: int, cut: int) -> None:
            calls = [0]

            def maybe_cut(_: int) -> None:
                calls[0] += 1
                if calls[0] == cut:
                    raise Cut

            try:
                self.team.push(self.journals[who], batch=batch, after_batch=maybe_cut)
            except Cut:
                pass
            except TeamJournalError:
                assert self.down, "a push failed while PostgreSQL was up"

        @precondition(lambda self: not self.down)
        @rule()
        def kill_postgres(self) -> None:
            server.stop()
            self.down = True

        @precondition(lambda self: self.down)
        @rule()
        def restart_postgres(self) -> None:
            server.start()
            self.down = False

        @invariant()
        def a_prefix_entry_for_entry(self) -> None:
            if self.down:
                return
            for journal in self.journals:
                held = _held(server, self.database, journal.journal_id)
                local = [e.hash for e in journal.entries()]
                assert held == local[: len(held)]

        def teardown(self) -> None:
            if self.down:
                server.start()
            for journal in self.journals:
                self.team.push(journal)
                assert _held(server, self.database, journal.journal_id) == [
                    e.hash for e in journal.entries()
                ]
                journal.close()
            assert all(c.problem is None for c in self.team.verify())

    PushMachine.TestCase.settings = settings(
        max_examples=12,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    PushMachine.TestCase().runTest()


def test_the_pushing_process_killed_at_random_moments_loses_and_repeats_nothing(
    tmp_path: Path, team_postgres: ThrowawayPostgres, team_database: str
) -> None:
    journal_path = tmp_path / "journal.sqlite3"
    journal = Journal(journal_path)
    for start in range(0, 20_000, 5000):
        _operation(journal, list(range(start, start + 5000)), finish=True)
    local = [e.hash for e in journal.entries()]
    journal_id = journal.journal_id
    journal.close()
    dsn = team_postgres.dsn(team_database, "leadtui_app")
    code = (
        "import sys\n"
        "from leadtui.ops.journal import Journal\n"
        "from leadtui.ops.team_journal import TeamJournal, TeamSettings\n"
        "TeamJournal(TeamSettings(sys.argv[1])).push(Journal(sys.argv[2]), batch=200)\n"
    )
    chance = random.Random(int(os.environ.get("LEADTUI_KILL_SEED", "19")))
    import psycopg

    killed = 0
    with psycopg.connect(dsn, autocommit=True) as watch:

        def count() -> int:
            row = watch.execute(
                "SELECT count(*) FROM leadtui_entries WHERE journal_id=%s",
                (journal_id,),
            ).fetchone()
            return int(row[0]) if row else 0

        for _ in range(6):
            before = count()
            if before >= len(local):
                break
            # kill it once a random part of what is left has arrived
            target = chance.randint(before + 1, len(local))
            process = subprocess.Popen(
                [sys.executable, "-c", code, dsn, str(journal_path)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            while process.poll() is None and count() < target:
                time.sleep(0.005)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed += 1
            process.wait(timeout=60)
            held = _held(team_postgres, team_database, journal_id)
            assert held == local[: len(held)]
    done = subprocess.run(
        [sys.executable, "-c", code, dsn, str(journal_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert _held(team_postgres, team_database, journal_id) == local
    assert killed >= 3, "the pushes finished before their kills: the test proved little"
