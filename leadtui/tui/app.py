"""LeadApp: holds the config, the session, the journal and the keymap; routes screens."""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import AwaitMount

from leadtui.paths import config_path, reset_demo
from leadtui.tui.base import NotConnected
from leadtui.tui.launch import Launch, LaunchFailed, load_launch
from leadtui.tui.messages import JournalChanged, JournalRefreshed, LeadsSentToBatch
from leadtui.tui.screens.search import SearchScreen
from leadtui.tui.widgets.session_bar import SessionBar

if TYPE_CHECKING:
    import httpx
    from pydantic import SecretStr

    from leadtui.api.vicidial.models import Lead
    from leadtui.config import Config, Profile
    from leadtui.ops.cooperative import StopFlag
    from leadtui.ops.journal import Journal
    from leadtui.ops.journal_models import OperationRow
    from leadtui.ops.preflight import Preflight
    from leadtui.ops.session import Session, VoiceSession
    from leadtui.ops.team_journal import TeamJournal
    from leadtui.ops.team_push import TeamPusher
    from leadtui.tui.guarded_action import LeadAction
    from leadtui.tui.lead_actions import LeadActions
    from leadtui.tui.quit_guard import QuitGuard

# Only what the first screen shows is imported before its first frame: the
# client, httpx, the protocol models, the emulator and the other screens load
# when first used (bench/startup.py measures it; tests/tui/test_launch_pilot.py
# holds it).

#: Middle-generation collections between two full ones (Python's default is 10).
#: A full collection walks every long-lived object: with a 10,000-row table or
#: 100,000 pasted IDs that takes 100-250 ms, a frozen frame every few seconds of
#: scrolling or typing. Cycles still go in the young collections; the few that
#: grow old wait longer (see bench/README.md).
FULL_GC_EVERY = 1000

# Screens other than the first are imported when first opened: with their
# operations (CSV, VoiceAIWrapper, phone numbers, Markdown help) they are a third
# of leadtui's own import time, spent before the first frame if imported here.


def _batch_screen() -> Screen[None]:
    from leadtui.tui.screens.batch import BatchScreen

    return BatchScreen()


def _csv_screen() -> Screen[None]:
    from leadtui.tui.screens.csv_batch import CsvBatchScreen

    return CsvBatchScreen()


def _log_screen() -> Screen[None]:
    from leadtui.tui.screens.log import LogScreen

    return LogScreen()


