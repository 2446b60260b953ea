"""After a batch stores status DNC: put the leads' numbers on a DNC list.

Status DNC alone blocks nothing. This modal asks where the numbers go (the
system DNC list, or one campaign's) and whether to take the leads out of the
hopper; the plan is then described and confirmed like every other write.
Focus starts on Cancel; Escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from leadtui.ops.cooperative import StopFlag
from leadtui.ops.dnc_operations import (
    ADD,
    plan_dnc_for_leads,
    plans_by_lead_campaign,
    run_dnc,
)
from leadtui.ops.lead_actions import hopper
from leadtui.ops.ownership import WHY_NOT_DONE
from leadtui.ops.results import OperationResult, Progress
from leadtui.ops.wording import plural
from leadtui.tui.lead_actions import run_with_progress, summary
from leadtui.tui.screens.plan_modal import PlanModal
from leadtui.tui.widgets.tick_box import TickBox

if TYPE_CHECKING:
    from leadtui.ops.session import Session
    from leadtui.tui.app import LeadApp


@dataclass(frozen=True)
class DncChoice:
    #: None: the system DNC list (unless ``lead_campaign``)
    campaign_id: str | None
    pull_from_hopper: bool
    #: each lead's number on its own campaign's list
    lead_campaign: bool = False


class DncOfferModal(ModalScreen[DncChoice | None]):
    CSS_PATH = "../styles/modals.tcss"
    DEFAULT_CSS = """
    #dnc-offer-title { text-style: bold; padding: 0 0 1 0; }
    #dnc-offer-campaign { width: 24; }
    #dnc-offer-where { height: 3; }
    #dnc-offer-where Label { padding: 1 1 0 0; }
    #dnc-offer-buttons { height: 3; align: right middle; }
    #dnc-offer-buttons Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dnc-offer-cancel")]

    def __init__(self, leads: int) -> None:
        super().__init__()
        self.leads = leads

    def compose(self) -> ComposeResult:
        with Vertical(id="dnc-offer", classes="modal"):
            yield Label("Put these numbers on a DNC list", id="dnc-offer-title")
            yield Static(
                f"Status DNC alone blocks nothing: the {plural(self.leads, 'lead')} "
                "this batch set to DNC are on no DNC list, and a lead in the hopper "
                "still dials. leadtui can read their phone numbers, add them to a "
                "DNC list (each journaled with the time, for evidence) and take "
                "the leads out of the hopper."
            )
            with Horizontal(id="dnc-offer-where"):
                yield Label("Campaign list (empty: the system DNC list)")
                yield Input(placeholder="SYSTEM", id="dnc-offer-campaign", max_length=8)
            yield TickBox(
                "each lead's own campaign list instead",
                value=False,
                id="dnc-offer-lead-campaign",
            )
            yield TickBox(
                "take the leads out of the hopper", value=True, id="dnc-offer-hopper"
            )
            with Horizontal(id="dnc-offer-buttons"):
                yield Button("Cancel", id="dnc-offer-cancel-button")
                yield Button("Continue", variant="warning", id="dnc-offer-go")

    def on_mount(self) -> None:
        self.query_one("#dnc-offer-cancel-button", Button).focus()

    @on(Button.Pressed, "#dnc-offer-go")
    def go(self) -> None:
        campaign = self.query_one("#dnc-offer-campaign", Input).value.strip()
        self.dismiss(
            DncChoice(
                campaign_id=campaign or None,
                pull_from_hopper=self.query_one("#dnc-offer-hopper", TickBox).value,
                lead_campaign=self.query_one("#dnc-offer-lead-campaign", TickBox).value,
            )
        )

    @on(Button.Pressed, "#dnc-offer-cancel-button")
    def action_cancel(self) -> None:
        self.dismiss(None)


async def offer_dnc_lists(app: LeadApp, session: Session, lead_ids: list[int]) -> None:
    """Where the numbers go → read them → the plan, confirmed → run (in a worker)."""
    choice = await app.push_screen_wait(DncOfferModal(len(lead_ids)))
    if choice is None:
        return
    app.notify(f"Reading the phone numbers of {plural(len(lead_ids), 'lead')}…")
    try:
        if choice.lead_campaign:
            plans, missing = await plans_by_lead_campaign(session, lead_ids, ADD)
        else:
            plan, missing = await plan_dnc_for_leads(
                session, lead_ids, ADD, choice.campaign_id
            )
            plans = [plan]
    except WHY_NOT_DONE as error:
        app.notify(str(error), title="Not done", severity="error", timeout=10)
        return
    plans = [p for p in plans if p.phones] or plans[:1]
    if not plans or not plans[0].phones:
        refused = plans[0].refused if plans else ()
        why = refused[0][1] if refused else "no lead has a phone number"
        app.notify(f"Nothing to add: {why}", severity="warning", timeout=10)
        return
    lines = [line for plan in plans for line in plan.describe()]
    lines += [f"  lead {i}: no number ({why})" for i, why in missing[:10]]
    if choice.pull_from_hopper:
        lines.append(f"then take the {plural(len(lead_ids), 'lead')} out of the hopper")
    ok = await app.push_screen_wait(
        PlanModal("Put the numbers on a DNC list", lines, "Add")
    )
    if not ok:
        return

    async def job(
        progress: Callable[[Progress], None], stop: StopFlag
    ) -> list[OperationResult]:
        results = []
        for plan in plans:
            if stop.is_set():
                break
            results.append(
                await run_dnc(session, plan, on_progress=progress, stop=stop)
            )
        if choice.pull_from_hopper and not stop.is_set():
            results.append(
                await hopper(
                    session, lead_ids, add=False, on_progress=progress, stop=stop
                )
            )
        return results

    results = await run_with_progress(app, "DNC lists", job)
    if results:
        app.notify(summary(results), title="DNC lists", timeout=10)
