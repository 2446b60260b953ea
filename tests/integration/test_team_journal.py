"""The team journal on a real (throwaway) PostgreSQL: pushes that cannot lose or
repeat an entry, tables nobody can quietly edit, a chain that shows it if
someone does anyway."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import LeadOutcome
from leadtui.ops.team_journal import (
    TeamDiverged,
    TeamJournal,
    TeamJournalError,
    TeamSettings,
    password_problem,
)
from tests.journal_fixtures import finished_operation
from tests.team_postgres import ThrowawayPostgres


@pytest.fixture
def app(team_postgres: ThrowawayPostgres, team_database: str) -> TeamJournal:
    """The team journal as an operator's leadtui sees it (role leadtui_app)."""
    return TeamJournal(TeamSettings(team_postgres.dsn(team_database, "leadtui_app")))


def _count(server: ThrowawayPostgres, database: str) -> tuple[int, int]:
    total, distinct = server.sql(
        "SELECT count(*), count(DISTINCT (journal_id, seq)) FROM leadtui_entries",
        database,
    ).split("|")
    return int(total), int(distinct)


def test_a_push_sends_every_entry_once_and_a_second_push_nothing(
    tmp_path: Path,
    app: TeamJournal,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    finished_operation(journal, list(range(1, 51)))
    local = len(journal.entries())
    assert app.push(journal, batch=7) == local
    assert app.push(journal) == 0
    finished_operation(journal, [7, 8])
    assert app.push(journal) == len(journal.entries()) - local
    assert _count(team_postgres, team_database) == (len(journal.entries()),) * 2
    (chain,) = app.verify()
    assert chain.problem is None and chain.entries == len(journal.entries())


def test_a_push_cut_after_any_batch_resumes_without_loss_or_repeat(
    tmp_path: Path,
    app: TeamJournal,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    finished_operation(journal, list(range(1, 31)))
    total = len(journal.entries())

    class Cut(Exception):
        pass

    for cut in range(1, 5):
        calls = [0]

        def stop(_: int, cut: int = cut, calls: list[int] = calls) -> None:
            calls[0] += 1
            if calls[0] == cut:
                raise Cut

        with pytest.raises(Cut):
            app.push(journal, batch=5, after_batch=stop)
    app.push(journal, batch=5)
    assert _count(team_postgres, team_database) == (total, total)


def test_postgresql_stopped_and_restarted_loses_and_repeats_nothing(
    tmp_path: Path,
    app: TeamJournal,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    finished_operation(journal, list(range(1, 41)))

    def crash(_: int) -> None:
        team_postgres.stop()  # mid-push: the next batch finds no server

    with pytest.raises(TeamJournalError, match="team journal"):
        app.push(journal, batch=10, after_batch=crash)
    # the operator's own work goes on meanwhile
    finished_operation(journal, [1, 2, 3])
    with pytest.raises(TeamJournalError, match="cannot be reached"):
        app.push(journal)
    team_postgres.start()
    app.push(journal)
    total = len(journal.entries())
    assert _count(team_postgres, team_database) == (total, total)
    assert app.verify()[0].problem is None


def test_the_operators_role_can_neither_update_nor_delete_nor_truncate(
    tmp_path: Path,
    app: TeamJournal,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    finished_operation(journal, [1])
    app.push(journal)
    with psycopg.connect(
        team_postgres.dsn(team_database, "leadtui_app"), autocommit=True
    ) as conn:
        for statement in (
            "UPDATE leadtui_entries SET body='{}' WHERE seq=1",
            "DELETE FROM leadtui_entries WHERE seq=1",
            "TRUNCATE leadtui_entries",
            "UPDATE leadtui_journals SET os_user='x'",
            "DROP TRIGGER leadtui_entries_append_only ON leadtui_entries",
            "ALTER TABLE leadtui_entries DISABLE TRIGGER ALL",
        ):
            with pytest.raises(psycopg.Error):
                conn.execute(statement)
    # not even the owner, while the triggers stand
    with pytest.raises(Exception, match="append-only"):
        team_postgres.sql("DELETE FROM leadtui_entries WHERE seq=1", team_database)


def test_a_row_altered_directly_in_postgresql_is_caught(
    tmp_path: Path,
    app: TeamJournal,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    finished_operation(journal, [1, 2, 3])
    app.push(journal)
    # a superuser goes around the triggers
    team_postgres.sql(
        "SET session_replication_role = replica; UPDATE leadtui_entries SET"
        " body = replace(body, 'DNC', 'NEW') WHERE seq = 3",
        team_database,
    )
    (chain,) = app.verify()
    assert chain.problem is not None
    assert chain.problem.describe().startswith("entry 3: its content does not match")
    # and this journal's next push refuses to build on it? No: entry 3 is not
    # the last one; the last one still matches, so new entries still go
    finished_operation(journal, [4])
    assert app.push(journal) > 0


def test_a_team_journal_whose_last_entry_differs_is_not_pushed_to(
    tmp_path: Path,
    app: TeamJournal,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    finished_operation(journal, [1])
    app.push(journal)
    last = len(journal.entries())
    team_postgres.sql(
        "SET session_replication_role = replica; UPDATE leadtui_entries SET"
        f" hash = 'x' WHERE seq = {last}",
        team_database,
    )
    finished_operation(journal, [2])
    with pytest.raises(TeamDiverged, match=f"entry {last} of this journal differs"):
        app.push(journal)


def test_views_name_who_did_what_and_who_touched_a_lead(
    tmp_path: Path, app: TeamJournal
) -> None:
    day, night = Journal(tmp_path / "day.sqlite3"), Journal(tmp_path / "night.sqlite3")
    finished_operation(day, [100, 101], api_user="day_api")
    finished_operation(night, [101, 102], api_user="night_api")
    app.push(day)
    app.push(night)
    ops = app.operations()
    assert {o.operation.api_user for o in ops} == {"day_api", "night_api"}
    assert all(o.counts == {"updated": 2} for o in ops)
    assert [o.operation.api_user for o in app.operations(operator="night_api")] == [
        "night_api"
    ]
    assert [o.operation.api_user for o in app.operations(lead=100)] == ["day_api"]
    touched = app.lead_history(101)
    assert sorted(t.operation.api_user for t in touched) == ["day_api", "night_api"]
    assert all(t.lead.outcome is LeadOutcome.UPDATED for t in touched)
    assert app.operations(since="2999-01-01") == []


def test_overlapping_finds_another_operators_recent_work_on_the_same_leads(
    tmp_path: Path, app: TeamJournal
) -> None:
    mine, theirs = Journal(tmp_path / "a.sqlite3"), Journal(tmp_path / "b.sqlite3")
    finished_operation(theirs, [5, 6], api_user="night_api")
    app.push(theirs)
    finished_operation(mine, [6])
    app.push(mine)
    found = app.overlapping(
        own_journal=mine.journal_id,
        server="http://dialer",
        lead_ids=[6, 7],
        since="2000-01-01",
    )
    assert [(f.operation.api_user, shared) for f, shared in found] == [("night_api", 1)]
    assert (
        app.overlapping(
            own_journal=mine.journal_id,
            server="http://other",
            lead_ids=[6],
            since="2000-01-01",
        )
        == []
    )
    assert (
        app.overlapping(
            own_journal=mine.journal_id,
            server="http://dialer",
            lead_ids=[6],
            since="2999-01-01",
        )
        == []
    )


def test_an_address_with_a_password_is_refused() -> None:
    assert "must not contain a password" in (
        password_problem("postgresql://u:secret@db/leadtui") or ""
    )
    assert password_problem("postgresql://u@db/leadtui") is None


def test_tables_not_set_up_are_named_with_the_fix(
    team_postgres: ThrowawayPostgres, tmp_path: Path
) -> None:
    name = team_postgres.fresh_database("t_empty")
    team = TeamJournal(TeamSettings(team_postgres.dsn(name)))
    with pytest.raises(TeamJournalError, match="leadtui team setup"):
        team.push(Journal(tmp_path / "j.sqlite3"))
