"""Session log: the journal's operations (Mine) and every operator's (Team);
Enter drills into one."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static, TabbedContent, TabPane

from leadtui.ops.journal_models import LeadOutcome, OperationRow
from leadtui.ops.team_journal import TeamJournalError, TeamOperation
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


def team_cells(found: TeamOperation) -> list[str]:
    counts = found.counts
    return [
        found.journal_id[:8],
        str(found.operation.id),
        found.operation.started_at[5:16],
        found.operator,
        operation_kind(found.operation),
        str(sum(counts.values())),
        str(sum(n for k, n in counts.items() if LeadOutcome(k).changed)),
        found.operation.state.value,
    ]


NO_TEAM = (
    "No team journal: set team_journal in the config to see every operator's "
    "work here (README: Working as a team)."
)


class LogScreen(LeadAppScreen):
    CSS_PATH = "../styles/log.tcss"
    BINDINGS = [
        # priority: the table's own Enter (show=False) would hide it from the footer
        Binding("enter", "open", "Open", id="log-open", priority=True),
        Binding("f9", "reload", "Reload", id="log-reload"),
        Binding("t", "tab", "Mine/Team", id="log-tab"),
        Binding("l", "lead_history", "Lead history", id="log-team-lead"),
    ]

    def compose(self) -> ComposeResult:
        yield SessionBar("Session log", id="session-bar")
        with TabbedContent(initial="mine", id="log-tabs"):
            with TabPane("Mine", id="mine"):
                yield Static(
                    "Every operation leadtui sent, newest first. Enter shows its "
                    "leads, undo and resume.",
                    id="log-help",
                )
                yield FindableTable(
                    ["op", "when", "kind", "leads", "changed", "state"],
                    table_id="operations",
                )
            with TabPane("Team", id="team"):
                yield Static(NO_TEAM, id="team-help")
                yield FindableTable(
                    [
                        "journal",
                        "op",
                        "when",
                        "operator",
                        "kind",
                        "leads",
                        "changed",
                        "state",
                    ],
                    table_id="team-operations",
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
        if self._on_team:
            self.reload_team()

    @property
    def _on_team(self) -> bool:
        return self.query_one("#log-tabs", TabbedContent).active == "team"

    def action_tab(self) -> None:
        tabs = self.query_one("#log-tabs", TabbedContent)
        tabs.active = "mine" if self._on_team else "team"

    @on(TabbedContent.TabActivated)
    def tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        if event.pane.id == "team":
            self.reload_team()
        else:
            self.query_one("#operations", LineTable).focus()

    @work(exclusive=True, group="log-load", exit_on_error=False, thread=True)
    def reload(self) -> None:
        ops = self.lead_app.journal.operations(500)
        self.app.call_from_thread(self._show, ops)

    def _show(self, ops: list[OperationRow]) -> None:
        table = self.query_one("#operations", LineTable)
        table.set_rows(
            [tuple(operation_cells(op)) for op in ops], [str(op.id) for op in ops]
        )
        if not ops:
            self.query_one("#log-help", Static).update(
                "Nothing yet: operations appear here as soon as they start."
            )
        if not self._on_team:
            table.focus()

    @work(exclusive=True, group="team-load", exit_on_error=False, thread=True)
    def reload_team(self) -> None:
        """Every operator's operations, from PostgreSQL (a worker: it may be slow
        or away, the screen is not)."""
        team = self.lead_app.team
        if team is None:
            self.app.call_from_thread(
                self._show_team, [], self.lead_app.team_problem or NO_TEAM
            )
            return
        self.app.call_from_thread(self._team_note, "Reading the team journal…")
        try:
            found = team.operations(limit=500)
        except TeamJournalError as error:
            self.app.call_from_thread(self._show_team, [], str(error))
            return
        self.app.call_from_thread(
            self._show_team,
            found,
            "Every operator's operations, newest first. Enter shows one; from "
            "there U undoes it as yours (leads changed since are left alone).",
        )

    def _team_note(self, text: str) -> None:
        self.query_one("#team-help", Static).update(text)

    def _show_team(self, found: list[TeamOperation], note: str) -> None:
        self._team_note(note)
        self._team = {f"{t.journal_id}:{t.operation.id}": t for t in found}
        table = self.query_one("#team-operations", LineTable)
        table.set_rows([tuple(team_cells(t)) for t in found], list(self._team))
        if self._on_team:
            table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":  # Enter in the find line goes back to the rows
            return self.focused is None or isinstance(self.focused, LineTable)
        if action == "lead_history":  # the team's: who touched this lead
            return self.lead_app.team is not None and self._on_team
        return True

    def action_lead_history(self) -> None:
        from leadtui.tui.screens.path_modal import PathModal

        self.app.push_screen(
            PathModal(
                "Who touched which lead? (every operator, from the team journal)",
                placeholder="lead ID — Enter to look, Esc to cancel",
            ),
            callback=self._lead_chosen,
        )

    def _lead_chosen(self, text: str | None) -> None:
        if text is None:
            return
        if not text.isdigit():
            self.notify(f"{text!r} is not a lead ID.", severity="warning")
            return
        from leadtui.tui.screens.team_lead import TeamLeadScreen

        self.app.push_screen(TeamLeadScreen(int(text)))

    def action_open(self) -> None:
        if self._on_team:
            key = self.query_one("#team-operations", LineTable).cursor_key
            chosen = getattr(self, "_team", {}).get(key)
            if chosen is not None:
                from leadtui.tui.screens.team_operation import TeamOperationScreen

                self.app.push_screen(TeamOperationScreen(chosen))
            return
        key = self.query_one("#operations", LineTable).cursor_key
        if key is not None:
            from leadtui.tui.screens.operation import OperationScreen

            self.app.push_screen(OperationScreen(int(key)))

    @on(LineTable.Chosen)
    def selected(self) -> None:
        self.action_open()
