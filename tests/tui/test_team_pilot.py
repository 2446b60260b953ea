"""The team journal in the TUI: the Team tab, another operator's work shown
before a delete, an edit and a batch, and a supervisor's undo of it."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static, TabbedContent

from leadtui.config import Config
from leadtui.connect import DEMO_URL, demo_profile
from leadtui.emulator import Emulator
from leadtui.ops.journal import Journal
from leadtui.ops.team_journal import TeamJournal, TeamSettings
from leadtui.ops.team_push import TeamPusher
from leadtui.tui.app import LeadApp
from leadtui.tui.screens.confirm_guard import ConfirmGuardModal
from leadtui.tui.screens.operation import OperationScreen
from leadtui.tui.screens.path_modal import PathModal
from leadtui.tui.screens.team_lead import TeamLeadScreen
from leadtui.tui.screens.team_operation import TeamOperationScreen
from leadtui.tui.widgets.line_table import LineTable
from tests.conftest import FROZEN
from tests.journal_fixtures import finished_operation
from tests.team_postgres import ThrowawayPostgres
from tests.tui.helpers import paste_ids, search, settle, started

NIGHT_LEADS = list(range(1000, 1200))


async def rows_in(pilot: Pilot[None], table: LineTable) -> None:
    """Until a table read from the team journal (a worker) shows its rows."""
    for _ in range(100):
        if table.row_count:
            return
        await pilot.pause(0.05)


def _app(emulator: Emulator, tmp_path: Path, dsn: str) -> tuple[LeadApp, TeamJournal]:
    team = TeamJournal(TeamSettings(dsn))
    night = Journal(tmp_path / "night.sqlite3")
    finished_operation(
        night, NIGHT_LEADS, status="NI", api_user="night_api", server=DEMO_URL
    )
    team.push(night)
    journal = Journal(tmp_path / "journal.sqlite3", clock=lambda: FROZEN)
    app = LeadApp(
        Config(),
        profile=demo_profile(),
        demo=True,
        journal=journal,
        transport=emulator.transport(),
        config_file=tmp_path / "config.toml",
    )
    # the demo never pushes (its work is nobody's): wire the team in by hand
    app.team_pusher = TeamPusher(team, journal).start()
    return app, team


async def test_the_team_tab_lists_every_operator_and_u_undoes_as_mine(
    emulator: Emulator,
    tmp_path: Path,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    app, _ = _app(emulator, tmp_path, team_postgres.dsn(team_database, "leadtui_app"))
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.query_one("#log-tabs", TabbedContent).active == "team"
        table = app.screen.query_one("#team-operations", LineTable)
        await rows_in(pilot, table)
        assert table.row_count == 1
        row = " ".join(table.rows[0])
        assert "night_api" in row and "batch" in row and "200" in row
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TeamOperationScreen)
        leads = screen.query_one(LineTable)
        await rows_in(pilot, leads)
        assert leads.row_count == 200
        await pilot.press("u")
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, OperationScreen):
                break
        assert isinstance(app.screen, OperationScreen)
        local = app.screen.operation_id
        copied = app.journal.operation(local)
        assert copied.api_user == "night_api"
        assert copied.params["team_origin"]["operation_id"] == 1
        assert app.journal.resumable() == []  # theirs to resume, never mine


async def test_a_delete_guard_names_the_night_operators_batch(
    emulator: Emulator,
    tmp_path: Path,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    app, _ = _app(emulator, tmp_path, team_postgres.dsn(team_database, "leadtui_app"))
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        await search(pilot, "phone", "3125550013", records="5")
        await pilot.press("space", "space", "d")
        for _ in range(100):
            await settle(pilot)
            if isinstance(app.screen, ConfirmGuardModal):
                break
        guard = app.screen
        assert isinstance(guard, ConfirmGuardModal)
        text = str(guard.query_one("#guard-others", Static).render())
        assert "Another operator on these leads" in text
        assert "night_api" in text and "1 of these leads" in text  # one of the two


async def test_without_a_team_the_guard_is_as_before(
    emulator: Emulator, tmp_path: Path
) -> None:
    app = LeadApp(
        Config(),
        profile=demo_profile(),
        demo=True,
        journal=Journal(tmp_path / "j.sqlite3", clock=lambda: FROZEN),
        transport=emulator.transport(),
        config_file=tmp_path / "config.toml",
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        await search(pilot, "phone", "3125550013", records="5")
        await pilot.press("space", "space", "d")
        await settle(pilot)
        guard = app.screen
        assert isinstance(guard, ConfirmGuardModal)
        assert not guard.query("#guard-others")


async def test_a_configured_team_journal_is_pushed_to_and_a_bad_one_named(
    tmp_path: Path, team_postgres: ThrowawayPostgres, team_database: str
) -> None:
    app = LeadApp(
        Config(team_journal=team_postgres.dsn(team_database, "leadtui_app")),
        profile=demo_profile(),
        journal=Journal(tmp_path / "j.sqlite3"),
        config_file=tmp_path / "config.toml",
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)  # the pusher starts in a worker, off the event loop
        assert app.team is not None
        assert app.team_pusher is not None and app.team_pusher.flush(10) is None
    leaky = LeadApp(
        Config(team_journal="postgresql://app:hunter2@db/leadtui"),
        profile=demo_profile(),
        journal=Journal(tmp_path / "k.sqlite3"),
        config_file=tmp_path / "config.toml",
    )
    async with leaky.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert (
            leaky.team is None and "must not contain a password" in leaky.team_problem
        )
        assert "hunter2" not in leaky.team_problem


async def test_the_batch_preview_names_the_night_operators_batch(
    emulator: Emulator,
    tmp_path: Path,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    app, _ = _app(emulator, tmp_path, team_postgres.dsn(team_database, "leadtui_app"))
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await paste_ids(pilot, "1100 1101 1102 5000")
        pilot.app.screen.query_one(".value-input", Input).value = "DNC"
        await pilot.press("f5")
        await settle(pilot)
        help_text = str(app.screen.query_one("#preview-help", Static).render())
        assert "Another operator on these leads" in help_text, help_text
        assert "3 of these leads" in help_text and "night_api" in help_text
        assert "F6 applies exactly this" in help_text  # a notice, not a refusal


async def test_l_on_the_team_tab_shows_who_touched_a_lead(
    emulator: Emulator,
    tmp_path: Path,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    app, _ = _app(emulator, tmp_path, team_postgres.dsn(team_database, "leadtui_app"))
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("l")  # only on the Team tab
        await settle(pilot)
        assert not isinstance(app.screen, PathModal)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, PathModal)
        await pilot.press(*"1100", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TeamLeadScreen)
        table = screen.query_one(LineTable)
        await rows_in(pilot, table)
        assert table.row_count == 1
        row = table.rows[0]
        assert "night_api" in row[1] and row[4] == "updated" and "NI" in row[5]
        summary = str(screen.query_one("#op-summary", Static).render())
        assert "1 change by leadtui, 1 operator" in summary


async def test_the_csv_preview_names_the_night_operators_batch(
    emulator: Emulator,
    tmp_path: Path,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    from tests.tui.test_csv_pilot import open_csv

    sheet = tmp_path / "leads.csv"
    sheet.write_text("lead_id,status\n1100,XFER\n1101,XFER\n5000,XFER\n")
    app, _ = _app(emulator, tmp_path, team_postgres.dsn(team_database, "leadtui_app"))
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        screen = await open_csv(pilot, sheet)
        await pilot.press("f5")
        await settle(pilot)
        summary = str(screen.query_one("#csv-preview-summary", Static).render())
        assert "Another operator on these leads" in summary, summary
        assert "2 of these leads" in summary and "night_api" in summary
