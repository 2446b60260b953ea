"""The one-line bar at the top: which dialer, which user, DEMO / READ-ONLY badges.

It must fit the terminal (80 columns is the baseline): what says where writes go
(the user and host, the VoiceAIWrapper campaign id whole) outlasts the rest, so
the bar drops the app's name first, then abbreviates, then shortens the host.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.events import Resize
from textual.widgets import Static

if TYPE_CHECKING:
    from leadtui.config import Profile
    from leadtui.ops.journal_models import OperationRow

#: how short a host may get before the title gives way instead
MIN_HOST = 10


@dataclass(frozen=True)
class BarState:
    """What the bar shows, read from the app."""

    title: str
    demo: bool = False
    start_error: bool = False
    connecting: bool = False
    kind: str = "vicidial"
    user: str = ""
    host: str = ""
    campaign: str = ""
    read_only: bool = False
    plain_http: bool = False


def bar_state(title: str, app: object) -> BarState:
    profile: Profile | None = getattr(app, "profile", None)
    url = profile.url if profile is not None else ""
    return BarState(
        title=title,
        demo=demo_of(app),
        start_error=bool(getattr(app, "start_error", "")),
        connecting=not getattr(app, "connected", True),
        kind=profile.kind if profile is not None else "vicidial",
        user=profile.user if profile is not None else "",
        host=host_of(url) if url else "",
        campaign=(profile.campaign_id or "") if profile is not None else "",
        read_only=bool(profile and profile.read_only),
        # the demos answer in this process: nothing crosses a network
        plain_http=bool(
            profile and url and profile.insecure_transport and not demo_of(app)
        ),
    )


def demo_of(app: object) -> bool:
    return bool(getattr(app, "demo", False))


def host_of(url: str) -> str:
    """``https://user@dialer.example.com:8443/vicidial/x.php`` → ``dialer.example.com:8443``."""
    rest = url.split("://", 1)[-1]
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1]
    return host or url


def _line(state: BarState, level: int, host: str, title: str) -> Text:
    """The bar at a level of shortening (0: everything in full)."""
    text = Text()
    if level < 1:
        text.append(" leadtui ", style="bold")
    text.append(f"│ {title} ")
    if state.demo:
        text.append(" DEMO ", style="bold reverse")
        text.append(" ")
        if state.start_error:
            failed = "demo dialer failed (see the message)" if level < 3 else "failed"
            text.append(f"│ {failed} ", style="bold")
        elif state.connecting:
            text.append("│ starting the demo dialer… " if level < 3 else "│ starting… ")
    if host:
        if state.kind == "voiceaiwrapper":
            label, at = ("VoiceAIWrapper ", " @ ") if level < 2 else ("VAW ", "@")
            text.append(f"│ {label}{state.campaign}{at}{host} ")
        else:
            text.append(f"│ {state.user}@{host} ")
        if state.read_only:
            text.append(" READ-ONLY " if level < 3 else " RO ", style="bold reverse")
            text.append(" ")
        if state.plain_http:
            text.append("⚠ plain http " if level < 3 else "⚠ http ", style="bold")
    text.rstrip()
    return text


def bar_text(state: BarState, width: int) -> Text:
    """The fullest bar that fits ``width`` cells."""
    for level in range(4):
        text = _line(state, level, state.host, state.title)
        if text.cell_len <= width:
            return text
    over = text.cell_len - width
    host = state.host
    if over > 0 and len(host) > MIN_HOST:
        keep = max(MIN_HOST, len(host) - over - 1)
        host = host[: keep - 1] + "…"
        text = _line(state, 3, host, state.title)
        over = text.cell_len - width
    title = state.title
    if over > 0 and len(title) > 4:
        keep = max(4, len(title) - over - 1)
        title = title[: keep - 1] + "…"
        text = _line(state, 3, host, title)
    text.truncate(width, overflow="ellipsis")
    return text


def _ids(ids: list[int], most: int = 3) -> str:
    shown = [str(i) for i in ids[:most]]
    if len(ids) > most:
        return ", ".join(shown) + f" and {len(ids) - most} more"
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return shown[0]


def notice_text(operations: list[OperationRow], width: int) -> Text:
    """The unfinished-operation notice: which operations, how to resume, how to
    hide it; the fullest wording that fits ``width``."""
    if not operations:
        return Text()
    ids = sorted(op.id for op in operations)
    if len(operations) == 1:
        op = operations[0]
        variants = [
            f"⚠ Operation {op.id} ({op.kind}, {op.started_at[5:16]}) has leads not "
            "settled: resume it with F4, Enter, r · Ctrl+D hides this",
            f"⚠ Operation {op.id} ({op.kind}) has leads not settled: "
            "F4, Enter, r resumes it · ^d hides",
            f"⚠ Operation {op.id} not settled: F4, Enter, r resumes · ^d hides",
            f"⚠ Op {op.id} unsettled: F4 Enter r · ^d",
        ]
    else:
        variants = [
            f"⚠ Operations {_ids(ids)} have leads not settled: resume each with "
            "F4, Enter, r · Ctrl+D hides this",
            f"⚠ Operations {_ids(ids)} not settled: F4, Enter, r resumes · ^d hides",
            f"⚠ Ops {_ids(ids, 2)} not settled: F4, Enter, r · ^d hides",
            f"⚠ {len(ids)} ops unsettled: F4 Enter r · ^d",
        ]
    for variant in variants:
        if len(variant) <= width:
            break
    text = Text(variant, style="bold reverse")
    text.truncate(width, overflow="ellipsis")
    return text


class SessionBar(Static):
    """The session line, and under it, while operations have leads not settled,
    a notice saying which and how to resume them (until resumed or hidden)."""

    DEFAULT_CSS = """
    SessionBar {
        dock: top;
        height: auto;
        max-height: 2;
        background: $panel;
        color: $text;
    }
    """

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title

    def on_mount(self) -> None:
        self.refresh_bar()

    def on_resize(self, event: Resize) -> None:
        self.refresh_bar()

    def refresh_bar(self) -> None:
        width = self.size.width or self.app.size.width
        text = bar_text(bar_state(self.title, self.app), width)
        listed = getattr(self.app, "notice_operations", None)
        notice = notice_text(listed() if callable(listed) else [], width)
        if notice:
            text.append("\n")
            text.append_text(notice)
        self.set_class(bool(notice), "-notice")
        self.update(text)
