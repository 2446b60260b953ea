"""After a batch sets status DNC, F7 puts the leads' numbers on a DNC list (and
takes the leads out of the hopper): described, confirmed, journaled."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Button, Input

from leadtui.emulator import Emulator
from leadtui.tui.app import LeadApp
from leadtui.tui.screens.batch import BatchScreen
from leadtui.tui.screens.dnc_offer import DncOfferModal
from leadtui.tui.screens.plan_modal import PlanModal
from tests.tui.conftest import AppFactory
from tests.tui.helpers import current, paste_ids, settle, started

NUMBERS = {"3125550111", "3125550112"}  # the phone numbers of leads 1111, 1112


def listed(emulator: Emulator, campaign: str | None = None) -> set[str]:
    if campaign is None:
        rows = emulator.store.select("vicidial_dnc", "1", [])
    else:
        rows = emulator.store.select(
            "vicidial_campaign_dnc", "campaign_id=?", [campaign]
        )
    return {str(r["phone_number"]) for r in rows}


async def batch_to(
    pilot: Pilot[None], status: str, ids: str = "1111 1112"
) -> BatchScreen:
    await pilot.press("f3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BatchScreen)
    await paste_ids(pilot, ids)
    screen.query_one(".value-input", Input).focus()
    await pilot.press(*status)
    await pilot.press("f5")
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    assert screen.step == "result"
    return screen


async def test_f7_puts_the_numbers_on_the_system_list_and_pulls_the_hopper(
    make_app: AppFactory, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        screen = await batch_to(pilot, "DNC")
        assert screen.check_action("dnc", ()) is True
        assert any("F7" in str(n.message) for n in app._notifications)
        await pilot.press("f7")
        await settle(pilot)
        modal = current(app)
        assert isinstance(modal, DncOfferModal)
        assert app.focused is modal.query_one("#dnc-offer-cancel-button", Button)
        await pilot.click("#dnc-offer-go")
        await settle(pilot)
        plan = current(app)
        assert isinstance(plan, PlanModal)
        text = "\n".join(plan.lines)
        assert "add to the system DNC list: 2 numbers" in text
        assert "out of the hopper" in text
        assert listed(emulator) == set()  # nothing sent before the confirmation
        await pilot.click("#plan-confirm")
        await settle(pilot)
        assert listed(emulator) == NUMBERS
        kinds = [op.kind for op in app.journal.operations()]
        assert kinds == ["hopper-remove", "dnc-add", "batch"]


async def test_a_campaign_list_and_cancel_sends_nothing(
    make_app: AppFactory, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        await batch_to(pilot, "DNC")
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("escape")  # the offer, cancelled
        await settle(pilot)
        assert not isinstance(current(app), DncOfferModal)
        await pilot.press("f7")
        await settle(pilot)
        current(app).query_one("#dnc-offer-campaign", Input).value = "TESTCAMP"
        await pilot.click("#dnc-offer-hopper")  # leave the hopper alone
        await pilot.click("#dnc-offer-go")
        await settle(pilot)
        plan = current(app)
        assert isinstance(plan, PlanModal)
        assert "campaign TESTCAMP's DNC list" in "\n".join(plan.lines)
        await pilot.press("escape")  # the plan, declined
        await settle(pilot)
        assert listed(emulator, "TESTCAMP") == set()
        assert [op.kind for op in app.journal.operations()] == ["batch"]
        await pilot.press("f7")
        await settle(pilot)
        current(app).query_one("#dnc-offer-campaign", Input).value = "TESTCAMP"
        await pilot.click("#dnc-offer-hopper")
        await pilot.click("#dnc-offer-go")
        await settle(pilot)
        await pilot.click("#plan-confirm")
        await settle(pilot)
        assert listed(emulator, "TESTCAMP") == NUMBERS and listed(emulator) == set()
        assert [op.kind for op in app.journal.operations()] == ["dnc-add", "batch"]


async def test_no_offer_after_a_batch_that_sets_no_dnc_status(
    make_app: AppFactory,
) -> None:
    app: LeadApp = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        screen = await batch_to(pilot, "NI")
        assert screen.check_action("dnc", ()) is False
        await pilot.press("f7")
        await settle(pilot)
        assert current(app) is screen


async def test_each_leads_own_campaign_list(
    make_app: AppFactory, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        # lists 138 (ALTCAMP) and 101 (TESTCAMP)
        await batch_to(pilot, "DNC", ids="1110 1111")
        await pilot.press("f7")
        await settle(pilot)
        modal = current(app)
        assert isinstance(modal, DncOfferModal)
        await pilot.click("#dnc-offer-lead-campaign")
        await pilot.click("#dnc-offer-hopper")
        await pilot.click("#dnc-offer-go")
        await settle(pilot)
        plan = current(app)
        assert isinstance(plan, PlanModal)
        text = "\n".join(plan.lines)
        assert "campaign ALTCAMP's DNC list: 1 number" in text
        assert "campaign TESTCAMP's DNC list: 1 number" in text
        await pilot.click("#plan-confirm")
        await settle(pilot)
        assert listed(emulator, "ALTCAMP") == {"3125550110"}
        assert listed(emulator, "TESTCAMP") == {"3125550111"}
        assert listed(emulator) == set()
