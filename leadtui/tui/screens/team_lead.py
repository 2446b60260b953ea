"""Who touched this lead: every operator's changes to one lead, newest first,
from the team journal."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from leadtui.ops.team_journal import TeamJournalError, TeamLead
from leadtui.ops.wording import change_text, operation_kind, plural
from leadtui.tui.base import LeadAppScreen
from leadtui.tui.widgets.line_table import FindableTable, LineTable
from leadtui.tui.widgets.session_bar import SessionBar


def history_cells(found: TeamLead) -> list[str]:
    op, lead = found.operation, found.lead
    return [
        op.started_at,
        op.operator,
        f"{op.id} of {found.journal_id[:8]}",
        operation_kind(op),
        lead.outcome.value,
        ", ".join(change_text(lead, op.backend)),
    ]


class TeamLeadScreen(LeadAppScreen):
    CSS_PATH = "../styles/log.tcss"
    BINDINGS = [Binding("escape", "back", "Back", id="team-lead-back")]

    def __init__(self, lead_id: int) -> None:
        super().__init__()
        self.lead_id = lead_id

    def compose(self) -> ComposeResult:
        yield SessionBar(f"Lead {self.lead_id}, every operator", id="session-bar")
        yield Static("Reading the team journal…", id="op-summary")
        yield FindableTable(
            ["when", "operator", "operation", "kind", "outcome", "before → after"],
            table_id="op-leads",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="team-lead-load", exit_on_error=False, thread=True)
    def load(self) -> None:
        team = self.lead_app.team
        if team is None:
            return
        try:
            found = team.lead_history(self.lead_id)
        except TeamJournalError as error:
            self.app.call_from_thread(self._note, f"✖ {error}")
            return
        self.app.call_from_thread(self._show, found)

    def _note(self, text: str) -> None:
        self.query_one("#op-summary", Static).update(text)

    def _show(self, found: list[TeamLead]) -> None:
        operators = {f"{t.operation.os_user}@{t.operation.host}" for t in found}
        self._note(
            f"Lead {self.lead_id}: {plural(len(found), 'change')} by leadtui, "
            f"{plural(len(operators), 'operator')}, newest first."
            if found
            else f"No operator has changed lead {self.lead_id} with leadtui."
        )
        table = self.query_one(LineTable)
        table.set_rows(
            [tuple(history_cells(t)) for t in found],
            [f"{t.journal_id}:{t.lead.id}" for t in found],
        )
        table.focus()

    def action_back(self) -> None:
        self.dismiss()
