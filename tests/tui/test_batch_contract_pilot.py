"""The batch composer's preview is a contract: F6 applies exactly what a complete
preview showed, nothing else, and nothing before it is complete."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static, TextArea

from leadtui.emulator import Emulator, Handler, Response
from leadtui.tui.screens.batch import BatchScreen
from leadtui.tui.screens.count_guard import CountGuardModal
from leadtui.tui.screens.ids_choice import IdsChoiceModal
from leadtui.tui.widgets.tick_box import TickBox
from leadtui.tui.widgets.value_rows import ValueRow
from tests.tui.conftest import AppFactory
from tests.tui.helpers import current, enabled, paste_ids, settle, started


def slow_reads(seconds: float) -> Callable[[Handler], Handler]:
    def middleware(inner: Handler) -> Handler:
        def handler(
            method: str, path: str, body: bytes, headers: Mapping[str, str]
        ) -> Response:
            if b"function=lead_all_info" in body:
                time.sleep(seconds)
            return inner(method, path, body, headers)

        return handler

    return middleware


def batch_screen(app: object) -> BatchScreen:
    screen = current(app)  # type: ignore[arg-type]
    assert isinstance(screen, BatchScreen)
    return screen


async def compose(pilot: Pilot[None], ids: str, status: str = "XFER") -> BatchScreen:
    await started(pilot)
    await pilot.press("f3")
    await settle(pilot)
    await paste_ids(pilot, ids)
    screen = batch_screen(pilot.app)
    screen.query_one(".value-input", Input).value = status
    await pilot.pause(0.3)
    return screen


def complete(screen: BatchScreen) -> bool:
    return screen._preview is not None and screen._preview.complete


def operations(app: object) -> list[int]:
    return [op.id for op in app.journal.operations()]  # type: ignore[attr-defined]


async def test_f6_while_the_preview_loads_sends_nothing(
    make_app: AppFactory, emulator: Emulator
) -> None:
    """Old main: F5, then F6 a second later: "Reading 177/3,000", then applied."""
    emulator.wrap(slow_reads(0.05))
    app = make_app(confirm_typed_over=100_000)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compose(pilot, " ".join(str(i) for i in range(1000, 1400)))
        await pilot.press("f5")
        await pilot.pause(0.3)
        assert screen.step == "preview" and not complete(screen)
        await pilot.press("f6")
        await pilot.pause(0.5)
        assert operations(app) == []  # nothing journaled, nothing sent
        assert screen.check_action("apply", ()) is False
        await settle(pilot, timeout=60)
        assert complete(screen)
        assert screen.check_action("apply", ()) is True
        await pilot.press("f6")
        await settle(pilot, timeout=60)
        assert len(operations(app)) == 1


async def test_any_change_voids_the_preview_and_a_finished_batch_is_disarmed(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compose(pilot, "1100 1101 1102")
        await pilot.press("f5")
        await settle(pilot)
        assert screen.armed() is None
        screen.query_one(".value-input", Input).value = "SALE"  # a change behind it
        await pilot.pause(0.2)
        assert screen.armed() is not None
        await pilot.press("f6")
        await settle(pilot)
        assert operations(app) == []
        await pilot.press("escape")
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert len(operations(app)) == 1
        assert screen.step == "result" and screen.armed() is not None
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f6")  # the same IDs and values: needs a new preview
        await settle(pilot)
        assert len(operations(app)) == 1
        await pilot.press("f5")
        await settle(pilot)
        assert screen.armed() is None
        screen.query_one("#reset-lead", TickBox).value = True  # an option, too
        await pilot.pause(0.2)
        assert screen.armed() is not None


async def test_more_leads_than_the_threshold_ask_for_the_count_typed(
    make_app: AppFactory,
) -> None:
    app = make_app(confirm_typed_over=2)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compose(pilot, "1100 1101 1102")
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        modal = current(app)
        assert isinstance(modal, CountGuardModal) and modal.expected == "3"
        confirm = modal.query_one("#count-guard-confirm", Button)
        assert not enabled(confirm)
        await pilot.press("enter")  # no one-key yes
        await settle(pilot)
        assert operations(app) == []
        await pilot.press("2")
        assert not enabled(confirm)
        await pilot.press("backspace", "3")
        assert enabled(confirm)
        await pilot.press("enter")
        await settle(pilot)
        assert len(operations(app)) == 1
        assert screen.step == "result"


async def test_sending_marked_leads_to_a_full_composer_asks_and_replaces_by_default(
    make_app: AppFactory,
) -> None:
    """Old main: `b` added 2 marked leads to the previous batch's 2,601 IDs."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compose(pilot, " ".join(str(i) for i in range(1100, 1150)))
        screen.add_ids([1200, 1201])
        await pilot.pause(0.1)
        modal = current(app)
        assert isinstance(modal, IdsChoiceModal)
        text = str(modal.query_one("#ids-choice-text", Static).render())
        assert "50 IDs" in text and "status=XFER" in text
        labels = [str(b.label) for b in modal.query(Button)]
        assert "Replace: 2 IDs" in labels and "Add: 52 IDs" in labels
        await pilot.press("enter")  # focus starts on Replace
        await pilot.pause(0.5)
        assert screen.query_one("#ids", TextArea).text.split() == ["1200", "1201"]
        assert list(screen.ids.valid) == [1200, 1201]
        screen.add_ids([1202])
        await pilot.pause(0.1)
        current(app).query_one("#ids-choice-add", Button).press()
        await pilot.pause(0.5)
        assert list(screen.ids.valid) == [1200, 1201, 1202]


