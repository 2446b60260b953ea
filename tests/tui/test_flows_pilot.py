"""Every operator flow, driven by keys through Pilot, against the in-process emulator."""

from __future__ import annotations

import asyncio

import httpx
from textual.widgets import Button, Input, Static

from leadtui.emulator import Emulator
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.tui.app import LeadApp
from leadtui.tui.screens.batch import BatchScreen
from leadtui.tui.screens.confirm_guard import ConfirmGuardModal
from leadtui.tui.screens.diff_modal import DiffModal
from leadtui.tui.screens.lead_edit import LeadEditScreen
from leadtui.tui.screens.operation import OperationScreen
from leadtui.tui.screens.plan_modal import PlanModal
from leadtui.tui.widgets.field_row import FieldRow
from leadtui.tui.widgets.line_table import LineTable
from leadtui.tui.widgets.session_bar import SessionBar
from tests.tui.conftest import AppFactory
from tests.tui.helpers import current, enabled, paste_ids, search, settle, started


async def test_search_open_edit_save(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "phone", "3125550010", records="2")
        preview = str(app.screen.query_one("#preview-line", Static).render())
        assert "1470" in preview and "1470, 1010" in preview
        await pilot.press("enter")  # the table has focus: open the first lead
        await settle(pilot)
        editor = current(app)
        assert isinstance(editor, LeadEditScreen) and editor.lead_id == 1470
        row = app.screen.query_one("#row-first_name", FieldRow)
        row.input.focus()
        row.input.value = ""
        await pilot.press(*"Zoé+Ann")
        await pilot.pause()
        assert "→ Zo Ann" in str(row.query_one(".field-hint", Static).render())
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(current(app), DiffModal)
        await pilot.press("tab", "enter")  # focus starts on Cancel: Tab to Save
        await settle(pilot)
        assert isinstance(current(app), LeadEditScreen)
        [op] = app.journal.operations()
        assert (op.kind, op.state) == ("edit", OperationState.DONE)
        lead = await app.require_session().client.lead_all_info(lead_id=1470)
        assert lead[0].first_name == "Zo Ann"


async def test_phone_is_locked_until_unlocked(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "lead_id", "1030")
        await pilot.press("enter")
        await settle(pilot)
        phone = app.screen.query_one("#row-phone_number", FieldRow)
        assert phone.locked
        before = phone.input.value
        phone.input.focus()
        await pilot.press(*"999")
        assert phone.input.value == before  # locked: typing changes nothing
        await pilot.press("f6")
        assert not phone.locked


async def test_paste_ids_cap_warning_apply_reconcile(make_app: AppFactory) -> None:
    app = make_app(records_cap=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BatchScreen)
        await paste_ids(pilot, "1110 1111\n1112,1113 99999 1110 12-34")
        assert (
            str(screen.query_one("#id-count", Static).render())
            == "5 valid · 1 duplicate · 1 invalid"
        )
        warning = str(screen.query_one("#cap-warning", Static).render())
        assert "cap of 3" in warning and "2 requests" in warning
        assert "1234" in str(screen.query_one("#bad-tokens", Static).render())
        value = screen.query_one(".value-input", Input)
        value.focus()
        await pilot.press(*"NA")
        await pilot.press("f6")  # no write without a visible preview
        await settle(pilot)
        assert screen.step == "compose"
        await pilot.press("f5")
        await settle(pilot)
        assert screen.step == "preview"
        summary = str(screen.query_one("#preview-summary", Static).render())
        assert "4 will change" in summary and "no such lead" in summary
        await pilot.press("f6")
        await settle(pilot)
        assert screen.step == "result"
        [op] = app.journal.operations()
        outcomes = {r.lead_id: r.outcome for r in app.journal.leads(op.id)}
        assert outcomes == {
            1110: LeadOutcome.UPDATED,
            1111: LeadOutcome.UPDATED,
            1112: LeadOutcome.UPDATED,
            1113: LeadOutcome.UPDATED,
            99999: LeadOutcome.NOT_FOUND,
        }
        assert len(app.journal.chunks(op.id)) == 2
        assert screen.query_one("#result-table", LineTable).row_count == 5


