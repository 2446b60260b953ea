"""``leadtui csv FILE --match …`` end to end on the demo dialer."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.emulator_only

CRM = Path(__file__).parents[1] / "fixtures" / "csv" / "crm.csv"


def leadtui(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leadtui", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        cwd=cwd,
    )


UPSERT = ("csv", "crm.csv", "--match", "vendor_lead_code", "--insert-missing")


def test_dry_run_upsert_and_undo(tmp_path: Path) -> None:
    shutil.copy(CRM, tmp_path)
    dry = leadtui(
        tmp_path,
        "--demo",
        "--demo-reset",
        "--json",
        *UPSERT,
        "--insert-list",
        "101",
        "--dry-run",
    )
    assert dry.returncode == 0, dry.stderr
    data = json.loads(dry.stdout)
    assert data["classified"] == {
        "update": 2,
        "insert": 2,
        "ambiguous": 0,
        "no match": 0,
        "refused": 0,
    }
    assert json.loads(leadtui(tmp_path, "--demo", "--json", "log").stdout) == []
    done = leadtui(
        tmp_path, "--demo", "--json", "--yes", *UPSERT, "--insert-list", "101"
    )
    assert done.returncode == 0, done.stderr
    [operation] = json.loads(done.stdout)["operations"]
    assert operation["counts"] == {"added": 2, "updated": 2}
    # undo deletes what was inserted: without a terminal it needs --yes
    assert (
        leadtui(tmp_path, "--demo", "undo", str(operation["operation_id"])).returncode
        == 2
    )
    undone = leadtui(
        tmp_path, "--demo", "--json", "--yes", "undo", str(operation["operation_id"])
    )
    assert undone.returncode == 0, undone.stderr
    counts = json.loads(undone.stdout)["operations"][0]["counts"]
    assert counts == {"deleted": 2, "updated": 2}
    again = json.loads(
        leadtui(
            tmp_path, "--demo", "--json", *UPSERT, "--insert-list", "101", "--dry-run"
        ).stdout
    )
    assert again["classified"]["insert"] == 2  # the inserted leads are gone


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("csv", "crm.csv", "--match", "vendor_lead_code", "--insert-missing"),
            "--insert-list",
        ),
        (("csv", "crm.csv", "--records", "2"), "--match"),
        (("csv", "crm.csv", "--insert-missing"), "--match"),
        (("csv", "crm.csv", "--match", "email"), "--match takes"),
        (
            ("csv", "crm.csv", "--match", "phone_number", "--location", "LIST"),
            "--list-id",
        ),
    ],
)
def test_options_that_cannot_work_are_usage_errors(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    shutil.copy(CRM, tmp_path)
    done = leadtui(tmp_path, "--demo", *args)
    assert done.returncode == 2 and said in done.stderr, done.stderr


def test_voiceaiwrapper_has_no_upsert(tmp_path: Path) -> None:
    shutil.copy(CRM, tmp_path)
    done = leadtui(
        tmp_path, "--demo-voice", "csv", "crm.csv", "--match", "phone_number"
    )
    assert done.returncode == 2 and "VICIdial" in done.stderr
