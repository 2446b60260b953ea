"""What the operator reads: states in characters, every key reachable at 80×24,
headers that fit, no Python text, notices that stay until they are dealt with."""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Button, Input

from leadtui.commands.render import result_lines
from leadtui.config import Config
from leadtui.connect import demo_voice_profile
from leadtui.emulator import Emulator
from leadtui.emulator.voiceaiwrapper import DEMO_CAMPAIGN_ID, VoiceAIWrapperEmulator
from leadtui.emulator.voiceaiwrapper.demo import demo_phone_numbers, demo_sample_csv
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.results import OperationResult
from leadtui.ops.undo_voice import plan_voice_undo
from leadtui.ops.wording import journal_value, shown_value
from leadtui.tui.app import LeadApp
from leadtui.tui.screens.csv_batch import CsvBatchScreen
from leadtui.tui.screens.operation import OperationScreen
from leadtui.tui.screens.plan_modal import PlanModal
from leadtui.tui.widgets.line_table import LineTable
from leadtui.tui.widgets.session_bar import BarState, bar_text
from leadtui.tui.widgets.tick_box import TickBox
from tests.conftest import FROZEN
from tests.tui.conftest import AppFactory
from tests.tui.helpers import current, paste_ids, search, settle, started
from tests.tui.test_recovery_pilot import app_on, partial_with_a_lost_answer


def screen_text(app: App[Any]) -> str:
    """The screen as plain text, as a monochrome terminal shows it (no colour)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(
            full=True, screen_stack=app._background_screens
        )
    )
    return console.export_text()


class _Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield TickBox("ticked", value=True, id="on")
        yield TickBox("unticked", id="off")


async def test_a_tick_box_says_its_state_in_characters() -> None:
    """Old main: both states drew ▐X▌; only a shade told them apart."""
    app = _Boxes()
    async with app.run_test(size=(40, 8)) as pilot:
        text = screen_text(app)
        assert "[x] ticked" in text and "[ ] unticked" in text
        app.query_one("#off", TickBox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert "[x] unticked" in screen_text(app)
        assert app.query_one("#off", TickBox).value is True
        await pilot.press("space")
        await pilot.pause()
        assert "[ ] unticked" in screen_text(app)


async def apply_batch(pilot: Pilot[None], ids: str, status: str) -> int:
    """A batch from the composer (F3): set status on ``ids``, preview, apply."""
    app = pilot.app
    assert isinstance(app, LeadApp)
    before = len(app.journal.operations())
    await pilot.press("f3")
    await settle(pilot)
    await paste_ids(pilot, ids)
    app.screen.query_one(".value-input", Input).value = status
    await pilot.pause(0.2)
    await pilot.press("f5")
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    ops = app.journal.operations()
    assert len(ops) == before + 1, "the batch was not applied"
    return ops[0].id


def help_keys(app: App[Any]) -> str:
    """The keys F1 lists for the screen under it, as plain text."""
    from leadtui.tui.screens.help import HelpScreen

    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return screen.keys


def lists(text: str, key: str, does: str) -> bool:
    return bool(re.search(rf"^  {re.escape(key)} +{re.escape(does)}$", text, re.M))


async def test_f1_lists_every_key_of_the_search_screen_at_80x24(
    make_app: AppFactory,
) -> None:
    """Old main: the footer dropped c Callbacks (show=False) and F1 only showed a
    general table; nothing said which keys this screen has."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Callbacks" not in footer  # the footer cannot hold it
        await pilot.press("f1")
        await settle(pilot)
        keys = help_keys(app)
        here, _, anywhere = keys.partition("\nAnywhere\n")
        assert here.startswith("Search — keys\n")
        for key, does in [
            ("c", "Callbacks (not available now)"),  # no lead chosen yet
            ("d", "Delete (not available now)"),
            ("r", "Reset (not available now)"),
            ("h", "Hopper (not available now)"),
            ("b", "To batch (not available now)"),
            ("/", "Find"),
            ("Space", "Mark"),
            ("Enter", "Open"),
        ]:
            assert lists(here, key, does), (key, does)
        assert lists(anywhere, "F4", "Log") and lists(anywhere, "F1 or ?", "Help")
        assert lists(anywhere, "Ctrl+Q", "Quit")
        shown = screen_text(app)
        assert "Search — keys" in shown and "Callbacks" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert type(current(app)).__name__ == "SearchScreen"
        await search(pilot, "lead_id", "1040")
        await pilot.press("f1")
        await settle(pilot)
        assert lists(help_keys(app), "c", "Callbacks")  # a lead is chosen now


