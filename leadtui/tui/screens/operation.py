"""One journaled operation: every lead's before → after, undo, resume, export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import platformdirs
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from leadtui.ops.cooperative import StopFlag
from leadtui.ops.export import export_csv
from leadtui.ops.journal_models import LeadRow, OperationRow, OperationState
from leadtui.ops.ownership import WHY_NOT_DONE
from leadtui.ops.recovery import propose_resume, propose_undo
from leadtui.ops.results import OperationResult, Progress
from leadtui.ops.resume import describe_run
from leadtui.ops.session import Session, VoiceSession
from leadtui.ops.wording import change_text, operation_kind, plural, row_label
from leadtui.paths import APP
from leadtui.tui.base import LeadAppScreen
from leadtui.tui.lead_actions import run_with_progress, summary
from leadtui.tui.screens.count_guard import CountGuardModal
from leadtui.tui.screens.path_modal import PathModal
from leadtui.tui.screens.plan_modal import PlanModal
from leadtui.tui.widgets.line_table import FindableTable, LineTable
from leadtui.tui.widgets.session_bar import SessionBar


def lead_cells(row: LeadRow, backend: str = "vicidial") -> list[str]:
    """lead, outcome, ``column before → after`` (values plainly), detail."""
    changes = change_text(row, backend)
    before = row.before or {}
    if "deleted" in row.change and before:
        changes.append(
            " ".join(
                before.get(c, "") for c in ("first_name", "last_name", "phone_number")
            ).strip()
        )
    return [
        row_label(row, backend)[1],
        row.outcome.value,
        ", ".join(c for c in changes if c),
        row.detail,
    ]


def unknown_operation(error: KeyError) -> str:
    """The journal's KeyError in words (its str() would show Python quotes)."""
    return str(error.args[0]) if error.args else "no such operation in the journal"


class OperationScreen(LeadAppScreen):
    CSS_PATH = "../styles/log.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="op-back"),
        Binding("u", "undo", "Undo", id="op-undo"),
        Binding("r", "resume", "Resume", id="op-resume"),
        Binding("e", "export", "Export CSV", id="op-export"),
    ]

    def __init__(self, operation_id: int) -> None:
        super().__init__()
        self.operation_id = operation_id
        self.operation: OperationRow | None = None
        self.resumable = False

    def compose(self) -> ComposeResult:
        yield SessionBar(f"Operation {self.operation_id}", id="session-bar")
        yield Static("", id="op-summary")
        yield FindableTable(
            ["lead", "outcome", "before → after", "detail"], table_id="op-leads"
        )
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    @work(exclusive=True, group="op-load", exit_on_error=False, thread=True)
    def reload(self) -> None:
        journal = self.lead_app.journal
        try:
            operation = journal.operation(self.operation_id)
        except KeyError as error:
            self.app.call_from_thread(self._missing, unknown_operation(error))
            return
        rows = journal.leads(self.operation_id)
        chunks = journal.chunks(self.operation_id)
        open_leads = sum(
            n
            for phase, n in journal.phase_counts(self.operation_id).items()
            if phase.open
        )
        self.resumable = bool(
            open_leads
            and operation.engine_version >= 2
            and operation.state is not OperationState.RUNNING
        )
        self.app.call_from_thread(self._show, operation, rows, len(chunks))

    def _missing(self, why: str) -> None:
        self.query_one("#op-summary", Static).update(f"✖ {why[:1].upper()}{why[1:]}.")

    def _show(self, op: OperationRow, rows: list[LeadRow], requests: int) -> None:
        self.operation = op
        counts = " · ".join(
            f"{n:,} {k}" for k, n in sorted(op.summary.get("counts", {}).items())
        )
        self.query_one("#op-summary", Static).update(
            f"#{op.id} {operation_kind(op)} · {op.started_at} · {op.state.value} · "
            f"{plural(requests, 'request')} · {op.api_user}@{op.profile}\n"
            f"{op.describe()} · {counts or 'no outcome yet'}"
        )
        self.query_one(LineTable).set_rows(
            [tuple(lead_cells(row, op.backend)) for row in rows],
            [str(row.lead_id) for row in rows],
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("undo", "resume"):
            if self.profile.read_only or self.operation is None:
                return False
            if action == "resume":
                return self.resumable
        return True

    def action_back(self) -> None:
        self.dismiss()

    # --- undo / resume: the flow the CLI shares (ops.recovery) ------------------------

    def engine_session(self) -> Session | VoiceSession | None:
        app = self.lead_app
        if self.operation is not None and self.operation.backend == "voiceaiwrapper":
            return app.voice
        return app.session

    def action_undo(self) -> None:
        self.propose("undo")

    def action_resume(self) -> None:
        self.propose("resume")

    @work(exclusive=True, group="op-recovery", exit_on_error=False)
    async def propose(self, what: str) -> None:
        session = self.engine_session()
        if session is None:
            self.notify(
                "Connect with a profile for this operation's server first.",
                severity="warning",
            )
            return
        try:
            if what == "undo":
                self.notify("Reading the leads' current values…")
                proposal = await propose_undo(session, self.operation_id)
            else:
                proposal = propose_resume(session, self.operation_id)
        except WHY_NOT_DONE as error:
            self.notify(
                str(error), title=f"Cannot {what}", severity="error", timeout=10
            )
            return
        except KeyError as error:
            self.notify(
                unknown_operation(error),
                title=f"Cannot {what}",
                severity="error",
                timeout=10,
            )
            return
        if proposal.empty:
            self.notify(proposal.nothing, severity="warning", timeout=8)
            self.reload()
            return
        if proposal.typed_count is not None:
            guard = CountGuardModal(
                proposal.title, proposal.lines, proposal.typed_count, proposal.noun
            )
            ok = await self.app.push_screen_wait(guard)
        else:
            ok = await self.app.push_screen_wait(
                PlanModal(proposal.title, proposal.lines, proposal.action)
            )
        if not ok:
            return

        async def job(
            progress: Callable[[Progress], None], stop: StopFlag
        ) -> list[OperationResult]:
            return [await proposal.run(stop, progress)]

        results = await run_with_progress(self.lead_app, f"{proposal.title}", job)
        if results:
            lines = [summary(results), *describe_run(results[0])]
            self.notify("\n".join(lines), title=proposal.action, timeout=10)
        self.reload()

    # --- export ----------------------------------------------------------------------

    def action_export(self) -> None:
        # the user's data directory, never the working directory without asking
        folder = platformdirs.user_data_path(APP) / "exports"
        default = str(folder / f"leadtui-operation-{self.operation_id}.csv")
        self.app.push_screen(
            PathModal("Export this operation as CSV to", default),
            callback=self._export_to,
        )

    def _export_to(self, path: str | None) -> None:
        if path:
            self.export(path)

    @work(exclusive=True, group="op-export", exit_on_error=False, thread=True)
    def export(self, path: str) -> None:
        try:
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            with open(
                Path(path).expanduser(), "w", encoding="utf-8", newline=""
            ) as handle:
                count = export_csv(self.lead_app.journal, [self.operation_id], handle)
        except OSError as error:
            self.app.call_from_thread(
                self.notify,
                f"Cannot write {path}: {error.strerror or 'the file cannot be written'}.",
                severity="error",
            )
            return
        self.app.call_from_thread(self.notify, f"{count:,} rows written to {path}")
