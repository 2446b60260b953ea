"""``leadtui dnc`` end to end on the demo dialer (a fresh process per command)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.emulator_only


def leadtui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leadtui", "--demo", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_add_check_evidence_undo(tmp_path: Path) -> None:
    added = leadtui(
        "--demo-reset", "--json", "--yes", "dnc", "add", "3125550010", "(312) 555-0011"
    )
    assert added.returncode == 0, added.stderr
    data = json.loads(added.stdout)
    assert data["list"] == "SYSTEM_INTERNAL"
    assert {n["phone_number"]: n["outcome"] for n in data["numbers"]} == {
        "3125550010": "updated",
        "3125550011": "updated",
    }
    checked = json.loads(
        leadtui("--json", "dnc", "check", "3125550010", "3125550012").stdout
    )
    assert checked["numbers"] == [
        {"phone_number": "3125550010", "listed": True},
        {"phone_number": "3125550012", "listed": False},
    ]
    out = tmp_path / "evidence.csv"
    done = leadtui("dnc", "evidence", "--export", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["phone_number"] for r in rows] == ["3125550010", "3125550011"]
    assert all(r["server_answer"].startswith("SUCCESS: add_dnc_phone") for r in rows)
    assert all(r["answered_at"] and r["api_user"] == "6666" for r in rows)
    # undo takes numbers off a DNC list: without a terminal it needs --yes
    refused = leadtui("undo", str(data["operation_id"]))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    undone = leadtui("--yes", "undo", str(data["operation_id"]))
    assert undone.returncode == 0, undone.stderr
    assert "number" in undone.stdout
    after = json.loads(leadtui("--json", "dnc", "check", "3125550010").stdout)
    assert after["numbers"] == [{"phone_number": "3125550010", "listed": False}]
    one = leadtui("dnc", "evidence", "3125550011")
    assert [line.split(",")[2] for line in one.stdout.splitlines()[1:]] == [
        "add",
        "remove",
    ]


def test_remove_without_a_terminal_needs_yes() -> None:
    done = leadtui("--demo-reset", "dnc", "remove", "3125550010")
    assert done.returncode == 2
    assert "--yes" in done.stderr


def test_nothing_sendable_journals_nothing() -> None:
    done = leadtui("--demo-reset", "--yes", "dnc", "add", "+13125550010", "12")
    assert done.returncode == 1
    assert "country code" in done.stdout and "nothing to send" in done.stdout
    assert json.loads(leadtui("--json", "log").stdout) == []


def test_the_numbers_of_leads() -> None:
    done = leadtui(
        "--demo-reset",
        "--json",
        "--dry-run",
        "dnc",
        "add",
        "--ids",
        "1000,1001",
        "--campaign",
        "SALES",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["list"] == "SALES" and len(data["numbers"]) == 2
    assert all(n.isdigit() for n in data["numbers"])


def test_evidence_of_an_operation_that_is_not_dnc_is_refused() -> None:
    batch = leadtui(
        "--demo-reset", "--yes", "batch", "--ids", "1000", "--set", "status=NI"
    )
    assert batch.returncode == 0, batch.stderr
    done = leadtui("dnc", "evidence", "--operation", "1")
    assert done.returncode == 2 and "not a DNC operation" in done.stderr
    assert leadtui("dnc", "evidence", "--operation", "99").returncode == 2


def test_options_that_do_not_belong_are_usage_errors() -> None:
    assert leadtui("dnc", "add", "3125550010", "--operation", "3").returncode == 2
    both = leadtui("dnc", "add", "3125550010", "--ids", "1000")
    assert both.returncode == 2 and "not both" in both.stderr
    scope = leadtui("dnc", "add", "3125550010", "--system", "--campaign", "SALES")
    assert scope.returncode == 2


def test_voiceaiwrapper_has_no_dnc_lists() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "leadtui", "--demo-voice", "dnc", "check", "3125550010"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 2 and "DNC" in done.stderr


def test_each_leads_own_campaign_list() -> None:
    done = leadtui(
        "--demo-reset",
        "--json",
        "--yes",
        "dnc",
        "add",
        "--ids",
        "1000,1001",
        "--lead-campaign",
    )
    assert done.returncode == 0, done.stderr
    lists = {
        d["list"]: [n["phone_number"] for n in d["numbers"]]
        for d in json.loads(done.stdout)["lists"]
    }
    assert lists == {"RENEWALS": ["5045550405"], "SALES": ["2065553931"]}
    assert leadtui("dnc", "add", "3125550010", "--lead-campaign").returncode == 2
