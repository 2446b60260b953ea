"""Session log: the journal's operations; Enter drills into one."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from leadtui.ops.journal_models import LeadOutcome, OperationRow
from leadtui.ops.wording import operation_kind
from leadtui.tui.base import LeadAppScreen
from leadtui.tui.messages import JournalRefreshed
from leadtui.tui.widgets.line_table import FindableTable, LineTable
from leadtui.tui.widgets.session_bar import SessionBar


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
        yield FindableTable(
            ["op", "when", "kind", "leads", "changed", "state"], table_id="operations"
        )
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
        table = self.query_one(LineTable)
        table.set_rows(
            [tuple(operation_cells(op)) for op in ops], [str(op.id) for op in ops]
        )
        if not ops:
            self.query_one("#log-help", Static).update(
                "Nothing yet: operations appear here as soon as they start."
            )
        table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":  # Enter in the find line goes back to the rows
            return self.focused is None or isinstance(self.focused, LineTable)
        return True

    def action_open(self) -> None:
        key = self.query_one(LineTable).cursor_key
        if key is not None:
            from leadtui.tui.screens.operation import OperationScreen

            self.app.push_screen(OperationScreen(int(key)))

    @on(LineTable.Chosen)
    def selected(self) -> None:
        self.action_open()
