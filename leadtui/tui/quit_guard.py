"""Quitting leadtui: asked first when it would stop a running operation or throw
away unsaved edits. A running operation is stopped cooperatively: the requests
on the wire are answered and journaled, then the app exits."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from leadtui.tui.base import LeadAppScreen

if TYPE_CHECKING:
    from leadtui.tui.app import LeadApp


class QuitGuard:
    """Ctrl+Q's flow for one app."""

    def __init__(self, app: LeadApp) -> None:
        self.app = app
        #: a quit was confirmed; the app exits once the running operations stop
        self.quitting = False

    def request(self) -> None:
        """Quit now, or ask first (once: a second Ctrl+Q while asking does nothing)."""
        if self.quitting:
            return
        reasons = self.would()
        if not reasons:
            self.app.exit()
            return
        from leadtui.tui.screens.plan_modal import PlanModal

        if any(isinstance(s, PlanModal) for s in self.app.screen_stack):
            return  # already asking
        self.app.push_screen(
            PlanModal("Quit leadtui?", reasons, "Quit"), callback=self._answered
        )

    def would(self) -> list[str]:
        """What quitting now would stop or throw away, in words."""
        app = self.app
        reasons = []
        if app.running_stops:
            reasons.append(
                "An operation is running: leadtui stops it (no new request; the "
                "ones on the wire are answered and journaled), then quits. Resume "
                "it from the log (F4) later."
            )
        stacks = getattr(app, "_screen_stacks", {}) or {"": app.screen_stack}
        for stack in stacks.values():
            for screen in stack:
                if isinstance(screen, LeadAppScreen):
                    unsaved = screen.unsaved_changes()
                    if unsaved:
                        reasons.append(f"{unsaved}: quitting throws them away.")
        return reasons

    def _answered(self, quit_now: bool | None) -> None:
        app = self.app
        if not quit_now:
            return
        if not app.running_stops:
            app.exit()
            return
        self.quitting = True
        for stop in list(app.running_stops):
            stop.set("stopped because leadtui was quitting")
        app.notify(
            "Stopping the running operation: leadtui quits once the requests on "
            "the wire are answered and journaled.",
            title="Quitting",
            severity="warning",
            timeout=30,
        )
        app.run_worker(self._exit_when_stopped(), group="quit", exit_on_error=False)

    async def _exit_when_stopped(self) -> None:
        while self.app.running_stops:
            await asyncio.sleep(0.05)
        self.app.exit()
