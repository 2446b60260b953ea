"""Typed confirmation before a large batch: the operator types the lead count.

Focus starts on the input, the Apply button unlocks only on the exact count,
Escape cancels; there is no one-key yes (as for deletes).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class CountGuardModal(ModalScreen[bool]):
    CSS_PATH = "../styles/modals.tcss"
    DEFAULT_CSS = """
    #count-guard { border: thick $error; }
    #count-guard-title { text-style: bold; padding: 0 0 1 0; }
    #count-guard-lines { height: auto; max-height: 10; }
    #count-guard-ask { padding: 1 0 0 0; }
    #count-guard-buttons { height: 3; align: right middle; }
    #count-guard-buttons Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="count-guard-cancel")]

    def __init__(
        self, title: str, lines: list[str], count: int, noun: str = "leads"
    ) -> None:
        super().__init__()
        self.noun = noun
        self.title_text = title
        self.lines = lines
        self.expected = str(count)

    def compose(self) -> ComposeResult:
        with Vertical(id="count-guard", classes="modal"):
            yield Label(self.title_text, id="count-guard-title")
            yield Static("\n".join(self.lines), id="count-guard-lines")
            yield Static(
                f"Type {self.expected} (the number of {self.noun}) to apply:",
                id="count-guard-ask",
            )
            yield Input(placeholder=self.expected, id="count-guard-input")
            with Horizontal(id="count-guard-buttons"):
                yield Button("Cancel", id="count-guard-cancel-button")
                yield Button(
                    "Apply", variant="error", id="count-guard-confirm", disabled=True
                )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        matches = event.value.strip().replace(",", "") == self.expected
        self.query_one("#count-guard-confirm", Button).disabled = not matches

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if not self.query_one("#count-guard-confirm", Button).disabled:
            self.dismiss(True)

    @on(Button.Pressed, "#count-guard-confirm")
    def confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#count-guard-cancel-button")
    def action_cancel(self) -> None:
        self.dismiss(False)
