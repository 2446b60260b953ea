"""What every headless command needs: the profile, a session, output, confirmation."""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from pydantic import SecretStr

from leadtui.config import Config, ConfigError, Profile, resolve_password, resolve_token
from leadtui.connect import (
    DEMO_PASSWORD,
    demo_profile,
    demo_transport,
    demo_voice_profile,
    demo_voice_token,
    demo_voice_transport,
    open_journal,
    open_session,
    open_voice_session,
    start_team_push,
)
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.journal import Journal
from leadtui.ops.results import Progress
from leadtui.ops.session import Session, VoiceSession
from leadtui.ops.team_overlap import others_on_these_leads
from leadtui.paths import reset_demo

if TYPE_CHECKING:
    from leadtui.ops.team_push import TeamPusher

#: how long a command waits at exit for its entries to reach the team journal
TEAM_FLUSH_SECONDS = 10.0

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # SIGINT (Ctrl+C), as shells report it
EXIT_TERMINATED = 143  # SIGTERM


class UsageError(Exception):
    """Wrong or missing arguments: exit 2 with this message."""


@dataclass
class CommandContext:
    args: argparse.Namespace
    config: Config
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _journal: Journal | None = None
    _pusher: TeamPusher | None = None
    #: the server of the session opened (what the team journal's check compares)
    server: str = ""
    #: set by Ctrl+C / SIGTERM while an operation runs: it stops cooperatively
    stop: StopFlag = field(default_factory=StopFlag)
    #: the exit code a signal asked for (130, 143), once one came
    signalled: int | None = None

    @property
    def json(self) -> bool:
        return bool(self.args.json)

    @property
    def demo(self) -> bool:
        return bool(self.args.demo or self.args.demo_voice)

    def profile(self) -> Profile:
        if self.args.demo_voice:
            return demo_voice_profile()
        if self.demo:
            return demo_profile()
        if self.args.url:
            if not self.args.user:
                raise UsageError("--url needs --user")
            return Profile(name="adhoc", url=self.args.url, user=self.args.user)
        return self.config.profile(self.args.profile)

    def journal(self) -> Journal:
        if self._journal is None:
            if self.demo and self.args.demo_reset:
                reset_demo()
            if self.args.demo_voice:
                # the VoiceAIWrapper demo campaign starts fresh every run: so does its journal
                self._journal = Journal(":memory:")
            else:
                self._journal = open_journal(self.config, demo=self.demo)
                if not self.demo:  # the demo's operations are nobody's work
                    try:
                        self._pusher = start_team_push(self.config, self._journal)
                    except ConfigError as error:
                        raise UsageError(str(error)) from None
            for op in self._journal.resumable()[:5]:
                self.warn(
                    f"operation {op.id} ({op.kind}, {op.started_at}) has leads not "
                    f"settled ({op.state.value}): see `leadtui log {op.id}`, finish "
                    f"it with `leadtui resume {op.id}`"
                )
        return self._journal

    def close(self) -> None:
        pusher, self._pusher = self._pusher, None
        if pusher is not None and not pusher.sealed_here:
            # nothing journaled by this command: a moment for the start's push,
            # no wait (and no warning) when the team journal is away
            pusher.flush(1.0)
        elif pusher is not None:
            problem = pusher.flush(TEAM_FLUSH_SECONDS)
            if problem:
                self.warn(
                    f"team journal: not everything was pushed ({problem}); the "
                    "rest goes with the next leadtui start"
                )
        if pusher is not None:
            pusher.close()
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def password(self, profile: Profile) -> SecretStr:
        if self.demo:
            return SecretStr(DEMO_PASSWORD)
        try:
            return resolve_password(profile, prompt=sys.stdin.isatty())
        except ConfigError as error:
            raise UsageError(str(error)) from None

    @asynccontextmanager
    async def session(self) -> AsyncIterator[Session]:
        profile = self.profile()
        if profile.insecure_transport:
            self.warn(
                f"{profile.url} is plain http:// to another host: the password crosses "
                "the network unencrypted"
            )
        password = self.password(profile)
        journal = self.journal()  # first: --demo-reset clears the demo state here
        transport = demo_transport() if self.demo else None
        session = open_session(profile, password, journal, transport=transport)
        self.server = session.server
        try:
            yield session
        finally:
            await session.client.aclose()

    @asynccontextmanager
    async def engine_session(self) -> AsyncIterator[Session | VoiceSession]:
        """A session of the profile's backend."""
        if self.profile().kind == "voiceaiwrapper":
            async with self.voice_session() as voice:
                yield voice
        else:
            async with self.session() as session:
                yield session

    @contextmanager
    def stoppable(self) -> Iterator[StopFlag]:
        """While an operation runs, Ctrl+C and SIGTERM stop it cooperatively: no new
        request starts, the ones on the wire finish and are journaled. A second
        signal adds nothing."""
        loop = asyncio.get_running_loop()
        codes = {signal.SIGINT: EXIT_INTERRUPTED, signal.SIGTERM: EXIT_TERMINATED}
        previous = {sig: signal.getsignal(sig) for sig in codes}

        def on_signal(sig: signal.Signals) -> None:
            if self.signalled is None:
                self.signalled = codes[sig]
            if self.stop.set(f"stopped by {sig.name}"):
                self.warn(
                    "stopping: no new request is sent; the ones on the wire finish "
                    "and are journaled"
                )
            else:
                self.warn("already stopping; waiting for the requests on the wire")

        installed = []
        try:
            for sig in codes:
                try:
                    loop.add_signal_handler(sig, on_signal, sig)
                    installed.append(sig)
                except (NotImplementedError, RuntimeError, ValueError):
                    pass  # not the main thread, or no signals here
            yield self.stop
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)
                handler = previous[sig]
                if handler is not None:
                    signal.signal(sig, handler)

    @asynccontextmanager
    async def voice_session(self) -> AsyncIterator[VoiceSession]:
        profile = self.profile()
        if self.args.demo_voice:
            token, transport = demo_voice_token(), demo_voice_transport()
        else:
            try:
                token, transport = resolve_token(profile), None
            except ConfigError as error:
                raise UsageError(str(error)) from None
        session = open_voice_session(
            profile, token, self.journal(), transport=transport
        )
        self.server = session.server
        try:
            yield session
        finally:
            await session.client.aclose()

    # --- output --------------------------------------------------------------

    def emit(self, data: Any, text: str | list[str]) -> None:
        """JSON on --json, else the text lines."""
        if self.json:
            self.out.write(
                json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
            )
            return
        lines = text if isinstance(text, list) else [text]
        self.out.write("\n".join(lines) + "\n")

    def warn(self, message: str) -> None:
        self.err.write(f"leadtui: {message}\n")

    def progress(self, progress: Progress) -> None:
        if self.json or not self.err.isatty():
            return
        self.err.write(f"\r{progress.phase} {progress.done:,}/{progress.total:,}   ")
        if progress.done >= progress.total:
            self.err.write("\n")
        self.err.flush()

    # --- confirmation --------------------------------------------------------

    def _warn_of_others(self, leads: Iterable[int]) -> None:
        """Other operators' running or recent work on these leads (team journal)."""
        journal = self.journal()  # opened now (and its push started) if not yet
        if self._pusher is None:
            return
        server = self.server
        if not server and self.profile().kind == "vicidial":
            server = self.profile().url  # asked before the session opens
        for line in others_on_these_leads(self._pusher.team, journal, server, leads):
            self.warn(f"another operator on these leads: {line}")

    def confirm_write(
        self,
        prompt: str,
        *,
        typed: str | None = None,
        leads: Iterable[int] | None = None,
    ) -> bool:
        """--yes, or an interactive confirmation; refuses when there is no terminal.

        ``typed`` asks the operator to type that text (the lead count for a
        delete) instead of answering y. ``leads``: the leads about to change;
        with a team journal, other operators' running or recent operations on
        them are shown first (even with --yes).
        """
        if leads is not None and not self.demo:
            self._warn_of_others(leads)
        if self.args.yes:
            return True
        if not sys.stdin.isatty():
            raise UsageError(
                "refusing to write without --yes when not run from a terminal"
            )
        if typed is not None:
            answer = input(f"{prompt}\nType {typed} to confirm: ").strip()
            return answer == typed
        return input(f"{prompt} [y/N] ").strip().lower() in ("y", "yes")
