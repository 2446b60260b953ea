"""Batch composer: paste IDs, choose values, preview every lead, apply, reconcile."""

from __future__ import annotations

import asyncio
import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, ContentSwitcher, Footer, Label, Static, TextArea

from leadtui.api.vicidial import errors as e
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.before_images import BeforeImage, read_before_images
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.csv_rows import CsvError, read_text_file
from leadtui.ops.engine import WHY_NOT_DONE, OperationResult
from leadtui.ops.idlist import IdList, IdTally, text_pieces
from leadtui.tui.base import LeadAppScreen
from leadtui.tui.messages import JournalChanged
from leadtui.tui.screens.path_modal import PathModal
from leadtui.tui.widgets.batch_views import BatchPreviewView, BatchResultView
from leadtui.tui.widgets.id_area import IdArea
from leadtui.tui.widgets.session_bar import SessionBar
from leadtui.tui.widgets.value_rows import ValueRow

RECOUNT_DELAY = 0.15  # seconds of quiet typing before the IDs are counted again
RECOUNT_SLICE = 16384  # characters counted between frames (about 0.6 ms)
PREVIEW_MAX_AGE = 120  # seconds a preview's before-images stay good for applying


class BatchScreen(LeadAppScreen):
    CSS_PATH = "../styles/batch.tcss"
    BINDINGS = [
        Binding("f5", "preview", "Preview", id="batch-preview", priority=True),
        Binding("f6", "apply", "Apply", id="batch-run", priority=True),
        Binding("ctrl+n", "add_value", "Add field", id="batch-add-field"),
        Binding("ctrl+o", "load_file", "Load file", id="batch-load"),
        Binding("ctrl+t", "csv_mode", "CSV mode", id="batch-csv-mode"),
        Binding("escape", "back", "Back/Cancel", id="batch-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ids = IdList()
        self._recount_timer: asyncio.TimerHandle | None = None
        self._images: dict[int, BeforeImage] = {}
        self._images_at = 0.0
        self._images_plan: BatchPlan | None = None
        self._applying = False
        self._stop = StopFlag()

    def compose(self) -> ComposeResult:
        yield SessionBar("Batch", id="session-bar")
        with ContentSwitcher(initial="compose", id="steps"):
            with Horizontal(id="compose"):
                with Vertical(id="ids-pane"):
                    yield Label("Lead IDs — paste them, or Ctrl+O loads a file")
                    yield IdArea(
                        id="ids", soft_wrap=False, compact=True, show_line_numbers=False
                    )
                    yield Static("0 valid · 0 duplicate · 0 invalid", id="id-count")
                    yield Static("", id="cap-warning")
                    yield Static("", id="bad-tokens")
                with Vertical(id="values-pane"):
                    yield Label("Set (Ctrl+N adds a field)")
                    with VerticalScroll(id="value-rows"):
                        yield ValueRow("status")
                    yield Checkbox(
                        "reset for redial",
                        id="reset-lead",
                        compact=True,
                    )
                    yield Checkbox(
                        "target list must exist",
                        id="list-exists",
                        value=True,
                        compact=True,
                    )
                    yield Checkbox(
                        "read before-images (undo)",
                        id="before-images",
                        value=True,
                        compact=True,
                    )
                    yield Static("", id="plan-summary")
            yield BatchPreviewView(id="preview")
            yield BatchResultView(id="result")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ids", TextArea).focus()
        self.refresh_summary()

    @property
    def step(self) -> str:
        return self.query_one("#steps", ContentSwitcher).current or "compose"

    def show_step(self, step: str) -> None:
        self.query_one("#steps", ContentSwitcher).current = step
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("preview", "apply"):
            return (
                not self.profile.read_only
                and not self._applying
                and self.step != "result"
            )
        if action in ("add_value", "load_file"):
            return self.step == "compose" and not self._applying
        return True

    # --- composing -----------------------------------------------------------------

    def add_ids(self, lead_ids: list[int]) -> None:
        area = self.query_one("#ids", TextArea)
        existing = area.text.rstrip()
        joined = "\n".join(str(i) for i in lead_ids)
        area.load_text(f"{existing}\n{joined}" if existing else joined)
        self.show_step("compose")

    @on(TextArea.Changed, "#ids")
    def ids_changed(self) -> None:
        if self._recount_timer is not None:
            self._recount_timer.cancel()
        self.workers.cancel_group(self, "batch-count")  # it is counting old text
        loop = asyncio.get_running_loop()
        self._recount_timer = loop.call_later(RECOUNT_DELAY, self.recount)

    @work(exclusive=True, group="batch-count", exit_on_error=False)
    async def recount(self) -> None:
        """Count the IDs on the event loop, a slice at a time (a few ms each), so
        that keystrokes and frames go on between slices; a newer recount cancels
        this one. (A thread would hold the GIL for whole C calls, and its memory
        arena keeps what 100,000 IDs took.)"""
        tally = IdTally()
        for piece in text_pieces(self.query_one("#ids", TextArea).text, RECOUNT_SLICE):
            tally.add_text(piece)
            await asyncio.sleep(0)
        self.counted(tally.result())

    def counted(self, ids: IdList) -> None:
        self.ids = ids
        self.query_one("#id-count", Static).update(ids.summary())
        bad = [f"{t.token!r}: {t.reason}" for t in ids.invalid[:3]]
        if len(ids.invalid) > 3:
            bad.append(f"… {len(ids.invalid) - 3:,} more")
        self.query_one("#bad-tokens", Static).update("\n".join(bad))
        self.refresh_summary()

    @on(ValueRow.Changed)
    @on(Checkbox.Changed)
    def values_changed(self) -> None:
        self.refresh_summary()

    def plan(self) -> BatchPlan:
        values = {}
        for row in self.query(ValueRow):
            if row.value:
                values[row.param] = row.value
        return BatchPlan(
            lead_ids=self.ids.valid,
            values=values,
            reset_lead=self.query_one("#reset-lead", Checkbox).value,
            list_exists_check=self.query_one("#list-exists", Checkbox).value,
            records=self.profile.records_cap,
        )

    def refresh_summary(self) -> None:
        plan = self.plan()
        warning = self.query_one("#cap-warning", Static)
        cap = plan.cap_warning()
        warning.update(f"⚠ {cap}" if cap else "")
        warning.set_class(bool(cap), "-shown")
        reads = (
            len(plan.lead_ids)
            if self.query_one("#before-images", Checkbox).value
            else 0
        )
        text = f"{len(plan.lead_ids):,} lead(s) · {len(plan.chunks)} batch request(s) of ≤{plan.records:,}"
        if reads:
            text += f" · {reads:,} before-image reads first"
        session = self.lead_app.session
        estimate = (
            session.estimate_seconds(reads, len(plan.chunks)) if session else None
        )
        if estimate is not None:
            text += " · under 1 s" if estimate < 1 else f" · about {estimate:,.0f} s"
        problems = plan.problems() if plan.lead_ids else []
        if problems:
            text += "\n✖ " + "; ".join(problems)
        self.query_one("#plan-summary", Static).update(text)

    def action_csv_mode(self) -> None:
        self.lead_app.switch_mode("csv")

    def action_add_value(self) -> None:
        row = ValueRow("list_id_field")
        self.query_one("#value-rows", VerticalScroll).mount(row)
        row.scroll_visible()

    def action_load_file(self) -> None:
        self.app.push_screen(
            PathModal("Load lead IDs from a file"), callback=self._load_path
        )

    def _load_path(self, path: str | None) -> None:
        if path:
            self.load_file(path)

    @work(exclusive=True, group="batch-load", exit_on_error=False, thread=True)
    def load_file(self, path: str) -> None:
        try:
            text = read_text_file(path)
        except CsvError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="File refused", severity="error"
            )
            return
        self.app.call_from_thread(self.query_one("#ids", TextArea).load_text, text)

    # --- preview -------------------------------------------------------------------

    def checked_plan(self) -> BatchPlan | None:
        plan = self.plan()
        problems = plan.problems()
        if problems:
            self.notify("; ".join(problems), title="Cannot send", severity="error")
            return None
        return plan

    def action_preview(self) -> None:
        plan = self.checked_plan()
        if plan is not None:
            self.show_step("preview")
            self.run_preview(plan)

    @work(exclusive=True, group="batch-preview", exit_on_error=False)
    async def run_preview(self, plan: BatchPlan) -> None:
        view = self.query_one(BatchPreviewView)
        view.start(plan)
        if not self.query_one("#before-images", Checkbox).value:
            view.no_images()
            return
        try:
            images = await read_before_images(
                self.session.client,
                plan.lead_ids,
                plan.columns,
                concurrency=self.session.concurrency,
                on_progress=lambda done, total: view.progress(done, total),
            )
        except e.VicidialError as error:
            self.notify(error.explain(), title="Preview failed", severity="error")
            return
        self._images, self._images_at, self._images_plan = (
            images,
            time.monotonic(),
            plan,
        )
        view.show_images(images)

    # --- applying ------------------------------------------------------------------

    def action_apply(self) -> None:
        plan = self.checked_plan()
        if plan is None:
            return
        if self.step != "preview":
            self.notify(
                "Preview first (F5): no write without a visible preview.",
                severity="warning",
            )
            return
        self.apply(plan)

    @work(exclusive=True, group="batch-run", exit_on_error=False)
    async def apply(self, plan: BatchPlan) -> None:
        before = self.query_one("#before-images", Checkbox).value
        fresh = (
            self._images_plan == plan
            and time.monotonic() - self._images_at < PREVIEW_MAX_AGE
            and len(self._images) == len(plan.lead_ids)
        )
        view = self.query_one(BatchResultView)
        self.show_step("result")
        view.start(plan)
        self._applying = True
        self._stop = StopFlag()
        self.lead_app.running_stops.add(self._stop)
        self.refresh_bindings()
        try:
            result = await run_batch(
                self.session,
                plan,
                before_images=before,
                images=self._images if (before and fresh) else None,
                on_progress=view.progress,
                stop=self._stop,
            )
        except WHY_NOT_DONE as error:
            text = str(error)
            view.failed(text)
            self.notify(text, title="Batch not applied", severity="error")
            return
        finally:
            self._applying = False
            self.lead_app.running_stops.discard(self._stop)
            self.refresh_bindings()
        self.finished(result)

    def finished(self, result: OperationResult) -> None:
        self.query_one(BatchResultView).show_result(result)
        self.app.post_message(JournalChanged(result.operation_id))
        counts = ", ".join(f"{n:,} {k}" for k, n in sorted(result.counts().items()))
        self.notify(
            f"Operation {result.operation_id}: {counts}", title="Batch finished"
        )

    def action_back(self) -> None:
        if self._applying:
            # cooperative: no new request; the ones on the wire finish and are journaled
            if self._stop.set():
                self.notify(
                    "Stopping after the requests in flight…", severity="warning"
                )
            return
        if self.step != "compose":
            self.show_step("compose")
