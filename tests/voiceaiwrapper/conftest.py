"""Fixtures: a seeded emulator with a fixed clock, served in process or on loopback."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from leadtui.api.voiceaiwrapper import VoiceAIWrapperClient
from leadtui.emulator.voiceaiwrapper import (
    DEMO_CAMPAIGN_ID,
    DEMO_KEY,
    StoredLead,
    VoiceAIWrapperEmulator,
    VoiceAIWrapperServer,
)

#: A phone number no demo lead has.
UNKNOWN_PHONE = "+14155552671"
#: 2026-11-18 11:13:20 UTC, a whole second so HTTP-dates are exact.
NOW = 1_795_000_400.0


class Sleeps(list[float]):
    """An instant ``sleep`` that records each delay asked for."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def emulator() -> VoiceAIWrapperEmulator:
    return VoiceAIWrapperEmulator.demo(leads=60, clock=lambda: NOW)


@dataclass
class Endpoint:
    url: str
    transport: httpx.AsyncBaseTransport | None


@pytest.fixture(params=["loopback", "in_process"])
def endpoint(
    request: pytest.FixtureRequest, emulator: VoiceAIWrapperEmulator
) -> Iterator[Endpoint]:
    if request.param == "loopback":
        with VoiceAIWrapperServer(emulator) as server:
            yield Endpoint(server.url, None)
    else:
        yield Endpoint("http://emulator", emulator.transport())


Connect = Callable[..., VoiceAIWrapperClient]


@pytest.fixture
def connect(endpoint: Endpoint, sleeps: Sleeps) -> Connect:
    """``async with connect() as client`` (or ``connect(key=..., timeout=...)``)."""

    def make(key: str = DEMO_KEY, **options: Any) -> VoiceAIWrapperClient:
        options.setdefault("timeout", 5.0)
        options.setdefault("clock", lambda: NOW)
        return VoiceAIWrapperClient(
            endpoint.url,
            SecretStr(key),
            transport=endpoint.transport,
            sleep=sleeps,
            **options,
        )

    return make


@dataclass
class Canned:
    """A transport answering each request with the next canned reply."""

    replies: list[httpx.Response]
    seen: list[httpx.Request] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        def answer(request: httpx.Request) -> httpx.Response:
            request.read()
            self.seen.append(request)
            return self.replies.pop(0)

        return httpx.MockTransport(answer)

    def bodies(self) -> list[Any]:
        return [json.loads(request.content) for request in self.seen]


def reply(status: int, body: object = None, **headers: str) -> httpx.Response:
    """A canned answer: ``body`` as JSON unless it is str (sent as is)."""
    content = body if isinstance(body, str) else json.dumps(body)
    return httpx.Response(status, content=content.encode(), headers=headers)


def canned_client(
    *replies: httpx.Response, token: str = DEMO_KEY, **options: Any
) -> tuple[VoiceAIWrapperClient, Canned]:
    canned = Canned(list(replies))
    client = VoiceAIWrapperClient(
        "https://api.example.test",
        SecretStr(token),
        transport=canned.transport(),
        sleep=options.pop("sleep", Sleeps()),
        clock=lambda: NOW,
        **options,
    )
    return client, canned


def phones(emulator: VoiceAIWrapperEmulator, count: int) -> list[str]:
    return list(emulator.campaigns[DEMO_CAMPAIGN_ID].leads)[:count]


def lead(emulator: VoiceAIWrapperEmulator, phone: str) -> StoredLead:
    return emulator.campaigns[DEMO_CAMPAIGN_ID].leads[phone]
