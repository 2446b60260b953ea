"""The CSV batch flow on both backends, driven by keys."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from leadtui.config import Config
from leadtui.connect import demo_voice_profile
from leadtui.emulator.voiceaiwrapper import DEMO_CAMPAIGN_ID, VoiceAIWrapperEmulator
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import LeadOutcome
from leadtui.tui.app import LeadApp
from leadtui.tui.screens.csv_batch import CsvBatchScreen
from leadtui.tui.widgets.line_table import LineTable
from tests.tui.conftest import AppFactory
from tests.tui.helpers import current, settle, started


async def load_csv(pilot: object, path: Path) -> CsvBatchScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    screen = current(pilot.app)
    assert isinstance(screen, CsvBatchScreen)
    field = screen.query_one("#csv-path", Input)
    field.value = str(path)
    field.focus()
    await pilot.press("enter")
    await settle(pilot)
    await pilot.pause(0.2)
    await settle(pilot)
    return screen


async def open_csv(pilot: object, path: Path) -> CsvBatchScreen:
    """The batch screen (F3), its CSV screen (Ctrl+T), ``path`` loaded."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("ctrl+t")
    await settle(pilot)
    return await load_csv(pilot, path)


async def test_vicidial_csv_flow(make_app: AppFactory, tmp_path: Path) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text(
        "lead_id,status,first_name\n1100,XFER,\n1101,XFER,\n1102,SALE,Ann\n12-34,XFER,\n"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        screen = await open_csv(pilot, sheet)
        summary = str(screen.query_one("#csv-summary", Static).render())
        assert "3 of 4 rows valid · 2 requests" in summary and "line 5" in summary
        await pilot.press("f5")
        await settle(pilot)
        preview = screen.query_one("#csv-preview-table", LineTable)
        assert preview.row_count == 4
        await pilot.press("f6")
        await settle(pilot)
        results = screen.query_one("#csv-result-table", LineTable)
        assert results.row_count == 3
        assert (
            await app.require_session().client.lead_field_info(1102, "first_name")
        ).value == "Ann"
        assert [op.kind for op in app.journal.operations()] == ["csv"]  # one operation


async def test_a_csv_setting_dnc_says_the_status_blocks_nothing(
    make_app: AppFactory, tmp_path: Path
) -> None:
    sheet = tmp_path / "optouts.csv"
    sheet.write_text("lead_id,status\n1100,DNC\n1101,SALE\n")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        screen = await open_csv(pilot, sheet)
        summary = str(screen.query_one("#csv-summary", Static).render())
        assert "⚠ Status DNC alone blocks nothing" in summary
        sheet.write_text("lead_id,status\n1100,NI\n1101,SALE\n")
        screen = await load_csv(pilot, sheet)
        summary = str(screen.query_one("#csv-summary", Static).render())
        assert "blocks nothing" not in summary


async def test_voiceaiwrapper_csv_flow(tmp_path: Path) -> None:
    voice = VoiceAIWrapperEmulator.demo(leads=40)
    phones = list(voice.campaigns[DEMO_CAMPAIGN_ID].leads)[:2]
    sheet = tmp_path / "voice.csv"
    sheet.write_text(
        f"phone,first_name,dnc\n{phones[0]},Zed,\n{phones[1]},,yes\n+14155552671,Nobody,\n"
    )
    journal = Journal(tmp_path / "j.sqlite3")
    app = LeadApp(
        Config(),
        profile=demo_voice_profile(),
        demo=True,
        journal=journal,
        transport=voice.transport(),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await settle(pilot)
            if isinstance(current(app), CsvBatchScreen):
                break
        screen = await load_csv(pilot, sheet)
        assert "no endpoint to list or fetch leads" in str(
            screen.query_one("#csv-gaps", Static).render()
        )
        await pilot.press("f2")  # search is not there for this backend
        await settle(pilot)
        assert isinstance(current(app), CsvBatchScreen)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        [op] = journal.operations()
        outcomes = sorted(row.outcome for row in journal.leads(op.id))
        assert outcomes == sorted(
            [LeadOutcome.UPDATED, LeadOutcome.UPDATED, LeadOutcome.NOT_FOUND]
        )
        assert voice.campaigns[DEMO_CAMPAIGN_ID].leads[phones[0]].first_name == "Zed"
