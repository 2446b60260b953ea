"""The client's DNC list calls against a server: the emulator here, the upstream
VICIdial in tests/realserver (the same tests, re-collected)."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.dnc_lists import DncChange, DncRequest
from leadtui.emulator import Emulator
from leadtui.emulator.server import EmulatorServer
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.dnc_entries import entry_key
from leadtui.ops.dnc_operations import ADD, plan_dnc, plans_by_lead_campaign, run_dnc
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.recovery import propose_undo
from leadtui.ops.session import Session
from tests.conftest import ClientFactory

FIXTURES = Path(__file__).parents[1] / "fixtures"


async def test_add_twice_then_a_user_who_may_not_delete(
    make_client: ClientFactory,
) -> None:
    client = make_client()
    system = DncRequest(phone_number="3125550040")
    campaign = DncRequest(phone_number="3125550040", campaign_id="TESTCAMP")
    assert (await client.add_dnc_phone(system)).change is DncChange.ADDED
    assert (await client.add_dnc_phone(system)).change is DncChange.ALREADY_LISTED
    # the system list and a campaign's are separate lists
    assert (await client.add_dnc_phone(campaign)).change is DncChange.ADDED
    with pytest.raises(e.PermissionDenied) as denied:
        await client.delete_dnc_phone(system)  # 6666 lacks 'Delete From DNC Lists'
    assert "Delete From DNC Lists" in denied.value.explain()
    assert (await client.add_dnc_phone(system)).change is DncChange.ALREADY_LISTED


async def test_a_check_follows_the_list_as_numbers_come_and_go(
    make_client: ClientFactory,
) -> None:
    client = make_client()
    system = DncRequest(phone_number="3125550042")
    campaign = DncRequest(phone_number="3125550042", campaign_id="ALTCAMP")
    assert not (await client.check_dnc_phone(system)).listed
    assert (await client.add_dnc_phone(campaign)).change is DncChange.ADDED
    # on the campaign's list only
    assert (await client.check_dnc_phone(campaign)).listed
    assert not (await client.check_dnc_phone(system)).listed
    assert (await client.add_dnc_phone(system)).change is DncChange.ADDED
    listing = await client.check_dnc_phone(system)
    assert listing.listed and listing.list_id == "SYSTEM_INTERNAL"
    other = DncRequest(phone_number="3125550042", campaign_id="TESTCAMP")
    assert not (await client.check_dnc_phone(other)).listed


async def test_an_add_operation_then_an_undo_this_user_may_not_do(
    session: Session,
) -> None:
    """Through the engine: checked, added, journaled; the undo needs 'Delete From
    DNC Lists', which 6666 lacks, so it stops with that and changes nothing."""
    numbers = ["3125550045", "3125550046"]
    first = await run_dnc(session, plan_dnc(ADD, numbers))
    assert first.state is OperationState.DONE
    assert {o for o, _ in first.verdicts.values()} == {LeadOutcome.UPDATED}
    again = await run_dnc(session, plan_dnc(ADD, numbers[:1]))
    assert again.verdicts[entry_key(numbers[0])][0] is LeadOutcome.UNCHANGED
    proposal = await propose_undo(session, first.operation_id)
    assert proposal.leads == 2 and proposal.typed_count == 2
    undone = await proposal.run(StopFlag(), None)
    assert undone.state is not OperationState.DONE
    assert "'Delete From DNC Lists' = 1" in undone.error
    for number in numbers:
        listing = await session.client.check_dnc_phone(DncRequest(phone_number=number))
        assert listing.listed


async def test_each_leads_number_on_its_own_campaigns_list(session: Session) -> None:
    plans, missing = await plans_by_lead_campaign(session, [1110, 1111, 99999], ADD)
    assert {p.list_id: p.phones for p in plans} == {
        "ALTCAMP": ("3125550110",),  # lead 1110, list 138
        "TESTCAMP": ("3125550111",),  # lead 1111, list 101
    }
    assert missing == [(99999, "no such lead")]
    for plan in plans:
        result = await run_dnc(session, plan)
        assert {o for o, _ in result.verdicts.values()} == {LeadOutcome.UPDATED}
    on_alt = DncRequest(phone_number="3125550110", campaign_id="ALTCAMP")
    assert (await session.client.check_dnc_phone(on_alt)).listed
    system = DncRequest(phone_number="3125550110")
    assert not (await session.client.check_dnc_phone(system)).listed


async def test_a_user_below_level_8_may_not_check(
    make_client: ClientFactory,
) -> None:
    client = make_client(user="7777")
    with pytest.raises(e.PermissionDenied) as denied:
        await client.check_dnc_phone(DncRequest(phone_number="3125550043"))
    assert "level 8" in denied.value.explain()


async def test_what_the_server_would_mangle_is_never_sent(
    make_client: ClientFactory,
) -> None:
    client = make_client()
    for request in (
        DncRequest(phone_number="312,555,0041"),
        DncRequest(phone_number="3125550041123456789012"),
        DncRequest(phone_number="3125550041", campaign_id="LONGCAMPAIGN"),
        DncRequest(phone_number="(312) 555-0041"),
    ):
        with pytest.raises(e.RequestRefused):
            await client.add_dnc_phone(request)
        with pytest.raises(e.RequestRefused):
            await client.check_dnc_phone(request)
    with pytest.raises(e.RequestRefused):  # 17 digits: may be added, not checked
        await client.check_dnc_phone(DncRequest(phone_number="31255500411234567"))
    assert client.requests_sent == 0


@pytest.mark.emulator_only
async def test_a_user_who_may_delete_takes_numbers_off_each_list() -> None:
    emulator = Emulator.from_dataset(FIXTURES / "dataset-dnc.json")
    with EmulatorServer(emulator) as server:
        from leadtui.api.vicidial.client import VicidialClient

        async with VicidialClient(server.url, "6667", "1234", source="test") as client:
            listed = DncRequest(phone_number="3125550099")  # on the system list
            assert (await client.delete_dnc_phone(listed)).change is DncChange.DELETED
            assert (
                await client.delete_dnc_phone(listed)
            ).change is DncChange.NOT_LISTED
            on_campaign = DncRequest(phone_number="3125550097", campaign_id="TESTCAMP")
            other = DncRequest(phone_number="3125550097", campaign_id="ALTCAMP")
            assert (await client.delete_dnc_phone(other)).change is DncChange.NOT_LISTED
            assert (
                await client.delete_dnc_phone(on_campaign)
            ).change is DncChange.DELETED
            assert (await client.add_dnc_phone(on_campaign)).change is DncChange.ADDED
