"""The one-line bar at the top: which dialer, which user, DEMO / READ-ONLY badges."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class SessionBar(Static):
    DEFAULT_CSS = """
    SessionBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $text;
    }
    """

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title

    def on_mount(self) -> None:
        self.refresh_bar()

    def refresh_bar(self) -> None:
        app = self.app
        text = Text(" leadtui ", style="bold")
        text.append(f"│ {self.title} ")
        profile = getattr(app, "profile", None)
        if getattr(app, "demo", False):
            text.append(" DEMO ", style="bold reverse")
            text.append(" ")
            if getattr(app, "start_error", ""):
                text.append("│ demo dialer failed (see the message) ", style="bold")
            elif not getattr(app, "connected", True):
                text.append("│ starting the demo dialer… ")
        if profile is not None and profile.url:
            who = f"│ {profile.user}@{_host(profile.url)} "
            if profile.kind == "voiceaiwrapper":
                who = f"│ VoiceAIWrapper {profile.campaign_id} @ {_host(profile.url)} "
            text.append(who)
            if profile.read_only:
                text.append(" READ-ONLY ", style="bold reverse")
            if profile.insecure_transport:
                text.append(" ⚠ plain http ", style="bold")
        self.update(text)


def _host(url: str) -> str:
    host = url.split("://", 1)[-1].split("/", 1)[0]
    return host or url
