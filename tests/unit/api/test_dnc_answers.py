"""add_dnc_phone / delete_dnc_phone: every answer recorded from the upstream
server (tests/fixtures/recorded/dnc.json) becomes the right typed outcome or
typed error, and every request the server would mangle is refused unsent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.dnc_lists import (
    SYSTEM_LIST,
    DncChange,
    DncRequest,
    parse_dnc_answer,
)

RECORDED = Path(__file__).parents[2] / "fixtures" / "recorded" / "dnc.json"
ADDED, ALREADY = DncChange.ADDED, DncChange.ALREADY_LISTED
DELETED, NOT_LISTED = DncChange.DELETED, DncChange.NOT_LISTED
REFUSED = "refused before sending"

#: case → what each step is to leadtui
EXPECTED: dict[str, list[object]] = {
    "dnc_add_system": [ADDED],
    "dnc_add_system_twice": [ADDED, ALREADY],
    "dnc_add_system_existing": [ALREADY],
    "dnc_add_campaign_then_another": [ADDED, ALREADY, ADDED, ADDED],
    "dnc_add_campaign_existing": [ALREADY],
    "dnc_add_campaign_case": [ALREADY],
    "dnc_add_unknown_campaign": [ADDED],
    "dnc_add_long_campaign_twice": [REFUSED, REFUSED, ALREADY],
    "dnc_add_campaign_filtered": [REFUSED],
    "dnc_add_formatted_phone": [REFUSED],
    "dnc_add_commas": [REFUSED],
    "dnc_add_short_phone": [REFUSED],
    "dnc_add_six_digits": [ADDED],
    "dnc_add_no_campaign": [e.InvalidParameters],
    "dnc_add_empty_campaign": [REFUSED],
    "dnc_add_no_phone": [REFUSED],
    "dnc_add_long_phone_twice": [REFUSED, REFUSED],
    "dnc_add_long_phone_campaign_twice": [REFUSED, REFUSED],
    "dnc_add_no_modify_lists": [e.PermissionDenied],
    "dnc_add_level_7": [e.PermissionDenied],
    "dnc_add_user_7777": [e.PermissionDenied],
    "dnc_add_user_5555": [ADDED],
    "dnc_add_restricted_user": [ADDED],
    "dnc_add_function_not_allowed": [e.FunctionNotAllowed],
    "dnc_add_bad_source": [e.InvalidSource],
    "dnc_add_post_apostrophe_last": [e.OutcomeUnknown],
    "dnc_delete_system": [DELETED],
    "dnc_delete_system_twice_then_add": [DELETED, NOT_LISTED, ADDED],
    "dnc_delete_campaign": [DELETED],
    "dnc_delete_campaign_case": [DELETED],
    "dnc_delete_other_campaign": [NOT_LISTED],
    "dnc_delete_missing": [NOT_LISTED],
    "dnc_delete_short_phone": [REFUSED],
    "dnc_delete_no_campaign": [e.InvalidParameters],
    "dnc_delete_formatted": [REFUSED],
    "dnc_delete_without_permission": [e.PermissionDenied],
    "dnc_delete_no_modify_lists": [e.PermissionDenied],
    "dnc_delete_level_7": [e.PermissionDenied],
    "dnc_add_delete_add_campaign": [ADDED, DELETED, ADDED],
}


def recorded_steps() -> list[tuple[str, int, dict[str, object]]]:
    cases = json.loads(RECORDED.read_text(encoding="utf-8"))["cases"]
    return [
        (case["name"], n, step)
        for case in cases
        for n, step in enumerate(case["steps"])
    ]


def request_of(params: dict[str, str]) -> DncRequest:
    campaign = params.get("campaign_id")
    return DncRequest(
        phone_number=params.get("phone_number", ""),
        campaign_id=None if campaign in (None, SYSTEM_LIST) else campaign,
    )


def test_every_recorded_case_has_an_expectation() -> None:
    names = {name for name, _, _ in recorded_steps()}
    assert names == set(EXPECTED)


@pytest.mark.parametrize(
    ("name", "index", "step"),
    recorded_steps(),
    ids=[f"{name}-{n}" for name, n, _ in recorded_steps()],
)
def test_each_recorded_answer(name: str, index: int, step: dict[str, object]) -> None:
    params = step["params"]
    assert isinstance(params, dict)
    function = str(params["function"])
    request = request_of(params)
    expected = EXPECTED[name][index]
    if expected == REFUSED:
        with pytest.raises(e.RequestRefused):
            request.form()
        return
    body, status = str(step["body"]), int(str(step["status"]))
    if isinstance(expected, DncChange):
        outcome = parse_dnc_answer(function, body, status, request)
        assert outcome.change is expected
        assert outcome.phone_number == request.phone_number
        assert outcome.list_id == request.list_id
        assert outcome.holds == (expected in (ADDED, ALREADY))
        return
    assert isinstance(expected, type) and issubclass(expected, e.VicidialError)
    with pytest.raises(e.VicidialError) as raised:
        parse_dnc_answer(function, body, status, request)
    assert type(raised.value) is expected
    assert raised.value.raw == body


def test_a_request_without_a_campaign_is_the_system_list() -> None:
    assert DncRequest(phone_number="3125550010").form() == [
        ("phone_number", "3125550010"),
        ("campaign_id", SYSTEM_LIST),
    ]


@pytest.mark.parametrize(
    "body",
    [
        # another number, another list, another user's line cut short
        "SUCCESS: add_dnc_phone DNC NUMBER HAS BEEN ADDED - 6666|3125550011|SYSTEM_INTERNAL\n",
        "SUCCESS: add_dnc_phone DNC NUMBER HAS BEEN ADDED - 6666|3125550010|TESTCAMP\n",
        "SUCCESS: add_dnc_phone DNC NUMBER HAS BEEN ADDED - 6666|3125550010\n",
        "SUCCESS: delete_dnc_phone DNC NUMBER HAS BEEN DELETED - 6666|3125550010|SYSTEM_INTERNAL\n",
        "<html><body>502 Bad Gateway</body></html>",
        "SUCCESS: add_dnc_phone DNC NUMBER HAS BEEN ADDED - 6666|3125550010|SYSTEM_INTERNAL\nERROR: x\n",
    ],
)
def test_an_answer_about_anything_else_is_not_an_outcome(body: str) -> None:
    request = DncRequest(phone_number="3125550010")
    with pytest.raises(e.UnrecognisedResponse):
        parse_dnc_answer("add_dnc_phone", body, 200, request)


def test_an_empty_answer_or_a_crash_leaves_the_outcome_unknown() -> None:
    request = DncRequest(phone_number="3125550010")
    with pytest.raises(e.EmptyResponse) as empty:
        parse_dnc_answer("add_dnc_phone", "", 200, request)
    assert not empty.value.outcome_known
    with pytest.raises(e.OutcomeUnknown):
        parse_dnc_answer("add_dnc_phone", "", 500, request)


def test_a_permission_error_says_what_the_user_needs() -> None:
    request = DncRequest(phone_number="3125550010")
    body = "ERROR: delete_dnc_phone USER DOES NOT HAVE PERMISSION TO DELETE DNC NUMBERS: |6666|0\n"
    with pytest.raises(e.PermissionDenied) as denied:
        parse_dnc_answer("delete_dnc_phone", body, 200, request)
    assert "'Delete From DNC Lists' = 1" in denied.value.explain()
