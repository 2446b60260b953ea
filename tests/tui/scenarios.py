"""Screen states worth seeing, as Pilot scripts: used by the snapshot tests and by
``tools/screenshots.py`` (the README's images are generated from these)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, TextArea

from leadtui.config import Config, Profile
from leadtui.connect import demo_profile
from leadtui.emulator import Emulator, FixedClock
from leadtui.ops.journal import Journal
from leadtui.tui.app import LeadApp
from leadtui.tui.screens.batch import BatchScreen
from leadtui.tui.widgets.field_row import FieldRow
from tests.transcripts import DATASET
from tests.tui.helpers import paste_ids, search, settle, started

FROZEN = "2026-11-24 10:00:00"
CSV_FIXTURE = Path(__file__).parents[1] / "fixtures" / "csv" / "leads.csv"
Scenario = Callable[[Pilot[None]], Awaitable[None]]


def build_app(
    folder: Path, *, connect: bool = False, records_cap: int = 1000
) -> LeadApp:
    emulator = Emulator.from_dataset(DATASET, now=FixedClock(FROZEN))
    journal = Journal(folder / "journal.sqlite3", clock=lambda: FROZEN)
    if connect:
        config = Config(
            default_profile="main",
            profiles={
                "main": Profile(
                    url="https://dialer.example.com/vicidial/non_agent_api.php",
                    user="6666",
                ),
                "reports": Profile(
                    url="https://dialer.example.com/vicidial/non_agent_api.php",
                    user="5555",
                    read_only=True,
                ),
            },
        )
        return LeadApp(
            config,
            journal=journal,
            transport=emulator.transport(),
            config_file=folder / "c.toml",
        )
    profile = demo_profile().model_copy(update={"records_cap": records_cap})
    return LeadApp(
        Config(),
        profile=profile,
        demo=True,
        journal=journal,
        transport=emulator.transport(),
    )


async def quiet(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()
    # a blinking cursor is drawn or not depending on when the screenshot falls
    # (a busy machine moves it): no blinking in snapshots
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()
    # a worker's result may fill a table a few messages after the worker ends,
    # and a DataTable sizes its columns when its message pump next goes idle:
    # on a busy machine both can come after the screenshot. Wait for two calm
    # looks in a row.
    calm = 0
    for _ in range(100):
        await pilot.pause(0.03)
        sizing = any(_sizing(t) for t in pilot.app.screen.query(DataTable))
        calm = 0 if sizing else calm + 1
        if calm == 2:
            break
    await pilot.pause()


def _sizing(table: DataTable[object]) -> bool:
    return bool(table._require_update_dimensions or table._updated_cells)


async def connect_screen(pilot: Pilot[None]) -> None:
    await pilot.pause(0.2)
    await quiet(pilot)


async def search_results(pilot: Pilot[None]) -> None:
    await started(pilot)
    await search(pilot, "phone", "3125550013", records="2")
    await pilot.press("space")
    await quiet(pilot)


async def lead_editor(pilot: Pilot[None]) -> None:
    await started(pilot)
    await search(pilot, "lead_id", "1020")
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    screen.query_one("#row-first_name", FieldRow).input.value = "Zoé+Ann"
    screen.query_one("#row-email", FieldRow).input.value = "zoe+news@example.com"
    comments = screen.query_one("#row-comments", FieldRow).input
    comments.value = "called twice | left msg"
    comments.focus()
    await quiet(pilot)


async def lead_diff(pilot: Pilot[None]) -> None:
    await lead_editor(pilot)
    await pilot.press("f5")
    await quiet(pilot)


async def batch_compose(pilot: Pilot[None]) -> None:
    await started(pilot)
    await pilot.press("f3")
    await settle(pilot)
    await paste_ids(pilot, "1100 1101 1102\n1103,1104 1105 1101 12-34 99999")
    pilot.app.screen.query_one(".value-input", Input).value = "DNC"
    await pilot.press("ctrl+n")
    await settle(pilot)
    inputs = list(pilot.app.screen.query(".value-input").results(Input))
    inputs[-1].value = "138"
    # the estimate comes from measured latencies: pinned, or a busy machine
    # changes the picture ("about 2 s" for "under 1 s")
    app = pilot.app
    assert isinstance(app, LeadApp) and app.session is not None
    app.session.client.latency = {"lead_all_info": 0.01, "batch_update_lead": 0.05}
    screen = app.screen
    assert isinstance(screen, BatchScreen)
    screen.refresh_summary()
    pilot.app.screen.query_one("#ids", TextArea).focus()
    await quiet(pilot)


async def batch_preview(pilot: Pilot[None]) -> None:
    await batch_compose(pilot)
    await pilot.press("f5")
    await quiet(pilot)


async def batch_result(pilot: Pilot[None]) -> None:
    await batch_preview(pilot)
    await pilot.press("f6")
    await quiet(pilot)


async def delete_guard(pilot: Pilot[None]) -> None:
    await started(pilot)
    await search(pilot, "phone", "3125550013", records="5")
    await pilot.press("space", "space", "d")
    await settle(pilot)
    typed = pilot.app.screen.query_one("#guard-typed", Input)
    typed.value = "2"
    pilot.app.screen.query_one("#guard-cancel-button", Button).focus()
    await quiet(pilot)


async def reset_guard(pilot: Pilot[None]) -> None:
    await started(pilot)
    await search(pilot, "lead_id", "1044")
    await pilot.press("r")
    await quiet(pilot)


async def session_log(pilot: Pilot[None]) -> None:
    await batch_result(pilot)
    await pilot.press("f4")
    await quiet(pilot)


async def operation_detail(pilot: Pilot[None]) -> None:
    await session_log(pilot)
    await pilot.press("enter")
    await quiet(pilot)


async def csv_preview(pilot: Pilot[None]) -> None:
    await started(pilot)
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("ctrl+t")
    await settle(pilot)
    field = pilot.app.screen.query_one("#csv-path", Input)
    field.value = str(CSV_FIXTURE)
    field.focus()
    await pilot.press("enter")
    await settle(pilot)
    await pilot.pause(0.2)
    await settle(pilot)
    await pilot.press("f5")
    await quiet(pilot)


async def help_screen(pilot: Pilot[None]) -> None:
    await started(pilot)
    await pilot.press("f1")
    await quiet(pilot)


#: name → (scenario, app options)
SCENARIOS: dict[str, tuple[Scenario, dict[str, object]]] = {
    "connect": (connect_screen, {"connect": True}),
    "search": (search_results, {}),
    "lead-editor": (lead_editor, {}),
    "lead-diff": (lead_diff, {}),
    "batch-compose": (batch_compose, {"records_cap": 5}),
    "batch-preview": (batch_preview, {"records_cap": 5}),
    "batch-result": (batch_result, {"records_cap": 5}),
    "delete-guard": (delete_guard, {}),
    "reset-guard": (reset_guard, {}),
    "log": (session_log, {"records_cap": 5}),
    "operation": (operation_detail, {"records_cap": 5}),
    "help": (help_screen, {}),
    "csv-preview": (csv_preview, {}),
}
