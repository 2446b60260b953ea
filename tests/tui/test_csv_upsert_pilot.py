"""CSV upsert in the TUI: F8 chooses how rows find their leads; F5
classifies every row; F6 sends only what that preview showed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Select, Static

from leadtui.emulator import Emulator
from leadtui.ops.journal_models import LeadOutcome
from leadtui.tui.screens.upsert_options import UpsertOptionsModal
from leadtui.tui.widgets.line_table import LineTable
from leadtui.tui.widgets.tick_box import TickBox
from tests.tui.conftest import AppFactory
from tests.tui.helpers import current, settle, started
from tests.tui.test_csv_pilot import load_csv

CRM = """vendor_lead_code,phone_number,first_name,status
V00020,3125550020,Josefina,SALE
V00000,3125550000,Ambiguous,SALE
CRM-1,3125559001,Grace,NEW
"""


async def csv_mode(pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await started(pilot)
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("ctrl+t")
    await settle(pilot)


async def use(pilot: object, modal: UpsertOptionsModal) -> None:
    """Tab to the Use button and press Enter, as an operator would."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    modal.query_one("#upsert-use", Button).focus()
    await pilot.pause(0.3)  # a button pressed within 0.2 s of the last press ignores it
    await pilot.press("enter")
    await settle(pilot)


async def choose(pilot: object, match: str, insert_list: str | None) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("f8")
    await settle(pilot)
    modal = current(pilot.app)
    assert isinstance(modal, UpsertOptionsModal)
    modal.query_one("#upsert-match", Select).value = match
    if insert_list is not None:
        modal.query_one("#upsert-insert", TickBox).value = True
        modal.query_one("#upsert-insert-list", Input).value = insert_list
    await use(pilot, modal)


async def test_match_classify_then_send(
    make_app: AppFactory, emulator: Emulator, tmp_path: Path
) -> None:
    sheet = tmp_path / "crm.csv"
    sheet.write_text(CRM)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await csv_mode(pilot)
        screen = await load_csv(pilot, sheet)
        await choose(pilot, "vendor_lead_code", "101")
        summary = str(screen.query_one("#csv-summary", Static).render())
        assert "matched by vendor_lead_code" in summary
        assert "inserted into list 101" in summary
        await pilot.press("f6")  # no send without the classification
        await settle(pilot)
        assert app.journal.operations() == []
        await pilot.press("f5")
        await settle(pilot)
        table = screen.query_one("#upsert-preview-table", LineTable)
        plans = [table.row_at(i)[1] for i in range(table.row_count)]
        assert plans == ["update", "✖ ambiguous", "+ insert"]
        said = str(screen.query_one("#upsert-preview-summary", Static).render())
        assert "1 update, 1 insert, 1 ambiguous" in said
        assert (
            emulator.store.count("vicidial_list", "vendor_lead_code=?", ["CRM-1"]) == 0
        )
        await pilot.press("f6")
        await settle(pilot)
        [op] = app.journal.operations()
        outcomes = {r.lead_id: r.outcome for r in app.journal.leads(op.id)}
        assert outcomes == {1020: LeadOutcome.UPDATED, -4: LeadOutcome.ADDED}
        assert (
            emulator.store.count("vicidial_list", "vendor_lead_code=?", ["CRM-1"]) == 1
        )
        results = screen.query_one("#csv-result-table", LineTable)
        assert results.row_count == 2
        await pilot.press("f6")  # the preview was sent: nothing is sent twice
        await settle(pilot)
        assert len(app.journal.operations()) == 1


async def test_options_that_cannot_work_are_said_in_the_modal(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await csv_mode(pilot)
        await pilot.press("f8")
        await settle(pilot)
        modal = current(app)
        assert isinstance(modal, UpsertOptionsModal)
        modal.query_one("#upsert-match", Select).value = "phone_number"
        modal.query_one("#upsert-location", Select).value = "LIST"
        await use(pilot, modal)
        assert isinstance(current(app), UpsertOptionsModal)
        assert "--list-id" in str(modal.query_one("#upsert-problems", Static).render())
        modal.query_one("#upsert-list", Input).value = "101"
        modal.query_one("#upsert-insert", TickBox).value = True
        await use(pilot, modal)
        assert not isinstance(current(app), UpsertOptionsModal)
        help_text = str(app.screen.query_one("#csv-help", Static).render())
        assert "matched by phone_number" in help_text
