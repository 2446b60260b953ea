"""One failed login per wrong password per client.

Ten failures lock the account (web login included), so until one answer has
proven the credentials, at most one authenticated request is in flight; the
others wait, and after a login failure they fail without being sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

import httpx
import pytest

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.requests import (
    BatchUpdateRequest,
    LeadQuery,
    UpdateLeadRequest,
)
from leadtui.emulator import Emulator

URL = "http://dialer.test/vicidial/non_agent_api.php"


class Slow(httpx.AsyncBaseTransport):
    """Hands requests to ``inner`` after a short pause; records what was in flight.

    ``first`` optionally replaces the answer to the first request (an exception
    to raise, or a response).
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        delay: float = 0.02,
        first: httpx.Response | type[httpx.RequestError] | None = None,
    ) -> None:
        self.inner = inner
        self.delay = delay
        self.first = first
        self.sent: list[bytes] = []
        self.in_flight = 0
        #: how many requests were in flight when each request started (itself included)
        self.at_start: list[int] = []
        self.most = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        self.sent.append(body)
        self.in_flight += 1
        self.at_start.append(self.in_flight)
        self.most = max(self.most, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            if len(self.sent) == 1 and self.first is not None:
                if isinstance(self.first, httpx.Response):
                    return self.first
                raise self.first("refused", request=request)
            response = await self.inner.handle_async_request(request)
            await response.aread()
            return response
        finally:
            self.in_flight -= 1


def client_for(
    wire: httpx.AsyncBaseTransport, password: str = "1234", **options: int
) -> VicidialClient:
    return VicidialClient(
        URL,
        "6666",
        password,
        source="test",
        concurrency=options.get("concurrency", 4),
        # the gate is what these tests watch: all four slots open from the start
        adaptive=bool(options.get("adaptive", False)),
        read_retries=options.get("read_retries", 2),
        transport=wire,
    )


def mixed_calls(client: VicidialClient) -> list[Awaitable[object]]:
    """Eight calls of every kind that carries credentials."""
    return [
        client.lead_field_info(1010, "status"),
        client.lead_all_info(lead_id=1010),
        client.update_lead(
            UpdateLeadRequest(query=LeadQuery(lead_id=1020), values={"title": "Dr"})
        ),
        client.batch_update_lead(
            BatchUpdateRequest(lead_ids=(1100, 1101), values={"status": "NA"})
        ),
        client.lead_search(phone_numbers=["3125550013"]),
        client.list_info(101),
        client.lead_callback_info(1010),
        client.lead_field_info(1011, "first_name"),
    ]


def failed_logins(emulator: Emulator) -> int:
    row = emulator.store.one("vicidial_users", "user=?", ["6666"])
    assert row is not None
    return int(str(row["failed_login_count"]))


async def test_wrong_password_sends_one_request_for_eight_concurrent_calls(
    emulator: Emulator,
) -> None:
    wire = Slow(emulator.transport())
    async with client_for(wire, password="Wr0ng") as client:
        results = await asyncio.gather(*mixed_calls(client), return_exceptions=True)
        assert len(wire.sent) == 1 and client.requests_sent == 1
    assert all(isinstance(r, e.LoginFailed) for r in results), results
    assert len({id(r) for r in results}) == 1  # the one stored failure, raised again
    assert failed_logins(emulator) == 1


async def test_wrong_password_with_eight_reads_of_one_kind(emulator: Emulator) -> None:
    wire = Slow(emulator.transport())
    async with client_for(wire, password="Wr0ng") as client:
        results = await asyncio.gather(
            *(client.lead_field_info(1010 + i, "status") for i in range(8)),
            return_exceptions=True,
        )
    assert all(isinstance(r, e.LoginFailed) for r in results), results
    assert len(wire.sent) == 1
    assert failed_logins(emulator) == 1


async def test_right_password_runs_concurrently_after_the_first_answer(
    emulator: Emulator,
) -> None:
    wire = Slow(emulator.transport())
    async with client_for(wire) as client:
        values = await asyncio.gather(
            *(client.lead_field_info(1010 + i, "status") for i in range(8))
        )
    assert [v.lead_id for v in values] == list(range(1010, 1018))
    assert len(wire.sent) == 8
    assert wire.at_start[:2] == [1, 1]  # the first alone; the second only after it
    assert 1 < wire.most <= 4


async def test_mixed_calls_with_the_right_password_run_concurrently(
    emulator: Emulator,
) -> None:
    wire = Slow(emulator.transport())
    async with client_for(wire) as client:
        await asyncio.gather(*mixed_calls(client))
    assert wire.at_start[0] == 1 and wire.most > 1


async def test_a_typed_protocol_error_proves_the_credentials(
    emulator: Emulator,
) -> None:
    wire = Slow(emulator.transport())
    async with client_for(wire) as client:
        results = await asyncio.gather(
            client.lead_field_info(99999999, "status"),
            *(client.lead_field_info(1010 + i, "status") for i in range(7)),
            return_exceptions=True,
        )
    assert isinstance(results[0], e.LeadNotFound)
    assert not any(isinstance(r, BaseException) for r in results[1:])
    assert wire.at_start[:2] == [1, 1] and wire.most > 1


@pytest.mark.parametrize(
    "first",
    [
        httpx.ConnectError,
        httpx.ReadError,
        httpx.Response(502, text="<html><body>Bad Gateway</body></html>"),
        httpx.Response(200, text="<html><body>captive portal</body></html>"),
    ],
    ids=["connect-error", "read-error", "502", "html-200"],
)
async def test_a_failure_that_is_not_an_answer_proves_nothing(
    emulator: Emulator, first: httpx.Response | type[httpx.RequestError]
) -> None:
    wire = Slow(emulator.transport(), first=first)
    async with client_for(wire, password="Wr0ng", read_retries=0) as client:
        results = await asyncio.gather(
            *(client.lead_callback_info(1010 + i) for i in range(6)),
            return_exceptions=True,
        )
    # the first failed on its own; the second was sent alone and got the login
    # failure; the other four were never sent
    assert not isinstance(results[0], e.LoginFailed)
    assert all(isinstance(r, e.LoginFailed) for r in results[1:]), results
    assert len(wire.sent) == 2 and wire.at_start == [1, 1]
    assert failed_logins(emulator) == 1


async def test_after_a_failure_that_proves_nothing_the_right_password_still_works(
    emulator: Emulator,
) -> None:
    wire = Slow(emulator.transport(), first=httpx.ConnectError)
    async with client_for(wire, read_retries=0) as client:
        results = await asyncio.gather(
            *(client.lead_field_info(1010 + i, "status") for i in range(6)),
            return_exceptions=True,
        )
    assert isinstance(results[0], e.ConnectionFailed)
    assert not any(isinstance(r, BaseException) for r in results[1:])
    assert wire.at_start[:3] == [1, 1, 1] and wire.most > 1


async def test_version_carries_no_credentials_and_does_not_wait(
    emulator: Emulator,
) -> None:
    wire = Slow(emulator.transport())
    async with client_for(wire) as client:
        await asyncio.gather(
            client.lead_field_info(1010, "status"), client.version(), client.version()
        )
    assert wire.most == 3


async def test_a_locked_account_is_not_asked_again(emulator: Emulator) -> None:
    emulator.store.update(
        "vicidial_users",
        "user=?",
        ["6666"],
        {"failed_login_count": "10", "last_login_date": "2026-11-24 09:59:00"},
    )
    wire = Slow(emulator.transport())
    async with client_for(wire) as client:
        results = await asyncio.gather(
            *(client.lead_field_info(1010 + i, "status") for i in range(5)),
            return_exceptions=True,
        )
    assert all(isinstance(r, e.AccountLocked) for r in results), results
    assert len(wire.sent) == 1
