"""The emulator on its own, through plain httpx (it must not need the client)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import phonenumbers
import pytest

from leadtui.api.voiceaiwrapper import normalise_email
from leadtui.emulator.voiceaiwrapper import (
    DEMO_CAMPAIGN_ID,
    DEMO_KEY,
    VoiceAIWrapperEmulator,
    demo_campaign,
)
from tests.voiceaiwrapper.conftest import NOW

UPDATE = f"/api/v2/voice-campaigns/{DEMO_CAMPAIGN_ID}/leads/update/bulk"
REMOVE = f"/api/v2/voice-campaigns/{DEMO_CAMPAIGN_ID}/leads/remove/bulk"


@pytest.fixture
async def http(emulator: VoiceAIWrapperEmulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=emulator.transport(),
        base_url="http://emulator",
        headers={"Authorization": f"Bearer {DEMO_KEY}"},
    ) as client:
        yield client


@pytest.fixture
def phone(emulator: VoiceAIWrapperEmulator) -> str:
    return next(iter(emulator.campaigns[DEMO_CAMPAIGN_ID].leads))


async def patch(http: httpx.AsyncClient, body: object) -> httpx.Response:
    return await http.patch(UPDATE, content=json.dumps(body).encode())


@pytest.mark.parametrize(
    ("body", "loc", "kind"),
    [
        ("{not json", ["body"], "json_invalid"),
        ({"phone_number": "+14155552671"}, ["body"], "list_type"),
        ([], ["body"], "too_short"),
        (["+14155552671"], ["body", 0], "dict_type"),
        (
            [{"phone_number": "+14155552671"}, {"first_name": "x"}],
            ["body", 1, "phone_number"],
            "missing",
        ),
    ],
)
async def test_bodies_that_are_not_arrays_of_leads_get_422(
    http: httpx.AsyncClient,
    emulator: VoiceAIWrapperEmulator,
    body: object,
    loc: list[Any],
    kind: str,
) -> None:
    content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    response = await http.patch(UPDATE, content=content)
    assert response.status_code == 422
    (detail,) = response.json()["detail"]
    assert (detail["loc"], detail["type"]) == (loc, kind)
    leads = emulator.campaigns[DEMO_CAMPAIGN_ID].leads.values()
    assert all(lead.first_name != "x" for lead in leads)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"phone_number": "4155552671"}, "Invalid phone number"),
        ({"phone_number": 14155552671}, "Invalid phone number"),
        ({"first_name": None}, "Invalid first_name"),
        ({"last_name": 7}, "Invalid last_name"),
        ({"email": "nobody"}, "Invalid email address"),
        ({"do_not_call": "yes"}, "Invalid do_not_call"),
        ({"mark_as_unanswered": 1}, "Invalid mark_as_unanswered"),
        ({"custom_fields": {"a": [1]}}, "Invalid custom_fields"),
        ({"custom_fields": "plan=pro"}, "Invalid custom_fields"),
        ({"status": "NEW"}, "Unknown field: status"),
    ],
)
async def test_bad_items_fail_alone_and_change_nothing(
    http: httpx.AsyncClient,
    emulator: VoiceAIWrapperEmulator,
    phone: str,
    item: dict[str, Any],
    message: str,
) -> None:
    stored = emulator.campaigns[DEMO_CAMPAIGN_ID].leads[phone]
    before = (stored.first_name, stored.do_not_call)
    bad = {"phone_number": phone, "do_not_call": not stored.do_not_call, **item}
    response = await patch(http, [{"phone_number": phone, "first_name": "Ok"}, bad])
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["index"], r["success"], r["message"]) for r in results] == [
        (0, True, "Lead updated successfully"),
        (1, False, message),
    ]
    assert (stored.first_name, stored.do_not_call) == ("Ok", before[1])


async def test_mark_as_unanswered_only_touches_answered_leads(
    http: httpx.AsyncClient, emulator: VoiceAIWrapperEmulator
) -> None:
    leads = list(emulator.campaigns[DEMO_CAMPAIGN_ID].leads.values())
    answered = next(x for x in leads if x.answered)
    waiting = next(x for x in leads if not x.answered)
    response = await patch(
        http,
        [
            {"phone_number": answered.phone_number, "mark_as_unanswered": True},
            {"phone_number": waiting.phone_number, "mark_as_unanswered": True},
        ],
    )
    assert [r["success"] for r in response.json()["results"]] == [True, True]
    assert (answered.answered, answered.requeued_at) == (False, NOW)
    assert (waiting.answered, waiting.requeued_at) == (False, None)
    other = next(x for x in leads if x.answered)
    await patch(
        http, [{"phone_number": other.phone_number, "mark_as_unanswered": False}]
    )
    assert (other.answered, other.requeued_at) == (True, None)


async def test_custom_fields_merge_and_null_deletes(
    http: httpx.AsyncClient, emulator: VoiceAIWrapperEmulator, phone: str
) -> None:
    stored = emulator.campaigns[DEMO_CAMPAIGN_ID].leads[phone]
    plan = stored.custom_fields["plan"]
    await patch(
        http, [{"phone_number": phone, "custom_fields": {"seats": 3, "source": None}}]
    )
    assert stored.custom_fields == {"plan": plan, "seats": 3}


async def test_remove_by_either_key(
    http: httpx.AsyncClient, emulator: VoiceAIWrapperEmulator
) -> None:
    first, second = list(emulator.campaigns[DEMO_CAMPAIGN_ID].leads.values())[:2]
    body = [
        {"campaign_lead_id": second.campaign_lead_id},
        {"phone_number": first.phone_number},
        {"phone_number": first.phone_number},
        {"phone_number": "415"},
    ]
    response = await http.request("DELETE", REMOVE, content=json.dumps(body).encode())
    assert [(r["success"], r["message"]) for r in response.json()["results"]] == [
        (True, "Lead removed successfully"),
        (True, "Lead removed successfully"),
        (False, "Lead not found"),
        (False, "Invalid phone number"),
    ]
    assert response.json()["results"][0]["campaign_lead_id"] == second.campaign_lead_id


async def test_routing_errors(http: httpx.AsyncClient) -> None:
    assert (await http.post(UPDATE, content=b"[]")).status_code == 405
    assert (await http.patch(REMOVE, content=b"[]")).headers["Allow"] == "DELETE"
    assert (
        await http.patch("/api/v2/voice-campaigns", content=b"[]")
    ).status_code == 404
    missing = await http.patch(
        "/api/v2/voice-campaigns/nope/leads/update/bulk",
        content=b'[{"phone_number": "+14155552671"}]',
    )
    assert missing.json() == {"detail": "Campaign not found."}
    anonymous = await http.patch(UPDATE, content=b"[]", headers={"Authorization": ""})
    assert anonymous.status_code == 401


async def test_faults_are_one_shot_and_ordered(
    http: httpx.AsyncClient, emulator: VoiceAIWrapperEmulator, phone: str
) -> None:
    emulator.faults.rate_limit(1, retry_after=4, as_date=True)
    emulator.faults.fail_next(applied=True, status=503)
    throttled = await patch(http, [{"phone_number": phone, "first_name": "A"}])
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "Wed, 18 Nov 2026 11:13:24 GMT"
    assert throttled.headers["Date"] == "Wed, 18 Nov 2026 11:13:20 GMT"
    failed = await patch(http, [{"phone_number": phone, "first_name": "B"}])
    assert failed.status_code == 503
    assert failed.headers["Content-Type"].startswith("text/html")
    assert emulator.campaigns[DEMO_CAMPAIGN_ID].leads[phone].first_name == "B"
    assert (await patch(http, [{"phone_number": phone}])).status_code == 200
    assert [r.status for r in emulator.requests] == [429, 503, 200]
    assert {r.key_name for r in emulator.requests} == {"demo"}


def test_demo_data_is_seeded_and_realistic() -> None:
    campaign = demo_campaign()
    again = demo_campaign()
    assert campaign.leads == again.leads
    assert demo_campaign(seed=1).leads != campaign.leads
    leads = list(campaign.leads.values())
    assert len(leads) == 500
    assert len({lead.campaign_lead_id for lead in leads}) == 500
    for lead in leads:
        number = phonenumbers.parse(lead.phone_number)
        assert phonenumbers.is_valid_number(number), lead.phone_number
        assert (
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            == lead.phone_number
        )
        if lead.email:
            assert normalise_email(lead.email) == lead.email
    answered = sum(lead.answered for lead in leads)
    assert 100 < answered < 250
    assert 0 < sum(lead.do_not_call for lead in leads) < 60
    assert sum(not lead.email for lead in leads) > 0


def test_emulator_clock_is_injected() -> None:
    emulator = VoiceAIWrapperEmulator.demo(leads=1, clock=lambda: NOW)
    reply = emulator.handle("PATCH", UPDATE, {}, b"[]")
    assert reply.status == 401
    assert reply.headers["Date"] == "Wed, 18 Nov 2026 11:13:20 GMT"


def test_the_emulator_does_not_import_the_client() -> None:
    code = (
        "import sys, leadtui.emulator.voiceaiwrapper.__main__;"
        "print(sorted(m for m in sys.modules if m.startswith('leadtui.api')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_module_entry_point_prints_url_key_and_campaign() -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "leadtui.emulator.voiceaiwrapper",
            "--port",
            "0",
            "--leads",
            "10",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        url = lines[0].split(" at ")[1].strip()
        response = httpx.patch(
            f"{url}{UPDATE}",
            content=b'[{"phone_number": "+14155552671"}]',
            headers={"Authorization": f"Bearer {DEMO_KEY}"},
        )
    finally:
        process.terminate()
        process.wait(timeout=5)
    assert url.startswith("http://127.0.0.1:")
    assert DEMO_KEY in lines[1]
    assert DEMO_CAMPAIGN_ID in lines[3]
    assert response.json()["results"][0]["message"] == "Lead not found"
