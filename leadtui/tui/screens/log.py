"""Session log: the journal's operations; Enter drills into one."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from leadtui.commands.render import operation_kind
from leadtui.ops.journal_models import LeadOutcome, OperationRow
from leadtui.tui.base import LeadAppScreen
from leadtui.tui.messages import JournalRefreshed
from leadtui.tui.widgets.session_bar import SessionBar
from leadtui.tui.widgets.sized_table import SizedTable


def operation_cells(op: OperationRow) -> list[str]:
    counts = op.summary.get("counts", {})
    leads = sum(counts.values()) if counts else op.params.get("leads", 0)
    changed = sum(n for k, n in counts.items() if LeadOutcome(k).changed)
    return [
        str(op.id),
        op.started_at[5:16],
        operation_kind(op),
        str(leads),
        str(changed),
        op.state.value,
    ]


class LogScreen(LeadAppScreen):
    CSS_PATH = "../styles/log.tcss"
    BINDINGS = [
        # priority: the table's own Enter (show=False) would hide it from the footer
        Binding("enter", "open", "Open", id="log-open", priority=True),
        Binding("f9", "reload", "Reload", id="log-reload"),
    ]

    def compose(self) -> ComposeResult:
        yield SessionBar("Session log", id="session-bar")
        yield Static(
            "Every operation leadtui sent, newest first. Enter shows its leads, undo and resume.",
            id="log-help",
        )
        table: DataTable[str] = SizedTable(
            id="operations", cursor_type="row", zebra_stripes=True
        )
        table.add_column("op", key="op")
        table.add_column("when", key="when")
        table.add_column("kind", key="kind")
        table.add_column("leads", key="leads")
        table.add_column("changed", key="changed")
        table.add_column("state", key="state")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    @on(JournalRefreshed)
    def journal_changed(self) -> None:
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    @work(exclusive=True, group="log-load", exit_on_error=False, thread=True)
    def reload(self) -> None:
        ops = self.lead_app.journal.operations(500)
        self.app.call_from_thread(self._show, ops)

    def _show(self, ops: list[OperationRow]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for op in ops:
            table.add_row(*operation_cells(op), key=str(op.id))
        if not ops:
            self.query_one("#log-help", Static).update(
                "Nothing yet: operations appear here as soon as they start."
            )
        table.focus()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            from leadtui.tui.screens.operation import OperationScreen

            self.app.push_screen(OperationScreen(int(key)))

    @on(DataTable.RowSelected)
    def selected(self) -> None:
        self.action_open()
