"""Custom fields in the TUI, driven by keys: the editor shows the lead's list's
fields, previews what the server stores, refuses what it would not, saves
through the diff; x clears custom data only behind the typed guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input

from leadtui.emulator import Emulator, FixedClock
from leadtui.ops.journal_models import LeadOutcome
from leadtui.tui.screens.confirm_guard import ConfirmGuardModal
from leadtui.tui.screens.diff_modal import DiffModal
from leadtui.tui.screens.lead_edit import LeadEditScreen
from tests.conftest import FROZEN
from tests.tui.conftest import AppFactory
from tests.tui.helpers import current, enabled, search, settle, started
from tests.tui.test_editor_pilot import hint, notes, open_lead, row, type_into

EXTRAS = Path(__file__).parents[1] / "fixtures" / "dataset-extras.json"


@pytest.fixture
def emulator() -> Emulator:
    return Emulator.from_dataset(EXTRAS, now=FixedClock(FROZEN))


async def test_the_editor_edits_a_custom_field_through_the_diff(
    make_app: AppFactory, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_lead(pilot, 1000)
        assert row(app, "custom--cf_text").held == "hello"
        assert row(app, "custom--cf_pick").held == "A"
        await type_into(pilot, app, "custom--cf_date", "x\\y")
        assert "backslash" in hint(app, "custom--cf_date")
        await pilot.press("f5")  # refused: nothing is sent, nothing typed is lost
        await settle(pilot)
        assert isinstance(current(app), LeadEditScreen)
        assert row(app, "custom--cf_date").typed == "x\\y"
        await type_into(pilot, app, "custom--cf_date", "")
        row(app, "custom--cf_date").input.value = "2020-02-02"
        await type_into(pilot, app, "custom--cf_text", "a+b")
        assert "'a b'" in notes(app)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(current(app), DiffModal)
        await pilot.press("tab", "enter")  # Cancel → Save
        await settle(pilot)
        assert isinstance(current(app), LeadEditScreen)
        held = emulator.store.one("custom_101", "lead_id=?", [1000])
        assert held is not None and held["cf_text"] == "a b"
        assert row(app, "custom--cf_text").held == "a b"  # the lead read back


async def test_x_clears_custom_data_only_behind_the_typed_guard(
    make_app: AppFactory, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await search(pilot, "lead_id", "1000")
        await pilot.press("x")
        await settle(pilot)
        guard = app.screen
        assert isinstance(guard, ConfirmGuardModal)
        confirm = guard.query_one("#guard-confirm", Button)
        guard.query_one("#guard-typed", Input).focus()
        await pilot.press("1", "0", "0")
        assert not enabled(confirm)
        assert emulator.store.one("custom_101", "lead_id=?", [1000]) is not None
        await pilot.press("0")
        assert enabled(confirm)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        [op] = app.journal.operations()
        assert op.kind == "clear-custom"
        [lead] = app.journal.leads(op.id)
        assert lead.outcome is LeadOutcome.UPDATED
        assert lead.before is not None and lead.before["custom:cf_text"] == "hello"
        assert emulator.store.one("custom_101", "lead_id=?", [1000]) is None
