"""Headless Textual measurement helpers shared by ui_latency.py and table.py.

``FrameDriver`` is Textual's headless driver that says it is *not* headless, so
the app renders every frame to terminal escape sequences exactly as it would
for a real terminal (``App._display`` skips that work for headless drivers);
the text is counted and dropped, and each frame's time is recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual import events
from textual.app import App
from textual.drivers.headless_driver import HeadlessDriver

Predicate = Callable[[], bool]


@dataclass
class Frame:
    at: float  # perf_counter when the frame's text reached the driver
    chars: int


class FrameDriver(HeadlessDriver):
    """Renders like a terminal driver, writes nowhere, timestamps every frame."""

    #: frames written by the running app (class-level: Textual builds the driver)
    frames: list[Frame] = []  # noqa: RUF012 - one app per process at a time
    #: checked on every write: the first frame after which it holds is noted
    watch: Predicate | None = None
    seen_at: float | None = None

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        now = time.perf_counter()
        cls = type(self)
        cls.frames.append(Frame(now, len(data)))
        if cls.watch is not None and cls.seen_at is None and cls.watch():
            cls.seen_at = now

    def flush(self) -> None:
        return


async def frame_where(predicate: Predicate, *, timeout: float = 30.0) -> float:
    """Wait for the first frame written while ``predicate`` holds; its time.

    ``predicate`` is checked when each frame is written (so the time is the
    moment the operator could see the change, not when it was computed).
    """
    FrameDriver.seen_at = None
    FrameDriver.watch = predicate
    deadline = time.perf_counter() + timeout
    try:
        while (seen := _seen()) is None:
            if time.perf_counter() > deadline:
                raise TimeoutError("no frame showed the expected state")
            await asyncio.sleep(0.0005)
    finally:
        FrameDriver.watch = None
    return seen


def _seen() -> float | None:
    return FrameDriver.seen_at


def send_key(app: App[Any], key: str) -> None:
    """Deliver one key the way the terminal driver does (``driver.send_message``)."""
    assert app._driver is not None
    char = key if len(key) == 1 else None
    if key == "enter":
        char = "\r"
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


def send_paste(app: App[Any], text: str) -> None:
    """Deliver a bracketed paste, as a terminal sends one."""
    assert app._driver is not None
    event = events.Paste(text)
    event.set_sender(app)
    app._driver.send_message(event)


@dataclass
class StallMonitor:
    """Measures how long the event loop goes without running a 1 ms heartbeat."""

    period: float = 0.001
    gaps: list[float] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    async def _beat(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(self.period)
            now = time.perf_counter()
            self.gaps.append(now - last - self.period)
            last = now

    def start(self) -> None:
        self.gaps.clear()
        self._task = asyncio.get_running_loop().create_task(self._beat())

    async def stop(self) -> float:
        """The longest stall seen (seconds)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        return max(self.gaps, default=0.0)


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Current resident set size of this process (MB)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / (1024 * 1024)