async def test_one_row_per_field(make_app: AppFactory) -> None:
    """Old main: three "List ID" rows with different values were accepted."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compose(pilot, "1100 1101")
        for _ in range(3):
            await pilot.press("ctrl+n")
            await settle(pilot)
        rows = list(screen.query(ValueRow))
        assert len({row.param for row in rows}) == len(rows) == 4
        rows[1].query_one(Input).value = "138"
        rows[2].query_one(Select).value = "list_id_field"
        rows[2].query_one(Input).value = "101"
        await pilot.pause(0.3)
        summary = str(screen.query_one("#plan-summary", Static).render())
        assert "set twice" in summary
        await pilot.press("f5")
        await settle(pilot)
        assert screen.step == "compose" and operations(app) == []


async def test_a_missing_target_list_shows_in_the_preview_and_f6_is_off(
    make_app: AppFactory,
) -> None:
    """Old main: 'target list must exist' did not show list 999 missing; F6 failed."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compose(pilot, "1100 1101")
        await pilot.press("ctrl+n")
        await settle(pilot)
        rows = list(screen.query(ValueRow))
        rows[-1].query_one(Input).value = "999"
        await pilot.pause(0.3)
        await pilot.press("f5")
        await settle(pilot)
        help_text = str(screen.query_one("#preview-help", Static).render())
        assert "List 999 does not exist" in help_text and "F6 is off" in help_text
        assert screen.check_action("apply", ()) is False
        await pilot.press("f6")
        await settle(pilot)
        assert operations(app) == []


async def test_changing_dnc_leads_to_another_status_warns(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compose(pilot, "1106 1107", status="XFER")  # 1107 is DNC
        await pilot.press("f5")
        await settle(pilot)
        help_text = str(screen.query_one("#preview-help", Static).render())
        assert "1 lead has status DNC now" in help_text


async def test_every_refused_token_is_listed(make_app: AppFactory) -> None:
    """Old main: the list was cut after the first token at any size."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await compose(pilot, "1100 12-34 abc 1e3")
        bad = str(screen.query_one("#bad-tokens", Static).render())
        assert all(token in bad for token in ("12-34", "abc", "1e3")), bad
        region = screen.query_one("#bad-tokens", Static).region
        assert region.height >= 3
