"""How the client reads answers the emulator does not give: other error shapes,
malformed or inconsistent 2xx bodies, Retry-After forms."""

from __future__ import annotations

from typing import Any

import pytest

from leadtui.api.voiceaiwrapper import (
    CampaignNotFound,
    ItemOutcome,
    LeadUpdate,
    OutcomeUnknown,
    RateLimited,
    RequestRejected,
    ServerError,
    UnrecognisedResponse,
    ValidationFailed,
)
from leadtui.api.voiceaiwrapper.errors import summarise_detail, truncate
from leadtui.api.voiceaiwrapper.retry_after import retry_after_seconds
from tests.voiceaiwrapper.conftest import NOW, Sleeps, canned_client, reply

A, B = "+14155552671", "+12125550100"
ITEMS = [LeadUpdate(phone_number=A, first_name="Jane"), LeadUpdate(phone_number=B)]


def entry(index: int, phone: str, success: Any = True, **extra: Any) -> dict[str, Any]:
    return {
        "index": index,
        "phone_number": phone,
        "success": success,
        "message": "m",
        **extra,
    }


def ok(*entries: Any) -> dict[str, Any]:
    return {
        "status": "success",
        "message": "Bulk lead update completed",
        "results": list(entries),
    }


async def outcomes(body: object, status: int = 200) -> list[ItemOutcome]:
    client, _ = canned_client(reply(status, body))
    async with client:
        response = await client.bulk_update("camp_1", ITEMS)
    return [r.outcome for r in response.results]


async def test_request_shape() -> None:
    client, canned = canned_client(reply(200, ok(entry(0, A), entry(1, B))))
    async with client:
        await client.bulk_update("camp_1", ITEMS)
    (request,) = canned.seen
    assert request.method == "PATCH"
    assert (
        request.url
        == "https://api.example.test/api/v2/voice-campaigns/camp_1/leads/update/bulk"
    )
    assert request.headers["content-type"] == "application/json"
    assert request.headers["authorization"].startswith("Bearer vaw_demo_")
    assert canned.bodies() == [
        [{"phone_number": A, "first_name": "Jane"}, {"phone_number": B}]
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (ok(entry(1, B, False), entry(0, A)), ["succeeded", "failed"]),
        (ok(entry(0, "14155552671"), entry(1, B)), ["succeeded", "succeeded"]),
        (ok(entry(0, A)), ["succeeded", "unknown"]),
        (ok(), ["unknown", "unknown"]),
        (ok(entry(0, A), entry(1, A)), ["succeeded", "unknown"]),
        (ok(entry(0, A), entry(0, A), entry(1, B)), ["unknown", "succeeded"]),
        (ok(entry(0, A, "true"), entry(1, B, None)), ["unknown", "unknown"]),
        (
            ok(entry(0, A), entry(2, B), entry(-1, B), entry(True, B)),
            ["succeeded", "unknown"],
        ),
        (ok({"index": 0, "success": True}, "junk", None), ["succeeded", "unknown"]),
        (
            {"status": "error", "results": [entry(0, A), entry(1, B, False)]},
            ["succeeded", "failed"],
        ),
    ],
    ids=[
        "out-of-order",
        "phone-echoed-without-plus",
        "missing-entry",
        "empty-results",
        "wrong-phone-at-index",
        "duplicate-index",
        "success-not-a-bool",
        "index-out-of-range",
        "entry-without-phone-or-junk",
        "status-not-success",
    ],
)
async def test_each_item_is_trusted_only_with_a_consistent_entry(
    body: object, expected: list[str]
) -> None:
    assert await outcomes(body) == expected


@pytest.mark.parametrize(
    ("status", "body", "what"),
    [
        (200, "", "an empty body"),
        (200, "<html>ok</html>", "not JSON"),
        (200, [entry(0, A)], "not an object"),
        (
            200,
            {"status": "success", "message": "Bulk lead update completed"},
            "without a results list",
        ),
        (
            200,
            {"status": "success", "results": {"0": entry(0, A)}},
            "without a results list",
        ),
        (204, "", "an empty body"),
    ],
)
async def test_an_unreadable_2xx_body_is_outcome_unknown(
    status: int, body: object, what: str
) -> None:
    client, _ = canned_client(reply(status, body))
    async with client:
        with pytest.raises(UnrecognisedResponse) as caught:
            await client.bulk_update("camp_1", ITEMS)
    assert isinstance(caught.value, OutcomeUnknown)
    assert not caught.value.outcome_known
    assert what in caught.value.explain()
    assert f"HTTP {status}" in caught.value.explain()


