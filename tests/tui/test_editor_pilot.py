"""The lead editor's hazards, driven by keys: phone numbers, comments, the save diff,
the Tab order and quitting with unsaved edits."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Static, TextArea

from leadtui.tui.app import LeadApp
from leadtui.tui.screens.diff_modal import DiffModal
from leadtui.tui.screens.lead_edit import LeadEditScreen
from leadtui.tui.screens.plan_modal import PlanModal
from leadtui.tui.widgets.field_row import FieldRow
from tests.tui.conftest import AppFactory
from tests.tui.helpers import current, search, settle, started


def screen_text(app: App[None]) -> str:
    """The screen as plain text, as the operator sees it (modals over their screen)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(
            full=True, screen_stack=app._background_screens
        )
    )
    return console.export_text(styles=False)


async def open_lead(pilot: Pilot[None], lead_id: int) -> LeadEditScreen:
    await started(pilot)
    await search(pilot, "lead_id", str(lead_id))
    await pilot.press("enter")
    await settle(pilot)
    editor = current(pilot.app)
    assert isinstance(editor, LeadEditScreen) and editor.lead_id == lead_id
    return editor


def focused(app: App[None]) -> Widget | None:
    """A call, so type checkers do not narrow the property across awaits."""
    return app.focused


def row(app: App[None], param: str) -> FieldRow:
    return current(app).query_one(f"#row-{param}", FieldRow)


def hint(app: App[None], param: str) -> str:
    return str(row(app, param).query_one(".field-hint", Static).render())


def notes(app: App[None]) -> str:
    return str(current(app).query_one("#field-notes", Static).render())


async def type_into(pilot: Pilot[None], app: App[None], param: str, text: str) -> None:
    editor = row(app, param).input
    editor.focus()
    editor.value = ""
    await pilot.press(*text)
    await pilot.pause()


async def server_value(app: LeadApp, lead_id: int, column: str) -> str:
    return (await app.require_session().client.lead_field_info(lead_id, column)).value


# --- 1. phone numbers --------------------------------------------------------------


