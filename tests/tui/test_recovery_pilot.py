"""The TUI resumes what the engine left open, and quitting stops cooperatively."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Button

from leadtui.api.vicidial.client import VicidialClient
from leadtui.config import Config
from leadtui.connect import DEMO_URL, demo_profile
from leadtui.emulator import Emulator
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import ChunkState, LeadPhase, OperationState
from leadtui.ops.session import Session
from leadtui.tui.app import LeadApp
from leadtui.tui.screens.operation import OperationScreen
from leadtui.tui.screens.plan_modal import PlanModal
from tests.conftest import FROZEN
from tests.fault_transport import Fault, FaultTransport
from tests.tui.helpers import current, paste_ids, settle, started


async def partial_with_a_lost_answer(emulator: Emulator, path: Path) -> int:
    """A batch on the demo server whose second request's answer was lost."""
    transport = FaultTransport(emulator.transport())
    transport.arm(Fault.EMPTY_500, function="batch_update_lead", nth=2)
    journal = Journal(path, clock=lambda: FROZEN)
    client = VicidialClient(
        DEMO_URL, "6666", "1234", source="test", transport=transport
    )
    session = Session(client=client, journal=journal, profile="demo", concurrency=1)
    result = await run_batch(
        session,
        BatchPlan(
            lead_ids=tuple(range(1200, 1209)), values={"status": "XFER"}, records=3
        ),
    )
    await client.aclose()
    journal.close()
    assert result.state is OperationState.PARTIAL
    return result.operation_id


def running(app: LeadApp) -> bool:
    return app.is_running


def app_on(emulator: Emulator, path: Path) -> LeadApp:
    return LeadApp(
        Config(),
        profile=demo_profile(),
        demo=True,
        journal=Journal(path, clock=lambda: FROZEN),
        transport=emulator.transport(),
        config_file=path.with_name("config.toml"),
    )


async def test_a_partial_batch_with_a_lost_answer_is_announced_and_resumed(
    emulator: Emulator, tmp_path: Path
) -> None:
    """Old main: r was disabled on a partial operation, and nothing was said."""
    path = tmp_path / "journal.sqlite3"
    op_id = await partial_with_a_lost_answer(emulator, path)
    app = app_on(emulator, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert any(
            f"Operation {op_id}" in n.message and "resume" in n.message
            for n in app._notifications
        )
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = current(app)
        assert isinstance(screen, OperationScreen)
        assert screen.check_action("resume", ()) is True
        await pilot.press("r")
        await settle(pilot)
        modal = current(app)
        assert isinstance(modal, PlanModal)
        assert any("read again first" in line for line in modal.lines)
        modal.query_one("#plan-confirm", Button).press()
        await settle(pilot)
        assert app.journal.operation(op_id).state is OperationState.DONE
        assert app.journal.resumable() == []
        await pilot.pause(0.3)
        assert current(app).check_action("resume", ()) is False


async def test_ctrl_q_during_an_apply_stops_after_the_request_on_the_wire(
    emulator: Emulator, tmp_path: Path
) -> None:
    """Old main: Ctrl+Q quit at once; the batch stayed running with its requests
    unaccounted for. Now it asks, then stops after the requests on the wire."""

    def slow_batches(inner):
        def handler(method, path, body, headers):
            if b"function=batch_update_lead" in body:
                time.sleep(0.4)
            return inner(method, path, body, headers)

        return handler

    emulator.wrap(slow_batches)
    path = tmp_path / "journal.sqlite3"
    app = app_on(emulator, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        app.profile = app.profile.model_copy(update={"records_cap": 5})
        await pilot.press("f3")
        await settle(pilot)
        await paste_ids(pilot, " ".join(str(i) for i in range(1200, 1260)))
        app.screen.query_one(".value-input").value = "XFER"  # type: ignore[attr-defined]
        app.screen.query_one("#before-images").value = False  # type: ignore[attr-defined]
        await pilot.pause(0.2)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f6")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.running_stops and any(
                c.state is ChunkState.SENDING
                for op in app.journal.operations()
                for c in app.journal.chunks(op.id)
            ):
                break
        await pilot.press("ctrl+q")
        await pilot.pause(0.1)
        modal = current(app)
        assert isinstance(modal, PlanModal) and "running" in " ".join(modal.lines)
        assert running(app)  # it asks first
        modal.query_one("#plan-confirm", Button).press()
        for _ in range(200):
            await pilot.pause(0.05)
            if not running(app):
                break
    journal = Journal(path)
    [op] = journal.operations()
    assert op.state is OperationState.CANCELLED
    chunks = journal.chunks(op.id)
    assert ChunkState.DONE in {c.state for c in chunks}
    assert not {ChunkState.SENDING, ChunkState.UNKNOWN} & {c.state for c in chunks}
    assert set(journal.phase_counts(op.id)) <= {LeadPhase.SETTLED, LeadPhase.HELD}
