"""Behaviour that recorded cases cannot pin down deterministically: lockout timing, the output
buffer, the clock, transports, the server, the fault seam, the demo dataset."""

from __future__ import annotations

import json
from collections.abc import Mapping

import httpx
import pytest

from leadtui.emulator import (
    API_PATH,
    Emulator,
    EmulatorServer,
    FixedClock,
    Handler,
    Response,
)
from leadtui.emulator.demo import demo_dataset

from .cases import dataset

AUTH = "source=test&user=6666&pass=1234"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock("2026-11-24 10:00:00")


@pytest.fixture
def emu(clock: FixedClock) -> Emulator:
    return Emulator(dataset("dataset.json"), now=clock)


def get(emu: Emulator, query: str) -> tuple[int, str]:
    status, _, body = emu.handle("GET", f"{API_PATH}?{query}")
    return status, body.decode()


def test_lockout_and_its_15_minute_window(emu: Emulator, clock: FixedClock) -> None:
    bad = "source=test&user=6666&pass=nope&function=version2"
    assert (
        get(emu, f"{AUTH}&function=campaigns_list")[0] == 200
    )  # last_login_date = now
    for _ in range(10):
        assert get(emu, bad)[1].endswith("|6666|nope|BAD|\n")
    locked = "ERROR: Too many login attempts, try again in 15 minutes: |6666|LOCK|\n"
    assert get(emu, bad) == (200, locked)
    assert get(emu, f"{AUTH}&function=xx") == (
        200,
        locked,
    )  # even with the right password
    clock.set("2026-11-24 10:14:59")
    assert get(emu, f"{AUTH}&function=xx") == (200, locked)
    clock.set("2026-11-24 10:15:01")
    assert get(emu, f"{AUTH}&function=xx") == (200, "ERROR: NO FUNCTION SPECIFIED\n")


def test_lockout_for_a_user_who_never_logged_in(emu: Emulator) -> None:
    bad = "source=test&user=7777&pass=nope&function=x"
    answers = [get(emu, bad)[1] for _ in range(21)]
    assert all(
        a.endswith("|BAD|\n") for a in answers[:20]
    )  # the 11th restarts the count
    assert answers[20].endswith("|7777|LOCK|\n")


