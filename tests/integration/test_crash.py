"""kill -9 mid-batch, CLI and TUI: the journal survives, says what may have happened,
and the next start offers the resume that finishes the job."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.widgets import Button, Input

from leadtui.config import Config, Profile
from leadtui.emulator import EmulatorServer
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import ChunkState, OperationState
from leadtui.tui.app import LeadApp
from leadtui.tui.screens.operation import OperationScreen
from leadtui.tui.screens.plan_modal import PlanModal
from tests.integration.crash_support import (
    leadtui,
    slow_emulator,
    tui,
    wait_for_sending,
)
from tests.tui.helpers import current, settle, started

pytestmark = pytest.mark.emulator_only
IDS = list(range(1200, 1250))


def journal_path() -> Path:
    return Path(os.environ["LEADTUI_JOURNAL"])


def statuses(server: EmulatorServer) -> set[str]:
    found = set()
    for lead_id in IDS:
        _, _, body = server.emulator.handle(
            "POST",
            "/vicidial/non_agent_api.php",
            f"source=test&user=6666&pass=1234&lead_id={lead_id}&field_name=status&function=lead_field_info".encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        found.add(body.decode())
    return found


def test_kill_9_the_cli_mid_batch() -> None:
    with EmulatorServer(slow_emulator()) as server:
        ids = ",".join(map(str, IDS))
        cli = leadtui(
            server.url,
            "1234",
            "--yes",
            "batch",
            "--ids",
            ids,
            "--set",
            "status=XFER",
            "--records",
            "10",
        )
        wait_for_sending(journal_path())
        cli.kill()
        cli.wait()
        assert Journal(journal_path()).integrity_ok()

        log = leadtui(server.url, "1234", "--json", "log")
        out, err = log.communicate(timeout=60)
        assert "not settled (interrupted)" in err and "leadtui resume 1" in err
        [op] = json.loads(out)
        assert op["state"] == "interrupted"
        chunks = Journal(journal_path()).chunks(op["id"])
        assert ChunkState.UNKNOWN in [c.state for c in chunks]

        resume = leadtui(server.url, "1234", "--yes", "--json", "resume", str(op["id"]))
        out, err = resume.communicate(timeout=120)
        assert resume.returncode == 0, err
        assert statuses(server) == {"XFER"}
        assert Journal(journal_path()).operation(op["id"]).state is OperationState.DONE


async def test_kill_9_the_tui_mid_batch(tmp_path: Path) -> None:
    journal = tmp_path / "tui-journal.sqlite3"
    with EmulatorServer(slow_emulator()) as server:
        process = tui(server.url, "1234", journal, " ".join(map(str, IDS)))
        try:
            wait_for_sending(journal, timeout=60)
        finally:
            process.kill()
            process.wait()
        assert Journal(journal).integrity_ok()

        profile = Profile(
            name="main", url=server.url, user="6666", records_cap=10, concurrency=2
        )
        app = LeadApp(
            Config(profiles={"main": profile}),
            profile=profile,
            journal=Journal(journal),
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.3)
            app.screen.query_one("#password", Input).value = "1234"
            await pilot.press("f5")
            await started(pilot)
            assert any("not settled" in n.message for n in app._notifications)
            [op] = app.journal.operations()
            assert op.state is OperationState.INTERRUPTED
            await pilot.press("f4")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(current(app), OperationScreen)
            await pilot.press("r")
            await settle(pilot)
            modal = current(app)
            assert isinstance(modal, PlanModal)
            modal.query_one("#plan-confirm", Button).press()
            await settle(pilot)
            assert app.journal.operation(op.id).state is OperationState.DONE
        assert statuses(server) == {"XFER"}