class LeadApp(App[None]):
    # the first screen's styles load with the app's: as its own CSS_PATH they made
    # Textual parse the whole stylesheet once more before the first frame
    CSS_PATH = ["styles/app.tcss", "styles/search.tcss"]
    TITLE = "leadtui"
    MODES = {
        "search": SearchScreen,
        "batch": _batch_screen,
        "csv": _csv_screen,
        "log": _log_screen,
    }
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", id="app-help"),
        Binding("f2", "mode('search')", "Search", id="mode-search"),
        Binding("f3", "mode('batch')", "Batch", id="mode-batch"),
        Binding("f4", "mode('log')", "Log", id="mode-log"),
        Binding("ctrl+q", "quit", "Quit", id="app-quit", priority=True),
        # priority: it works with an input focused; while no notice is shown it is
        # disabled, so Ctrl+D reaches the input as before
        Binding(
            "ctrl+d",
            "dismiss_notice",
            "Hide the unfinished-operation notice",
            id="app-dismiss-notice",
            priority=True,
            show=False,
        ),
    ]

    #: the config, the profile and the journal: set at once when the app is
    #: given a config, after the first frame when it is launched (run_app)
    config: Config
    profile: Profile
    journal: Journal
    #: pushes the journal to the team journal (team_journal in the config)
    team_pusher: TeamPusher | None = None
    #: why the configured team journal is not used (a password in its address…)
    team_problem: str = ""

    def __init__(
        self,
        config: Config | None = None,
        *,
        profile: Profile | None = None,
        demo: bool = False,
        config_file: Path | None = None,
        journal: Journal | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        launch: Launch | None = None,
    ) -> None:
        if launch is not None and launch.first_mode:
            # the first screen is the app's first mode, composed with the app:
            # switching to it from on_mount parsed the whole stylesheet 3 times
            self.DEFAULT_MODE = launch.first_mode  # type: ignore[misc]
        super().__init__()
        self.demo = demo or bool(launch and launch.demo)
        self.config_file = config_file or (
            launch.config_file if launch else config_path()
        )
        #: what the command line asked for, loaded after the first frame
        self.launch = launch
        #: why the launch did not load (a config error), in words; run_app says it
        self.launch_error = ""
        self.requested_profile: str | None = None
        #: operations with leads not settled (the notice under the session bar)
        self.unsettled: list[OperationRow] = []
        #: operations whose notice the operator hid (Ctrl+D), for this session
        self.notice_dismissed: set[int] = set()
        self.transport = transport
        self.session: Session | None = None
        self.voice: VoiceSession | None = None
        self.preflight: Preflight | None = None
        self._session_ready = asyncio.Event()
        #: set once the first frame is on the terminal (Textual's Ready)
        self.painted = asyncio.Event()
        #: stop flags of the operations running now (Ctrl+Q stops them first)
        self.running_stops: set[StopFlag] = set()
        #: why the demo dialer did not start, in words ("" when it did)
        self.start_error = ""
        self._gc_thresholds = gc.get_threshold()
        if config is not None:
            self._take_config(config, profile, journal)
        elif launch is None:
            raise TypeError("LeadApp needs a config or a launch")

    def _take_config(
        self, config: Config, profile: Profile | None, journal: Journal | None
    ) -> None:
        from leadtui.config import Profile
        from leadtui.connect import demo_profile, open_journal

        self.config = config
        self.requested_profile = profile.name if profile else None
        self.profile = profile or (
            demo_profile() if self.demo else Profile(name="", url="")
        )
        self.journal = journal or open_journal(config, demo=self.demo)
        self.journal.mark_interrupted()  # a previous run killed mid-operation
        self.unsettled = self.journal.resumable()
        if config.keymap:
            self.set_keymap(config.keymap)

    def _start_team(self) -> None:
        """Push to the team journal the config names (never the demo's work)."""
        if not self.demo and self.config.team_journal:
            self.run_worker(self._team_push(), group="team", exit_on_error=False)

    async def _team_push(self) -> None:
        from leadtui.config import ConfigError
        from leadtui.connect import start_team_push

        try:
            # psycopg's import and team_password_command: off the event loop
            self.team_pusher = await asyncio.to_thread(
                start_team_push, self.config, self.journal
            )
        except ConfigError as error:
            self.team_problem = str(error)

    @property
    def team(self) -> TeamJournal | None:
        """The team journal, when the config names one (never in the demo)."""
        return None if self.team_pusher is None else self.team_pusher.team

    def others_on(self, server: str, lead_ids: Iterable[int]) -> list[str]:
        """Other operators' running or recent operations on these leads, in words
        (blocking: call it from a worker)."""
        if self.team_pusher is None:
            return []
        from leadtui.ops.team_overlap import others_on_these_leads

        return others_on_these_leads(
            self.team_pusher.team, self.journal, server, lead_ids
        )

    @property
    def loaded(self) -> bool:
        """Whether the config, profile and journal are there (a launched app
        paints its first screen before)."""
        return "journal" in self.__dict__

    @cached_property
    def actions(self) -> LeadActions:
        """Delete, reset, hopper and callbacks on chosen leads, behind the guard."""
        from leadtui.tui.lead_actions import LeadActions

        return LeadActions(self)

    # --- session -------------------------------------------------------------------

    def require_session(self) -> Session:
        if self.session is None:
            raise RuntimeError("not connected")
        return self.session

    @property
    def connected(self) -> bool:
        return self.session is not None or self.voice is not None

    async def connect(
        self, profile: Profile, password: SecretStr | None, typed: str = ""
    ) -> Preflight | None:
        from pydantic import SecretStr

        from leadtui.connect import open_session, open_voice_session
        from leadtui.ops.preflight import preflight

        secret = password or SecretStr(typed)
        if profile.kind == "voiceaiwrapper":
            self.voice = open_voice_session(
                profile, secret, self.journal, transport=self.transport
            )
            self.profile = profile
            return None
        session = open_session(profile, secret, self.journal, transport=self.transport)
        try:
            report = await preflight(session.client)
            # the estimates' remembered pace: a file, read here, not on a keystroke
            await asyncio.to_thread(session.remembered)
        except BaseException:
            await session.client.aclose()
            raise
        if self.session is not None:
            await self.session.client.aclose()
        self.session, self.profile, self.preflight = session, profile, report
        self.start_error = ""
        self._session_ready.set()
        self._refresh_session_bars()
        self.refresh_bindings()  # F2-F4 need a connection
        return report

    async def wait_for_session(self) -> Session:
        """The session, once connected (the demo opens its first screen before)."""
        await self._session_ready.wait()
        if self.session is None:
            raise NotConnected(self.start_error or "not connected")
        return self.session

    def _refresh_session_bars(self) -> None:
        stacks = getattr(self, "_screen_stacks", {}) or {"": self.screen_stack}
        for stack in stacks.values():
            for screen in stack:
                for bar in screen.query(SessionBar):
                    bar.refresh_bar()

    # --- the unfinished-operation notice ------------------------------------------

    def notice_operations(self) -> list[OperationRow]:
        """Operations with leads not settled that the notice lists (not hidden)."""
        return [op for op in self.unsettled if op.id not in self.notice_dismissed]

    def refresh_unsettled(self) -> None:
        """Read again which operations have leads not settled: a resumed one
        leaves the notice, one stopped half-way joins it."""
        self.unsettled = self.journal.resumable()
        self._refresh_session_bars()
        self.refresh_bindings()

    def action_dismiss_notice(self) -> None:
        self.notice_dismissed.update(op.id for op in self.unsettled)
        self._refresh_session_bars()
        self.refresh_bindings()

    def enter_workspace(self) -> AwaitMount:
        """Open the first screen, and say what did not finish last time (the
        notice under the session bar stays until resumed or hidden)."""
        switched = self.switch_mode(
            "csv" if self.profile.kind == "voiceaiwrapper" else "search"
        )
        self.refresh_unsettled()
        for op in self.notice_operations()[:5]:
            self.notify(
                f"Operation {op.id} ({op.kind}, {op.started_at}) has leads not "
                "settled. Open it in the log (F4), Enter, then r resumes it.",
                title="Unfinished operation",
                severity="warning",
                timeout=15,
            )
        return switched

    def save_profile(self, profile: Profile) -> None:
        profiles = dict(self.config.profiles)
        profiles[profile.name] = profile
        self.config = self.config.model_copy(update={"profiles": profiles})
        from leadtui.config import save_config

        save_config(self.config, self.config_file)

    # --- lifecycle -----------------------------------------------------------------

    async def on_mount(self) -> None:
        self._gc_thresholds = gc.get_threshold()
        young, middle, _ = self._gc_thresholds
        gc.set_threshold(young, middle, FULL_GC_EVERY)
        if self.launch is not None:
            self.run_worker(
                self._start_launched(self.launch),
                exclusive=True,
                group="connect",
                exit_on_error=False,
            )
        else:
            self._start_team()
            self._start()

    def _start(self) -> None:
        if self.demo:
            self.run_worker(
                self._connect_demo(),
                exclusive=True,
                group="connect",
                exit_on_error=False,
            )
        else:
            from leadtui.tui.screens.connect import ConnectScreen

            self.push_screen(ConnectScreen())

    async def _start_launched(self, launch: Launch) -> None:
        """Read the config and open the journal after the first frame, then go on
        as an app given them: a config that does not load ends the app (exit 2)."""
        await self._first_frame()
        if isinstance(self.screen, SearchScreen):
            # the rest of its form first: the loading thread would slow it (the GIL)
            await self.screen.form_ready.wait()
        from leadtui.ops.journal_errors import JournalError

        try:
            # the models load in a thread: the event loop keeps taking keys
            config, profile = await asyncio.to_thread(load_launch, launch)
            from leadtui.ops.journal import Journal

            # the VoiceAIWrapper demo campaign starts fresh each run: so does its journal
            journal = Journal(":memory:") if launch.demo_voice else None
            self._take_config(config, profile, journal)
        except (LaunchFailed, JournalError) as error:
            self.launch_error = str(error)
            self.exit(return_code=2)
            return
        except Exception as error:  # a bug: end with it, never wait forever
            self.launch_error = f"could not start ({type(error).__name__}: {error})"
            self.exit(return_code=1)
            return
        self._refresh_session_bars()
        self._start_team()
        self._start()

    async def _connect_demo(self) -> None:
        from pydantic import SecretStr

        from leadtui.connect import (
            DEMO_PASSWORD,
            demo_transport,
            demo_voice_token,
            demo_voice_transport,
        )

        if self.profile.kind == "voiceaiwrapper":
            self.transport = self.transport or demo_voice_transport()
            await self.connect(self.profile, demo_voice_token())
            self.enter_workspace()
            return
        # the search screen first: the operator types while the demo dialer is
        # built (off the event loop) and connected; a search waits for it
        await self.enter_workspace()
        try:
            if self.transport is None:
                await self._first_frame()  # the thread would slow it down (the GIL)
                self.transport = await asyncio.to_thread(demo_transport)
            await self.connect(self.profile, SecretStr(DEMO_PASSWORD))
        except Exception as error:  # whatever broke, the operator must see it
            self._demo_failed(error)

    def _demo_failed(self, error: Exception) -> None:
        explain = getattr(error, "explain", None)
        reason = explain() if callable(explain) else str(error) or "an unexpected error"
        self.start_error = (
            f"The demo dialer did not start ({reason}). "
            "`leadtui --demo-reset` starts it again from its sample data."
        )
        self._session_ready.set()  # a waiting search gets the error
        self._refresh_session_bars()
        self.notify(self.start_error, title="Demo", severity="error", timeout=30)

    async def _first_frame(self) -> None:
        await self.painted.wait()

    def on_ready(self) -> None:
        # Textual's Ready: the first screen's first frame went to the terminal
        # (a callback after the first refresh can come before it is written)
        self.painted.set()

    async def on_unmount(self) -> None:
        gc.set_threshold(*self._gc_thresholds)
        if self.session is not None:
            await self.session.client.aclose()
        if self.voice is not None:
            await self.voice.client.aclose()
        if self.loaded:
            if self.team_pusher is not None:
                # a few seconds for the last entries; the next start pushes the rest
                await asyncio.to_thread(self.team_pusher.flush, 3.0)
                self.team_pusher.close()
            self.journal.close()

    # --- actions ---------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, after asking when that would stop a running operation or throw
        away unsaved edits (tui/quit_guard.py)."""
        self.quit_guard.request()

    @cached_property
    def quit_guard(self) -> QuitGuard:
        from leadtui.tui.quit_guard import QuitGuard

        return QuitGuard(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dismiss_notice":
            return bool(self.notice_operations())
        if action == "mode":
            if not self.connected:
                return False
            return not (
                parameters == ("search",) and self.profile.kind == "voiceaiwrapper"
            )
        return True

    def action_help(self) -> None:
        from leadtui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_mode(self, mode: str) -> None:
        if not self.connected:
            self.notify("Connect first.", severity="warning")
            return
        if self.profile.kind == "voiceaiwrapper":
            if mode == "search":
                from leadtui.ops.features import Feature, unavailable

                self.notify(
                    unavailable("voiceaiwrapper", Feature.SEARCH) or "",
                    severity="warning",
                )
                return
            mode = "csv" if mode == "batch" else mode
        self.switch_mode(mode)

    def guard_and_run(self, action: LeadAction, leads: list[Lead]) -> None:
        self.actions.guard_and_run(action, leads)

    @on(LeadsSentToBatch)
    async def leads_to_batch(self, message: LeadsSentToBatch) -> None:
        from leadtui.tui.screens.batch import BatchScreen

        await self.switch_mode("batch")
        screen = self.screen
        if isinstance(screen, BatchScreen):
            screen.add_ids(message.lead_ids)

    @on(JournalChanged)
    def journal_changed(self, message: JournalChanged) -> None:
        self.refresh_unsettled()
        for screen in self.screen_stack:
            screen.post_message(JournalRefreshed(message.operation_id))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from leadtui.tui.palette_commands import leadtui_commands

        yield from super().get_system_commands(screen)
        yield from leadtui_commands(self, screen)


def run_app(args: argparse.Namespace) -> int:
    """The TUI as the command line asked for it; the exit code."""
    launch = Launch.from_args(args)
    if args.demo_reset and launch.first_mode == "search":
        # before the journal opens: --demo-reset also clears the demo journal (the
        # demo dialer itself is built after the first frame, off the event loop)
        reset_demo()
    app = LeadApp(launch=launch)
    app.run()
    if app.launch_error:
        print(f"leadtui: {app.launch_error}", file=sys.stderr)
        return app.return_code or 2
    return app.return_code or 0
