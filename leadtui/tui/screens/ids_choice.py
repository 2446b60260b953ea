"""Leads sent to a composer that already holds IDs: replace them (the default) or
add to them — each choice says how many IDs it gives."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from leadtui.ops.wording import plural

Choice = Literal["replace", "add"]


class IdsChoiceModal(ModalScreen[Choice | None]):
    CSS_PATH = "../styles/modals.tcss"
    DEFAULT_CSS = """
    #ids-choice-title { text-style: bold; padding: 0 0 1 0; }
    #ids-choice-buttons { height: 3; align: right middle; }
    #ids-choice-buttons Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ids-choice-cancel")]

    def __init__(self, held: int, incoming: int, combined: int, values: str) -> None:
        super().__init__()
        self.held = held
        self.incoming = incoming
        self.combined = combined
        self.values = values

    def compose(self) -> ComposeResult:
        held = f"{self.held:,} ID" + ("" if self.held == 1 else "s")
        with Vertical(id="ids-choice", classes="modal"):
            yield Label("The batch composer is not empty", id="ids-choice-title")
            yield Static(
                f"It holds {held} from before"
                + (f" ({self.values})" if self.values else "")
                + f". You are sending {plural(self.incoming, 'marked lead')}.",
                id="ids-choice-text",
            )
            with Horizontal(id="ids-choice-buttons"):
                yield Button(
                    f"Replace: {plural(self.incoming, 'ID')}",
                    variant="primary",
                    id="ids-choice-replace",
                )
                yield Button(f"Add: {self.combined:,} IDs", id="ids-choice-add")
                yield Button("Cancel", id="ids-choice-cancel-button")

    def on_mount(self) -> None:
        self.query_one("#ids-choice-replace", Button).focus()

    @on(Button.Pressed, "#ids-choice-replace")
    def replace(self) -> None:
        self.dismiss("replace")

    @on(Button.Pressed, "#ids-choice-add")
    def add(self) -> None:
        self.dismiss("add")

    @on(Button.Pressed, "#ids-choice-cancel-button")
    def action_cancel(self) -> None:
        self.dismiss(None)
