"""Every body recorded from the real server parses into the right typed outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.models import FieldValue, Lead, LeadRecord, VersionInfo
from leadtui.api.vicidial.outcomes import (
    BatchUpdateOutcome,
    CallbackChanged,
    HopperChanged,
    LeadAdded,
    LeadDeleted,
    LeadsFound,
    LeadUpdated,
    NoMatchesNotice,
    UpdateLeadOutcome,
)
from leadtui.api.vicidial.parse_lead_all_info import parse_lead_all_info
from leadtui.api.vicidial.parse_reads import (
    parse_lead_field_info,
    parse_lead_search,
    parse_version,
)
from leadtui.api.vicidial.parse_writes import parse_batch_update_lead, parse_update_lead
from leadtui.api.vicidial.requests import expects_output
from tests.transcripts import Step, public_steps

STEPS = public_steps()


def parse_step(step: Step) -> Any:
    """Run the parser the client would use for this step; return the result or error."""
    body, status = step.body, step.status
    prints = expects_output(step.function, list(step.params.items()))
    parsers: dict[str, Callable[[], Any]] = {
        "version": lambda: parse_version(body, status),
        "update_lead": lambda: parse_update_lead(body, status, expect_output=prints),
        "batch_update_lead": lambda: parse_batch_update_lead(
            body, status, expect_output=prints
        ),
        "lead_all_info": lambda: parse_lead_all_info(body, status),
        "lead_search": lambda: parse_lead_search(body, status),
        "lead_field_info": lambda: parse_lead_field_info(
            body,
            status,
            lead_id=int(step.params["lead_id"]),
            field=step.params["field_name"],
        ),
        "": lambda: parse_update_lead(body, status),
    }
    try:
        return parsers[step.function]()
    except e.VicidialError as error:
        return error


def lead(result: Any, index: int = 0) -> Lead:
    assert isinstance(result, list)
    record = result[index]
    assert isinstance(record, LeadRecord)
    assert not record.uncertain
    return record.lead


def only(result: Any, kind: type) -> Any:
    assert isinstance(result, UpdateLeadOutcome), result
    assert result.error is None
    assert len(result.lines) == 1
    assert isinstance(result.lines[0], kind)
    return result.lines[0]


def batch_ids(result: Any) -> tuple[int, ...] | None:
    assert isinstance(result, BatchUpdateOutcome), result
    return result.found_ids


EXPECTED: dict[tuple[str, int], Callable[[Any], object]] = {
    ("version", 0): lambda r: (
        isinstance(r, VersionInfo)
        and (r.version, r.build, r.tz) == ("2.14-202", "250720-1841", "-5.00")
    ),
    ("preview_by_lead_id", 0): lambda r: (
        (
            only(r, LeadsFound).lead_id,
            only(r, LeadsFound).list_id,
        )
        == (1010, 102)
    ),
    ("preview_not_found", 0): lambda r: only(r, NoMatchesNotice),
    ("preview_phone_two_matches", 0): lambda r: only(r, LeadsFound).lead_id == 1470,
    ("preview_vendor_code", 0): lambda r: only(r, LeadsFound).lead_id == 1042,
    ("preview_list_scope_miss", 0): lambda r: only(r, LeadsFound).lead_id == 1462,
    ("edit_names", 0): lambda r: only(r, LeadUpdated).affected == 1,
    ("edit_names", 1): lambda r: (
        (lead(r).first_name, lead(r).last_name, lead(r).lead_id)
        == ("Bob", "Wilson", 1020)
    ),
    ("blank_email", 0): lambda r: only(r, LeadUpdated).lead_id == 1021,
    ("blank_email", 1): lambda r: lead(r).email == "" and lead(r).owner == "owner0",
    ("phone_search_records_5", 0): lambda r: (
        [u.lead_id for u in r.updated] == [1471, 1011]
    ),
    ("phone_search_records_5", 1): lambda r: (
        {lead(r, 0).status, lead(r, 1).status} == {"SALE"}
    ),
    ("phone_search_records_default", 0): lambda r: only(r, LeadUpdated).lead_id == 1472,
    ("phone_search_records_default", 1): lambda r: (
        [lead(r, i).status for i in (0, 1)] == ["SALE", "NEW"]
    ),
    ("phone_change_guard", 0): lambda r: (
        isinstance(r, UpdateLeadOutcome) and r.lines == ()
    ),
    ("phone_change_guard", 1): lambda r: lead(r).phone_number == "3125550030",
    ("phone_change_guard", 2): lambda r: only(r, LeadUpdated).affected == 1,
    ("phone_change_guard", 3): lambda r: lead(r).phone_number == "3129990000",
    ("delete_lead", 0): lambda r: only(r, LeadsFound).lead_id == 1040,
    ("delete_lead", 1): lambda r: (
        (
            only(r, LeadDeleted).lead_id,
            only(r, LeadDeleted).affected,
        )
        == (1040, 1)
    ),
    ("delete_lead", 2): lambda r: isinstance(r, e.LeadNotFound),
    ("reset_lead", 0): lambda r: only(r, LeadUpdated).lead_id == 1044,
    ("reset_lead", 1): lambda r: isinstance(r, FieldValue) and r.value == "N",
    ("reset_lead", 2): lambda r: isinstance(r, FieldValue) and r.value == "0",
    ("hopper_add", 0): lambda r: (
        isinstance(r.lines[0], LeadsFound)
        and isinstance(r.lines[1], HopperChanged)
        and r.lines[1].action == "added"
    ),
    ("insert_if_not_found", 0): lambda r: (
        isinstance(r.lines[0], NoMatchesNotice)
        and isinstance(r.added, LeadAdded)
        and (r.added.lead_id, r.added.list_id, r.added.gmt_offset) == (1500, 101, "")
    ),
    ("update_list_exists_check", 0): lambda r: (
        isinstance(r, e.ListNotDefined) and r.list_id == "999"
    ),
    ("batch_two_ids", 0): lambda r: batch_ids(r) == (1101, 1100) and r.affected == 1,
    ("batch_two_ids", 1): lambda r: lead(r).list_id == 138,
    ("batch_two_ids", 2): lambda r: lead(r).list_id == 138,
    ("batch_mixed_missing", 0): lambda r: batch_ids(r) == (1103, 1102),
    ("batch_duplicate_ids", 0): lambda r: batch_ids(r) == (1105, 1104),
    ("batch_no_ids", 0): lambda r: isinstance(r, e.NoLeadsDefined),
    ("batch_list_exists_check", 0): lambda r: (
        isinstance(r, e.ListNotDefined) and r.list_id == "999"
    ),
    ("batch_records_cap", 0): lambda r: batch_ids(r) == (1115, 1114, 1113),
    ("batch_records_cap", 1): lambda r: r.value == "NEW",
    ("batch_records_cap", 2): lambda r: r.value == "NA",
    ("batch_no_fields", 0): lambda r: batch_ids(r) is None,
    ("batch_reset_and_status", 0): lambda r: (
        batch_ids(r) == (1122, 1121, 1120) and r.affected == 1
    ),
    ("batch_reset_and_status", 1): lambda r: r.value == "N",
    ("bad_password", 0): lambda r: (
        isinstance(r, e.LoginFailed) and (r.user, r.reason) == ("6666", "BAD")
    ),
    ("no_permission_update", 0): lambda r: (
        isinstance(r, e.PermissionDenied)
        and (r.user, r.function) == ("7777", "update_lead")
    ),
    ("no_permission_batch", 0): lambda r: (
        isinstance(r, e.PermissionDenied) and r.function == "batch_update_lead"
    ),
    ("restricted_batch_target", 0): lambda r: (
        isinstance(r, e.NotAllowedList) and (r.list_id, r.stage) == ("138", "TARGET")
    ),
    ("restricted_update_results", 0): lambda r: (
        isinstance(r, e.NotAllowedList) and (r.list_id, r.stage) == ("138", "RESULTS")
    ),
    ("lead_all_info_one", 0): lambda r: lead(r).lead_id == 1003 and len(r) == 1,
    ("lead_all_info_phone", 0): lambda r: (
        [lead(r, i).lead_id for i in range(len(r))] == [1473, 1013]
    ),
    ("lead_search_phones", 0): lambda r: (
        [(h.key, h.count, h.lead_ids) for h in r]
        == [
            ("3125550013", 2, (1473, 1013)),
            ("3125550200", 1, (1200,)),
            ("3120000000", 0, ()),
        ]
    ),
    ("post_update", 0): lambda r: only(r, LeadUpdated).lead_id == 1070,
    ("post_update", 1): lambda r: lead(r).first_name == "Posted",
    ("lead_field_info_status", 0): lambda r: r.value == "NEW",
    ("apostrophe_name", 0): lambda r: only(r, LeadUpdated).lead_id == 1072,
    ("apostrophe_name", 1): lambda r: (
        isinstance(r, e.OutcomeUnknown) and r.status == 500 and not r.outcome_known
    ),
    ("plus_in_email", 0): lambda r: only(r, LeadUpdated).lead_id == 1073,
    ("plus_in_email", 1): lambda r: r.value == "ann tag@example.com",
    ("callback_remove", 0): lambda r: only(r, CallbackChanged).action == "deleted",
    ("no_function", 0): lambda r: isinstance(r, e.NoFunctionSpecified),
}


def test_every_public_step_has_an_expectation() -> None:
    assert set(EXPECTED) == set(STEPS)


@pytest.mark.parametrize("key", sorted(STEPS), ids=lambda k: f"{k[0]}[{k[1]}]")
def test_transcript_step_parses(key: tuple[str, int]) -> None:
    result = parse_step(STEPS[key])
    assert EXPECTED[key](result), result


@pytest.mark.parametrize("key", sorted(STEPS), ids=lambda k: f"{k[0]}[{k[1]}]")
def test_errors_explain_themselves_in_words(key: tuple[str, int]) -> None:
    result = parse_step(STEPS[key])
    if isinstance(result, e.VicidialError):
        assert result.explain().strip()
        assert result.raw == STEPS[key].body
