"""The API key never shows: not in errors, reprs, tracebacks or log lines."""

from __future__ import annotations

import logging
import socket
import traceback

import httpx
import pytest
from pydantic import SecretStr

from leadtui.api.voiceaiwrapper import (
    LeadUpdate,
    VoiceAIWrapperClient,
    VoiceAIWrapperError,
)
from leadtui.emulator.voiceaiwrapper import (
    DEMO_CAMPAIGN_ID,
    DEMO_KEY,
    VoiceAIWrapperEmulator,
    VoiceAIWrapperServer,
)
from tests.voiceaiwrapper.conftest import canned_client, reply

TOKEN = "vaw_s3cr3t_Zq8pL2mX9wR4"
ITEMS = [LeadUpdate(phone_number="+14155552671")]


def shown(error: BaseException) -> str:
    """Every text a caller could print for the error."""
    parts = [
        str(error),
        repr(error),
        repr(error.args),
        *traceback.format_exception(error),
    ]
    if isinstance(error, VoiceAIWrapperError):
        parts += [error.explain(), repr(vars(error))]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "answer",
    [
        reply(401, {"detail": f"Invalid token {TOKEN}"}),
        reply(403, {"detail": f"Bearer {TOKEN} may not"}),
        reply(404, f"no route for Bearer {TOKEN}"),
        reply(422, {"detail": [{"loc": ["header"], "msg": f"bad {TOKEN}"}]}),
        reply(429, {"detail": TOKEN}, **{"Retry-After": "9999"}),
        reply(500, f"<pre>Authorization: Bearer {TOKEN}</pre>"),
        reply(200, f"ok {TOKEN}"),
        reply(418, {"message": TOKEN}),
    ],
    ids=lambda r: str(r.status_code),
)
async def test_an_echoed_key_is_masked_in_errors(answer: httpx.Response) -> None:
    client, _ = canned_client(answer, token=TOKEN)
    async with client:
        with pytest.raises(VoiceAIWrapperError) as caught:
            await client.bulk_update("camp_1", ITEMS)
    text = shown(caught.value)
    assert TOKEN not in text
    assert "********" in text


async def test_transport_errors_do_not_show_the_key() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with VoiceAIWrapperClient(
        f"http://127.0.0.1:{port}", SecretStr(TOKEN)
    ) as client:
        with pytest.raises(VoiceAIWrapperError) as caught:
            await client.bulk_update("camp_1", ITEMS)
    assert TOKEN not in shown(caught.value)


async def test_lost_answers_do_not_show_the_key() -> None:
    emulator = VoiceAIWrapperEmulator.demo(leads=5)
    emulator.faults.hang_up_next(applied=True)
    client = VoiceAIWrapperClient(
        "http://emulator", SecretStr(DEMO_KEY), transport=emulator.transport()
    )
    async with client:
        with pytest.raises(VoiceAIWrapperError) as caught:
            await client.bulk_update(DEMO_CAMPAIGN_ID, ITEMS)
    assert DEMO_KEY not in shown(caught.value)


def test_the_client_does_not_show_the_key() -> None:
    client = VoiceAIWrapperClient("https://api.example.test", SecretStr(TOKEN))
    assert TOKEN not in repr(client)
    assert TOKEN not in str(client)
    assert TOKEN not in repr(vars(client))
    assert client.mask(f"Bearer {TOKEN}.") == "Bearer ********."


def test_a_bad_key_is_refused_without_showing_it() -> None:
    with pytest.raises(ValueError) as caught:
        VoiceAIWrapperClient("https://api.example.test", SecretStr("two words"))
    assert "two words" not in str(caught.value)


async def test_log_lines_do_not_show_the_key(caplog: pytest.LogCaptureFixture) -> None:
    emulator = VoiceAIWrapperEmulator.demo(leads=5)
    phone = next(iter(emulator.campaigns[DEMO_CAMPAIGN_ID].leads))
    emulator.faults.rate_limit(1, retry_after=0)
    caplog.set_level(logging.DEBUG)
    with VoiceAIWrapperServer(emulator) as server:
        async with VoiceAIWrapperClient(server.url, SecretStr(DEMO_KEY)) as client:
            await client.bulk_update(DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone)])
            with pytest.raises(VoiceAIWrapperError):
                await client.bulk_update("camp_missing", ITEMS)
    assert any(r.name == "leadtui.api.voiceaiwrapper" for r in caplog.records)
    assert any(r.name.startswith("httpcore") for r in caplog.records)
    for record in caplog.records:
        assert DEMO_KEY not in record.getMessage()
        assert DEMO_KEY not in repr(record.args)
