"""What the operator reads: states in characters, every key reachable at 80×24,
headers that fit, no Python text, notices that stay until they are dealt with."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.app import App, ComposeResult

from leadtui.tui.widgets.tick_box import TickBox


def screen_text(app: App[Any]) -> str:
    """The screen as plain text, as a monochrome terminal shows it (no colour)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(
            full=True, screen_stack=app._background_screens
        )
    )
    return console.export_text()


class _Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield TickBox("ticked", value=True, id="on")
        yield TickBox("unticked", id="off")


async def test_a_tick_box_says_its_state_in_characters() -> None:
    """Old main: both states drew ▐X▌; only a shade told them apart."""
    app = _Boxes()
    async with app.run_test(size=(40, 8)) as pilot:
        text = screen_text(app)
        assert "[x] ticked" in text and "[ ] unticked" in text
        app.query_one("#off", TickBox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert "[x] unticked" in screen_text(app)
        assert app.query_one("#off", TickBox).value is True
        await pilot.press("space")
        await pilot.pause()
        assert "[ ] unticked" in screen_text(app)
