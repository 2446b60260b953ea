"""Small Pilot helpers shared by the TUI tests."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Select, TextArea

from leadtui.tui.app import LeadApp
from leadtui.tui.widgets.progress_modal import ProgressModal


async def settle(pilot: Pilot[None], timeout: float = 20.0) -> None:
    """Let running workers finish and the screen refresh.

    A worker that waits for the operator (a modal other than the progress bar
    is up) counts as settled: the test is expected to answer the modal.
    """
    app = pilot.app
    for _ in range(int(timeout / 0.02)):
        await pilot.pause(0.02)
        busy = [w for w in app.workers if w.is_running]
        waiting = isinstance(app.screen, ModalScreen) and not isinstance(
            app.screen, ProgressModal
        )
        if not busy or waiting:
            break
    await pilot.pause()


async def started(pilot: Pilot[None]) -> LeadApp:
    app = pilot.app
    assert isinstance(app, LeadApp)
    for _ in range(50):
        await settle(pilot)
        if app.session is not None and type(app.screen).__name__ == "SearchScreen":
            return app
    raise AssertionError(f"the app did not reach the search screen ({app.screen})")


async def search(pilot: Pilot[None], kind: str, value: str, records: str = "1") -> None:
    screen = pilot.app.screen
    screen.query_one("#key-kind", Select).value = kind
    screen.query_one("#records", Input).value = records
    field = screen.query_one("#key-value", Input)
    field.value = ""
    field.focus()
    await pilot.press(*value)
    await pilot.press("enter")
    await settle(pilot)


async def paste_ids(pilot: Pilot[None], text: str) -> None:
    area = pilot.app.screen.query_one("#ids", TextArea)
    area.focus()
    area.load_text(text)
    await pilot.pause(0.3)
    await settle(pilot)


def current(app: App[None]) -> Screen[object]:
    """The active screen (a call, so type checkers do not narrow it across awaits)."""
    return app.screen


def enabled(button: Button) -> bool:
    return not button.disabled
