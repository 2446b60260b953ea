"""Client and sessions against the emulator over a real loopback socket."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from leadtui.api.vicidial.client import VicidialClient
from leadtui.emulator import EmulatorServer
from leadtui.ops.journal import Journal
from leadtui.ops.session import Session

ClientFactory = Callable[..., VicidialClient]


@pytest.fixture
async def make_client(server: EmulatorServer) -> AsyncIterator[ClientFactory]:
    made: list[VicidialClient] = []

    def make(
        user: str = "6666", password: str = "1234", **options: object
    ) -> VicidialClient:
        client = VicidialClient(server.url, user, password, source="test", **options)  # type: ignore[arg-type]
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