def test_crash_after_the_output_buffer_flushed_keeps_200(emu: Emulator) -> None:
    phones = ",".join(str(3125550000 + i) for i in range(400))
    body = f"{AUTH}&function=lead_search&phone_number={phones}&x=it's".encode()
    status, _, out = emu.handle(
        "POST", API_PATH, body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200 and len(out) > 4096
    small = f"{AUTH}&function=lead_search&phone_number=3125550001&x=it's".encode()
    status, _, out = emu.handle(
        "POST", API_PATH, small, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert (status, out) == (500, b"3125550001|2|1461-1001\n")


def test_version_uses_the_clock(emu: Emulator, clock: FixedClock) -> None:
    clock.set("2027-01-02 03:04:05")
    assert get(emu, "function=version")[1] == (
        "VERSION: 2.14-202|BUILD: 250720-1841|DATE: 2027-01-02 03:04:05|EPOCH: 1798859045|"
        "DST: 0|TZ: -5.00|TZNOW: -5.00|\n"
    )


def test_modify_date_moves_only_on_change(emu: Emulator, clock: FixedClock) -> None:
    q = f"{AUTH}&function=lead_field_info&lead_id=1005&field_name=modify_date"
    before = get(emu, q)[1]
    clock.set("2026-11-24 11:00:00")
    assert get(emu, f"{AUTH}&function=update_lead&lead_id=1005&status=CALLBK")[
        1
    ].startswith("SUCCESS: update_lead LEAD HAS BEEN UPDATED - 6666|1005|0|")
    assert get(emu, q)[1] == before
    get(emu, f"{AUTH}&function=update_lead&lead_id=1005&status=SALE")
    assert get(emu, q)[1] == "2026-11-24 11:00:00"


def test_reset_restores_data_and_counters(emu: Emulator) -> None:
    ins = (
        f"{AUTH}&function=update_lead&phone_number=3127770001&search_method=PHONE_NUMBER&"
        "insert_if_not_found=Y&list_id=101&phone_code=1"
    )
    assert "|1500||6666" in get(emu, ins)[1]
    assert "|1501||6666" in get(emu, ins.replace("7770001", "7770002"))[1]
    emu.reset()
    assert "|1500||6666" in get(emu, ins)[1]


async def test_async_transport(emu: Emulator) -> None:
    async with httpx.AsyncClient(
        transport=emu.transport(), base_url="http://emulator"
    ) as c:
        r = await c.get(API_PATH, params={"function": "version"})
        assert r.status_code == 200 and r.text.startswith("VERSION: 2.14-202|")
        r = await c.post(
            API_PATH,
            data={
                "source": "test",
                "user": "6666",
                "pass": "1234",
                "function": "update_lead",
                "lead_id": "1010",
                "no_update": "Y",
            },
        )
        assert (
            r.text
            == "NOTICE: update_lead LEADS FOUND IN THE SYSTEM: |6666|1010|||102|102\n"
        )
        assert r.headers["content-type"] == "text/html; charset=utf-8"


def test_sync_transport_and_404(emu: Emulator) -> None:
    with httpx.Client(transport=emu.sync_transport(), base_url="http://emulator") as c:
        assert c.get(API_PATH, params={"function": "coffee"}).status_code == 418
        assert c.get("/other.php").status_code == 404


def test_loopback_server(emu: Emulator) -> None:
    with EmulatorServer(emu) as server:
        assert server.url.startswith("http://127.0.0.1:") and server.url.endswith(
            API_PATH
        )
        r = httpx.post(
            server.url, data={"source": "test", "user": "6666", "pass": "wrong"}
        )
        assert r.text == "ERROR: Login incorrect, please try again: |6666|wrong|BAD|\n"


def test_fault_seam_wraps_handle(emu: Emulator) -> None:
    seen: list[str] = []

    def middleware(inner: Handler) -> Handler:
        def handler(
            method: str, path: str, body: bytes, headers: Mapping[str, str]
        ) -> Response:
            seen.append(path)
            if "fail" in path:
                return 502, {"Content-type": "text/html"}, b"<html>Bad Gateway</html>"
            return inner(method, path, body, headers)

        return handler

    emu.wrap(middleware)
    assert get(emu, "function=version")[0] == 200
    assert get(emu, "function=fail") == (502, "<html>Bad Gateway</html>")
    assert len(seen) == 2


def test_demo_dataset_is_deterministic_and_realistic() -> None:
    a, b = demo_dataset(), demo_dataset()
    assert json.dumps(a) == json.dumps(b)
    assert json.dumps(demo_dataset(seed=1)) != json.dumps(a)
    leads = a["leads"]
    assert len(leads) >= 2000
    assert {u["user"] for u in a["users"]} == {"4444", "5555", "6666", "7777", "8888"}
    assert len({lead["list_id"] for lead in leads}) == 5
    assert len({c["campaign_id"] for c in a["campaigns"]}) == 2
    phones = [lead["phone_number"] for lead in leads]
    assert len(set(phones)) < len(phones)  # duplicates across lists
    assert any("'" in (lead["last_name"] or "") for lead in leads)
    assert a["callbacks"] and a["hopper"]
    assert {lead["status"] for lead in leads} >= {
        "NEW",
        "NA",
        "SALE",
        "DNC",
        "CALLBK",
        "B",
    }


def test_demo_emulator_answers(clock: FixedClock) -> None:
    emu = Emulator.demo(now=clock)
    apostrophe = next(
        r for r in emu.store.select("vicidial_list") if "'" in r["last_name"]
    )
    status, body = get(
        emu, f"{AUTH}&function=lead_all_info&lead_id={apostrophe['lead_id']}"
    )
    assert (status, body) == (500, "")
    status, body = get(emu, f"{AUTH}&function=campaigns_list")
    assert body.startswith("SALES|Outbound sales|Y|")
    assert get(emu, "source=test&user=8888&pass=1234&function=list_info&list_id=201")[
        1
    ] == ("ERROR: list_info NOT AN ALLOWED LIST ID - 201\n")
