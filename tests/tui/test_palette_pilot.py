"""The command palette (Ctrl+P): the app's modes and help, and only the keys of
the screen below that can act now — never a write the screen itself refuses."""

from __future__ import annotations

from textual.command import CommandPalette

from leadtui.tui.app import LeadApp
from leadtui.tui.screens.search import SearchScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import search, settle, started


def offered(app: LeadApp) -> dict[str, str]:
    """Title → help of every command the palette offers over the screen now."""
    return {c.title: c.help for c in app.get_system_commands(app.screen)}


async def test_the_palette_offers_what_the_screen_can_do_now(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        before = offered(app)
        for mode in ("Search leads", "Batch update", "Session log", "Help"):
            assert mode in before
        # nothing found yet: no lead to delete, reset or send to a batch
        assert {"Delete", "Reset", "To batch"}.isdisjoint(before)
        await search(pilot, "lead_id", "1010")
        assert isinstance(app.screen, SearchScreen) and app.screen.table.row_count
        after = offered(app)
        assert after["Delete"] == "Search: d"
        assert "To batch" in after


async def test_a_read_only_profile_is_offered_no_write(make_app: AppFactory) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await search(pilot, "lead_id", "1010")
        assert app.screen.table.row_count  # type: ignore[attr-defined]
        found = offered(app)
        assert "To batch" in found
        assert {"Delete", "Reset"}.isdisjoint(found)


async def test_a_mode_chosen_in_the_palette_opens(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Session log")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "log"
