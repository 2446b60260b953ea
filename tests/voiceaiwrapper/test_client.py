"""The client against the emulator, over a loopback socket and in process."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from pydantic import SecretStr

from leadtui.api.voiceaiwrapper import (
    ItemOutcome,
    LeadRemoval,
    LeadUpdate,
    RequestRefused,
    VoiceAIWrapperClient,
)
from leadtui.emulator.voiceaiwrapper import (
    DEMO_CAMPAIGN_ID,
    DEMO_KEY,
    Campaign,
    StoredLead,
    VoiceAIWrapperEmulator,
)
from tests.voiceaiwrapper.conftest import (
    UNKNOWN_PHONE,
    Connect,
    lead,
    phones,
)


async def test_mixed_results_in_one_request(
    connect: Connect, emulator: VoiceAIWrapperEmulator
) -> None:
    first, second = phones(emulator, 2)
    items = [
        LeadUpdate(phone_number=first, first_name="Jane", last_name="Smith"),
        LeadUpdate(phone_number=UNKNOWN_PHONE, do_not_call=True),
        LeadUpdate(
            phone_number=second, do_not_call=True, custom_fields={"plan": "pro"}
        ),
    ]
    async with connect() as client:
        response = await client.bulk_update(DEMO_CAMPAIGN_ID, items)
    assert response.status == "success"
    assert response.message == "Bulk lead update completed"
    assert [
        (r.index, r.phone_number, r.success, r.message) for r in response.results
    ] == [
        (0, first, True, "Lead updated successfully"),
        (1, UNKNOWN_PHONE, False, "Lead not found"),
        (2, second, True, "Lead updated successfully"),
    ]
    assert [r.index for r in response.succeeded] == [0, 2]
    assert [r.index for r in response.failed] == [1]
    assert response.all_known
    assert (lead(emulator, first).first_name, lead(emulator, first).last_name) == (
        "Jane",
        "Smith",
    )
    assert lead(emulator, second).do_not_call is True
    assert lead(emulator, second).custom_fields["plan"] == "pro"
    assert client.requests_sent == client.count_requests == 1


async def test_the_body_omits_unset_fields(
    connect: Connect, emulator: VoiceAIWrapperEmulator
) -> None:
    (phone,) = phones(emulator, 1)
    before = lead(emulator, phone).first_name
    async with connect() as client:
        response = await client.bulk_update(
            DEMO_CAMPAIGN_ID, [LeadUpdate(phone_number=phone, do_not_call=True)]
        )
    assert response.results[0].success is True
    assert emulator.requests[-1].json() == [
        {"phone_number": phone, "do_not_call": True}
    ]
    assert lead(emulator, phone).first_name == before


async def test_numbers_typed_locally_reach_the_server_as_e164(
    connect: Connect, emulator: VoiceAIWrapperEmulator
) -> None:
    campaign = emulator.campaigns[DEMO_CAMPAIGN_ID]
    campaign.add(StoredLead(campaign.next_lead_id(), "+12025550142", first_name="Old"))
    async with connect() as client:
        response = await client.bulk_update(
            DEMO_CAMPAIGN_ID,
            [LeadUpdate(phone_number="(202) 555-0142", first_name="New")],
        )
    assert response.results[0].phone_number == "+12025550142"
    assert response.results[0].success is True
    assert campaign.leads["+12025550142"].first_name == "New"


async def test_mark_as_unanswered_resets_answered_leads(
    connect: Connect, emulator: VoiceAIWrapperEmulator
) -> None:
    leads = emulator.campaigns[DEMO_CAMPAIGN_ID].leads.values()
    answered = next(x.phone_number for x in leads if x.answered)
    async with connect() as client:
        await client.bulk_update(
            DEMO_CAMPAIGN_ID,
            [LeadUpdate(phone_number=answered, mark_as_unanswered=True)],
        )
    assert lead(emulator, answered).answered is False


async def test_a_missing_results_entry_is_unknown_for_that_item(
    connect: Connect, emulator: VoiceAIWrapperEmulator
) -> None:
    items = [LeadUpdate(phone_number=p, first_name="Zed") for p in phones(emulator, 3)]
    emulator.faults.drop_results(1)
    async with connect() as client:
        response = await client.bulk_update(DEMO_CAMPAIGN_ID, items)
    assert [r.outcome for r in response.results] == [
        ItemOutcome.SUCCEEDED,
        ItemOutcome.UNKNOWN,
        ItemOutcome.SUCCEEDED,
    ]
    assert response.unknown[0].phone_number == items[1].phone_number
    assert "may or may not" in response.unknown[0].message
    assert not response.all_known


async def test_empty_and_duplicate_requests_are_refused_unsent(
    connect: Connect, emulator: VoiceAIWrapperEmulator
) -> None:
    async with connect() as client:
        with pytest.raises(RequestRefused, match="no leads"):
            await client.bulk_update(DEMO_CAMPAIGN_ID, [])
        twice = [
            LeadUpdate(phone_number="+14155552671"),
            LeadUpdate(phone_number="(415) 555-2671", do_not_call=True),
        ]
        with pytest.raises(
            RequestRefused, match=r"\+14155552671 appears twice \(items 0 and 1\)"
        ):
            await client.bulk_update(DEMO_CAMPAIGN_ID, twice)
        with pytest.raises(RequestRefused, match="no campaign"):
            await client.bulk_update(" ", [LeadUpdate(phone_number=UNKNOWN_PHONE)])
    assert emulator.requests == []
    assert client.requests_sent == 0


async def test_campaign_ids_are_quoted_into_the_path(
    connect: Connect, emulator: VoiceAIWrapperEmulator
) -> None:
    campaign_id = "Vm9pY2VDYW1w/YWlnbj+=="
    campaign = emulator.add_campaign(Campaign(campaign_id, "tenant_demo"))
    campaign.add(StoredLead(campaign.next_lead_id(), "+12125550100"))
    async with connect() as client:
        response = await client.bulk_update(
            campaign_id, [LeadUpdate(phone_number="+12125550100", first_name="Q")]
        )
    assert response.results[0].success is True
    assert campaign.leads["+12125550100"].first_name == "Q"


async def test_bulk_remove_by_phone_and_by_lead_id(
    connect: Connect, emulator: VoiceAIWrapperEmulator
) -> None:
    first, second = phones(emulator, 2)
    second_id = lead(emulator, second).campaign_lead_id
    items = [
        LeadRemoval(phone_number=first),
        LeadRemoval(campaign_lead_id=second_id),
        LeadRemoval(phone_number=UNKNOWN_PHONE),
    ]
    async with connect() as client:
        response = await client.bulk_remove(DEMO_CAMPAIGN_ID, items)
    assert response.message == "Bulk lead removal completed"
    assert [(r.success, r.message) for r in response.results] == [
        (True, "Lead removed successfully"),
        (True, "Lead removed successfully"),
        (False, "Lead not found"),
    ]
    assert response.results[1].campaign_lead_id == second_id
    leads = emulator.campaigns[DEMO_CAMPAIGN_ID].leads
    assert first not in leads and second not in leads


class _Counting(httpx.AsyncBaseTransport):
    """Wraps a transport; records the most requests in flight at once."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.in_flight = self.peak = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(0.01)
            return await self.inner.handle_async_request(request)
        finally:
            self.in_flight -= 1


async def test_concurrency_is_bounded(emulator: VoiceAIWrapperEmulator) -> None:
    counting = _Counting(emulator.transport())
    batches = [[LeadUpdate(phone_number=p)] for p in phones(emulator, 6)]
    async with VoiceAIWrapperClient(
        "http://emulator", SecretStr(DEMO_KEY), concurrency=2, transport=counting
    ) as client:
        await asyncio.gather(
            *(client.bulk_update(DEMO_CAMPAIGN_ID, b) for b in batches)
        )
    assert len(emulator.requests) == 6
    assert counting.peak == 2
