"""Connect: pick or create a profile, give the password, see what the user may do."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from leadtui.api.vicidial import errors as e
from leadtui.config import ConfigError, Profile, resolve_password
from leadtui.ops.preflight import Preflight
from leadtui.tui.base import LeadAppScreen
from leadtui.tui.screens.profile_modal import ProfileModal
from leadtui.tui.widgets.session_bar import SessionBar


def describe(profile: Profile) -> str:
    lines = [
        f"Profile [b]{escape(profile.name)}[/b] · {profile.kind}",
        f"user {escape(profile.user or '-')} at {escape(profile.url)}",
        f"{profile.records_cap:,} IDs per batch request · "
        + ("up to " if profile.kind == "vicidial" else "")
        + f"{profile.in_flight} requests at once",
    ]
    if profile.read_only:
        lines.append(
            "[reverse] READ-ONLY [/reverse] leadtui will not write with this profile"
        )
    if profile.insecure_transport:
        lines.append(
            "⚠ plain http:// to another host: the password crosses the network unencrypted"
        )
    return "\n".join(lines)


class ConnectScreen(LeadAppScreen):
    CSS_PATH = "../styles/connect.tcss"
    BINDINGS = [
        # never a plain letter: the password field would lose it to the shortcut
        Binding("ctrl+n", "new_profile", "New profile", id="connect-new"),
        Binding("f5", "connect", "Connect", id="connect-go"),
    ]

    def compose(self) -> ComposeResult:
        yield SessionBar("Connect", id="session-bar")
        with Horizontal(id="connect-body"):
            with Vertical(id="profiles-pane"):
                yield Label("Profiles")
                yield OptionList(id="profiles")
                yield Button("New profile (Ctrl+N)", id="new-profile", compact=True)
            with Vertical(id="connect-pane"):
                yield Static(
                    "Pick a profile on the left, or create one (Ctrl+N).",
                    id="profile-detail",
                )
                yield Input(
                    placeholder="password (Enter connects)",
                    password=True,
                    id="password",
                )
                yield Button("Connect", variant="primary", id="connect-button")
                yield Static("", id="preflight", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.fill_profiles()

    def fill_profiles(self, select: str | None = None) -> None:
        options = self.query_one("#profiles", OptionList)
        options.clear_options()
        names = list(self.lead_app.config.profiles)
        for name in names:
            profile = self.lead_app.config.profiles[name]
            badge = " (read-only)" if profile.read_only else ""
            options.add_option(Option(f"{name}{badge}", id=name))
        wanted = (
            select
            or self.lead_app.requested_profile
            or self.lead_app.config.default_profile
        )
        if names:
            options.highlighted = names.index(wanted) if wanted in names else 0
            # a profile is picked: what the operator types next is its password
            self.query_one("#password", Input).focus()
        else:
            self.query_one("#new-profile", Button).focus()

    def current(self) -> Profile | None:
        options = self.query_one("#profiles", OptionList)
        if options.highlighted is None:
            return None
        name = options.get_option_at_index(options.highlighted).id
        return self.lead_app.config.profile(name)

    @on(OptionList.OptionHighlighted)
    def highlighted(self) -> None:
        profile = self.current()
        if profile is not None:
            self.query_one("#profile-detail", Static).update(describe(profile))
            self.query_one("#preflight", Static).update("")

    @on(OptionList.OptionSelected)
    def selected(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Button.Pressed, "#new-profile")
    def action_new_profile(self) -> None:
        self.app.push_screen(ProfileModal(), callback=self._created)

    def _created(self, profile: Profile | None) -> None:
        if profile is None:
            return
        try:
            self.lead_app.save_profile(profile)
        except (OSError, ConfigError) as error:
            self.notify(str(error), title="Profile not saved", severity="error")
            return
        self.notify(f"Profile {profile.name} saved to {self.lead_app.config_file}.")
        self.fill_profiles(select=profile.name)

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#connect-button")
    def action_connect(self) -> None:
        profile = self.current()
        if profile is None:
            self.notify("Create a profile first (Ctrl+N).", severity="warning")
            return
        typed = self.query_one("#password", Input).value
        self.connect(profile, typed)

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self, profile: Profile, typed: str) -> None:
        status = self.query_one("#preflight", Static)
        try:
            password = resolve_password(profile, prompt=False) if not typed else None
        except ConfigError:
            password = None
        if password is None and not typed:
            status.update(
                "Type the password (or set LEADTUI_PASSWORD / password_command)."
            )
            return
        status.update(f"Connecting to {profile.url}…")
        try:
            report = await self.lead_app.connect(profile, password, typed)
        except e.VicidialError as error:
            status.update(f"✖ {error.explain()}")
            return
        if report is not None:
            status.update(self.report_text(report))
        self.query_one("#password", Input).value = ""
        self.lead_app.enter_workspace()

    @staticmethod
    def report_text(report: Preflight) -> str:
        return "\n".join(
            [
                f"VICIdial {report.version.version} · user {report.user} may:",
                *report.summary(),
            ]
        )
