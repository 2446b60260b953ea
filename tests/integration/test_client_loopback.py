"""The async client against the emulator on a real loopback socket."""

from __future__ import annotations

import pytest

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.requests import (
    BatchUpdateRequest,
    LeadQuery,
    UpdateLeadRequest,
)
from leadtui.api.vicidial.search_location import SearchLocation
from tests.conftest import ClientFactory
from tests.support import RecordingTransport


async def test_version(client: VicidialClient) -> None:
    info = await client.version()
    assert (info.version, info.build) == ("2.14-202", "250720-1841")


async def test_preview_finds_the_newest_match(client: VicidialClient) -> None:
    query = LeadQuery(phone_number="3125550010", records=5)
    outcome = await client.update_lead(UpdateLeadRequest(query=query, no_update=True))
    assert outcome.preview is not None and outcome.preview.lead_id == 1470


async def test_list_scope(client: VicidialClient) -> None:
    query = LeadQuery(
        phone_number="3125550002", location=SearchLocation.LIST, list_id=101
    )
    outcome = await client.update_lead(UpdateLeadRequest(query=query, no_update=True))
    assert outcome.preview is not None and outcome.preview.lead_id == 1462


async def test_edit_then_read_back(client: VicidialClient) -> None:
    request = UpdateLeadRequest(
        query=LeadQuery(lead_id=1020),
        values={
            "first_name": "Bob",
            "email": "bob+x@example.com",
            "comments": "a|b\nc",
        },
    )
    outcome = await client.update_lead(request)
    assert [u.affected for u in outcome.updated] == [1]
    [lead] = await client.lead_all_info(lead_id=1020)
    assert (lead.first_name, lead.email, lead.comments) == (
        "Bob",
        "bob x@example.com",
        "a|b!Nc",
    )


async def test_blank_clears(client: VicidialClient) -> None:
    await client.update_lead(
        UpdateLeadRequest(query=LeadQuery(lead_id=1021), values={"email": "--BLANK--"})
    )
    assert (await client.lead_field_info(1021, "email")).value == ""


async def test_batch_partial_and_capped(client: VicidialClient) -> None:
    request = BatchUpdateRequest(
        lead_ids=(1110, 1111, 99999), values={"status": "NA"}, records=3
    )
    outcome = await client.batch_update_lead(request)
    assert outcome.found_ids == (1111, 1110)


async def test_delete_then_gone(client: VicidialClient) -> None:
    outcome = await client.update_lead(
        UpdateLeadRequest(query=LeadQuery(lead_id=1040), delete_lead=True)
    )
    assert outcome.deleted[0].lead_id == 1040
    with pytest.raises(e.LeadNotFound):
        await client.lead_all_info(lead_id=1040)


async def test_reset_and_hopper(client: VicidialClient) -> None:
    await client.update_lead(
        UpdateLeadRequest(
            query=LeadQuery(lead_id=1044), reset_lead=True, values={"called_count": "0"}
        )
    )
    assert (await client.lead_field_info(1044, "called_since_last_reset")).value == "N"
    added = await client.update_lead(
        UpdateLeadRequest(
            query=LeadQuery(lead_id=1050), no_update=True, add_to_hopper=True
        )
    )
    again = await client.update_lead(
        UpdateLeadRequest(
            query=LeadQuery(lead_id=1050), no_update=True, add_to_hopper=True
        )
    )
    assert [line.action for line in added.lines[1:]] == ["added"]  # type: ignore[union-attr]
    assert "already in the hopper" in again.lines[1].reason  # type: ignore[union-attr]


async def test_search_by_phone_lists_every_lead(client: VicidialClient) -> None:
    hits = await client.lead_search(phone_numbers=["3125550013"])
    assert hits[0].lead_ids == (1473, 1013)


@pytest.mark.parametrize(
    ("user", "call", "error"),
    [
        ("7777", "update", e.PermissionDenied),
        ("7777", "batch", e.PermissionDenied),
        ("5555", "update", e.PermissionDenied),
        ("4444", "update", e.FunctionNotAllowed),
        ("4444", "batch", e.FunctionNotAllowed),
    ],
)
async def test_permission_errors_name_the_flag(
    make_client: ClientFactory, user: str, call: str, error: type[e.VicidialError]
) -> None:
    client = make_client(user=user)
    with pytest.raises(error) as caught:
        if call == "update":
            await client.update_lead(
                UpdateLeadRequest(
                    query=LeadQuery(lead_id=1010), values={"first_name": "X"}
                )
            )
        else:
            await client.batch_update_lead(
                BatchUpdateRequest(lead_ids=(1010,), values={"status": "X"})
            )
    text = caught.value.explain()
    assert user in text
    assert (
        ("Modify Leads" in text)
        if error is e.PermissionDenied
        else ("API Allowed Functions" in text)
    )


async def test_restricted_user_is_told_which_list(make_client: ClientFactory) -> None:
    client = make_client(user="8888")
    with pytest.raises(e.NotAllowedList) as caught:
        await client.update_lead(
            UpdateLeadRequest(query=LeadQuery(lead_id=1002), values={"first_name": "X"})
        )
    assert caught.value.list_id == "138" and "list 138" in caught.value.explain()


async def test_failed_login_is_not_retried_and_the_password_is_nowhere(
    make_client: ClientFactory,
) -> None:
    wire = RecordingTransport()
    client = make_client(password="Wr0ng-Secret", transport=wire)
    with pytest.raises(e.LoginFailed) as caught:
        await client.lead_all_info(lead_id=1010)
    for text in (
        str(caught.value),
        caught.value.raw,
        repr(caught.value),
        caught.value.explain(),
    ):
        assert "Wr0ng-Secret" not in text and "Wr0ngSecret" not in text
    with pytest.raises(e.LoginFailed):
        await client.lead_field_info(1010, "status")  # refused locally: nothing sent
    assert len(wire.sent) == 1 and client.requests_sent == 1
    request = wire.sent[0]
    assert request.method == "POST" and not request.url.query
    assert b"pass=Wr0ng-Secret" in request.content


async def test_crash_is_outcome_unknown(client: VicidialClient) -> None:
    with pytest.raises(e.OutcomeUnknown) as caught:
        await client.lead_all_info(
            lead_id=1009
        )  # an O'Brien: the server's log insert breaks
    assert caught.value.status == 500 and not caught.value.outcome_known


async def test_field_read_survives_the_apostrophe_crash(client: VicidialClient) -> None:
    value = await client.lead_field_info(1009, "last_name")
    assert value.value == "O'Brien" and value.server_crashed_after


async def test_connection_refused_is_reported_not_sent() -> None:
    client = VicidialClient(
        "http://127.0.0.1:9/vicidial/non_agent_api.php", "6666", "1234", read_retries=0
    )
    with pytest.raises(e.ConnectionFailed):
        await client.version()
    await client.aclose()


async def test_credentials_travel_in_the_body_last_field_is_function(
    make_client: ClientFactory,
) -> None:
    wire = RecordingTransport()
    client = make_client(transport=wire)
    await client.update_lead(
        UpdateLeadRequest(query=LeadQuery(lead_id=1020), values={"last_name": "O'Neil"})
    )
    request = wire.sent[0]
    assert request.url.path == "/vicidial/non_agent_api.php" and not request.url.query
    assert request.content.endswith(b"&function=update_lead")
    assert (await client.lead_field_info(1020, "last_name")).value == "O'Neil"
