"""Another operator's operation, as the team journal holds it; U undoes it as
one's own (copied into this journal first, then the usual undo)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from leadtui.ops.journal_models import LeadRow, OperationRow
from leadtui.ops.team_adopt import adopt
from leadtui.ops.team_journal import TeamJournalError, TeamOperation
from leadtui.ops.wording import operation_kind
from leadtui.tui.base import LeadAppScreen
from leadtui.tui.screens.operation import lead_cells
from leadtui.tui.widgets.line_table import FindableTable, LineTable
from leadtui.tui.widgets.session_bar import SessionBar


class TeamOperationScreen(LeadAppScreen):
    CSS_PATH = "../styles/log.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="team-op-back"),
        Binding("u", "undo", "Undo as mine", id="team-op-undo"),
    ]

    def __init__(self, found: TeamOperation) -> None:
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        op = self.found.operation
        yield SessionBar(
            f"Operation {op.id} of {self.found.operator}", id="session-bar"
        )
        yield Static(self._summary(op), id="op-summary")
        yield FindableTable(
            ["lead", "outcome", "before → after", "detail"], table_id="op-leads"
        )
        yield Footer()

    def _summary(self, op: OperationRow) -> str:
        return (
            f"#{op.id} of journal {self.found.journal_id[:8]} · "
            f"{operation_kind(op)} · {op.started_at} · {op.state.value} · "
            f"{self.found.operator} · {op.profile} ({op.server})\n{op.describe()}"
        )

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="team-op-load", exit_on_error=False, thread=True)
    def load(self) -> None:
        team = self.lead_app.team
        if team is None:
            return
        try:
            op, rows = team.operation_leads(
                self.found.journal_id, self.found.operation.id
            )
        except TeamJournalError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._show, op, rows)

    def _failed(self, why: str) -> None:
        self.query_one("#op-summary", Static).update(f"✖ {why}")

    def _show(self, op: OperationRow, rows: list[LeadRow]) -> None:
        self.query_one("#op-summary", Static).update(self._summary(op))
        table = self.query_one(LineTable)
        table.set_rows(
            [tuple(lead_cells(row, op.backend)) for row in rows],
            [str(row.id) for row in rows],
        )
        table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return not self.profile.read_only and self.lead_app.team is not None
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_undo(self) -> None:
        self.copy_in()

    @work(exclusive=True, group="team-op-undo", exit_on_error=False, thread=True)
    def copy_in(self) -> None:
        team = self.lead_app.team
        if team is None:
            return
        try:
            local = adopt(
                team,
                self.lead_app.journal,
                self.found.journal_id,
                self.found.operation.id,
            )
        except TeamJournalError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Not undone", severity="warning"
            )
            return
        self.app.call_from_thread(self._undo_local, local)

    def _undo_local(self, local: int) -> None:
        from leadtui.tui.screens.operation import OperationScreen

        self.notify(
            f"Copied into your journal as operation {local}: press U to plan its "
            "undo, which is journaled as yours.",
            title="Undo as mine",
            timeout=10,
        )
        self.app.switch_screen(OperationScreen(local))
