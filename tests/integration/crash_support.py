"""Helpers for the crash and secrets tests: a slow emulator, CLI and TUI subprocesses."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from leadtui.emulator import Emulator, Handler, Response
from tests.transcripts import DATASET


def dataset_with_password(password: str) -> dict[str, object]:
    data: dict[str, Any] = json.loads(DATASET.read_text(encoding="utf-8"))
    for user in data["users"]:
        if user["user"] == "6666":
            user["pass"] = password
    return data


class SlowBatches:
    """Each batch_update_lead takes ``seconds``: long enough to kill a process mid-batch."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self, inner: Handler) -> Handler:
        def handler(
            method: str, path: str, body: bytes, headers: Mapping[str, str]
        ) -> Response:
            if b"function=batch_update_lead" in body:
                time.sleep(self.seconds)
            return inner(method, path, body, headers)

        return handler


def leadtui(
    url: str, password: str, *args: str, log: Path | None = None
) -> subprocess.Popen[str]:
    env = {**os.environ, "LEADTUI_PASSWORD": password}
    command = [sys.executable, "-m", "leadtui", "--url", url, "--user", "6666", *args]
    stderr = open(log, "a", encoding="utf-8") if log else subprocess.PIPE  # noqa: SIM115
    return subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def wait_for_sending(journal: Path, timeout: float = 30.0) -> None:
    """Until the journal holds a chunk whose request left and whose answer did not come."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if journal.exists():
            try:
                with sqlite3.connect(journal, timeout=1) as db:
                    row = db.execute(
                        "SELECT count(*) FROM chunks WHERE state='sending'"
                    ).fetchone()
                if row and row[0]:
                    return
            except sqlite3.OperationalError:
                pass
        time.sleep(0.05)
    raise AssertionError("no request was ever in flight")


TUI_SCRIPT = """
import asyncio, sys
from pydantic import SecretStr
from textual.widgets import Input
from leadtui.config import Config, Profile
from leadtui.ops.journal import Journal
from leadtui.tui.app import LeadApp
from tests.tui.helpers import paste_ids, settle, started

URL, PASSWORD, JOURNAL, IDS = sys.argv[1:5]

async def main() -> None:
    profile = Profile(name="main", url=URL, user="6666", records_cap=10, concurrency=1)
    app = LeadApp(Config(profiles={"main": profile}), profile=profile, journal=Journal(JOURNAL))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        app.screen.query_one("#password", Input).value = PASSWORD
        await pilot.press("f5")
        await started(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await paste_ids(pilot, IDS)
        app.screen.query_one(".value-input", Input).value = "XFER"
        await pilot.pause(0.3)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f6")
        print("applying", flush=True)
        await asyncio.sleep(3600)

asyncio.run(main())
"""


def tui(url: str, password: str, journal: Path, ids: str) -> subprocess.Popen[str]:
    env = {**os.environ}
    return subprocess.Popen(
        [sys.executable, "-c", TUI_SCRIPT, url, password, str(journal), ids],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=str(Path(__file__).resolve().parents[2]),
    )


def slow_emulator(password: str = "1234", seconds: float = 0.4) -> Emulator:
    emulator = Emulator(dataset_with_password(password))
    emulator.wrap(SlowBatches(seconds))
    return emulator
