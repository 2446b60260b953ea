"""Create a profile: name, URL, user, cap, read-only. No password is stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from leadtui.config import Profile
from leadtui.tui.widgets.tick_box import TickBox

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

FIELD_NAMES = {"records_cap": "records cap", "url": "URL", "user": "API user"}


def _in_words(detail: ErrorDetails) -> str:
    """One pydantic error as the operator reads it: the field, then the reason."""
    field = ".".join(str(part) for part in detail["loc"])
    return f"{FIELD_NAMES.get(field, field)}: {detail['msg'].lower()}"


class ProfileModal(ModalScreen[Profile | None]):
    CSS_PATH = "../styles/modals.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="profile-cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="profile-form", classes="modal"):
            yield Label("New profile", id="profile-title")
            yield Static(
                "The password is never stored: use LEADTUI_PASSWORD, "
                "password_command or type it when connecting.",
                id="profile-note",
            )
            # a label above each field: a placeholder vanishes once typed over
            yield Label("Name")
            yield Input(placeholder="e.g. main", id="profile-name", compact=True)
            yield Label("non_agent_api.php URL")
            yield Input(
                placeholder="https://dialer/vicidial/non_agent_api.php",
                id="profile-url",
                compact=True,
            )
            yield Label("API user")
            yield Input(placeholder="e.g. 6666", id="profile-user", compact=True)
            yield Label("Records cap (lead IDs per batch request)")
            yield Input(
                value="1000",
                placeholder="1000",
                type="integer",
                id="profile-cap",
                compact=True,
            )
            yield TickBox(
                "read-only (leadtui refuses every write)", id="profile-ro", compact=True
            )
            yield Static("", id="profile-error", markup=False)
            with Horizontal(id="profile-buttons"):
                yield Button("Cancel", id="profile-cancel-button")
                yield Button("Save", variant="primary", id="profile-save")

    def on_mount(self) -> None:
        self.query_one("#profile-name", Input).focus()

    @on(Button.Pressed, "#profile-save")
    def save(self) -> None:
        name = self.query_one("#profile-name", Input).value.strip()
        if not name or not name.replace("-", "").replace("_", "").isalnum():
            self.query_one("#profile-error", Static).update(
                "✖ a name of letters, digits, - or _"
            )
            return
        cap = self.query_one("#profile-cap", Input).value.strip() or "1000"
        if not (cap.isascii() and cap.isdigit()):
            self.query_one("#profile-error", Static).update(
                f"✖ the records cap is a whole number of IDs, not {cap}"
            )
            return
        try:
            profile = Profile(
                name=name,
                url=self.query_one("#profile-url", Input).value.strip(),
                user=self.query_one("#profile-user", Input).value.strip(),
                records_cap=int(cap),
                read_only=self.query_one("#profile-ro", Checkbox).value,
            )
        except ValidationError as error:
            self.query_one("#profile-error", Static).update(
                "✖ " + "; ".join(_in_words(detail) for detail in error.errors())
            )
            return
        if not profile.url.startswith(("http://", "https://")):
            self.query_one("#profile-error", Static).update(
                "✖ the URL must start with https:// (or http://)"
            )
            return
        self.dismiss(profile)

    @on(Button.Pressed, "#profile-cancel-button")
    def action_cancel(self) -> None:
        self.dismiss(None)
