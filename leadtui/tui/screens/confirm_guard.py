"""The guard in front of irreversible work: delete, reset, hopper, callback removal.

It lists exactly which leads are affected, says what cannot be undone, and
enables its confirm button only once the operator has typed the number of
leads (or the lead ID, for one). Focus starts on Cancel; Escape cancels; there
is no one-key yes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from leadtui.api.vicidial.models import Lead
from leadtui.tui.guarded_action import LeadAction
from leadtui.tui.widgets.sized_table import SizedTable
from leadtui.tui.widgets.tick_box import TickBox

TITLES = {
    LeadAction.DELETE: "Delete",
    LeadAction.RESET: "Reset",
    LeadAction.HOPPER: "Hopper",
    LeadAction.CALLBACKS: "Remove callbacks of",
    LeadAction.CLEAR_CUSTOM: "Clear custom data of",
}

WARNINGS = {
    LeadAction.DELETE: (
        "Deleting cannot be undone on the server. leadtui keeps each lead's full "
        "record in its journal and can re-create it later, under a new lead ID."
    ),
    LeadAction.RESET: (
        "Sets called_since_last_reset=N (and called_count) so the dialer calls these "
        "leads again. The old flag cannot be set back through the API."
    ),
    LeadAction.HOPPER: "Adds the leads to the dialer's hopper (or takes them out).",
    LeadAction.CALLBACKS: (
        "The server moves every scheduled callback of these leads to its archive "
        "and deletes it; leadtui cannot put callbacks back."
    ),
    LeadAction.CLEAR_CUSTOM: (
        "The server deletes each lead's custom fields row (delete_cf_data) and sets "
        "its entry list to 0. leadtui keeps every value in its journal first; undo "
        "writes them back."
    ),
}


@dataclass(frozen=True)
class GuardChoice:
    action: LeadAction
    lead_ids: list[int]
    called_count: int | None = 0
    add_to_hopper: bool = False
    remove_callbacks: bool = False
    hopper_add: bool = True


def expected_confirmation(lead_ids: list[int]) -> str:
    return str(lead_ids[0]) if len(lead_ids) == 1 else str(len(lead_ids))


class ConfirmGuardModal(ModalScreen[GuardChoice | None]):
    CSS_PATH = "../styles/modals.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="guard-cancel")]

    def __init__(
        self, action: LeadAction, leads: list[Lead], *, others: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.action_kind = action
        self.leads = leads
        #: other operators' running or recent work on these leads (team journal)
        self.others = list(others)
        self.expected = expected_confirmation([lead.lead_id for lead in leads])

    def compose(self) -> ComposeResult:
        count = len(self.leads)
        noun = "lead" if count == 1 else "leads"
        with Vertical(id="guard", classes="modal -danger"):
            yield Label(f"{TITLES[self.action_kind]} {count} {noun}", id="guard-title")
            table: DataTable[str] = SizedTable(id="guard-leads", cursor_type="row")
            table.add_columns("lead", "name", "phone", "list", "status")
            for lead in self.leads:
                table.add_row(
                    str(lead.lead_id),
                    lead.name,
                    lead.phone_number,
                    str(lead.list_id),
                    lead.status,
                )
            yield table
            yield Static(WARNINGS[self.action_kind], id="guard-warning")
            if self.others:
                yield Static(
                    "\n".join(
                        f"⚠ Another operator on these leads: {line}"
                        for line in self.others
                    ),
                    id="guard-others",
                )
            if self.action_kind is LeadAction.RESET:
                with Horizontal(id="guard-options"):
                    yield Label("called_count")
                    yield Input(value="0", type="integer", id="called-count")
                    yield TickBox("add to hopper", id="add-hopper")
                    yield TickBox("remove callbacks", id="remove-callbacks")
            if self.action_kind is LeadAction.HOPPER:
                yield Select(
                    [
                        ("add to the hopper", "add"),
                        ("remove from the hopper", "remove"),
                    ],
                    value="add",
                    allow_blank=False,
                    id="hopper-direction",
                )
            what = "the lead ID" if count == 1 else "the number of leads"
            yield Label(f"Type {what} ({self.expected}) to confirm:")
            yield Input(placeholder=self.expected, id="guard-typed")
            with Horizontal(id="guard-buttons"):
                yield Button("Cancel", id="guard-cancel-button")
                yield Button(
                    f"{TITLES[self.action_kind]} {count} {noun}",
                    variant="error",
                    id="guard-confirm",
                    disabled=True,
                )

    def on_mount(self) -> None:
        self.query_one("#guard-cancel-button", Button).focus()

    @on(Input.Changed, "#guard-typed")
    def typed(self, event: Input.Changed) -> None:
        self.query_one("#guard-confirm", Button).disabled = (
            event.value.strip() != self.expected
        )

    @on(Input.Submitted, "#guard-typed")
    def submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() == self.expected:
            self.confirm()

    @on(Button.Pressed, "#guard-cancel-button")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#guard-confirm")
    def confirm(self) -> None:
        if self.query_one("#guard-typed", Input).value.strip() != self.expected:
            return
        choice = GuardChoice(
            action=self.action_kind, lead_ids=[lead.lead_id for lead in self.leads]
        )
        if self.action_kind is LeadAction.RESET:
            count = self.query_one("#called-count", Input).value.strip()
            choice = GuardChoice(
                action=self.action_kind,
                lead_ids=choice.lead_ids,
                called_count=int(count) if count else None,
                add_to_hopper=self.query_one("#add-hopper", TickBox).value,
                remove_callbacks=self.query_one("#remove-callbacks", TickBox).value,
            )
        if self.action_kind is LeadAction.HOPPER:
            direction = self.query_one("#hopper-direction", Select).value
            choice = GuardChoice(
                action=self.action_kind,
                lead_ids=choice.lead_ids,
                hopper_add=direction == "add",
            )
        self.dismiss(choice)