async def test_delete_guard_needs_the_exact_count(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "phone", "3125550013", records="5")
        await pilot.press("space", "space")  # mark both matches
        await pilot.press("d")
        await settle(pilot)
        guard = app.screen
        assert isinstance(guard, ConfirmGuardModal)
        assert app.focused is guard.query_one("#guard-cancel-button", Button)
        confirm = guard.query_one("#guard-confirm", Button)
        typed = guard.query_one("#guard-typed", Input)
        typed.focus()
        await pilot.press("3")
        assert not enabled(confirm)
        await pilot.press("enter")  # a wrong count does nothing
        assert app.screen is guard
        await pilot.press("backspace", "2")
        assert enabled(confirm)
        await pilot.press("enter")
        await settle(pilot)
        [op] = app.journal.operations()
        assert op.kind == "delete"
        assert {r.outcome for r in app.journal.leads(op.id)} == {LeadOutcome.DELETED}


async def test_escape_cancels_the_guard(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "lead_id", "1040")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.journal.operations() == []


async def test_undo_from_the_log(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await paste_ids(pilot, "1120 1121 1122")
        app.screen.query_one(".value-input", Input).value = "XFER"
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(current(app), OperationScreen)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(current(app), PlanModal)
        app.screen.query_one("#plan-confirm", Button).press()
        await settle(pilot)
        ops = app.journal.operations()
        assert [op.kind for op in ops] == ["undo", "batch"] and ops[0].undo_of == ops[
            1
        ].id
        client = app.require_session().client
        statuses = [
            (await client.lead_field_info(i, "status")).value
            for i in (1120, 1121, 1122)
        ]
        assert "XFER" not in statuses


async def test_read_only_profile_cannot_write(make_app: AppFactory) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search(pilot, "lead_id", "1040")
        await pilot.press("d")
        await settle(pilot)
        assert not isinstance(current(app), ConfirmGuardModal)
        await pilot.press("enter")
        await settle(pilot)
        assert all(row.input.disabled for row in app.screen.query(FieldRow))
        assert app.journal.operations() == []


class _HeldTransport(httpx.AsyncBaseTransport):
    """Holds every request until ``release`` is set: a dialer still starting."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.release = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self.release.wait()
        return await self.inner.handle_async_request(request)


def connected(app: LeadApp) -> bool:
    """A call, so type checkers do not narrow the property across awaits."""
    return app.connected


async def test_a_search_typed_while_the_demo_starts_waits_for_it(
    make_app: AppFactory, emulator: Emulator
) -> None:
    app = make_app()
    held = _HeldTransport(emulator.transport())
    app.transport = held
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert type(app.screen).__name__ == "SearchScreen" and not connected(app)
        bar = str(app.screen.query_one(SessionBar).render())
        assert "starting the demo dialer" in bar
        await pilot.press(*"1002", "enter")
        await pilot.pause(0.1)
        preview = app.screen.query_one("#preview-line", Static)
        assert "Searching" in str(preview.render())
        held.release.set()
        await settle(pilot)
        assert connected(app)
        assert "update_lead hits lead 1002" in str(preview.render())
        assert "starting" not in str(app.screen.query_one(SessionBar).render())


class _DeadTransport(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)


async def test_a_demo_that_cannot_start_says_so_and_a_search_gets_the_reason(
    make_app: AppFactory,
) -> None:
    app = make_app()
    app.transport = _DeadTransport()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"1002", "enter")
        await settle(pilot)
        assert not connected(app)
        assert "demo dialer failed" in str(app.screen.query_one(SessionBar).render())
        preview = str(app.screen.query_one("#preview-line", Static).render())
        assert "did not start" in preview and "--demo-reset" in preview
        assert any("did not start" in str(n.message) for n in app._notifications)


async def test_the_composer_says_status_dnc_blocks_nothing(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BatchScreen)
        await paste_ids(pilot, "1110 1111")
        value = screen.query_one(".value-input", Input)
        value.focus()
        await pilot.press(*"DNC")
        await settle(pilot)
        warning = str(screen.query_one("#cap-warning", Static).render())
        assert "Status DNC alone blocks nothing" in warning
        await pilot.press("backspace")  # "DN": not a DNC status
        await settle(pilot)
        assert "blocks nothing" not in str(
            screen.query_one("#cap-warning", Static).render()
        )