@pytest.mark.parametrize(
    ("status", "body", "shown"),
    [
        (
            422,
            {
                "detail": [
                    {
                        "loc": ["body", 1, "phone_number"],
                        "msg": "Field required",
                        "type": "missing",
                    }
                ]
            },
            "item 1 phone_number: Field required",
        ),
        (422, {"detail": "Invalid payload"}, "Invalid payload"),
        (
            400,
            {"phone_number": ["This field is required."]},
            "phone_number: This field is required.",
        ),
        (400, "Bad Request", "HTTP 400"),
    ],
)
async def test_validation_errors_carry_the_servers_detail(
    status: int, body: object, shown: str
) -> None:
    client, canned = canned_client(reply(status, body))
    async with client:
        with pytest.raises(ValidationFailed) as caught:
            await client.bulk_update("camp_1", ITEMS)
    assert caught.value.status == status
    assert shown in caught.value.explain()
    assert caught.value.outcome_known
    assert len(canned.seen) == 1


def test_long_validation_details_are_summarised() -> None:
    detail = [{"loc": ["body", i, "email"], "msg": "bad"} for i in range(8)]
    assert summarise_detail(detail) == (
        "item 0 email: bad; item 1 email: bad; item 2 email: bad; item 3 email: bad; "
        "item 4 email: bad; and 3 more"
    )


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, CampaignNotFound),
        (409, RequestRejected),
        (302, RequestRejected),
        (502, ServerError),
        (503, ServerError),
    ],
)
async def test_status_codes_map_to_typed_errors(
    status: int, error: type[Exception]
) -> None:
    client, canned = canned_client(reply(status, {"detail": "said so"}))
    async with client:
        with pytest.raises(error, match="said so"):
            await client.bulk_update("camp_1", ITEMS)
    assert len(canned.seen) == 1


async def test_a_5xx_html_body_is_kept_truncated() -> None:
    page = "<html>" + "x" * 5000 + "</html>"
    client, _ = canned_client(reply(500, page))
    async with client:
        with pytest.raises(ServerError) as caught:
            await client.bulk_update("camp_1", ITEMS)
    assert len(caught.value.raw) < 2100
    assert caught.value.raw.endswith("[3013 more characters]")
    assert caught.value.server_message == ""


def test_truncate_keeps_short_text() -> None:
    assert truncate("abc", 3) == "abc"
    assert truncate("abcd", 3) == "abc… [1 more characters]"


async def test_429_then_success_with_the_wait_asked() -> None:
    sleeps = Sleeps()
    client, canned = canned_client(
        reply(429, {"detail": "slow down"}, **{"Retry-After": "3"}),
        reply(200, ok(entry(0, A), entry(1, B))),
        sleep=sleeps,
    )
    async with client:
        response = await client.bulk_update("camp_1", ITEMS)
    assert response.all_known
    assert sleeps == [3.0]
    assert canned.bodies()[0] == canned.bodies()[1]


async def test_429_exhausted_keeps_the_servers_words() -> None:
    client, _ = canned_client(reply(429, {"detail": "slow down"}), max_retries_429=0)
    async with client:
        with pytest.raises(RateLimited) as caught:
            await client.bulk_update("camp_1", ITEMS)
    assert caught.value.retry_after is None
    assert caught.value.server_message == "slow down"
    assert "did not say for how long" in caught.value.explain()


@pytest.mark.parametrize(
    ("value", "date", "seconds"),
    [
        ("5", None, 5.0),
        (" 0 ", None, 0.0),
        ("1.5", None, 1.5),
        ("-3", None, 0.0),
        ("Wed, 18 Nov 2026 11:13:50 GMT", None, 30.0),
        ("Wed, 18 Nov 2026 11:13:50 GMT", "Wed, 18 Nov 2026 11:13:45 GMT", 5.0),
        ("Wed, 18 Nov 2026 11:13:50 GMT", "not a date", 30.0),
        ("Wed, 18 Nov 2026 11:00:00 GMT", None, 0.0),
        ("Wednesday, 18-Nov-26 11:13:50 GMT", None, 30.0),
        (None, None, None),
        ("", None, None),
        ("soon", None, None),
        ("nan", None, None),
        ("inf", None, None),
    ],
)
def test_retry_after_forms(
    value: str | None, date: str | None, seconds: float | None
) -> None:
    assert retry_after_seconds(value, date=date, now=NOW) == seconds
