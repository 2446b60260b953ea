"""Batch composer: paste IDs, choose values, preview every lead, apply, reconcile.

A preview is a contract: F6 applies only while a complete preview of exactly
the current IDs, values and options is on screen. Any change voids it, a
preview still loading is not one, a finished batch is disarmed, and more leads
than the profile's ``confirm_typed_over`` ask for their count typed.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, ContentSwitcher, Footer, Label, Static, TextArea

from leadtui.api.vicidial import errors as e
from leadtui.ops.batch_plan import BatchPlan, values_from_rows
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.before_images import BeforeImage, read_before_images
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.csv_rows import CsvError, read_text_file
from leadtui.ops.dnc_note import status_blocks_nothing
from leadtui.ops.idlist import IdList, IdTally, text_pieces
from leadtui.ops.journal_models import LeadOutcome
from leadtui.ops.ownership import WHY_NOT_DONE
from leadtui.ops.results import OperationResult
from leadtui.ops.target_list import check_target_list
from leadtui.ops.wording import plural
from leadtui.tui.base import LeadAppScreen
from leadtui.tui.messages import JournalChanged
from leadtui.tui.screens.count_guard import CountGuardModal
from leadtui.tui.screens.dnc_offer import offer_dnc_lists
from leadtui.tui.screens.ids_choice import IdsChoiceModal
from leadtui.tui.screens.path_modal import PathModal
from leadtui.tui.widgets.batch_views import BatchPreviewView, BatchResultView
from leadtui.tui.widgets.id_area import IdArea
from leadtui.tui.widgets.session_bar import SessionBar
from leadtui.tui.widgets.tick_box import TickBox
from leadtui.tui.widgets.value_rows import FIELD_CHOICES, ValueRow

RECOUNT_DELAY = 0.15  # seconds of quiet typing before the IDs are counted again
RECOUNT_SLICE = 16384  # characters counted between frames (about 0.6 ms)
PREVIEW_MAX_AGE = 120  # seconds a preview's before-images stay good for applying


@dataclass
class Preview:
    """What the preview step shows: of which plan, and whether it is complete."""

    plan: BatchPlan
    images_on: bool
    complete: bool = False
    images: dict[int, BeforeImage] = field(default_factory=dict)
    at: float = 0.0
    #: reasons the server would refuse the batch (a missing target list)
    problems: list[str] = field(default_factory=list)


class BatchScreen(LeadAppScreen):
    CSS_PATH = "../styles/batch.tcss"
    BINDINGS = [
        Binding("f5", "preview", "Preview", id="batch-preview", priority=True),
        Binding("f6", "apply", "Apply", id="batch-run", priority=True),
        Binding("ctrl+n", "add_value", "Add field", id="batch-add-field"),
        Binding("ctrl+o", "load_file", "Load file", id="batch-load"),
        Binding("ctrl+t", "csv_mode", "CSV mode", id="batch-csv-mode"),
        Binding("f7", "dnc", "DNC lists", id="batch-dnc"),
        Binding("escape", "back", "Back/Cancel", id="batch-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ids = IdList()
        self._recount_timer: asyncio.TimerHandle | None = None
        #: the ID text changes, and which change the current count is of
        self._text_version = 0
        self._counted_version = 0
        self._preview: Preview | None = None
        self._applying = False
        self._stop = StopFlag()
        #: leads the last batch set to a DNC status (F7 puts their numbers on a list)
        self._dnc_leads: list[int] = []

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
                    rows = VerticalScroll(id="value-rows")
                    rows.can_focus = False  # Tab goes from the IDs to the first field
                    with rows:
                        yield ValueRow("status")
                    yield TickBox(
                        "reset for redial",
                        id="reset-lead",
                        compact=True,
                    )
                    yield TickBox(
                        "target list must exist",
                        id="list-exists",
                        value=True,
                        compact=True,
                    )
                    yield TickBox(
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
        if action == "preview":
            return (
                not self.profile.read_only
                and not self._applying
                and self.step != "result"
            )
        if action == "apply":
            return not self._applying and self.armed() is None
        if action in ("add_value", "load_file"):
            return self.step == "compose" and not self._applying
        if action == "dnc":
            return (
                self.step == "result"
                and bool(self._dnc_leads)
                and not self._applying
                and not self.profile.read_only
            )
        return True

    @property
    def ids_counted(self) -> bool:
        """Whether ``self.ids`` is the count of the text on screen now."""
        return self._counted_version == self._text_version

    def armed(self) -> str | None:
        """None when F6 may apply; else why not, in words."""
        preview = self._preview
        if self.profile.read_only:
            return "This profile is read-only: leadtui will not write with it."
        if self.step != "preview" or preview is None:
            return "Preview first (F5): no write without a complete preview."
        if not preview.complete:
            return "The preview is still loading: F6 waits for every lead."
        if preview.problems:
            return "; ".join(preview.problems)
        if not self.ids_counted or preview.plan != self.plan():
            return "The IDs or values changed since the preview: F5 previews again."
        if preview.images_on != self.images_on:
            return "The before-images option changed since the preview: F5 again."
        return None

    def void_preview(self) -> None:
        """The IDs, values or options changed: the preview no longer holds."""
        if self._preview is None:
            return
        self._preview = None
        self.workers.cancel_group(self, "batch-preview")  # reads only
        self.refresh_bindings()

    @property
    def images_on(self) -> bool:
        return self.query_one("#before-images", Checkbox).value

    # --- composing -----------------------------------------------------------------

    def add_ids(self, lead_ids: list[int]) -> None:
        """Leads sent from the search screen. A composer that already holds IDs
        asks: replace them (the default) or add to them."""
        self.show_step("compose")
        area = self.query_one("#ids", TextArea)
        if not area.text.strip():
            self._put_ids(lead_ids, "replace")
            return
        held = set(self.ids.valid)
        combined = len(held | set(lead_ids))
        values, _ = values_from_rows([(r.param, r.value) for r in self.query(ValueRow)])
        shown = ", ".join(f"{k}={v}" for k, v in values.items())
        self.app.push_screen(
            IdsChoiceModal(len(held), len(set(lead_ids)), combined, shown),
            callback=lambda choice: self._put_ids(lead_ids, choice),
        )

    def _put_ids(self, lead_ids: list[int], choice: str | None) -> None:
        if choice is None:
            self.notify("The composer was left as it was.")
            return
        area = self.query_one("#ids", TextArea)
        joined = "\n".join(str(i) for i in lead_ids)
        existing = area.text.rstrip()
        if choice == "add" and existing:
            area.load_text(f"{existing}\n{joined}")
        else:
            area.load_text(joined)
        self.notify(
            f"{plural(len(lead_ids), 'lead')} {'added to' if choice == 'add' else 'now in'} "
            "the composer. F5 previews them."
        )

    @on(TextArea.Changed, "#ids")
    def ids_changed(self) -> None:
        self._text_version += 1
        self.void_preview()
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
        version = self._text_version
        tally = IdTally()
        for piece in text_pieces(self.query_one("#ids", TextArea).text, RECOUNT_SLICE):
            tally.add_text(piece)
            await asyncio.sleep(0)
        self.counted(tally.result(), version)

    def counted(self, ids: IdList, version: int | None = None) -> None:
        self.ids = ids
        self._counted_version = self._text_version if version is None else version
        self.query_one("#id-count", Static).update(ids.summary())
        bad = [f"{t.token}: {t.reason}" for t in ids.invalid[:3]]
        if len(ids.invalid) > 3:
            bad.append(f"… {len(ids.invalid) - 3:,} more refused")
        self.query_one("#bad-tokens", Static).update("\n".join(bad))
        self.refresh_summary()
        self.refresh_bindings()

    @on(ValueRow.Changed)
    @on(Checkbox.Changed)
    def values_changed(self) -> None:
        preview = self._preview
        if preview is not None and (
            preview.plan != self.plan() or preview.images_on != self.images_on
        ):
            self.void_preview()  # a real change (not a late echo of one F5 saw)
        self.refresh_summary()

    def rows(self) -> tuple[dict[str, str], list[str]]:
        """The values of the composer's rows, and a problem for a field set twice."""
        return values_from_rows([(r.param, r.value) for r in self.query(ValueRow)])

    def plan(self) -> BatchPlan:
        values, _ = self.rows()
        return BatchPlan(
            lead_ids=self.ids.valid,
            values=values,
            reset_lead=self.query_one("#reset-lead", Checkbox).value,
            list_exists_check=self.query_one("#list-exists", Checkbox).value,
            records=self.profile.records_cap,
        )

    def problems(self, plan: BatchPlan) -> list[str]:
        return self.rows()[1] + plan.problems()

    def refresh_summary(self) -> None:
        plan = self.plan()
        warning = self.query_one("#cap-warning", Static)
        said = [
            f"⚠ {note}"
            for note in (
                plan.cap_warning(),
                status_blocks_nothing(plan.predicted, len(plan.lead_ids)),
            )
            if note
        ]
        warning.update("\n".join(said))
        warning.set_class(bool(said), "-shown")
        reads = (
            len(plan.lead_ids)
            if self.query_one("#before-images", Checkbox).value
            else 0
        )
        text = (
            f"{plural(len(plan.lead_ids), 'lead')} · "
            f"{plural(len(plan.chunks), 'batch request')} of ≤{plan.records:,}"
        )
        if reads:
            text += f" · {plural(reads, 'before-image read')} first"
        session = self.lead_app.session
        estimate = (
            session.estimate(reads, len(plan.lead_ids), len(plan.chunks))
            if session
            else None
        )
        if estimate is not None:
            text += f" · {estimate.headline()}"
            if estimate.longest >= 1:  # what the figure is made of
                text += f"\n  {estimate.drivers()}"
        problems = self.problems(plan) if plan.lead_ids else self.rows()[1]
        if problems:
            text += "\n✖ " + "; ".join(problems)
        self.query_one("#plan-summary", Static).update(text)

    def action_csv_mode(self) -> None:
        self.lead_app.switch_mode("csv")

    def action_add_value(self) -> None:
        """A row for a field no row sets yet (one row per field)."""
        used = {row.param for row in self.query(ValueRow)}
        free = [param for _, param in FIELD_CHOICES if param not in used]
        if not free:
            self.notify("Every field already has a row.", severity="warning")
            return
        preferred = "list_id_field" if "list_id_field" in free else free[0]
        row = ValueRow(preferred)
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
        if not self.ids_counted:
            self.notify("Still counting the IDs: a moment.", severity="warning")
            return None
        plan = self.plan()
        problems = self.problems(plan)
        if problems:
            self.notify("; ".join(problems), title="Cannot send", severity="error")
            return None
        return plan

    def action_preview(self) -> None:
        plan = self.checked_plan()
        if plan is None:
            return
        self._preview = Preview(plan, self.images_on)
        self.show_step("preview")
        self.run_preview(self._preview)

    @work(exclusive=True, group="batch-preview", exit_on_error=False)
    async def run_preview(self, preview: Preview) -> None:
        view = self.query_one(BatchPreviewView)
        plan = preview.plan
        view.start(plan)
        self.refresh_bindings()
        try:
            target = await check_target_list(self.session.client, plan)
            if target is not None and target.exists is False:
                preview.problems.append(target.describe())
            if preview.images_on:
                preview.images = await read_before_images(
                    self.session.client,
                    plan.lead_ids,
                    plan.columns,
                    concurrency=self.session.concurrency,
                    on_progress=lambda done, total: view.progress(done, total),
                )
                preview.at = time.monotonic()
                # the next estimate, here or in the next session, reads at this pace
                await asyncio.to_thread(self.session.remember_pace)
        except e.VicidialError as error:
            view.failed(error.explain())
            self.notify(error.explain(), title="Preview failed", severity="error")
            return
        if self._preview is not preview:
            return  # voided meanwhile
        notes = [target.describe()] if target is not None else []
        # two operators, same leads: the team journal's word, before F6 is armed
        notes += [
            f"⚠ Another operator on these leads: {line}"
            for line in await asyncio.to_thread(
                self.lead_app.others_on, self.session.server, plan.lead_ids
            )
        ]
        if self._preview is not preview:
            return  # voided meanwhile
        if preview.images_on:
            view.show_images(preview.images, notes=notes, problems=preview.problems)
        else:
            view.no_images(notes=notes, problems=preview.problems)
        preview.complete = True
        self.refresh_bindings()

    # --- applying ------------------------------------------------------------------

    def action_apply(self) -> None:
        why_not = self.armed()
        if why_not is not None:
            self.notify(why_not, title="Not applied", severity="warning")
            return
        assert self._preview is not None
        self.apply(self._preview)

    @work(exclusive=True, group="batch-run", exit_on_error=False)
    async def apply(self, preview: Preview) -> None:
        plan = preview.plan
        count = len(plan.lead_ids)
        threshold = self.profile.confirm_typed_over
        if count > threshold:
            values = ", ".join(f"{k}={v}" for k, v in plan.values.items())
            ok = await self.app.push_screen_wait(
                CountGuardModal(
                    f"Apply to {count:,} leads?",
                    [
                        f"Set {values or 'nothing'}"
                        + (", reset for redial" if plan.reset_lead else ""),
                        f"on the {count:,} leads previewed (more than "
                        f"{threshold:,}: this profile asks for the count typed).",
                    ],
                    count,
                )
            )
            if not ok or self.armed() is not None or self._preview is not preview:
                self.notify("Nothing was sent.")
                return
        fresh = preview.images_on and time.monotonic() - preview.at < PREVIEW_MAX_AGE
        self._preview = None  # a finished (or started) batch is disarmed
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
                before_images=preview.images_on,
                images=preview.images if fresh else None,
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
        self.finished(result, plan)

    def finished(self, result: OperationResult, plan: BatchPlan) -> None:
        self.query_one(BatchResultView).show_result(result)
        self.app.post_message(JournalChanged(result.operation_id))
        counts = ", ".join(f"{n:,} {k}" for k, n in sorted(result.counts().items()))
        holding = (LeadOutcome.UPDATED, LeadOutcome.UNCHANGED, LeadOutcome.MATCHED)
        self._dnc_leads = (
            [i for i, (o, _) in result.verdicts.items() if o in holding]
            if status_blocks_nothing(plan.predicted)
            else []
        )
        offer = (
            "\nStatus DNC blocks nothing by itself: F7 puts their numbers on a "
            "DNC list."
            if self._dnc_leads
            else ""
        )
        self.notify(
            f"Operation {result.operation_id}: {counts}{offer}",
            title="Batch finished",
        )
        self.refresh_bindings()

    def action_dnc(self) -> None:
        if self._dnc_leads:
            self.offer_dnc(list(self._dnc_leads))

    @work(exclusive=True, group="batch-dnc", exit_on_error=False)
    async def offer_dnc(self, lead_ids: list[int]) -> None:
        await offer_dnc_lists(self.lead_app, self.session, lead_ids)

    def action_back(self) -> None:
        if self._applying:
            # cooperative: no new request; the ones on the wire finish and are journaled
            if self._stop.set():
                self.notify(
                    "Stopping after the requests in flight…", severity="warning"
                )
            return
        if self.step != "compose":
            self.void_preview()
            self.show_step("compose")
