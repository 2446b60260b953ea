"""The start-up floor: a bare Textual app that shows one label (bench/startup.py)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label

READY = "bare textual app ready"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label(READY)


if __name__ == "__main__":
    BareApp().run()
