"""A tmux pane driven by tests: keys in, screen text out."""

from __future__ import annotations

import subprocess
import time


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(
            f"{text!r} never appeared; the screen was:\n{self.screen()}"
        )

    def alive(self) -> bool:
        done = subprocess.run(
            ["tmux", "has-session", "-t", self.name], capture_output=True
        )
        return done.returncode == 0
