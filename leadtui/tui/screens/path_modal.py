"""Ask for one line: a file path (load IDs, export the journal), a lead ID."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PathModal(ModalScreen[str | None]):
    CSS_PATH = "../styles/modals.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="path-cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "path — Enter to accept, Esc to cancel",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="path", classes="modal"):
            yield Label(self.title_text)
            yield Input(
                value=self.value,
                placeholder=self.placeholder,
                id="path-input",
            )

    @on(Input.Submitted)
    def accept(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
