"""check_phone_number: every answer recorded from the upstream server
(tests/fixtures/recorded/phone_check.json) is, for the list leadtui asked about,
listed / not listed or a typed error; only the bare ``PHONE:`` answer of a
``tz_method=NONE`` check means "not listed"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.dnc_lists import (
    CHECK_CALL_TIME,
    DncRequest,
    parse_dnc_check,
)

RECORDED = Path(__file__).parents[2] / "fixtures" / "recorded" / "phone_check.json"
LISTED, CLEAR, OTHER = True, False, "not an answer to leadtui's question"

#: (case, step) → what the answer means to leadtui
EXPECTED: dict[tuple[str, int], object] = {
    ("check_no_call_time", 0): e.InvalidParameters,
    ("check_unknown_call_time", 0): e.InvalidParameters,
    ("check_tz_none", 0): CLEAR,
    ("check_tz_nanpa", 0): OTHER,
    ("check_short", 0): OTHER,
    ("check_prefix_bad", 0): OTHER,
    ("check_system_listed", 0): LISTED,
    ("check_system_areacode", 0): LISTED,
    ("check_system_areacode_exact", 0): LISTED,
    ("check_campaign_listed", 0): LISTED,
    ("check_campaign_case", 0): LISTED,  # lists are matched case-insensitively
    ("check_campaign_shared", 0): LISTED,
    ("check_campaign_areacode", 0): LISTED,
    ("check_both_listed", 0): OTHER,  # a system listing is no answer about ALTCAMP
    ("check_after_add", 1): LISTED,
    ("check_level_7", 0): e.PermissionDenied,
    ("check_level_7_dnc_user", 0): e.PermissionDenied,
    ("check_not_allowed", 0): e.FunctionNotAllowed,
    ("check_bad_source", 0): e.InvalidSource,
    ("check_owner_apostrophe", 0): e.OutcomeUnknown,
    ("check_tzcode_apostrophe", 0): e.OutcomeUnknown,
    ("check_post", 0): LISTED,
}


def steps() -> list[tuple[str, int, dict[str, object]]]:
    cases = json.loads(RECORDED.read_text(encoding="utf-8"))["cases"]
    return [
        (case["name"], n, step)
        for case in cases
        for n, step in enumerate(case["steps"])
        if step["params"]["function"] == "check_phone_number"
    ]


def request_of(params: dict[str, str]) -> DncRequest:
    campaign = params.get("campaign_id") if "campaign_dnc_check" in params else None
    return DncRequest(phone_number=params["phone_number"], campaign_id=campaign)


@pytest.mark.parametrize(
    ("name", "index", "step"), steps(), ids=[f"{n}-{i}" for n, i, _ in steps()]
)
def test_each_recorded_check(name: str, index: int, step: dict[str, object]) -> None:
    params = step["params"]
    assert isinstance(params, dict)
    request = request_of(params)
    body, status = str(step["body"]), int(str(step["status"]))
    # an answer with a time-zone part is not one to leadtui's question (tz_method=NONE)
    expected = EXPECTED.get((name, index), OTHER)
    if isinstance(expected, bool):
        listing = parse_dnc_check(body, status, request)
        assert listing.listed is expected
        assert listing.phone_number == request.phone_number
        assert listing.list_id == request.list_id
        return
    wanted = e.UnrecognisedResponse if expected == OTHER else expected
    assert isinstance(wanted, type)
    with pytest.raises(e.VicidialError) as raised:
        parse_dnc_check(body, status, request)
    assert type(raised.value) is wanted, raised.value
    assert raised.value.raw == body


def test_every_expectation_names_a_recorded_step() -> None:
    assert set(EXPECTED) <= {(n, i) for n, i, _ in steps()}


def test_the_check_asks_only_about_the_one_list() -> None:
    system = DncRequest(phone_number="3125550040").check_form()
    assert dict(system) == {
        "phone_number": "3125550040",
        "local_call_time": CHECK_CALL_TIME,
        "tz_method": "NONE",
        "dnc_check": "Y",
    }
    campaign = dict(
        DncRequest(phone_number="3125550040", campaign_id="TESTCAMP").check_form()
    )
    assert campaign["campaign_dnc_check"] == "Y" and "dnc_check" not in campaign
    assert campaign["campaign_id"] == "TESTCAMP"


@pytest.mark.parametrize("phone", ["31255", "31255500401234567", "(312) 555-0040"])
def test_a_number_the_dialer_cannot_check_is_not_sent(phone: str) -> None:
    with pytest.raises(e.RequestRefused):
        DncRequest(phone_number=phone).check_form()


@pytest.mark.parametrize(
    "body",
    [
        "PHONE: 3125550041|1||||\n",  # another number
        "ERROR: check_phone_number PHONE NUMBER IN DNC - 3125550041|6666\n",
        "PHONE: 3125550040|1||||\nPHONE: 3125550040|1||||\n",
        "AREACODE: 1|#PHONE: 3125550040|1||||\n",
        "<html>502</html>",
    ],
)
def test_an_answer_about_anything_else_is_not_a_listing(body: str) -> None:
    with pytest.raises(e.UnrecognisedResponse):
        parse_dnc_check(body, 200, DncRequest(phone_number="3125550040"))
