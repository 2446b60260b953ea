"""Show what an undo or resume will do, and ask before doing it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class PlanModal(ModalScreen[bool]):
    CSS_PATH = "../styles/modals.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="plan-cancel")]

    def __init__(self, title: str, lines: list[str], confirm: str) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.confirm_label = confirm

    def compose(self) -> ComposeResult:
        with Vertical(id="plan", classes="modal"):
            yield Label(self.title_text, id="plan-title")
            with VerticalScroll(id="plan-lines"):
                yield Static("\n".join(self.lines))
            with Horizontal(id="plan-buttons"):
                yield Button("Cancel", id="plan-cancel-button")
                yield Button(self.confirm_label, variant="warning", id="plan-confirm")

    def on_mount(self) -> None:
        self.query_one("#plan-cancel-button", Button).focus()

    @on(Button.Pressed, "#plan-confirm")
    def confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#plan-cancel-button")
    def action_cancel(self) -> None:
        self.dismiss(False)