async def test_a_formatted_phone_number_is_sent_as_its_digits(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lead(pilot, 1010)
        await type_into(pilot, app, "first_name", "Ann")
        await pilot.press("f6")
        assert focused(app) is row(app, "phone_number").input
        await pilot.press(
            *"(617) 555-0000"
        )  # the unlocked number is selected: replaced
        await pilot.pause()
        phone = row(app, "phone_number")
        assert phone.typed == "(617) 555-0000"
        assert "6175550000" in hint(app, "phone_number")
        assert "✖" not in hint(app, "phone_number")
        assert not phone.has_class("-refused")
        said = notes(app)
        assert "sent as 6175550000" in said and "parentheses" in said
        await pilot.press("f5")
        await settle(pilot)
        modal = current(app)
        assert isinstance(modal, DiffModal)
        assert "6175550000" in screen_text(app)
        await pilot.press("tab")  # Cancel → Save
        assert focused(app) is modal.query_one("#diff-save", Button)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(current(app), LeadEditScreen)
        assert await server_value(app, 1010, "phone_number") == "6175550000"
        assert await server_value(app, 1010, "first_name") == "Ann"


async def test_a_refused_phone_number_is_shown_on_the_field_and_loses_nothing(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lead(pilot, 1010)
        await type_into(pilot, app, "first_name", "Ann")
        await type_into(pilot, app, "city", "Boston")
        await pilot.press("f6")
        await pilot.press(*"617-555-CALL")
        await pilot.pause()
        phone = row(app, "phone_number")
        # refused on the field itself, as typed, before any diff
        assert phone.has_class("-refused")
        assert "✖" in hint(app, "phone_number")
        assert "digits only" in notes(app) and "C A L" in notes(app)
        await type_into(pilot, app, "last_name", "Lee")
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(current(app), LeadEditScreen)  # no diff, nothing sent
        assert focused(app) is phone.input
        said = [str(n.message) for n in app._notifications]
        assert any("Phone number" in m and "digits only" in m for m in said)
        typed = {p: row(app, p).typed for p in ("first_name", "city", "last_name")}
        assert typed == {"first_name": "Ann", "city": "Boston", "last_name": "Lee"}
        assert app.journal.operations() == []
        # too many digits: also refused on the field
        phone.input.value = "1234567890123456789"
        await pilot.pause()
        assert "19" in hint(app, "phone_number") or "19" in notes(app)
        assert phone.has_class("-refused")
        # fixed: it saves with the rest of the form
        phone.input.value = "617.555.0001"
        await pilot.pause()
        assert not phone.has_class("-refused")
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(current(app), DiffModal)
        current(app).query_one("#diff-save", Button).press()
        await settle(pilot)
        assert await server_value(app, 1010, "phone_number") == "6175550001"
        assert await server_value(app, 1010, "city") == "Boston"


async def test_f8_does_not_empty_the_phone_number(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lead(pilot, 1010)
        await pilot.press("f6", "f8")
        await pilot.pause()
        assert not row(app, "phone_number").dirty


# --- 2. comments -------------------------------------------------------------------


async def test_comments_take_several_lines_stored_as_bang_n(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lead(pilot, 1010)
        comments = row(app, "comments")
        area = comments.input
        assert isinstance(area, TextArea)
        area.focus()
        area.value = ""
        await pilot.press(*"called twice", "enter", *"left msg")
        await pilot.pause()
        assert comments.typed == "called twice\nleft msg"
        app.post_message(events.Paste("\r\nback monday"))  # as a terminal sends it
        await pilot.pause()
        assert comments.typed == "called twice\nleft msg\nback monday"
        expected = "called twice!Nleft msg!Nback monday"
        assert expected in notes(app)
        assert "line breaks are stored as !N" in notes(app)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(current(app), DiffModal)
        assert "called twice!Nleft" in screen_text(app)
        current(app).query_one("#diff-save", Button).press()
        await settle(pilot)
        assert await server_value(app, 1010, "comments") == expected
        # read back, the stored !N shows as line breaks, unchanged until edited
        assert row(app, "comments").typed == "called twice\nleft msg\nback monday"
        assert not row(app, "comments").dirty


# --- 3. the save diff --------------------------------------------------------------

SEVEN_EDITS = {
    "title": "Dr",
    "first_name": "Zoé+Ann",
    "last_name": "Lee",
    "city": "Boston",
    "email": "ann+news@example.com",
    "owner": "owner2",
    "comments": "called twice",
}


async def test_the_diff_keeps_its_buttons_at_80x24_and_enter_does_not_save(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lead(pilot, 1010)
        for param, value in SEVEN_EDITS.items():
            row(app, param).input.value = value
        await pilot.press("f6")
        row(app, "phone_number").input.value = "6175550002"
        await pilot.pause()
        await pilot.press("f5")
        await settle(pilot)
        modal = current(app)
        assert isinstance(modal, DiffModal)
        app.save_screenshot(str(tmp_path / "diff-80x24.svg"))
        cancel = modal.query_one("#diff-cancel-button", Button)
        save = modal.query_one("#diff-save", Button)
        for button in (cancel, save):
            assert button.region.height == 3
            assert app.screen.region.contains_region(button.region)
        frame = modal.query_one("#diff").region
        assert frame.contains_region(save.region)
        text = screen_text(app)
        assert "Cancel" in text and "Save" in text.split("Cancel")[-1]
        assert focused(app) is cancel  # focus starts on Cancel
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(current(app), LeadEditScreen)
        assert app.journal.operations() == []
        assert row(app, "city").typed == "Boston"  # cancelling keeps the edits


async def test_the_diff_at_120x40(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_lead(pilot, 1010)
        for param, value in SEVEN_EDITS.items():
            row(app, param).input.value = value
        await pilot.pause()
        await pilot.press("f5")
        await settle(pilot)
        app.save_screenshot(str(tmp_path / "diff-120x40.svg"))
        text = screen_text(app)
        assert "Save 7 changes to lead 1010?" in text
        for value in ("Zo Ann", "Boston", "owner2", "undone from the log"):
            assert value in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(current(app), LeadEditScreen)


# --- 4. the Tab order --------------------------------------------------------------


async def test_tab_reaches_the_locked_phone_number(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lead(pilot, 1010)
        row(app, "phone_code").input.focus()
        await pilot.press("tab")
        phone = row(app, "phone_number")
        assert focused(app) is phone.input
        assert "F6" in notes(app) and "F6" in hint(app, "phone_number")
        await pilot.press(*"99", "backspace")
        await pilot.pause()
        assert phone.typed == "3125550010" and not phone.dirty  # read-only while locked
        await pilot.press("f6")
        await pilot.press(*"6175550003")
        await pilot.pause()
        assert phone.typed == "6175550003"


# --- 5. quitting with unsaved edits ------------------------------------------------


async def test_unsaved_edits_are_named_and_ctrl_q_asks(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_lead(pilot, 1010)
        assert editor.unsaved_changes() is None
        for param in ("first_name", "last_name", "city"):
            row(app, param).input.value = "Xavier"
        await pilot.pause()
        assert editor.unsaved_changes() == "3 unsaved edits to lead 1010"
        await pilot.press("escape")
        said = [str(n.message) for n in app._notifications]
        assert any("3 unsaved edits to lead 1010" in m for m in said)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(current(app), PlanModal)
        assert "3 unsaved edits to lead 1010" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert current(app) is editor and app.is_running


async def test_no_text_shows_a_python_repr(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lead(pilot, 1010)
        await type_into(pilot, app, "first_name", "Zoé+Ann")
        assert hint(app, "first_name") == "⚠ → Zo Ann"
        said = notes(app)
        assert "Omar → Zo Ann" in said and "'Omar'" not in said


async def test_brackets_typed_in_a_field_are_shown_as_typed(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lead(pilot, 1010)
        area = row(app, "comments").input
        area.focus()
        area.value = "[b]urgent[/b] [/]"
        await pilot.pause()
        assert "[b]urgent[/b] [/]" in notes(app)  # not read as markup
        assert isinstance(current(app), LeadEditScreen) and app.is_running


async def test_letters_and_symbols_typed_in_the_editor_are_never_shortcuts(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_lead(pilot, 1010)
        await type_into(pilot, app, "comments", "?nq/")
        assert row(app, "comments").typed == "?nq/"
        row(app, "phone_number").input.focus()  # locked: typing changes nothing
        await pilot.press(*"?nq/")
        await settle(pilot)
        assert current(app) is editor and not row(app, "phone_number").dirty


async def test_saving_status_dnc_says_it_blocks_nothing(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_lead(pilot, 1010)
        await type_into(pilot, app, "status", "DNC")
        await pilot.press("f5")
        await settle(pilot)
        modal = current(app)
        assert isinstance(modal, DiffModal)
        said = str(modal.query_one("#diff-dnc", Static).render())
        assert "Status DNC alone blocks nothing" in said
        assert "this lead's number" in said
