"""What every headless command needs: the profile, a session, output, confirmation."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO

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
    reset_demo,
)
from leadtui.ops.journal import Journal
from leadtui.ops.operation import Progress
from leadtui.ops.session import Session
from leadtui.ops.voice_ops import VoiceSession

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Wrong or missing arguments: exit 2 with this message."""


@dataclass
class CommandContext:
    args: argparse.Namespace
    config: Config
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _journal: Journal | None = None

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
            for op in self._journal.unfinished():
                self.warn(
                    f"operation {op.id} ({op.kind}, {op.started_at}) did not finish "
                    f"({op.state.value}): see `leadtui log {op.id}`, resume with "
                    f"`leadtui resume {op.id}`"
                )
        return self._journal

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
        try:
            yield session
        finally:
            await session.client.aclose()

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
        verb = "reading" if progress.phase == "reading" else "sending"
        self.err.write(f"\r{verb} {progress.done:,}/{progress.total:,}   ")
        if progress.done >= progress.total:
            self.err.write("\n")
        self.err.flush()

    # --- confirmation --------------------------------------------------------

    def confirm_write(self, prompt: str, *, typed: str | None = None) -> bool:
        """--yes, or an interactive confirmation; refuses when there is no terminal.

        ``typed`` asks the operator to type that text (the lead count for a
        delete) instead of answering y.
        """
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
