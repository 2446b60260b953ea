"""Search and connect hazards, driven by keys: keys checked in words, stale results,
the entered column, the preview's wording, focus and letter shortcuts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.requests import LeadQuery
from leadtui.config import Config, Profile
from leadtui.emulator import Emulator
from leadtui.ops.journal import Journal
from leadtui.ops.search import SearchResult
from leadtui.tui.app import LeadApp
from leadtui.tui.screens.connect import ConnectScreen
from leadtui.tui.screens.profile_modal import ProfileModal
from leadtui.tui.screens.search import SearchScreen
from leadtui.tui.widgets.line_table import LineTable
from tests.conftest import FROZEN
from tests.tui.conftest import AppFactory
from tests.tui.helpers import current, search, settle, started
from tests.tui.test_editor_pilot import screen_text

DOUBLED = re.compile(r"\b(\w+)( of)? \1\b", re.IGNORECASE)


def preview(app: LeadApp) -> str:
    return str(current(app).query_one("#preview-line", Static).render())


def table(app: LeadApp) -> LineTable:
    return current(app).query_one("#results", LineTable)


def focused(app: LeadApp) -> Widget | None:
    """A call, so type checkers do not narrow the property across awaits."""
    return app.focused


# --- 6. keys checked for their kind, stale results cleared ---------------------------


async def test_a_lead_id_that_is_not_digits_is_refused_in_words(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "lead_id", "1010")
        assert table(app).row_count == 1
        await search(pilot, "lead_id", "abc")
        said = preview(app)
        assert "a lead ID is digits only" in said and "“abc”" in said
        assert "invalid literal" not in said and "int()" not in said
        assert "previous results were cleared" in said
        assert table(app).row_count == 0
        assert not any("invalid literal" in str(n.message) for n in app._notifications)
        # nothing left to act on: the guarded actions are off
        screen = current(app)
        assert screen.check_action("delete", ()) is False


@pytest.mark.parametrize(
    ("kind", "key", "words"),
    [
        ("phone", "555-12", "6 to 18 digits; this one has 5"),
        ("phone", "312-555-CALL", "digits only, not C A L"),
        ("phone", "+1 312 555 0010", "leave out the +"),
        ("vendor", "O'Brien", "a vendor code to search for cannot hold '"),
        ("vendor", "V" * 21, "at most 20 characters; this one has 21"),
        ("lead_id", "0", "0 is not a lead ID"),
    ],
)
async def test_keys_the_server_cannot_search_are_refused_in_words(
    make_app: AppFactory, kind: str, key: str, words: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "phone", "3125550010", records="2")
        assert table(app).row_count == 2
        await search(pilot, kind, key)
        said = preview(app)
        assert said.startswith("✖ Not searched:") and words in said, said
        assert table(app).row_count == 0


async def test_a_formatted_phone_number_is_searched_as_its_digits(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "phone", "(312) 555-0010", records="2")
        said = preview(app)
        assert "Phone 3125550010 in the whole system" in said
        assert "parentheses, a space and a dash removed" in said
        assert table(app).row_count == 2


async def test_a_failed_search_clears_the_old_results(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "lead_id", "1010")
        assert table(app).row_count == 1

        async def refused(client: VicidialClient, query: LeadQuery) -> SearchResult:
            raise e.ConnectionFailed("connection refused by the dialer")

        monkeypatch.setattr("leadtui.ops.search.find_leads", refused)
        await search(pilot, "lead_id", "1020")
        said = preview(app)
        assert "Search failed" in said and "connection refused" in said
        assert table(app).row_count == 0


async def test_a_list_search_names_its_list_once(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        screen = current(app)
        screen.query_one("#location", Select).value = "LIST"
        screen.query_one("#list-id", Input).value = "102"
        await search(pilot, "lead_id", "1010")
        said = preview(app)
        assert "Lead 1010 in list 102:" in said, said
        assert DOUBLED.search(said) is None, said
        screen.query_one("#list-id", Input).value = "201"
        await search(pilot, "vendor", "V00010")
        said = preview(app)
        assert "vendor code “V00010” in list 201" in said, said
        assert DOUBLED.search(said) is None, said
        screen.query_one("#location", Select).value = "CAMPAIGN"
        await search(pilot, "lead_id", "1010")
        assert DOUBLED.search(preview(app)) is None, preview(app)
        screen.query_one("#list-id", Input).value = ""
        await search(pilot, "lead_id", "1010")
        said = preview(app)
        assert "needs a list ID" in said and DOUBLED.search(said) is None, said


async def test_a_vendor_code_with_brackets_is_shown_as_typed(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "vendor", "[/]V1")
        assert "vendor code “[/]V1”" in preview(app) and app.is_running


# --- 7. the entered column -----------------------------------------------------------


async def test_the_entered_column_is_filled_for_a_single_match(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "lead_id", "1010")
        assert table(app).row_count == 1
        assert table(app).cell("1010", "entered") == "2026-02-11 10:10"
        await search(pilot, "phone", "3125550010", records="2")
        entered = [table(app).cell(k, "entered") for k in ("1470", "1010")]
        assert all(entered), entered


# --- 11. letters typed into a field are typed ----------------------------------------


async def test_letters_typed_in_the_search_key_are_typed_not_shortcuts(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "lead_id", "1010")  # results: b d r h c are live
        key = current(app).query_one("#key-value", Input)
        key.value = ""
        key.focus()
        await pilot.press(*"bdrhc/?n")
        await settle(pilot)
        assert key.value == "bdrhc/?n"
        assert isinstance(current(app), SearchScreen)
        assert app.journal.operations() == []


# --- 10, 11. connect -----------------------------------------------------------------


def connect_app(
    emulator: Emulator, folder: Path, profiles: dict[str, Profile]
) -> LeadApp:
    journal = Journal(folder / "journal.sqlite3", clock=lambda: FROZEN)
    return LeadApp(
        Config(default_profile=next(iter(profiles)), profiles=profiles),
        journal=journal,
        transport=emulator.transport(),
        config_file=folder / "config.toml",
    )


MAIN = Profile(url="http://emulator/vicidial/non_agent_api.php", user="6666")


async def on_connect_screen(pilot: Pilot[None]) -> ConnectScreen:
    for _ in range(50):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, ConnectScreen):
            break
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ConnectScreen)
    return screen


async def test_connect_opens_on_the_password_and_letters_are_typed(
    emulator: Emulator, tmp_path: Path
) -> None:
    app = connect_app(emulator, tmp_path, {"main": MAIN})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_connect_screen(pilot)
        password = screen.query_one("#password", Input)
        assert focused(app) is password
        await pilot.press(*"nN?q")
        await settle(pilot)
        assert password.value == "nN?q"
        assert current(app) is screen  # no New profile dialog
        footer = screen_text(app).splitlines()[-1]
        assert "^n New profile" in footer and " n New" not in footer
        password.value = ""
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert isinstance(current(app), SearchScreen) and app.session is not None


async def test_new_profile_is_ctrl_n_and_says_what_is_wrong_in_words(
    emulator: Emulator, tmp_path: Path
) -> None:
    app = connect_app(emulator, tmp_path, {"main": MAIN, "reports": MAIN.model_copy()})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_connect_screen(pilot)
        assert focused(app) is screen.query_one("#password", Input)
        await pilot.press("ctrl+n")
        await settle(pilot)
        modal = current(app)
        assert isinstance(modal, ProfileModal)
        modal.query_one("#profile-name", Input).value = "second"
        modal.query_one("#profile-url", Input).value = "https://d/x.php"
        modal.query_one("#profile-cap", Input).value = "0"
        modal.query_one("#profile-save").focus()
        await pilot.press("enter")
        await pilot.pause()
        said = str(modal.query_one("#profile-error", Static).render())
        assert "records cap" in said and "greater than or equal to 1" in said, said
        assert "input_value" not in said and "validation error" not in said, said
        modal.query_one("#profile-cap", Input).value = "500"
        await pilot.pause(0.3)  # the button's pressed look ends before it presses again
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) is screen
        assert focused(app) is screen.query_one("#password", Input)
        said_list = [str(n.message) for n in app._notifications]
        assert any("Profile second saved" in m for m in said_list), said_list
        assert not any("'second'" in m for m in said_list)
