"""The diff shown before a lead is saved: old value → what the server will store.

The rows scroll between a fixed title and fixed buttons, so Save and Cancel are
always on screen (80×24 included). Focus starts on Cancel: Enter saves only
once the operator has moved to Save.
"""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from leadtui.api.vicidial.models import Lead
from leadtui.ops.dnc_note import status_blocks_nothing
from leadtui.ops.edit import FieldChange


def _value(text: str | None) -> Text:
    if not text:
        return Text("(empty)", style="dim")
    return Text(text)


def diff_table(changes: list[FieldChange]) -> Table:
    """field · now · after saving; long values wrap instead of being cut."""
    table = Table(
        box=box.SIMPLE_HEAD,
        expand=True,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
    )
    table.add_column("field", no_wrap=True)
    table.add_column("now", ratio=1, overflow="fold")
    table.add_column("after saving", ratio=1, overflow="fold")
    for change in changes:
        mark = " ⚠" if change.notes else ""
        table.add_row(
            Text(change.title + mark), _value(change.old), _value(change.stored)
        )
    return table


class DiffModal(ModalScreen[bool]):
    CSS_PATH = ["../styles/modals.tcss", "../styles/lead_edit.tcss"]
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="diff-cancel")]

    def __init__(
        self, lead: Lead, changes: list[FieldChange], *, others: list[str] | None = None
    ) -> None:
        super().__init__()
        self.lead = lead
        #: other operators' running or recent work on this lead (team journal)
        self.others = others or []
        self.changes = [c for c in changes if c.changes]
        self.unchanged = [c for c in changes if not c.changes]

    def compose(self) -> ComposeResult:
        count = len(self.changes)
        noun = "change" if count == 1 else "changes"
        with Vertical(id="diff", classes="modal"):
            yield Label(
                f"Save {count} {noun} to lead {self.lead.lead_id}?", id="diff-title"
            )
            with VerticalScroll(id="diff-body"):
                yield Static(diff_table(self.changes), id="diff-rows")
                notes = [
                    f"⚠ {c.title}: " + "; ".join(n.detail for n in c.notes)
                    for c in self.changes
                    if c.notes
                ]
                notes += [
                    f"⚠ Another operator on this lead: {line}" for line in self.others
                ]
                if notes:
                    yield Static("\n".join(notes), id="diff-notes", markup=False)
                if self.unchanged:
                    names = ", ".join(c.title for c in self.unchanged)
                    yield Static(
                        f"Not sent (the server would store the same): {names}",
                        id="diff-unchanged",
                        markup=False,
                    )
                dnc = status_blocks_nothing(
                    {c.column: c.stored for c in self.changes if c.stored is not None}
                )
                if dnc:
                    yield Static(f"⚠ {dnc}", id="diff-dnc", markup=False)
                if any(c.param == "phone_number" for c in self.changes):
                    yield Static(
                        "⚠ The phone number changes (update_phone_number=Y).",
                        id="diff-phone",
                    )
                yield Static(
                    "The lead's current values are kept in the journal; "
                    "the change can be undone from the log.",
                    id="diff-journal",
                )
            with Horizontal(id="diff-buttons"):
                yield Button("Cancel", id="diff-cancel-button")
                yield Button("Save", variant="primary", id="diff-save")

    def on_mount(self) -> None:
        # as on the delete guards: nothing is written by a reflex Enter
        self.query_one("#diff-cancel-button", Button).focus()
        self.fit_body(self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_body(event.size.height)

    def fit_body(self, height: int) -> None:
        """The rows get what the title, the buttons and the frame leave of the
        modal's 95% (a ``vh`` max-height would let the modal grow past them)."""
        fixed = 2 + 2 + 3  # frame, title, buttons
        body = self.query_one("#diff-body", VerticalScroll)
        body.styles.max_height = max(3, int(height * 0.95) - fixed)

    @on(Button.Pressed, "#diff-save")
    def save(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#diff-cancel-button")
    def action_cancel(self) -> None:
        self.dismiss(False)
