"""CSV batch: per-row values from a file, on VICIdial or VoiceAIWrapper."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from pathlib import Path

import platformdirs
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, Footer, Input, Select, Static

from leadtui.api.vicidial import errors as e
from leadtui.ops.backend_voice import key_phone
from leadtui.ops.before_images import read_before_images
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.csv_plan import (
    VicidialCsvPlan,
    VoiceCsvPlan,
    plan_vicidial,
    plan_voiceaiwrapper,
)
from leadtui.ops.csv_rows import (
    CsvError,
    CsvRow,
    CsvTable,
    guess_mapping,
    read_csv,
    read_text_file,
    validate_rows,
)
from leadtui.ops.csv_run import run_vicidial_csv, run_voice_updates
from leadtui.ops.csv_upsert import (
    RowKind,
    UpsertPlan,
    UpsertRow,
    UpsertSpec,
    classify,
    upsert_operation,
    upsert_rows,
)
from leadtui.ops.dnc_note import status_blocks_nothing
from leadtui.ops.engine import execute
from leadtui.ops.features import Feature, unavailable
from leadtui.ops.results import OperationResult, Progress
from leadtui.ops.undo_voice import plan_voice_undo
from leadtui.ops.wording import plural
from leadtui.paths import APP
from leadtui.tui.base import LeadAppScreen
from leadtui.tui.lead_actions import run_with_progress
from leadtui.tui.messages import JournalChanged
from leadtui.tui.screens.count_guard import CountGuardModal
from leadtui.tui.screens.upsert_options import UpsertOptionsModal
from leadtui.tui.widgets.csv_views import CsvPreviewView, CsvResultView, MappingRows
from leadtui.tui.widgets.session_bar import SessionBar
from leadtui.tui.widgets.upsert_views import UpsertPreviewView


def sample_path() -> Path:
    """Where F7 writes the demo's sample CSV: leadtui's data directory."""
    return platformdirs.user_data_path(APP) / "demo-voice-sample.csv"


class CsvBatchScreen(LeadAppScreen):
    CSS_PATH = "../styles/batch.tcss"
    BINDINGS = [
        Binding("f5", "preview", "Preview", id="csv-preview", priority=True),
        Binding("f6", "apply", "Apply", id="csv-run", priority=True),
        Binding("ctrl+t", "ids_mode", "ID batch", id="csv-ids-mode"),
        Binding("escape", "back", "Back", id="csv-back"),
        Binding("f7", "demo_sample", "Sample CSV", id="csv-demo-sample"),
        Binding("f8", "upsert", "Match/insert", id="csv-upsert"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.table: CsvTable | None = None
        self.rows: list[CsvRow] = []
        self.plan: VicidialCsvPlan | VoiceCsvPlan | None = None
        #: how rows find their leads (None: by lead ID, as without upsert)
        self.upsert: UpsertSpec | None = None
        self.upsert_rows: list[UpsertRow] = []
        #: the classified rows F6 sends (the preview the operator saw)
        self.upsert_plan: UpsertPlan | None = None

    @property
    def kind(self) -> str:
        return self.profile.kind

    def compose(self) -> ComposeResult:
        yield SessionBar("CSV batch", id="session-bar")
        with ContentSwitcher(initial="csv-map", id="csv-steps"):
            with Vertical(id="csv-map"):
                yield Static(self.help_text(), id="csv-help")
                if self.voice_demo:
                    yield Static(self.demo_text(), id="csv-demo")
                yield Input(
                    placeholder="path/to/leads.csv", id="csv-path", compact=True
                )
                yield MappingRows(id="csv-mapping")
                yield Static("", id="csv-summary")
                missing = unavailable(self.kind, Feature.SEARCH)
                if missing:
                    yield Static(
                        f"Search, edit, delete: not available — {missing}.",
                        id="csv-gaps",
                    )
            yield CsvPreviewView(id="csv-preview-step")
            yield UpsertPreviewView(id="csv-upsert-step")
            yield CsvResultView(id="csv-result-step")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#csv-path", Input).focus()

    # --- the VoiceAIWrapper demo: numbers to try, a sample file ----------------------

    @property
    def voice_demo(self) -> bool:
        """The in-process VoiceAIWrapper demo campaign (``leadtui --demo-voice``)."""
        from leadtui.emulator.voiceaiwrapper.demo import DEMO_CAMPAIGN_ID

        return (
            self.lead_app.demo
            and self.kind == "voiceaiwrapper"
            and self.profile.campaign_id == DEMO_CAMPAIGN_ID
        )

    def demo_text(self) -> str:
        from leadtui.emulator.voiceaiwrapper.demo import demo_phone_numbers

        phones = ", ".join(demo_phone_numbers(4))
        return (
            f"Demo campaign {self.profile.campaign_id}: its leads include {phones}. "
            f"F7 writes a sample CSV to {sample_path()} and loads it."
        )

    def action_demo_sample(self) -> None:
        self.write_sample()

    @work(exclusive=True, group="csv-sample", exit_on_error=False, thread=True)
    def write_sample(self) -> None:
        from leadtui.emulator.voiceaiwrapper.demo import demo_sample_csv

        path = sample_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(demo_sample_csv(), encoding="utf-8")
        except OSError as error:
            self.app.call_from_thread(
                self.notify,
                f"Cannot write {path}: {error.strerror or error}",
                severity="error",
            )
            return
        self.app.call_from_thread(self._sample_written, path)

    def _sample_written(self, path: Path) -> None:
        self.show_step("csv-map")
        self.query_one("#csv-path", Input).value = str(path)
        self.notify(f"Sample CSV written to {path} and loaded: F5 previews it.")
        self.load(str(path))

    @property
    def step(self) -> str:
        return self.query_one("#csv-steps", ContentSwitcher).current or "csv-map"

    def show_step(self, step: str) -> None:
        self.query_one("#csv-steps", ContentSwitcher).current = step
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("preview", "apply"):
            return not self.profile.read_only and self.step != "csv-result-step"
        if action == "ids_mode":
            return unavailable(self.kind, Feature.BATCH_IDS) is None
        if action == "demo_sample":
            return self.voice_demo
        if action == "upsert":
            return self.kind == "vicidial" and self.step == "csv-map"
        return True

    # --- loading and mapping ---------------------------------------------------------

    @on(Input.Submitted, "#csv-path")
    def path_given(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.load(event.value.strip())

    @work(exclusive=True, group="csv-load", exit_on_error=False, thread=True)
    def load(self, path: str) -> None:
        try:
            table = read_csv(read_text_file(path), name=path)
        except CsvError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="File refused", severity="error"
            )
            return
        mapping = guess_mapping(table.header, self.kind)
        self.app.call_from_thread(self.loaded, table, mapping)

    def loaded(self, table: CsvTable, mapping: dict[str, str]) -> None:
        self.table = table
        self.query_one(MappingRows).show(table, mapping, self.kind)
        self.validate(mapping)

    @on(Select.Changed, ".map-field")
    def remapped(self) -> None:
        if self.table is not None:
            self.validate(self.query_one(MappingRows).mapping())

    @work(exclusive=True, group="csv-validate", exit_on_error=False, thread=True)
    def validate(self, mapping: dict[str, str]) -> None:
        assert self.table is not None
        if self.upsert is not None:
            self._validate_upsert(self.table, mapping, self.upsert)
            return
        try:
            rows = validate_rows(
                self.table, mapping, self.kind, region=self.profile.phone_region
            )
        except ValueError as error:
            self.app.call_from_thread(self._summary, f"✖ {error}", [], None)
            return
        plan: VicidialCsvPlan | VoiceCsvPlan
        if self.kind == "voiceaiwrapper":
            plan = plan_voiceaiwrapper(rows, bulk_size=self.profile.bulk_size)
        else:
            plan = plan_vicidial(rows, records=self.profile.records_cap)
        bad = [r for r in rows if not r.ok]
        text = f"{len(rows) - len(bad):,} of {len(rows):,} rows valid · {plural(plan.requests, 'request')}"
        if isinstance(plan, VicidialCsvPlan):
            dnc = status_blocks_nothing(plan.stored_statuses(), len(rows) - len(bad))
            text += f"\n⚠ {dnc}" if dnc else ""
        text += "".join(f"\nline {r.line}: {'; '.join(r.problems)}" for r in bad[:3])
        if len(bad) > 3:
            text += f"\n… {len(bad) - 3:,} more refused rows (F5 lists them all)"
        self.app.call_from_thread(self._summary, text, rows, plan)

    def _validate_upsert(
        self, table: CsvTable, mapping: dict[str, str], spec: UpsertSpec
    ) -> None:
        try:
            rows = upsert_rows(table, mapping, spec)
        except ValueError as error:
            self.app.call_from_thread(self._upserting, f"✖ {error}", [])
            return
        bad = [r for r in rows if r.kind is RowKind.REFUSED]
        text = (
            f"{spec.describe()}\n{len(rows) - len(bad):,} of {len(rows):,} rows "
            "to look up (F5 classifies them; nothing is sent before F6)"
        )
        text += "".join(f"\nline {r.line}: {r.reason}" for r in bad[:3])
        if len(bad) > 3:
            text += f"\n… {len(bad) - 3:,} more refused rows (F5 lists them all)"
        self.app.call_from_thread(self._upserting, text, rows)

    def _upserting(self, text: str, rows: list[UpsertRow]) -> None:
        self.upsert_rows, self.upsert_plan = rows, None
        self.query_one("#csv-summary", Static).update(text)

    def _summary(
        self, text: str, rows: list[CsvRow], plan: VicidialCsvPlan | VoiceCsvPlan | None
    ) -> None:
        self.rows, self.plan = rows, plan
        self.query_one("#csv-summary", Static).update(text)

    # --- matching by vendor code or phone, inserting what matches nothing ---------------

    def action_upsert(self) -> None:
        self.choose_upsert()

    @work(exclusive=True, group="csv-upsert", exit_on_error=False)
    async def choose_upsert(self) -> None:
        choice = await self.app.push_screen_wait(UpsertOptionsModal(self.upsert))
        if choice is None:
            return
        self.upsert, self.upsert_plan = choice.spec, None
        self.query_one("#csv-help", Static).update(self.help_text())
        if self.table is not None:
            self.validate(self.query_one(MappingRows).mapping())

    def help_text(self) -> str:
        if self.upsert is not None:
            return (
                f"One row per lead, matched by {' then '.join(self.upsert.match)} "
                "(F8 changes it); each row carries its own values. Type the "
                "file's path, Enter loads it."
            )
        key = "phone_number (E.164)" if self.kind == "voiceaiwrapper" else "lead_id"
        return (
            f"One row per lead, keyed by {key}; each row carries its own values. "
            "Type the file's path, Enter loads it."
        )

    @work(exclusive=True, group="csv-preview", exit_on_error=False)
    async def preview_upsert(self, spec: UpsertSpec) -> None:
        view = self.query_one(UpsertPreviewView)
        rows = [copy.copy(r) for r in self.upsert_rows]
        view.looking(len(rows))
        try:
            plan = await classify(self.session, rows, spec)
        except e.VicidialError as error:
            self.notify(error.explain(), title="Preview failed", severity="error")
            return
        others = await asyncio.to_thread(
            self.lead_app.others_on,
            self.session.server,
            [i for row in plan.of(RowKind.UPDATE) for i in row.lead_ids],
        )
        if self.step != "csv-upsert-step" or self.upsert is not spec:
            return  # left or changed meanwhile: this preview is void
        self.upsert_plan = plan
        view.show(plan, others)
        self.refresh_bindings()

    async def apply_upsert(self, plan: UpsertPlan) -> None:
        count = plan.sendable
        threshold = self.profile.confirm_typed_over
        if count > threshold:
            ok = await self.app.push_screen_wait(
                CountGuardModal(
                    f"Send {count:,} rows?",
                    [
                        *plan.describe(limit=0)[:1],
                        f"more than {threshold:,}: this profile asks for the "
                        "count typed",
                    ],
                    count,
                    "rows",
                )
            )
            if not ok or self.upsert_plan is not plan:
                self.notify("Nothing was sent.")
                return
        self.upsert_plan = None  # sent (or being sent): a second F6 needs a new preview
        view = self.query_one(CsvResultView)
        self.show_step("csv-result-step")
        view.running(f"Sending {count:,} rows…")
        session = self.session
        operation = upsert_operation(plan, records=self.profile.records_cap)

        async def job(
            progress: Callable[[Progress], None], stop: StopFlag
        ) -> list[OperationResult]:
            return [await execute(session, operation, stop=stop, on_progress=progress)]

        results = await run_with_progress(self.lead_app, "CSV upsert", job)
        if not results:
            view.running("Nothing was applied.")
            return
        lines = {str(-r.line): r.line for r in plan.of(RowKind.INSERT)}
        for row in plan.of(RowKind.UPDATE):
            lines.update({str(i): row.line for i in row.lead_ids})
        view.show(results, lines, str, await self.undo_hint(results))
        for result in results:
            self.app.post_message(JournalChanged(result.operation_id))

    # --- preview and apply ---------------------------------------------------------------

    def action_preview(self) -> None:
        if self.upsert is not None:
            if not any(r.kind is not RowKind.REFUSED for r in self.upsert_rows):
                self.notify(
                    "Load a CSV with at least one row to look up first.",
                    severity="warning",
                )
                return
            self.upsert_plan = None
            self.show_step("csv-upsert-step")
            self.preview_upsert(self.upsert)
            return
        if self.plan is None or not any(r.ok for r in self.rows):
            self.notify(
                "Load a CSV with at least one valid row first.", severity="warning"
            )
            return
        self.show_step("csv-preview-step")
        self.preview()

    @work(exclusive=True, group="csv-preview", exit_on_error=False)
    async def preview(self) -> None:
        view = self.query_one(CsvPreviewView)
        plan = self.plan
        assert plan is not None
        images = None
        others: list[str] = []  # other operators' work on these leads (team)
        if isinstance(plan, VicidialCsvPlan):
            columns = sorted({c for r in self.rows if r.ok for c in r.values})
            try:
                images = await read_before_images(
                    self.session.client,
                    list(plan.lines),
                    columns or ["list_id"],
                    concurrency=self.session.concurrency,
                )
            except e.VicidialError as error:
                self.notify(error.explain(), title="Preview failed", severity="error")
            others = await asyncio.to_thread(
                self.lead_app.others_on, self.session.server, list(plan.lines)
            )
        view.show(self.rows, plan.requests, images, others)

    def action_apply(self) -> None:
        if self.upsert is not None:
            plan = self.upsert_plan
            if self.step != "csv-upsert-step" or plan is None or not plan.sendable:
                self.notify(
                    "Preview first (F5): no write without a complete preview of "
                    "every row.",
                    severity="warning",
                )
                return
            self.run_upsert(plan)
            return
        if self.step != "csv-preview-step" or self.plan is None:
            self.notify(
                "Preview first (F5): no write without a visible preview.",
                severity="warning",
            )
            return
        self.apply()

    @work(exclusive=True, group="csv-run", exit_on_error=False)
    async def run_upsert(self, plan: UpsertPlan) -> None:
        await self.apply_upsert(plan)

    @work(exclusive=True, group="csv-run", exit_on_error=False)
    async def apply(self) -> None:
        plan = self.plan
        view = self.query_one(CsvResultView)
        self.show_step("csv-result-step")
        view.running(f"Applying {plan.rows if plan else 0:,} rows…")
        voice = self.lead_app.voice

        async def job(
            progress: Callable[[Progress], None], stop: StopFlag
        ) -> list[OperationResult]:
            if isinstance(plan, VoiceCsvPlan) and voice is not None:
                return [
                    await run_voice_updates(
                        voice, plan, on_progress=progress, stop=stop
                    )
                ]
            assert isinstance(plan, VicidialCsvPlan)
            return [
                await run_vicidial_csv(
                    self.session, plan, on_progress=progress, stop=stop
                )
            ]

        results = await run_with_progress(self.lead_app, "CSV batch", job)
        if not results or plan is None:
            view.running("Nothing was applied.")
            return
        key = key_phone if isinstance(plan, VoiceCsvPlan) else str
        lines = {str(k): v for k, v in plan.lines.items()}
        view.show(results, lines, key, await self.undo_hint(results))
        for result in results:
            self.app.post_message(JournalChanged(result.operation_id))

    async def undo_hint(self, results: list[OperationResult]) -> str:
        """What an undo from the log could restore: offered only where undo would
        do something (a VoiceAIWrapper lead can only get back what leadtui wrote
        to it before; the API cannot read it)."""
        changed = [
            r
            for r in results
            if any(outcome.changed for outcome, _ in r.verdicts.values())
        ]
        if not changed:
            return ""
        if self.kind != "voiceaiwrapper":
            return "Undo from the log (F4)."
        journal = self.lead_app.journal
        plans = [
            await asyncio.to_thread(plan_voice_undo, journal, r.operation_id)
            for r in changed
        ]
        restorable = sum(p.lead_count for p in plans)
        if restorable:
            return (
                f"Undo from the log (F4) restores {plural(restorable, 'lead')} to "
                "what leadtui wrote before; fields it never wrote stay as they are."
            )
        return (
            "This cannot be undone: VoiceAIWrapper cannot be read, and leadtui had "
            "not written these fields before (undo restores only what it wrote)."
        )

    def action_ids_mode(self) -> None:
        self.lead_app.switch_mode("batch")

    def action_back(self) -> None:
        if self.step != "csv-map":
            self.upsert_plan = None  # a preview left is a preview void
            self.show_step("csv-map")
