"""The diff shown before a lead is saved: old value → what the server will store."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, Static

from leadtui.api.vicidial.models import Lead
from leadtui.ops.edit import FieldChange
from leadtui.tui.widgets.sized_table import SizedTable


class DiffModal(ModalScreen[bool]):
    CSS_PATH = "../styles/modals.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="diff-cancel")]

    def __init__(self, lead: Lead, changes: list[FieldChange]) -> None:
        super().__init__()
        self.lead = lead
        self.changes = [c for c in changes if c.changes]
        self.unchanged = [c for c in changes if not c.changes]

    def compose(self) -> ComposeResult:
        with Vertical(id="diff", classes="modal"):
            yield Label(
                f"Save {len(self.changes)} change(s) to lead {self.lead.lead_id}?",
                id="diff-title",
            )
            table: DataTable[str] = SizedTable(id="diff-table", cursor_type="row")
            table.add_columns("field", "now", "after saving")
            for change in self.changes:
                mark = " ⚠" if change.notes else ""
                table.add_row(change.title + mark, change.old, change.stored or "")
            yield table
            notes = [
                f"⚠ {c.title}: " + "; ".join(n.detail for n in c.notes)
                for c in self.changes
                if c.notes
            ]
            if notes:
                yield Static("\n".join(notes), id="diff-notes")
            if self.unchanged:
                names = ", ".join(c.title for c in self.unchanged)
                yield Static(
                    f"Not sent (the server would store the same): {names}",
                    id="diff-unchanged",
                )
            if any(c.param == "phone_number" for c in self.changes):
                yield Static(
                    "⚠ The phone number changes (update_phone_number=Y).",
                    id="diff-phone",
                )
            yield Static(
                "The lead's current values are kept in the journal; the change can be undone from the log."
            )
            with Horizontal(id="diff-buttons"):
                yield Button("Cancel", id="diff-cancel-button")
                yield Button("Save", variant="primary", id="diff-save")

    def on_mount(self) -> None:
        self.query_one("#diff-save", Button).focus()

    @on(Button.Pressed, "#diff-save")
    def save(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#diff-cancel-button")
    def action_cancel(self) -> None:
        self.dismiss(False)
