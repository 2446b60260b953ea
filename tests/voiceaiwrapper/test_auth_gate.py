"""One refused API key costs one request, not one per concurrent call.

Until an answer has shown the key is accepted, at most one request is in
flight; after a 401 the waiting calls raise the stored failure unsent.
"""

from __future__ import annotations

import asyncio

import httpx
from pydantic import SecretStr

from leadtui.api.voiceaiwrapper import (
    AuthenticationFailed,
    ConnectionFailed,
    Forbidden,
    LeadUpdate,
    ServerError,
    VoiceAIWrapperClient,
)
from leadtui.emulator.voiceaiwrapper import (
    DEMO_CAMPAIGN_ID,
    DEMO_KEY,
    OTHER_CAMPAIGN_ID,
    VoiceAIWrapperEmulator,
)
from tests.voiceaiwrapper.conftest import NOW, Sleeps, phones


class Slow(httpx.AsyncBaseTransport):
    """Hands requests to ``inner`` after a short pause; records what was in flight.

    ``first`` optionally replaces the first answer with a transport failure.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        first: type[httpx.RequestError] | None = None,
    ) -> None:
        self.inner = inner
        self.first = first
        self.calls = 0
        self.in_flight = 0
        self.at_start: list[int] = []
        self.most = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.calls += 1
        self.in_flight += 1
        self.at_start.append(self.in_flight)
        self.most = max(self.most, self.in_flight)
        try:
            await asyncio.sleep(0.02)
            if self.calls == 1 and self.first is not None:
                raise self.first("refused", request=request)
            response = await self.inner.handle_async_request(request)
            await response.aread()
            return response
        finally:
            self.in_flight -= 1


def client_for(wire: httpx.AsyncBaseTransport, key: str) -> VoiceAIWrapperClient:
    return VoiceAIWrapperClient(
        "http://emulator",
        SecretStr(key),
        transport=wire,
        concurrency=4,
        sleep=Sleeps(),
        clock=lambda: NOW,
    )


async def test_a_wrong_key_sends_one_request_for_eight_concurrent_calls(
    emulator: VoiceAIWrapperEmulator,
) -> None:
    wire = Slow(emulator.transport())
    numbers = phones(emulator, 8)
    async with client_for(wire, "vaw_not_a_key") as client:
        results = await asyncio.gather(
            *(
                client.bulk_update(
                    DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=p, first_name="Zed")]
                )
                for p in numbers
            ),
            return_exceptions=True,
        )
        assert client.requests_sent == 1
    assert all(isinstance(r, AuthenticationFailed) for r in results), results
    assert len(emulator.requests) == 1 and wire.calls == 1


async def test_the_right_key_runs_concurrently_after_the_first_answer(
    emulator: VoiceAIWrapperEmulator,
) -> None:
    wire = Slow(emulator.transport())
    numbers = phones(emulator, 8)
    async with client_for(wire, DEMO_KEY) as client:
        results = await asyncio.gather(
            *(
                client.bulk_update(DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=p)])
                for p in numbers
            )
        )
    assert all(r.results[0].success for r in results)
    assert len(emulator.requests) == 8
    assert wire.at_start[:2] == [1, 1] and 1 < wire.most <= 4


async def test_a_refusal_of_the_campaign_proves_the_key(
    emulator: VoiceAIWrapperEmulator,
) -> None:
    wire = Slow(emulator.transport())
    numbers = phones(emulator, 6)
    other = next(iter(emulator.campaigns[OTHER_CAMPAIGN_ID].leads))
    async with client_for(wire, DEMO_KEY) as client:
        results = await asyncio.gather(
            client.bulk_update(OTHER_CAMPAIGN_ID, [LeadUpdate(phone_number=other)]),
            *(
                client.bulk_update(DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=p)])
                for p in numbers
            ),
            return_exceptions=True,
        )
    assert isinstance(results[0], Forbidden)
    assert not any(isinstance(r, BaseException) for r in results[1:])
    assert wire.at_start[:2] == [1, 1] and wire.most > 1


async def test_a_transport_failure_proves_nothing(
    emulator: VoiceAIWrapperEmulator,
) -> None:
    wire = Slow(emulator.transport(), first=httpx.ConnectError)
    numbers = phones(emulator, 5)
    async with client_for(wire, "vaw_not_a_key") as client:
        results = await asyncio.gather(
            *(
                client.bulk_update(DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=p)])
                for p in numbers
            ),
            return_exceptions=True,
        )
    assert isinstance(results[0], ConnectionFailed)
    assert all(isinstance(r, AuthenticationFailed) for r in results[1:]), results
    assert wire.calls == 2 and wire.at_start == [1, 1]


async def test_a_server_error_proves_nothing(
    emulator: VoiceAIWrapperEmulator,
) -> None:
    emulator.faults.fail_next(applied=False)
    wire = Slow(emulator.transport())
    numbers = phones(emulator, 5)
    async with client_for(wire, DEMO_KEY) as client:
        results = await asyncio.gather(
            *(
                client.bulk_update(DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=p)])
                for p in numbers
            ),
            return_exceptions=True,
        )
    assert isinstance(results[0], ServerError)
    assert not any(isinstance(r, BaseException) for r in results[1:])
    assert wire.at_start[:3] == [1, 1, 1] and wire.most > 1


async def test_after_a_401_nothing_more_is_sent(
    emulator: VoiceAIWrapperEmulator,
) -> None:
    wire = Slow(emulator.transport())
    (phone,) = phones(emulator, 1)
    async with client_for(wire, "vaw_not_a_key") as client:
        for _ in range(3):
            try:
                await client.bulk_update(
                    DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone)]
                )
            except AuthenticationFailed as error:
                assert error.status == 401
    assert len(emulator.requests) == 1
