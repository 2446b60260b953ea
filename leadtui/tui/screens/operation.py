"""One journaled operation: every lead's before → after, undo, resume, export."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from leadtui.api.vicidial import errors as e
from leadtui.ops.csv_plan import VoiceCsvPlan
from leadtui.ops.export import export_csv
from leadtui.ops.journal_models import LeadRow, OperationRow
from leadtui.ops.operation import OperationResult, Progress
from leadtui.ops.resume import prepare_resume, run_resume
from leadtui.ops.session import ReadOnlyProfile
from leadtui.ops.undo import UndoPlan, prepare_undo, run_undo
from leadtui.ops.voice_ops import key_phone, plan_voice_undo, run_voice_updates
from leadtui.tui.base import LeadAppScreen
from leadtui.tui.lead_actions import run_with_progress, summary
from leadtui.tui.screens.path_modal import PathModal
from leadtui.tui.screens.plan_modal import PlanModal
from leadtui.tui.widgets.session_bar import SessionBar
from leadtui.tui.widgets.sized_table import SizedTable

MAX_ROWS = 5000


def lead_cells(row: LeadRow) -> list[str]:
    before = row.before or {}
    changes = []
    for column, new in row.change.items():
        if column in ("deleted", "recreate"):
            continue
        changes.append(f"{column} {before.get(column, '?')!r}→{new!r}")
    if "deleted" in row.change and before:
        changes.append(
            f"{before.get('first_name', '')} {before.get('last_name', '')} {before.get('phone_number', '')}".strip()
        )
    return [str(row.lead_id), row.outcome.value, ", ".join(changes), row.detail]


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

    def compose(self) -> ComposeResult:
        yield SessionBar(f"Operation {self.operation_id}", id="session-bar")
        yield Static("", id="op-summary")
        table: DataTable[str] = SizedTable(
            id="op-leads", cursor_type="row", zebra_stripes=True
        )
        table.add_columns("lead", "outcome", "before → after", "detail")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    @work(exclusive=True, group="op-load", exit_on_error=False, thread=True)
    def reload(self) -> None:
        journal = self.lead_app.journal
        operation = journal.operation(self.operation_id)
        rows = journal.leads(self.operation_id)
        chunks = journal.chunks(self.operation_id)
        self.app.call_from_thread(self._show, operation, rows, len(chunks))

    def _show(self, op: OperationRow, rows: list[LeadRow], requests: int) -> None:
        self.operation = op
        counts = " · ".join(
            f"{n:,} {k}" for k, n in sorted(op.summary.get("counts", {}).items())
        )
        values = op.params.get("values", {})
        self.query_one("#op-summary", Static).update(
            f"#{op.id} {op.kind} · {op.started_at} · {op.state.value} · {requests} request(s) · "
            f"{op.api_user}@{op.profile}\nset {values} · {counts or 'no outcome yet'}"
        )
        table = self.query_one(DataTable)
        table.clear()
        for row in rows[:MAX_ROWS]:
            table.add_row(*lead_cells(row))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("undo", "resume"):
            if self.profile.read_only or self.operation is None:
                return False
            if action == "resume":
                return self.operation.state.unfinished
        return True

    def action_back(self) -> None:
        self.dismiss()

    # --- undo / resume ---------------------------------------------------------------

    def action_undo(self) -> None:
        if self.operation and self.operation.params.get("backend") == "voiceaiwrapper":
            self.undo_voice()
        else:
            self.plan_undo()

    @work(exclusive=True, group="op-undo", exit_on_error=False)
    async def undo_voice(self) -> None:
        voice = self.lead_app.voice
        if voice is None:
            self.notify(
                "Connect with a VoiceAIWrapper profile to undo this.",
                severity="warning",
            )
            return
        plan = plan_voice_undo(self.lead_app.journal, self.operation_id)
        lines = [f"{len(plan.items):,} lead(s) to restore."]
        lines += [
            f"{key_phone(k)}: cannot restore {c} — {why}"
            for k, c, why in plan.impossible[:20]
        ]
        if not plan.items:
            self.notify(
                " ".join(lines), title="Nothing to undo", severity="warning", timeout=8
            )
            return
        ok = await self.app.push_screen_wait(
            PlanModal(f"Undo operation {self.operation_id}", lines, "Restore")
        )
        if not ok:
            return
        size = voice.bulk_size
        chunks = [plan.items[i : i + size] for i in range(0, len(plan.items), size)]

        async def job(progress: Callable[[Progress], None]) -> list[OperationResult]:
            return [
                await run_voice_updates(
                    voice,
                    VoiceCsvPlan(chunks=chunks),
                    kind="undo",
                    undo_of=self.operation_id,
                    on_progress=progress,
                )
            ]

        await self._run("Undo", job)

    @work(exclusive=True, group="op-undo", exit_on_error=False)
    async def plan_undo(self) -> None:
        self.notify("Reading the leads' current values…")
        try:
            plan = await prepare_undo(self.session, self.operation_id)
        except e.VicidialError as error:
            self.notify(error.explain(), title="Cannot plan the undo", severity="error")
            return
        if plan.lead_count == 0:
            reasons = (
                "; ".join(sorted(set(plan.left_alone.values())))
                or "nothing was changed"
            )
            self.notify(f"Nothing to undo: {reasons}", severity="warning", timeout=8)
            return
        lines = undo_lines(plan)
        ok = await self.app.push_screen_wait(
            PlanModal(f"Undo operation {self.operation_id}", lines, "Restore")
        )
        if ok:
            await self._run(
                "Undo",
                lambda progress: run_undo(self.session, plan, on_progress=progress),
            )

    def action_resume(self) -> None:
        self.plan_resume()

    @work(exclusive=True, group="op-resume", exit_on_error=False)
    async def plan_resume(self) -> None:
        try:
            plan = await prepare_resume(self.session, self.operation_id)
        except e.VicidialError as error:
            self.notify(
                error.explain(), title="Cannot plan the resume", severity="error"
            )
            return
        resend = sum(len(p.lead_ids) for p in plan.batches) + len(plan.singles)
        lines = [
            f"{len(plan.applied):,} lead(s) already hold the new values (the lost request did apply).",
            f"{resend:,} lead(s) still to send.",
            *(f"lead {i}: {why}" for i, why in list(plan.refused.items())[:20]),
        ]
        if plan.empty:
            self.session.journal.mark_resumed(self.operation_id, applied=plan.applied)
            self.notify("Nothing left to send: the operation is settled.")
            self.reload()
            return
        ok = await self.app.push_screen_wait(
            PlanModal(f"Resume operation {self.operation_id}", lines, "Send")
        )
        if ok:
            await self._run(
                "Resume",
                lambda progress: run_resume(self.session, plan, on_progress=progress),
            )

    async def _run(
        self,
        title: str,
        job: Callable[[Callable[[Progress], None]], Awaitable[list[OperationResult]]],
    ) -> None:
        async def wrapped(
            progress: Callable[[Progress], None],
        ) -> list[OperationResult]:
            try:
                return await job(progress)
            except ReadOnlyProfile as error:
                self.notify(str(error), severity="error")
                return []

        results = await run_with_progress(
            self.lead_app, f"{title} of #{self.operation_id}", wrapped
        )
        if results:
            self.notify(summary(results), title=title, timeout=8)
        self.reload()

    # --- export ----------------------------------------------------------------------

    def action_export(self) -> None:
        default = str(Path.cwd() / f"leadtui-operation-{self.operation_id}.csv")
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
            with open(path, "w", encoding="utf-8", newline="") as handle:
                count = export_csv(self.lead_app.journal, [self.operation_id], handle)
        except OSError as error:
            self.app.call_from_thread(
                self.notify, f"Cannot write {path}: {error}", severity="error"
            )
            return
        self.app.call_from_thread(self.notify, f"{count:,} rows written to {path}")


def undo_lines(plan: UndoPlan) -> list[str]:
    lines = [
        f"{plan.lead_count:,} lead(s) to restore: {len(plan.groups)} batch group(s), "
        f"{len(plan.singles)} single update(s), {len(plan.recreate)} re-creation(s).",
    ]
    if plan.recreate:
        lines.append(
            "Deleted leads come back under NEW lead IDs (the server assigns them)."
        )
    lines += [
        f"lead {i}: cannot restore {c} — {why}" for i, c, why in plan.impossible[:20]
    ]
    lines += [
        f"lead {i}: left alone — {why}" for i, why in list(plan.left_alone.items())[:20]
    ]
    return lines
