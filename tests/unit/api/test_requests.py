"""Request builders: the exact pairs sent, and what is refused before sending."""

from __future__ import annotations

import pytest

from leadtui.api.vicidial.errors import RequestRefused
from leadtui.api.vicidial.redact import MASK, Redactor
from leadtui.api.vicidial.requests import (
    BatchUpdateRequest,
    CallbackSpec,
    LeadQuery,
    UpdateLeadRequest,
)
from leadtui.api.vicidial.search_location import SearchLocation


def test_preview_by_phone_in_a_list() -> None:
    query = LeadQuery(
        phone_number="3125550002", location=SearchLocation.LIST, list_id=101, records=5
    )
    assert UpdateLeadRequest(query=query, no_update=True).form() == [
        ("phone_number", "3125550002"),
        ("search_method", "PHONE_NUMBER"),
        ("search_location", "LIST"),
        ("list_id", "101"),
        ("records", "5"),
        ("no_update", "Y"),
    ]


def test_combined_search_method_follows_server_order() -> None:
    query = LeadQuery(phone_number="3125550002", vendor_lead_code="V1", lead_id=7)
    assert query.search_method == "LEAD_ID_VENDOR_LEAD_CODE_PHONE_NUMBER"


def test_list_scope_with_short_list_id_is_refused() -> None:
    # the server would silently search the whole system instead
    with pytest.raises(RequestRefused, match="whole system"):
        LeadQuery(lead_id=1, location=SearchLocation.CAMPAIGN, list_id=12).form()


def test_edit_with_blank_and_new_phone() -> None:
    request = UpdateLeadRequest(
        query=LeadQuery(lead_id=1030),
        values={"email": "--BLANK--", "first_name": "Ann"},
        new_phone_number="3129990000",
    )
    pairs = request.form()
    assert ("email", "--BLANK--") in pairs
    assert ("phone_number", "3129990000") in pairs and (
        "update_phone_number",
        "Y",
    ) in pairs


def test_phone_change_while_searching_by_phone_is_refused() -> None:
    request = UpdateLeadRequest(
        query=LeadQuery(phone_number="3125550002"), new_phone_number="3125550003"
    )
    with pytest.raises(RequestRefused, match="both the search key"):
        request.form()


def test_values_that_would_crash_the_server_are_refused() -> None:
    request = UpdateLeadRequest(query=LeadQuery(lead_id=5), values={"comments": "C:\\"})
    with pytest.raises(RequestRefused, match="backslash"):
        request.form()


def test_vendor_code_search_with_apostrophe_is_refused() -> None:
    with pytest.raises(RequestRefused, match="apostrophe"):
        LeadQuery(vendor_lead_code="O'B1").form()


def test_unknown_field_is_refused() -> None:
    with pytest.raises(RequestRefused):
        UpdateLeadRequest(query=LeadQuery(lead_id=5), values={"lead_id": "6"}).form()


def test_callback_and_hopper_flags() -> None:
    request = UpdateLeadRequest(
        query=LeadQuery(lead_id=5),
        reset_lead=True,
        add_to_hopper=True,
        hopper_priority=5,
        callback=CallbackSpec(datetime="2DAYS", campaign_id="TESTCAMP"),
    )
    pairs = dict(request.form())
    assert pairs["reset_lead"] == "Y" and pairs["add_to_hopper"] == "Y"
    assert pairs["hopper_priority"] == "5"
    assert pairs["callback"] == "Y" and pairs["callback_datetime"] == "2DAYS"


def test_batch_sends_records_explicitly() -> None:
    request = BatchUpdateRequest(
        lead_ids=(3, 1, 2), values={"status": "DNC"}, records=3
    )
    assert request.form() == [
        ("lead_ids", "3,1,2"),
        ("status", "DNC"),
        ("records", "3"),
    ]


def test_batch_over_its_cap_is_refused() -> None:
    with pytest.raises(RequestRefused, match="silently skip 1"):
        BatchUpdateRequest(lead_ids=(1, 2, 3), values={"status": "X"}, records=2).form()


def test_batch_cannot_change_phone_number() -> None:
    with pytest.raises(RequestRefused):
        BatchUpdateRequest(lead_ids=(1,), values={"entry_list_id": "5"}).form()


def test_batch_duplicates_are_refused() -> None:
    with pytest.raises(RequestRefused, match="repeat"):
        BatchUpdateRequest(lead_ids=(1, 1), values={"status": "X"}).form()


def test_redactor_masks_the_login_line_and_every_form() -> None:
    redact = Redactor("s3cr3t!pw")
    line = "ERROR: Login incorrect, please try again: |6666|s3cr3tpw|BAD|\n"
    assert (
        redact(line) == f"ERROR: Login incorrect, please try again: |6666|{MASK}|BAD|\n"
    )
    assert "s3cr3t" not in redact("failed with s3cr3t!pw and s3cr3tpw")
