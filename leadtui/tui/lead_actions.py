"""Delete, reset, hopper, callback removal and clearing custom data from any
screen: guard, run, report."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from leadtui.api.vicidial.models import Lead
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.lead_actions import (
    clear_custom_data,
    delete_leads,
    hopper,
    remove_callbacks_of,
    reset_leads,
)
from leadtui.ops.ownership import WHY_NOT_DONE
from leadtui.ops.results import OperationResult, Progress
from leadtui.ops.wording import plural
from leadtui.tui.guarded_action import LeadAction
from leadtui.tui.messages import JournalChanged
from leadtui.tui.screens.confirm_guard import ConfirmGuardModal, GuardChoice
from leadtui.tui.widgets.progress_modal import ProgressModal

if TYPE_CHECKING:
    from leadtui.tui.app import LeadApp

__all__ = ["LeadAction", "LeadActions", "run_with_progress"]


Job = Callable[[Callable[[Progress], None], StopFlag], Awaitable[list[OperationResult]]]


async def run_with_progress(
    app: LeadApp, title: str, job: Job
) -> list[OperationResult] | None:
    """Run ``job`` in the calling worker with a progress modal whose Esc stops it
    cooperatively (and Ctrl+Q too: the app waits for the stop)."""
    stop = StopFlag()
    modal = ProgressModal(title, stop)
    await app.push_screen(modal)
    app.running_stops.add(stop)
    try:
        results = await job(modal.show, stop)
    except WHY_NOT_DONE as error:
        app.notify(str(error), title=f"{title}: not done", severity="error", timeout=10)
        return None
    finally:
        app.running_stops.discard(stop)
        modal.dismiss()
    for result in results:
        app.post_message(JournalChanged(result.operation_id))
    return results


def summary(results: list[OperationResult]) -> str:
    parts = []
    for result in results:
        counts = ", ".join(f"{n} {k}" for k, n in sorted(result.counts().items()))
        parts.append(f"op {result.operation_id}: {counts}")
    return "; ".join(parts)


class LeadActions:
    """``guard_and_run(action, leads)``: the guard modal, then the work in a worker."""

    def __init__(self, app: LeadApp) -> None:
        self.app = app

    def guard_and_run(self, action: LeadAction, leads: list[Lead]) -> None:
        if not leads:
            self.app.notify(
                "No lead chosen: move to a lead or mark some with space.",
                severity="warning",
            )
            return
        if self.app.profile.read_only:
            self.app.notify(
                "This profile is read-only: leadtui will not write with it.",
                severity="error",
            )
            return
        if self.app.team is None:
            self.app.push_screen(
                ConfirmGuardModal(action, leads), callback=self._answered
            )
            return
        self.app.run_worker(
            self._guard_with_team(action, leads),
            exclusive=True,
            group="lead-action-guard",
            exit_on_error=False,
        )

    async def _guard_with_team(self, action: LeadAction, leads: list[Lead]) -> None:
        """The guard, with other operators' work on these leads shown in it."""
        session = self.app.session
        others = await asyncio.to_thread(
            self.app.others_on,
            session.server if session is not None else "",
            [lead.lead_id for lead in leads],
        )
        self.app.push_screen(
            ConfirmGuardModal(action, leads, others=others), callback=self._answered
        )

    def _answered(self, choice: GuardChoice | None) -> None:
        if choice is not None:
            self.app.run_worker(
                self._run(choice),
                exclusive=True,
                group="lead-action",
                exit_on_error=False,
            )

    async def _run(self, choice: GuardChoice) -> None:
        session = self.app.require_session()
        ids = choice.lead_ids

        async def job(
            progress: Callable[[Progress], None], stop: StopFlag
        ) -> list[OperationResult]:
            if choice.action is LeadAction.DELETE:
                return [
                    await delete_leads(session, ids, on_progress=progress, stop=stop)
                ]
            if choice.action is LeadAction.RESET:
                return await reset_leads(
                    session,
                    ids,
                    called_count=choice.called_count,
                    add_to_hopper=choice.add_to_hopper,
                    remove_callbacks=choice.remove_callbacks,
                    on_progress=progress,
                    stop=stop,
                )
            if choice.action is LeadAction.CLEAR_CUSTOM:
                return [
                    await clear_custom_data(
                        session, ids, on_progress=progress, stop=stop
                    )
                ]
            if choice.action is LeadAction.HOPPER:
                return [
                    await hopper(
                        session,
                        ids,
                        add=choice.hopper_add,
                        on_progress=progress,
                        stop=stop,
                    )
                ]
            return [
                await remove_callbacks_of(session, ids, on_progress=progress, stop=stop)
            ]

        title = f"{choice.action.value.capitalize()} {plural(len(ids), 'lead')}"
        results = await run_with_progress(self.app, title, job)
        if results:
            clean = all(r.state.value == "done" for r in results)
            self.app.notify(
                summary(results),
                title=title,
                severity="information" if clean else "warning",
                timeout=8,
            )