async def test_f1_on_the_log_and_an_operation_lists_their_keys(
    make_app: AppFactory,
) -> None:
    """Old main: the log's footer showed only f9 Reload (the table hid Enter)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await apply_batch(pilot, "1120 1121", "XFER")
        await pilot.press("f4")
        await settle(pilot)
        assert "⏎ Open" in screen_text(app).splitlines()[-1]
        await pilot.press("f1")
        await settle(pilot)
        here = help_keys(app)
        assert here.startswith("Session log — keys\n")
        assert lists(here, "Enter", "Open") and lists(here, "F9", "Reload")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(current(app), OperationScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "u Undo" in footer and "e Export" in footer
        await pilot.press("f1")
        await settle(pilot)
        here = help_keys(app)
        assert here.startswith("Operation 1 — keys\n")
        assert lists(here, "u", "Undo") and lists(here, "e", "Export CSV")
        assert lists(here, "r", "Resume (not available now)")  # nothing to resume
        assert lists(here, "Esc", "Back")


def voice_app(tmp_path: Path, **profile_options: object) -> LeadApp:
    """``leadtui --demo-voice``: the VoiceAIWrapper demo campaign in this process."""
    voice = VoiceAIWrapperEmulator.demo(leads=40)
    profile = demo_voice_profile().model_copy(update=profile_options)
    return LeadApp(
        Config(),
        profile=profile,
        demo=True,
        journal=Journal(tmp_path / "voice.sqlite3", clock=lambda: FROZEN),
        transport=voice.transport(),
    )


async def on_csv_screen(pilot: Pilot[None]) -> CsvBatchScreen:
    for _ in range(50):
        await settle(pilot)
        screen = current(pilot.app)
        if isinstance(screen, CsvBatchScreen):
            return screen
    raise AssertionError("the CSV screen did not open")


async def test_the_voiceaiwrapper_header_fits_80_columns(tmp_path: Path) -> None:
    """Old main: the bar was cut at "camp_demo01 @"; the host never showed."""
    app = voice_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_csv_screen(pilot)
        bar = screen_text(app).splitlines()[0].rstrip()
        assert len(bar) <= 80 and not bar.endswith("…")
        assert f"VoiceAIWrapper {DEMO_CAMPAIGN_ID} @ voiceaiwrapper-emulator" in bar
        assert "CSV batch" in bar and "DEMO" in bar
    long = voice_app(
        tmp_path,
        url="https://voice-ai-wrapper.eu-west-1.customer-tenant.example.com/api/v2/",
        read_only=True,
    )
    async with long.run_test(size=(80, 24)) as pilot:
        await on_csv_screen(pilot)
        bar = screen_text(long).splitlines()[0].rstrip()
        assert len(bar) <= 80
        assert f"{DEMO_CAMPAIGN_ID}@voice-ai-wrapper" in bar and "…" in bar
        assert "RO" in bar and "/api" not in bar and "https" not in bar


async def test_the_vicidial_header_fits_80_columns(make_app: AppFactory) -> None:
    options = {
        "url": "http://dialer-primary.callcenter.example.com:8443/vicidial/non_agent_api.php",
        "read_only": True,
    }
    app = make_app(**options)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        bar = screen_text(app).splitlines()[0].rstrip()
        assert len(bar) <= 80
        assert "6666@dialer-primary" in bar and "Search" in bar
        assert "DEMO" in bar and "READ-ONLY" in bar
        assert "http" not in bar  # the demo answers in this process
    app = make_app(**options)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        bar = screen_text(app).splitlines()[0].rstrip()
        assert "6666@dialer-primary.callcenter.example.com:8443" in bar
        assert " leadtui " in bar and "READ-ONLY" in bar
    lan = BarState(
        "Search",
        user="6666",
        host="dialer-primary.callcenter.example.com:8443",
        read_only=True,
        plain_http=True,
    )
    assert bar_text(lan, 80).plain == (
        "│ Search │ 6666@dialer-primary.callcenter.example.com:8443  RO  ⚠ http"
    )
    assert bar_text(lan, 120).plain == (
        " leadtui │ Search │ 6666@dialer-primary.callcenter.example.com:8443 "
        " READ-ONLY  ⚠ plain http"
    )


PYTHON_TEXT = ("{'", "'}", "!r", "undo undo", "(1 requests)", "(s)")


def python_leaks(text: str) -> list[str]:
    """Python reprs and clumsy words in operator text (empty: none)."""
    found = [bit for bit in PYTHON_TEXT if bit in text]
    found += re.findall(r"'[^'\s]*'", text)  # a quoted value: 'NEW', '?'
    found += [
        m.group(0) for m in re.finditer(r"\b([A-Za-z_]{2,}) \1\b", text)
    ]  # a word twice: "undo undo", "status status"
    return found


async def cli_log(app: LeadApp, operation_id: int | None) -> str:
    """``leadtui log N`` on the app's journal, as the CLI prints it."""
    from leadtui.commands import history
    from leadtui.commands.context import CommandContext

    out = io.StringIO()
    args = argparse.Namespace(
        export=None,
        operation_id=operation_id,
        limit=50,
        json=False,
        demo=False,
        demo_voice=False,
        demo_reset=False,
        verify=False,
        team=False,
    )
    ctx = CommandContext(args, Config(), out=out, err=io.StringIO())
    ctx._journal = app.journal
    assert await history.log(ctx) == 0
    return out.getvalue()


