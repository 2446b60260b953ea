"""Scenario tests: the engine fixtures live in tests/conftest.py so tests/realserver can reuse them; the team journal's PostgreSQL is here."""

from collections.abc import Iterator

import pytest

from tests.team_postgres import ThrowawayPostgres, from_environment, start_throwaway


@pytest.fixture(scope="session")
def team_postgres() -> Iterator[ThrowawayPostgres]:
    """The throwaway PostgreSQL of the team-journal tests (see tests/team_postgres)."""
    given = from_environment()
    server = given or start_throwaway()
    if not server.running():
        server.start()
    server.sql(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='leadtui_app')"
        " THEN CREATE ROLE leadtui_app LOGIN; END IF; END $$"
    )
    yield server
    if given is None:
        server.stop()


@pytest.fixture
def team_database(
    team_postgres: ThrowawayPostgres, request: pytest.FixtureRequest
) -> str:
    """A new database with leadtui's tables, set up by their owner (postgres) and
    granted to leadtui_app, the role the operators' leadtui logs in as."""
    from leadtui.ops.team_journal import TeamJournal, TeamSettings

    name = team_postgres.fresh_database(
        "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50]
    )
    TeamJournal(TeamSettings(team_postgres.dsn(name))).setup(grant_to=["leadtui_app"])
    return name
