"""The installed ``leadtui`` CLI end to end against the emulator over loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(
    url: str, *args: str, password: str = "1234", user: str = "6666"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEADTUI_PASSWORD": password}
    command = [
        sys.executable,
        "-m",
        "leadtui",
        "--url",
        url,
        "--user",
        user,
        *args,
    ]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_search_json(vicidial_url: str) -> None:
    done = run(
        vicidial_url, "--json", "search", "--phone", "3125550010", "--records", "2"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["preview"]["lead_id"] == 1470
    assert data["would_update"] == [1470, 1010]
    assert [lead["lead_id"] for lead in data["leads"]] == [1470, 1010]


def test_batch_names_every_lead_not_changed(vicidial_url: str) -> None:
    done = run(
        vicidial_url,
        "--json",
        "--yes",
        "batch",
        "--ids",
        "1102,99998,1103,12-34",
        "--set",
        "status=DNC",
    )
    assert done.returncode == 1  # not every lead could be changed
    data = json.loads(done.stdout)
    [operation] = data["operations"]
    assert operation["counts"] == {"not-found": 1, "updated": 2}
    assert operation["not_changed"] == [
        {"lead_id": 99998, "outcome": "not-found", "reason": "no such lead: not sent"}
    ]
    assert (
        data["invalid"][0]["token"] == "12-34"
        and "1234" in data["invalid"][0]["reason"]
    )


def test_writes_need_yes_without_a_terminal(vicidial_url: str) -> None:
    done = run(vicidial_url, "batch", "--ids", "1102", "--set", "status=DNC")
    assert done.returncode == 2 and "--yes" in done.stderr


def test_update_dry_run_then_apply(vicidial_url: str) -> None:
    dry = run(
        vicidial_url,
        "--dry-run",
        "update",
        "1020",
        "--set",
        "email=a+b@x.com",
        "--set",
        "first_name=José",
    )
    assert dry.returncode == 0
    assert "→ a b@x.com" in dry.stdout and "→ Jos" in dry.stdout
    done = run(
        vicidial_url, "--json", "--yes", "update", "1020", "--set", "last_name=Wilson"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["after"]["last_name"] == "Wilson"


def test_delete_log_undo(vicidial_url: str, tmp_path: Path) -> None:
    deleted = run(vicidial_url, "--json", "--yes", "delete", "1040")
    assert deleted.returncode == 0, deleted.stderr
    op = json.loads(deleted.stdout)["operations"][0]["operation_id"]
    log = run(vicidial_url, "--json", "log", str(op))
    assert json.loads(log.stdout)["leads"][0]["before"]["phone_number"] == "3125550040"
    undo = run(vicidial_url, "--json", "--yes", "undo", str(op))
    assert undo.returncode == 0, undo.stderr
    assert json.loads(undo.stdout)["operations"][0]["counts"] == {"added": 1}
    export = tmp_path / "ops.csv"
    done = run(vicidial_url, "log", str(op), "--export", "csv", "--output", str(export))
    assert done.returncode == 0 and "3125550040" in export.read_text()


def test_bad_password_exit_1_and_never_printed(vicidial_url: str) -> None:
    done = run(vicidial_url, "--json", "show", "1010", password="Sup3rSecret")
    assert done.returncode == 1
    assert "Login refused" in done.stderr
    assert "Sup3rSecret" not in done.stdout + done.stderr


def test_check_reports_permissions(vicidial_url: str) -> None:
    done = run(vicidial_url, "check", user="5555")
    assert done.returncode == 0
    assert "no   edit" in done.stdout and "yes  read full lead records" in done.stdout


@pytest.mark.parametrize(
    "args", [["search"], ["show", "x"], ["update", "1", "--set", "nofield=1"]]
)
def test_usage_errors_exit_2(vicidial_url: str, args: list[str]) -> None:
    assert run(vicidial_url, *args).returncode == 2


def test_csv_batch_per_row(vicidial_url: str, tmp_path: Path) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text(
        "lead_id,status,first_name\n1100,XFER,\n1101,XFER,\n1102,SALE,Ann\nabc,XFER,\n"
    )
    dry = run(vicidial_url, "--json", "--dry-run", "csv", str(sheet))
    data = json.loads(dry.stdout)
    assert (data["valid"], data["requests"]) == (3, 2)
    assert data["invalid"] == [{"line": 5, "problems": ["lead ID 'abc': not a number"]}]
    done = run(vicidial_url, "--json", "--yes", "csv", str(sheet))
    counts = [op["counts"] for op in json.loads(done.stdout)["operations"]]
    assert counts == [{"updated": 3}]  # one operation: the batch and the single
    assert done.returncode == 1  # one row could not be sent


@pytest.mark.emulator_only
def test_voiceaiwrapper_demo_csv_and_missing_features(tmp_path: Path) -> None:
    from leadtui.emulator.voiceaiwrapper import DEMO_CAMPAIGN_ID, VoiceAIWrapperEmulator

    phone = next(iter(VoiceAIWrapperEmulator.demo().campaigns[DEMO_CAMPAIGN_ID].leads))
    sheet = tmp_path / "voice.csv"
    sheet.write_text(f"phone,first_name\n{phone},Zed\n+14155552671,Nobody\n")
    base = [sys.executable, "-m", "leadtui", "--demo-voice"]
    done = subprocess.run(
        [*base, "--json", "--yes", "csv", str(sheet)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    [operation] = json.loads(done.stdout)["operations"]
    assert operation["counts"] == {"not-found": 1, "updated": 1}
    assert operation["not_changed"][0]["lead_id"] == "+14155552671"
    search = subprocess.run(
        [*base, "search", "--phone", "4155552671"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        search.returncode == 2 and "no endpoint to list or fetch leads" in search.stderr
    )


def test_setting_dnc_warns_that_the_status_blocks_nothing(vicidial_url: str) -> None:
    dry = run(
        vicidial_url, "--dry-run", "batch", "--ids", "1102,1103", "--set", "status=DNC"
    )
    assert dry.returncode == 0, dry.stderr
    assert "warning: Status DNC alone blocks nothing" in dry.stdout
    data = json.loads(
        run(
            vicidial_url,
            "--json",
            "--dry-run",
            "batch",
            "--ids",
            "1102",
            "--set",
            "status=SALE",
        ).stdout
    )
    assert data["dnc_warning"] is None
    one = run(vicidial_url, "--dry-run", "update", "1020", "--set", "status=DNCL")
    assert one.returncode == 0, one.stderr
    assert "warning: Status DNCL alone blocks nothing" in one.stderr
    assert "this lead's number" in one.stderr


def test_a_csv_setting_dnc_warns_in_its_dry_run(
    vicidial_url: str, tmp_path: Path
) -> None:
    """Whether the DNC rows share a batch or go one by one, the note is there."""
    sheet = tmp_path / "optouts.csv"
    sheet.write_text(
        "lead_id,status,first_name\n1100,DNC,\n1101,DNC,\n1102,D NC,Ann\n1103,SALE,\n"
    )
    dry = run(vicidial_url, "--dry-run", "csv", str(sheet))
    assert dry.returncode == 0, dry.stderr
    assert "warning: Status DNC alone blocks nothing" in dry.stdout
    sheet.write_text("lead_id,status\n1100,SALE\n1101,NI\n")
    data = json.loads(
        run(vicidial_url, "--json", "--dry-run", "csv", str(sheet)).stdout
    )
    assert data["dnc_warning"] is None
