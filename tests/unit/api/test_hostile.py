"""Hostile input: no parser crashes, every failure is typed and explained, and
nothing leadtui sends can break the server's SQL.

Each property runs ~200 examples in the default suite and 5,000 in the slow
run: ``pytest -m slow tests/unit/api/test_hostile.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.fields import LEAD_FIELDS, LeadField
from leadtui.api.vicidial.parse_lead_all_info import HEADER, parse_lead_all_info
from leadtui.api.vicidial.parse_reads import (
    parse_lead_callback_info,
    parse_lead_field_info,
    parse_lead_search,
    parse_list_custom_fields,
    parse_list_info,
    parse_version,
)
from leadtui.api.vicidial.parse_writes import parse_batch_update_lead, parse_update_lead
from leadtui.api.vicidial.preview import would_store
from leadtui.api.vicidial.requests import (
    BatchUpdateRequest,
    LeadQuery,
    UpdateLeadRequest,
)
from leadtui.emulator import Emulator, FixedClock
from leadtui.ops.idlist import parse_id_text
from tests.emulator.cases import request_of
from tests.transcripts import DATASET

FRAGMENTS = [
    "SUCCESS: update_lead LEAD HAS BEEN UPDATED - ",
    "SUCCESS: batch_update_lead LEADS HAVE BEEN UPDATED - ",
    "NOTICE: update_lead LEADS FOUND IN THE SYSTEM: |",
    "NOTICE: update_lead ADDED TO HOPPER - ",
    "NOTICE: update_lead SCHEDULED CALLBACK DELETED - ",
    "ERROR: update_lead NO MATCHES FOUND IN THE SYSTEM: |",
    "ERROR: Login incorrect, please try again: |",
    "ERROR: update_lead NOT AN ALLOWED LIST ID, RESULTS - ",
    "ERROR: lead_field_info LEAD NOT FOUND: ",
    "VERSION: 2.14-202|BUILD: ",
    "search_keyrecords_foundlead_ids",
    "list_id|list_name|campaign_id|active",
    HEADER,
    "6666",
    "1010",
    "|",
    "||",
    "-",
    ",",
    "\n",
    "\r",
    "\t",
    "0",
    "-1",
    "BAD",
    "'",
    "\\",
]
BODIES = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=20
).map("".join)
STATUSES = st.sampled_from([200, 200, 200, 500, 502, 404, 418])

PARSERS: dict[str, Callable[[str, int], Any]] = {
    "update_lead": parse_update_lead,
    "batch_update_lead": parse_batch_update_lead,
    "lead_all_info": parse_lead_all_info,
    "lead_field_info": lambda body, status: parse_lead_field_info(
        body, status, lead_id=1, field="status"
    ),
    "lead_search": parse_lead_search,
    "list_info": parse_list_info,
    "list_custom_fields": parse_list_custom_fields,
    "lead_callback_info": parse_lead_callback_info,
    "version": parse_version,
}

FAST = settings(max_examples=200, deadline=None)
SLOW = settings(max_examples=5000, deadline=None)


def parsers_never_crash(name: str, body: str, status: int) -> None:
    try:
        result = PARSERS[name](body, status)
    except e.VicidialError as error:
        assert error.explain().strip()
        assert isinstance(error.raw, str)
        if status >= 500 and name != "lead_field_info":
            assert not error.outcome_known
        return
    assert result is not None


def ids_are_safe(text: str) -> None:
    ids = parse_id_text(text)
    assert all(t.reason for t in ids.invalid)
    if ids.valid:
        chunk = ids.valid[:1000]
        pairs = dict(BatchUpdateRequest(lead_ids=chunk, values={"status": "X"}).form())
        parts = pairs["lead_ids"].split(",")
        assert all(
            part.isdigit() and part.isascii() for part in parts
        )  # no empty element
        assert [int(p) for p in parts] == list(chunk)


_EMULATOR = Emulator.from_dataset(DATASET, now=FixedClock("2026-11-24 10:00:00"))
HOSTILE_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
        st.sampled_from(list("'\"\\|&+;#\n\r\t%_")),
    ),
    max_size=300,
)


def sent_values_never_crash_the_server(field: LeadField, value: str) -> None:
    preview = would_store(field.param, value)  # the operator sees this before sending
    assert preview.param == field.param
    if field.param == "phone_number":
        request = UpdateLeadRequest(
            query=LeadQuery(lead_id=1100), new_phone_number=value
        )
    else:
        request = UpdateLeadRequest(
            query=LeadQuery(lead_id=1100), values={field.param: value}
        )
    try:
        pairs = request.form()
    except e.RequestRefused:
        return
    params = {
        "source": "test",
        "user": "6666",
        "pass": "1234",
        **dict(pairs),
        "function": "update_lead",
    }
    status, _, body = _EMULATOR.handle(
        *request_of({"method": "POST", "params": params})
    )
    assert status == 200, (field.param, value, body)


@FAST
@given(name=st.sampled_from(sorted(PARSERS)), body=BODIES, status=STATUSES)
def test_parsers_type_every_failure(name: str, body: str, status: int) -> None:
    parsers_never_crash(name, body, status)


@FAST
@given(text=st.text(max_size=400))
def test_id_lists_never_send_a_broken_list(text: str) -> None:
    ids_are_safe(text)


@FAST
@given(field=st.sampled_from(LEAD_FIELDS), value=HOSTILE_TEXT)
def test_values_leadtui_sends_never_crash_the_server(
    field: LeadField, value: str
) -> None:
    sent_values_never_crash_the_server(field, value)


def test_ten_kilobyte_values_are_previewed_and_cut() -> None:
    for field in LEAD_FIELDS:
        result = would_store(field.param, "é'|&+\\n" * 1500)
        assert result.stored is None or len(result.stored) <= max(field.length, 20)


@pytest.mark.slow
@SLOW
@given(name=st.sampled_from(sorted(PARSERS)), body=BODIES, status=STATUSES)
def test_parsers_type_every_failure_thoroughly(
    name: str, body: str, status: int
) -> None:
    parsers_never_crash(name, body, status)


@pytest.mark.slow
@SLOW
@given(text=st.text(max_size=2000))
def test_id_lists_thoroughly(text: str) -> None:
    ids_are_safe(text)


@pytest.mark.slow
@SLOW
@given(field=st.sampled_from(LEAD_FIELDS), value=HOSTILE_TEXT)
def test_values_thoroughly(field: LeadField, value: str) -> None:
    sent_values_never_crash_the_server(field, value)
