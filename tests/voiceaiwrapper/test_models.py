"""LeadUpdate / LeadRemoval validation: phone normalisation, email, omitted fields."""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from leadtui.api.voiceaiwrapper import (
    ItemOutcome,
    LeadRemoval,
    LeadResult,
    LeadUpdate,
    normalise_email,
    normalise_phone,
)


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("(415) 555-2671", "US", "+14155552671"),
        ("415.555.2671", "US", "+14155552671"),
        ("1-415-555-2671", "US", "+14155552671"),
        ("  +1 415 555 2671 ", "US", "+14155552671"),
        ("+14155552671", "GB", "+14155552671"),
        ("020 7183 8750", "GB", "+442071838750"),
        ("020 7183 8750", "gb", "+442071838750"),
        ("+44 20 7183 8750", "US", "+442071838750"),
        ("030 123456", "DE", "+4930123456"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(
    text: str, region: str, e164: str
) -> None:
    assert normalise_phone(text, region) == e164
    assert (
        LeadUpdate.from_fields({"phone_number": text}, region=region).phone_number
        == e164
    )


@pytest.mark.parametrize(
    ("text", "region", "reason"),
    [
        ("", "US", "empty"),
        ("   ", "US", "empty"),
        ("hello", "US", "not a phone number"),
        ("12345", "US", "too short"),
        ("555-2671", "US", "missing its area code"),
        ("+1 415 555 26711", "US", "too long"),
        ("+1 123 555 2671", "US", "no such number range"),
        ("+999 123456", "US", "unknown country code"),
        ("+14155552671 ext. 12", "US", "extension"),
        ("1-800-FLOWERS", "US", "holds letters"),
        ("4155552671", "GB", "read as a GB number"),
        ("+14155552671", "XX", "unknown phone region"),
    ],
)
def test_invalid_phone_numbers_are_rejected_with_a_reason(
    text: str, region: str, reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        normalise_phone(text, region)
    with pytest.raises(ValidationError, match=reason):
        LeadUpdate.from_fields({"phone_number": text}, region=region)


def test_default_region_is_us() -> None:
    assert LeadUpdate(phone_number="(415) 555-2671").phone_number == "+14155552671"
    assert (
        LeadUpdate.model_validate(
            {"phone_number": "020 7183 8750"}, context={"region": "GB"}
        )
    ).phone_number == "+442071838750"


def test_phone_must_be_text() -> None:
    with pytest.raises(ValidationError):
        LeadUpdate.model_validate({"phone_number": 4155552671})


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("jane.doe@example.com", "jane.doe@example.com"),
        (" Jane.Doe@Example.COM ", "Jane.Doe@example.com"),
        ("o'brien+leads@mail.example.co.uk", "o'brien+leads@mail.example.co.uk"),
        ("jöse@exämple.de", "jöse@exämple.de"),
    ],
)
def test_plausible_emails_are_accepted(text: str, normal: str) -> None:
    assert normalise_email(text) == normal
    update = LeadUpdate(phone_number="+14155552671", email=text)
    assert update.email == normal


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("jane.doe", "name@domain"),
        ("@example.com", "name@domain"),
        ("jane@", "name@domain"),
        ("jane@@example.com", "more than one @"),
        ("jane doe@example.com", "space"),
        ('"jane"@example.com', "quote"),
        ("jane..doe@example.com", "misplaced dot"),
        (".jane@example.com", "misplaced dot"),
        ("jane@localhost", "bad domain"),
        ("jane@example..com", "bad domain"),
        ("jane@-example.com", "bad domain"),
        ("jane@example.123", "bad domain"),
        ("jane@[192.0.2.1]", "bad domain"),
        ("j" * 65 + "@example.com", "too long"),
        ("jane@" + "a" * 250 + ".com", "longer than 254"),
    ],
)
def test_implausible_emails_are_rejected(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalise_email(text)
    with pytest.raises(ValidationError, match=reason):
        LeadUpdate(phone_number="+14155552671", email=text)


def test_unset_fields_are_omitted_not_null() -> None:
    update = LeadUpdate(phone_number="+14155559999", do_not_call=True, first_name=None)
    assert update.payload() == {"phone_number": "+14155559999", "do_not_call": True}
    assert update.changes == {"do_not_call"}


def test_false_and_empty_values_are_sent() -> None:
    update = LeadUpdate(
        phone_number="+14155552671",
        do_not_call=False,
        mark_as_unanswered=False,
        last_name="",
        custom_fields={
            "plan": "pro",
            "seats": 3,
            "ratio": 0.5,
            "vip": False,
            "old": None,
        },
    )
    assert update.payload() == {
        "phone_number": "+14155552671",
        "last_name": "",
        "do_not_call": False,
        "custom_fields": {
            "plan": "pro",
            "seats": 3,
            "ratio": 0.5,
            "vip": False,
            "old": None,
        },
        "mark_as_unanswered": False,
    }


def test_custom_field_values_keep_their_json_type() -> None:
    update = LeadUpdate(
        phone_number="+14155552671", custom_fields={"a": "1", "b": 1, "c": True}
    )
    assert update.custom_fields == {"a": "1", "b": 1, "c": True}
    assert type(update.custom_fields["c"]) is bool


@pytest.mark.parametrize(
    "fields",
    [
        {"custom_fields": {"": "x"}},
        {"custom_fields": {"n": math.nan}},
        {"custom_fields": {"n": math.inf}},
        {"custom_fields": {"n": [1, 2]}},
        {"first_name": "Jane\nDoe"},
        {"do_not_call": "maybe"},
        {"status": "NEW"},
    ],
)
def test_bad_optional_fields_are_rejected(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        LeadUpdate.model_validate({"phone_number": "+14155552671", **fields})


def test_updates_are_frozen() -> None:
    update = LeadUpdate(phone_number="+14155552671")
    with pytest.raises(ValidationError):
        update.first_name = "Jane"  # type: ignore[misc]


def test_removal_needs_exactly_one_key() -> None:
    assert LeadRemoval(phone_number="(415) 555-2671").key == (
        "phone_number",
        "+14155552671",
    )
    assert LeadRemoval(campaign_lead_id="Q0w6MQ==").payload() == {
        "campaign_lead_id": "Q0w6MQ=="
    }
    for fields in ({}, {"phone_number": "+14155552671", "campaign_lead_id": "x"}):
        with pytest.raises(ValidationError, match="exactly one"):
            LeadRemoval.model_validate(fields)
    with pytest.raises(ValidationError, match="empty"):
        LeadRemoval(campaign_lead_id=" ")


def test_result_outcome() -> None:
    def outcome(success: bool | None) -> ItemOutcome:
        return LeadResult(
            index=0, phone_number="+1", success=success, message=""
        ).outcome

    assert outcome(True) is ItemOutcome.SUCCEEDED
    assert outcome(False) is ItemOutcome.FAILED
    assert outcome(None) is ItemOutcome.UNKNOWN
