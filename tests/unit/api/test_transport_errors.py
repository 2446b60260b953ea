"""Transport failures: only a failure that proves the request never reached the server
is "not sent" (ConnectionFailed); every other one is "outcome unknown".

Each httpx exception class is raised by a fake transport, either instead of sending
or while the body of the answer is being read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.api.voiceaiwrapper import (
    AnswerLost,
    LeadUpdate,
    VoiceAIWrapperClient,
)
from leadtui.api.voiceaiwrapper import (
    ConnectionFailed as VawConnectionFailed,
)
from leadtui.api.voiceaiwrapper import (
    OutcomeUnknown as VawOutcomeUnknown,
)

URL = "http://dialer.test/vicidial/non_agent_api.php"

#: Failures that prove nothing reached the server.
NOT_SENT: list[type[httpx.HTTPError]] = [
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
    httpx.ProxyError,
]
#: Failures after the request may have left: the server may have applied it.
LOST: list[type[httpx.HTTPError]] = [
    httpx.ReadError,
    httpx.WriteError,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.RemoteProtocolError,
    httpx.DecodingError,
    httpx.CloseError,
    httpx.TooManyRedirects,
    httpx.NetworkError,
    httpx.TimeoutException,
    httpx.ProtocolError,
    httpx.TransportError,
    httpx.RequestError,
    httpx.HTTPError,
]


def _build(kind: type[httpx.HTTPError], request: httpx.Request) -> httpx.HTTPError:
    if issubclass(kind, httpx.RequestError):
        return kind("boom", request=request)
    return kind("boom")


class Raising(httpx.AsyncBaseTransport):
    """Raises ``kind`` instead of answering; counts the attempts."""

    def __init__(self, kind: type[httpx.HTTPError]) -> None:
        self.kind = kind
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        raise _build(self.kind, request)


class _BrokenBody(httpx.AsyncByteStream):
    def __init__(self, kind: type[httpx.HTTPError], request: httpx.Request) -> None:
        self.kind = kind
        self.request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"SUCCESS: update_lead LEAD HAS "
        raise _build(self.kind, self.request)


class BreaksWhileReading(httpx.AsyncBaseTransport):
    """Answers 200, then fails while the body is being read."""

    def __init__(self, kind: type[httpx.HTTPError]) -> None:
        self.kind = kind
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return httpx.Response(200, stream=_BrokenBody(self.kind, request))


class BadGzip(httpx.AsyncBaseTransport):
    """A body that claims gzip but is not: httpx fails decoding it while reading."""

    def __init__(self) -> None:
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return httpx.Response(
            200,
            headers={"Content-Encoding": "gzip"},
            content=b"SUCCESS: update_lead LEAD HAS BEEN UPDATED - 6666|1|1|||\n",
        )


def vicidial(
    transport: httpx.AsyncBaseTransport, *, read_retries: int = 2
) -> VicidialClient:
    return VicidialClient(
        URL,
        "6666",
        "s3cret-pw",
        source="test",
        transport=transport,
        read_retries=read_retries,
    )


WRITE = UpdateLeadRequest(query=LeadQuery(lead_id=1020), values={"first_name": "Bo"})


# --- VICIdial ----------------------------------------------------------------


@pytest.mark.parametrize("kind", NOT_SENT, ids=lambda k: k.__name__)
async def test_vicidial_write_not_sent(kind: type[httpx.HTTPError]) -> None:
    wire = Raising(kind)
    async with vicidial(wire) as client:
        with pytest.raises(e.ConnectionFailed) as caught:
            await client.update_lead(WRITE)
    assert caught.value.outcome_known
    assert wire.calls == 1
    assert "s3cret-pw" not in str(caught.value)


@pytest.mark.parametrize("kind", LOST, ids=lambda k: k.__name__)
async def test_vicidial_write_lost_is_outcome_unknown(
    kind: type[httpx.HTTPError],
) -> None:
    wire = Raising(kind)
    async with vicidial(wire) as client:
        with pytest.raises(e.OutcomeUnknown) as caught:
            await client.update_lead(WRITE)
    assert not caught.value.outcome_known
    assert wire.calls == 1  # a write is never sent twice
    assert kind.__name__ in caught.value.message


@pytest.mark.parametrize("kind", LOST, ids=lambda k: k.__name__)
async def test_vicidial_failure_while_reading_the_body_is_outcome_unknown(
    kind: type[httpx.HTTPError],
) -> None:
    wire = BreaksWhileReading(kind)
    async with vicidial(wire) as client:
        with pytest.raises(e.OutcomeUnknown):
            await client.update_lead(WRITE)
    assert wire.calls == 1


async def test_vicidial_undecodable_body_is_outcome_unknown() -> None:
    wire = BadGzip()
    async with vicidial(wire) as client:
        with pytest.raises(e.OutcomeUnknown, match="DecodingError"):
            await client.update_lead(WRITE)
    assert wire.calls == 1


@pytest.mark.parametrize("kind", LOST, ids=lambda k: k.__name__)
async def test_vicidial_read_is_retried_then_fails_as_outcome_unknown(
    kind: type[httpx.HTTPError], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_wait(_: float) -> None:
        return None

    monkeypatch.setattr("leadtui.api.vicidial.client.asyncio.sleep", no_wait)
    wire = Raising(kind)
    async with vicidial(wire, read_retries=2) as client:
        with pytest.raises(e.OutcomeUnknown):
            await client.lead_field_info(1020, "status")
    assert wire.calls == 3


@pytest.mark.parametrize("url", ["http://[::1/x", "http://dialer:99x/api.php"])
async def test_vicidial_url_that_is_not_one_is_said_in_words_and_sends_nothing(
    url: str,
) -> None:
    wire = Raising(httpx.ConnectError)
    client = VicidialClient(url, "6666", "s3cret-pw", source="test", transport=wire)
    async with client:
        with pytest.raises(e.ConnectionFailed, match="Cannot reach the dialer at"):
            await client.update_lead(WRITE)
        with pytest.raises(e.ConnectionFailed, match="Invalid port"):
            await client.version()
    assert wire.calls == 0


# --- VoiceAIWrapper ----------------------------------------------------------


def voice(transport: httpx.AsyncBaseTransport) -> VoiceAIWrapperClient:
    return VoiceAIWrapperClient(
        "https://api.example.test", SecretStr("k3y-t0ken"), transport=transport
    )


ITEMS = [LeadUpdate(phone_number="+14155552671", first_name="Zed")]


@pytest.mark.parametrize("kind", NOT_SENT, ids=lambda k: k.__name__)
async def test_voice_not_sent(kind: type[httpx.HTTPError]) -> None:
    wire = Raising(kind)
    async with voice(wire) as client:
        with pytest.raises(VawConnectionFailed) as caught:
            await client.bulk_update("camp_1", ITEMS)
    assert caught.value.outcome_known
    assert wire.calls == 1


async def test_voice_url_that_is_not_one_is_said_in_words_and_sends_nothing() -> None:
    wire = Raising(httpx.ConnectError)
    client = VoiceAIWrapperClient(
        "https://[::1/api", SecretStr("k3y-t0ken"), transport=wire
    )
    async with client:
        with pytest.raises(VawConnectionFailed, match="Invalid port") as caught:
            await client.bulk_update("camp_1", ITEMS)
    assert caught.value.outcome_known
    assert wire.calls == 0


@pytest.mark.parametrize("kind", LOST, ids=lambda k: k.__name__)
async def test_voice_lost_is_outcome_unknown(kind: type[httpx.HTTPError]) -> None:
    wire = Raising(kind)
    async with voice(wire) as client:
        with pytest.raises(AnswerLost) as caught:
            await client.bulk_update("camp_1", ITEMS)
    assert isinstance(caught.value, VawOutcomeUnknown)
    assert not caught.value.outcome_known
    assert wire.calls == 1


@pytest.mark.parametrize("kind", LOST, ids=lambda k: k.__name__)
async def test_voice_failure_while_reading_the_body_is_outcome_unknown(
    kind: type[httpx.HTTPError],
) -> None:
    wire = BreaksWhileReading(kind)
    async with voice(wire) as client:
        with pytest.raises(AnswerLost):
            await client.bulk_update("camp_1", ITEMS)
    assert wire.calls == 1


async def test_voice_undecodable_body_is_outcome_unknown() -> None:
    wire = BadGzip()
    async with voice(wire) as client:
        with pytest.raises(AnswerLost, match="DecodingError"):
            await client.bulk_update("camp_1", ITEMS)
    assert wire.calls == 1
