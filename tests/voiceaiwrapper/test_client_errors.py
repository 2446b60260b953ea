"""The client against the emulator's failures: throttling, refusals, errors and lost answers
(over a loopback socket and in process)."""

from __future__ import annotations

import socket

import pytest
from pydantic import SecretStr

from leadtui.api.voiceaiwrapper import (
    AnswerLost,
    AuthenticationFailed,
    CampaignNotFound,
    ConnectionFailed,
    Forbidden,
    LeadUpdate,
    RateLimited,
    ServerError,
    VoiceAIWrapperClient,
)
from leadtui.emulator.voiceaiwrapper import (
    DEMO_CAMPAIGN_ID,
    DEMO_KEY,
    DISABLED_KEY,
    OTHER_CAMPAIGN_ID,
    VoiceAIWrapperEmulator,
    VoiceAIWrapperServer,
)
from tests.voiceaiwrapper.conftest import (
    NOW,
    UNKNOWN_PHONE,
    Connect,
    Sleeps,
    lead,
    phones,
)


async def test_429_is_retried_after_the_seconds_asked(
    connect: Connect, emulator: VoiceAIWrapperEmulator, sleeps: Sleeps
) -> None:
    (phone,) = phones(emulator, 1)
    emulator.faults.rate_limit(2, retry_after=7)
    async with connect() as client:
        response = await client.bulk_update(
            DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone, first_name="Ann")]
        )
    assert response.results[0].success is True
    assert sleeps == [7.0, 7.0]
    assert [r.status for r in emulator.requests] == [429, 429, 200]
    assert client.requests_sent == 3


async def test_429_http_date_is_measured_from_the_answers_date(
    connect: Connect, emulator: VoiceAIWrapperEmulator, sleeps: Sleeps
) -> None:
    (phone,) = phones(emulator, 1)
    emulator.faults.rate_limit(1, retry_after=12, as_date=True)
    async with connect(clock=lambda: NOW + 3600) as client:  # skewed local clock
        response = await client.bulk_update(
            DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone)]
        )
    assert response.results[0].success is True
    assert sleeps == [12.0]


async def test_429_without_retry_after_backs_off(
    connect: Connect, emulator: VoiceAIWrapperEmulator, sleeps: Sleeps
) -> None:
    (phone,) = phones(emulator, 1)
    emulator.faults.rate_limit(3, retry_after=None)
    async with connect() as client:
        await client.bulk_update(DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone)])
    assert sleeps == [1.0, 2.0, 4.0]


async def test_429_gives_up_after_the_retry_limit(
    connect: Connect, emulator: VoiceAIWrapperEmulator, sleeps: Sleeps
) -> None:
    (phone,) = phones(emulator, 1)
    emulator.faults.rate_limit(10, retry_after=2)
    async with connect(max_retries_429=2) as client:
        with pytest.raises(RateLimited) as caught:
            await client.bulk_update(DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone)])
    assert caught.value.retry_after == 2.0
    assert caught.value.attempts == 3
    assert caught.value.outcome_known
    assert sleeps == [2.0, 2.0]
    assert len(emulator.requests) == 3


async def test_429_asking_too_long_a_wait_is_reported_not_waited(
    connect: Connect, emulator: VoiceAIWrapperEmulator, sleeps: Sleeps
) -> None:
    (phone,) = phones(emulator, 1)
    emulator.faults.rate_limit(1, retry_after=3600)
    async with connect(max_retry_after=60) as client:
        with pytest.raises(RateLimited, match="wait 3600 seconds"):
            await client.bulk_update(DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone)])
    assert sleeps == []
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("key", ["vaw_not_a_key", DISABLED_KEY])
async def test_401_is_never_retried(
    connect: Connect, emulator: VoiceAIWrapperEmulator, sleeps: Sleeps, key: str
) -> None:
    (phone,) = phones(emulator, 1)
    async with connect(key=key) as client:
        with pytest.raises(AuthenticationFailed) as caught:
            await client.bulk_update(DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone)])
    assert len(emulator.requests) == 1
    assert sleeps == []
    assert caught.value.status == 401
    assert caught.value.outcome_known and caught.value.permanent
    assert "Settings → API Keys" in caught.value.explain()


async def test_403_for_another_workspaces_campaign(
    connect: Connect, emulator: VoiceAIWrapperEmulator
) -> None:
    phone = next(iter(emulator.campaigns[OTHER_CAMPAIGN_ID].leads))
    async with connect() as client:
        with pytest.raises(Forbidden) as caught:
            await client.bulk_update(
                OTHER_CAMPAIGN_ID, [LeadUpdate(phone_number=phone)]
            )
    assert caught.value.campaign_id == OTHER_CAMPAIGN_ID
    assert OTHER_CAMPAIGN_ID in caught.value.explain()
    assert len(emulator.requests) == 1


async def test_404_unknown_campaign(
    connect: Connect, emulator: VoiceAIWrapperEmulator
) -> None:
    async with connect() as client:
        with pytest.raises(CampaignNotFound, match="camp_missing was not found"):
            await client.bulk_update(
                "camp_missing", [LeadUpdate(phone_number=UNKNOWN_PHONE)]
            )
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("applied", [False, True])
async def test_5xx_is_outcome_unknown_and_not_retried(
    connect: Connect, emulator: VoiceAIWrapperEmulator, sleeps: Sleeps, applied: bool
) -> None:
    (phone,) = phones(emulator, 1)
    emulator.faults.fail_next(applied=applied)
    async with connect() as client:
        with pytest.raises(ServerError) as caught:
            await client.bulk_update(
                DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone, first_name="Zed")]
            )
    assert caught.value.status == 500
    assert not caught.value.outcome_known
    assert "may or may not have been applied" in caught.value.explain()
    assert len(emulator.requests) == 1 and sleeps == []
    assert (lead(emulator, phone).first_name == "Zed") is applied


@pytest.mark.parametrize("applied", [False, True])
async def test_a_lost_answer_is_outcome_unknown(
    connect: Connect, emulator: VoiceAIWrapperEmulator, applied: bool
) -> None:
    (phone,) = phones(emulator, 1)
    emulator.faults.hang_up_next(applied=applied)
    async with connect() as client:
        with pytest.raises(AnswerLost) as caught:
            await client.bulk_update(
                DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone, first_name="Zed")]
            )
    assert not caught.value.outcome_known
    assert len(emulator.requests) == 1
    assert (lead(emulator, phone).first_name == "Zed") is applied


async def test_a_timeout_after_sending_is_outcome_unknown(
    emulator: VoiceAIWrapperEmulator,
) -> None:
    (phone,) = phones(emulator, 1)
    emulator.faults.delay_next(1.0)
    with VoiceAIWrapperServer(emulator) as server:
        async with VoiceAIWrapperClient(
            server.url, SecretStr(DEMO_KEY), timeout=0.1
        ) as client:
            with pytest.raises(AnswerLost, match="ReadTimeout"):
                await client.bulk_update(
                    DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone, first_name="Zed")]
                )
    assert lead(emulator, phone).first_name == "Zed"


async def test_connection_refused_is_not_sent() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with VoiceAIWrapperClient(
        f"http://127.0.0.1:{port}", SecretStr("k3y-t0ken")
    ) as client:
        with pytest.raises(ConnectionFailed) as caught:
            await client.bulk_update(
                DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=UNKNOWN_PHONE)]
            )
    assert caught.value.outcome_known and not caught.value.permanent
    assert "Nothing was sent" in caught.value.explain()
