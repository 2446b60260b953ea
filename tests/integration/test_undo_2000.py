"""Done-when of the operations layer: ``leadtui undo`` restores a 2,000-lead batch exactly."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from leadtui.emulator import Emulator
from leadtui.paths import demo_state_path

pytestmark = pytest.mark.emulator_only
IDS = range(1000, 3000)


def snapshot(emulator: Emulator) -> dict[int, str]:
    """Every lead as lead_all_info prints it (field by field where the server crashes)."""
    rows = {}
    for lead_id in IDS:
        body = f"source=test&user=6666&pass=1234&lead_id={lead_id}&header=YES&function=lead_all_info"
        status, _, answer = emulator.handle(
            "POST",
            "/vicidial/non_agent_api.php",
            body.encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status == 500:  # an apostrophe: read what the batch touched one by one
            parts = []
            for field in ("status", "list_id", "last_name"):
                one = f"source=test&user=6666&pass=1234&lead_id={lead_id}&field_name={field}&function=lead_field_info"
                parts.append(
                    emulator.handle(
                        "POST",
                        "/vicidial/non_agent_api.php",
                        one.encode(),
                        {"Content-Type": "application/x-www-form-urlencoded"},
                    )[2]
                )
            answer = b"|".join(parts)
        rows[lead_id] = answer.decode()
    return rows


def leadtui(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "leadtui", "--demo", "--json", "--yes", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_undo_restores_a_2000_lead_batch_exactly() -> None:
    before = snapshot(Emulator.demo())
    ids = ",".join(str(i) for i in IDS)
    batch = leadtui(
        "batch",
        "--ids",
        ids,
        "--set",
        "status=XFER",
        "--set",
        "list_id_field=202",
        "--set",
        "owner=bulk",
    )
    [operation] = batch["operations"]
    assert operation["counts"]["updated"] == 2000
    undo = leadtui("undo", str(operation["operation_id"]))
    assert undo["impossible"] == [] and undo["left_alone"] == {}
    [restore] = undo["operations"]
    assert (
        restore["requests"] < 2000 * 2 // 20
    )  # grouped by old values, not one call per lead
    after = Emulator.demo()
    after.restore(demo_state_path())
    assert snapshot(after) == before