async def test_no_python_text_in_the_log_the_operation_and_log_n(
    make_app: AppFactory,
) -> None:
    """Old main: ``status 'NEW'→'XFER'``, ``1 request(s)`` on the operation screen,
    ``undo undo of 1`` and ``status status NEW → XFER`` from ``leadtui log``."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        batch = await apply_batch(pilot, "1120 1121", "XFER")
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        plan = current(app)
        assert isinstance(plan, PlanModal)
        plan.query_one("#plan-confirm", Button).press()
        await settle(pilot)
        [undo, _] = app.journal.operations()
        assert undo.undo_of == batch
        await pilot.press("escape")
        await settle(pilot)
        await pilot.pause(0.3)
        shown = {"log": screen_text(app)}
        assert "undo of #1" in shown["log"]
        for op_id in (batch, undo.id):
            app.push_screen(OperationScreen(op_id))
            await settle(pilot)
            shown[f"operation {op_id}"] = screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
        assert "status NEW → XFER" in shown[f"operation {batch}"]
        assert "status XFER → NEW" in shown[f"operation {undo.id}"]
        assert "1 request ·" in shown[f"operation {batch}"]
        shown["log N batch"] = await cli_log(app, batch)
        shown["log N undo"] = await cli_log(app, undo.id)
        shown["log"] += await cli_log(app, None)
        assert "lead 1120: updated — status NEW → XFER" in shown["log N batch"]
        assert f"undo of #{batch}" in shown["log"]
        app.push_screen(OperationScreen(999))
        await settle(pilot)
        shown["unknown"] = screen_text(app)
        assert "No operation 999 in the journal." in shown["unknown"]
        for where, text in shown.items():
            assert python_leaks(text) == [], (where, text)


def test_results_and_values_read_plainly() -> None:
    result = OperationResult(
        operation_id=7,
        state=OperationState.DONE,
        verdicts={1: (LeadOutcome.UPDATED, "changed: status")},
        requests=1,
    )
    assert result_lines(result)[0] == "operation 7: done — 1 updated (1 request)"
    result.requests = 2
    assert result_lines(result)[0].endswith("(2 requests)")
    assert shown_value(None) == "(unknown)" and shown_value("") == "(empty)"
    assert shown_value(" Ann") == "“ Ann”" and shown_value("Ann") == "Ann"
    assert journal_value("custom:plan", '"pro"', "voiceaiwrapper") == "pro"
    assert journal_value("do_not_call", "true", "voiceaiwrapper") == "yes"
    assert journal_value("first_name", "Zed", "voiceaiwrapper") == "Zed"


def notice_line(app: App[Any]) -> str:
    """The line under the session bar ("" when no notice shows)."""
    line = screen_text(app).splitlines()[1]
    return line.strip() if line.lstrip().startswith("⚠") else ""


async def test_an_unfinished_operation_stays_announced_until_resumed(
    emulator: Emulator, tmp_path: Path
) -> None:
    """Old main: a toast, gone after 15 s; then nothing said it was unfinished."""
    path = tmp_path / "journal.sqlite3"
    op_id = await partial_with_a_lost_answer(emulator, path)
    app = app_on(emulator, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.pause(20)  # long after any toast
        notice = notice_line(app)
        assert f"Operation {op_id}" in notice and "F4, Enter, r" in notice
        assert len(notice) <= 80
        await pilot.press("f4")
        await settle(pilot)
        assert f"Operation {op_id}" in notice_line(app)  # every screen shows it
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        modal = current(app)
        assert isinstance(modal, PlanModal)
        modal.query_one("#plan-confirm", Button).press()
        await settle(pilot)
        await pilot.pause(0.3)
        assert app.journal.resumable() == []
        assert notice_line(app) == ""
        await pilot.press("escape", "f2")
        await settle(pilot)
        assert notice_line(app) == ""


async def test_the_unfinished_operation_notice_can_be_hidden(
    emulator: Emulator, tmp_path: Path
) -> None:
    path = tmp_path / "journal.sqlite3"
    op_id = await partial_with_a_lost_answer(emulator, path)
    app = app_on(emulator, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        notice = notice_line(app)
        assert f"Operation {op_id} (batch, 11-24 10:00)" in notice
        assert "Ctrl+D hides" in notice
        await pilot.press("ctrl+d")  # the search box has focus: it still hides
        await pilot.pause()
        assert notice_line(app) == ""
        for key in ("f3", "f4", "f2"):
            await pilot.press(key)
            await settle(pilot)
            assert notice_line(app) == "", key  # hidden for the whole session
        assert app.journal.resumable() != []  # hidden, not resumed
        assert app.check_action("dismiss_notice", ()) is False  # Ctrl+D is free again


async def test_the_voice_demo_shows_numbers_and_writes_a_sample(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    """Old main: no demo phone number anywhere; "Undo from the log" was offered
    after a first write that undo then refused; mark_as_unanswered unwarned."""
    app = voice_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_csv_screen(pilot)
        shown = screen_text(app)
        phones = demo_phone_numbers(4)
        assert sum(phone in shown for phone in phones) >= 3
        assert "F7 writes a sample CSV" in shown
        await pilot.press("f7")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        sample = isolated_dirs / "data" / "leadtui" / "demo-voice-sample.csv"
        assert sample.read_text(encoding="utf-8") == demo_sample_csv()
        assert screen.query_one("#csv-path", Input).value == str(sample)
        assert any(str(sample) in str(n.message) for n in app._notifications)
        assert "5 of 5 rows valid" in str(screen.query_one("#csv-summary").render())
        await pilot.press("f5")
        await settle(pilot)
        preview = str(screen.query_one("#csv-preview-summary").render())
        assert "1 row sets mark_as_unanswered: that cannot be undone" in preview
        assert (
            "mark_as_unanswered cannot be undone"
            in screen.query_one("#csv-preview-table", LineTable).row_at(3)[3]
        )
        await pilot.press("f6")
        await settle(pilot)
        result = str(screen.query_one("#csv-result-summary").render())
        [first] = app.journal.operations()
        assert "This cannot be undone" in result and "Undo from the log" not in result
        assert plan_voice_undo(app.journal, first.id).lead_count == 0  # true
        await pilot.press("escape", "f5")  # the same file again: now undo has values
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        result = str(screen.query_one("#csv-result-summary").render())
        assert "Undo from the log (F4) restores 3 leads" in result
        second = app.journal.operations()[0]
        assert plan_voice_undo(app.journal, second.id).lead_count == 3
        assert python_leaks(screen_text(app)) == []
