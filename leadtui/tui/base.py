"""Typed access to the running LeadApp from its screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from leadtui.config import Profile
    from leadtui.ops.session import Session
    from leadtui.tui.app import LeadApp


class NotConnected(Exception):
    """The session an action waited for never came (the reason is the message)."""


class LeadAppScreen(Screen[None]):
    """A full screen of leadtui: knows the app's session and profile."""

    @property
    def lead_app(self) -> LeadApp:
        return cast("LeadApp", self.app)

    @property
    def session(self) -> Session:
        return self.lead_app.require_session()

    @property
    def profile(self) -> Profile:
        return self.lead_app.profile

    def unsaved_changes(self) -> str | None:
        """What quitting now would throw away, in words (None: nothing).

        Ctrl+Q asks before quitting when any screen of the app says something."""
        return None
