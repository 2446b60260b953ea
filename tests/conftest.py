"""Shared fixtures: an isolated config/data dir for every test, the emulator, sessions."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from leadtui.api.vicidial.client import VicidialClient
from leadtui.emulator import Emulator, EmulatorServer, FixedClock
from leadtui.ops.journal import Journal
from leadtui.ops.session import Session
from tests.team_postgres import ThrowawayPostgres, from_environment, start_throwaway
from tests.transcripts import DATASET

ClientFactory = Callable[..., VicidialClient]

FROZEN = "2026-11-24 10:00:00"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long property runs (``-m slow``) and the realserver scenarios are
    bounded too, more loosely than the 10 minutes every other test gets."""
    for item in items:
        if item.get_closest_marker("timeout") is not None:
            continue
        if item.get_closest_marker("slow") is not None:
            item.add_marker(pytest.mark.timeout(3 * 3600))
        elif item.get_closest_marker("realserver") is not None:
            item.add_marker(pytest.mark.timeout(1800))


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing a test does may read or write the developer's own config or journal."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv(
        "LEADTUI_CONFIG", str(home / "config" / "leadtui" / "config.toml")
    )
    monkeypatch.setenv(
        "LEADTUI_JOURNAL", str(home / "data" / "leadtui" / "journal.sqlite3")
    )
    monkeypatch.delenv("LEADTUI_PASSWORD", raising=False)
    return home


@pytest.fixture
def emulator() -> Emulator:
    """The transcript dataset, fresh, with a frozen clock."""
    return Emulator.from_dataset(DATASET, now=FixedClock(FROZEN))


@pytest.fixture
def server(emulator: Emulator) -> Iterator[EmulatorServer]:
    """The emulator on a real loopback socket."""
    with EmulatorServer(emulator) as running:
        yield running


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    journal = Journal(tmp_path / "journal.sqlite3", clock=lambda: FROZEN)
    yield journal
    journal.close()


@pytest.fixture
def vicidial_url(server: EmulatorServer) -> str:
    """The Non-Agent API the scenario tests talk to (tests/realserver overrides it)."""
    return server.url


@pytest.fixture
async def make_client(vicidial_url: str) -> AsyncIterator[ClientFactory]:
    made: list[VicidialClient] = []

    def make(
        user: str = "6666", password: str = "1234", **options: object
    ) -> VicidialClient:
        client = VicidialClient(vicidial_url, user, password, source="test", **options)  # type: ignore[arg-type]
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture
async def client(make_client: ClientFactory) -> VicidialClient:
    return make_client()


@pytest.fixture
def session(client: VicidialClient, journal: Journal) -> Session:
    return Session(
        client=client, journal=journal, profile="test", records_cap=1000, concurrency=4
    )


# --- the team journal's throwaway PostgreSQL (tests/team_postgres.py) -------


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
