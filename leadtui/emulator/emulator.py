"""The emulated server: state, clock, one lock, and ``handle()``."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from leadtui.emulator.api import run
from leadtui.emulator.store import Store, load_dataset

if TYPE_CHECKING:
    import httpx

__all__ = ["API_PATH", "Clock", "Emulator", "FixedClock", "Handler", "Response"]

API_PATH = "/vicidial/non_agent_api.php"
Response = tuple[int, dict[str, str], bytes]
Handler = Callable[[str, str, bytes, Mapping[str, str]], Response]
Clock = Callable[[], datetime]

_HEADERS = {
    "Content-type": "text/html; charset=utf-8",
    "Cache-Control": "no-cache, must-revalidate",
    "Pragma": "no-cache",
    "X-Powered-By": "PHP/8.2.36",
}


def system_clock() -> datetime:
    """Now, as the reference server sees it (date.timezone=UTC), as a naive datetime."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class FixedClock:
    """A settable clock for deterministic tests: ``FixedClock("2026-11-24 10:00:00")``."""

    def __init__(self, when: str | datetime) -> None:
        self.when = self._parse(when)

    @staticmethod
    def _parse(when: str | datetime) -> datetime:
        if isinstance(when, datetime):
            return when.replace(tzinfo=None, microsecond=0)
        return datetime.strptime(when, "%Y-%m-%d %H:%M:%S")

    def set(self, when: str | datetime) -> None:
        self.when = self._parse(when)

    def __call__(self) -> datetime:
        return self.when


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


class Emulator:
    """A VICIdial Non-Agent API server in memory.

    ``handle(method, path_with_query, body, headers)`` answers like the real server: a
    ``(status, headers, body)`` tuple. It is thread-safe (one request at a time, like
    ``php -S``). ``wrap(middleware)`` installs a layer around it (the seam for fault injection:
    the middleware receives the inner handler and returns a new one).
    """

    def __init__(
        self,
        dataset: Mapping[str, Any],
        now: Clock | None = None,
        *,
        owned: bool = False,
    ) -> None:
        self.clock: Clock = now or system_clock
        self.store = Store(dataset, self.clock, owned=owned)
        self._lock = threading.RLock()
        self._handler: Handler = self._handle

    @classmethod
    def from_dataset(cls, path: str | Path, now: Clock | None = None) -> Emulator:
        """Load a dataset file in the transcript ``dataset.json`` format."""
        return cls(load_dataset(path), now=now, owned=True)

    @classmethod
    def demo(cls, now: Clock | None = None, seed: int = 2026) -> Emulator:
        """The built-in demo dataset (see :mod:`leadtui.emulator.demo`)."""
        from leadtui.emulator.demo import demo_dataset

        return cls(demo_dataset(seed=seed), now=now, owned=True)

    def reset(self) -> None:
        """Back to the dataset (like ``serve reset``)."""
        with self._lock:
            self.store.reset()

    def save(self, path: str | Path) -> None:
        """Write the current state to an SQLite file (see :meth:`restore`)."""
        with self._lock:
            target = sqlite3.connect(str(path))
            try:
                self.store.conn.backup(target)
            finally:
                target.close()

    def restore(self, path: str | Path) -> None:
        """Replace the state with one :meth:`save` wrote (same dataset shape)."""
        with self._lock:
            source = sqlite3.connect(str(path))
            try:
                source.backup(self.store.conn)
            finally:
                source.close()

    def wrap(self, middleware: Callable[[Handler], Handler]) -> None:
        """Install a layer around the current handler (e.g. a fault injector)."""
        with self._lock:
            self._handler = middleware(self._handler)

    def handle(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """Answer one HTTP request; ``path`` is the raw path with its query string."""
        return self._handler(method, path, body, headers or {})

    def _handle(
        self, method: str, path: str, body: bytes, headers: Mapping[str, str]
    ) -> Response:
        parts = urlsplit(path)
        if parts.path != API_PATH:
            return (
                404,
                {"Content-type": "text/html; charset=UTF-8"},
                (
                    b"<!doctype html><html><head><title>404 Not Found</title></head><body>"
                    b"<h1>Not Found</h1><p>The requested resource <code>"
                    + parts.path.encode("latin-1", "replace")
                    + b"</code> was not found on this server.</p></body></html>"
                ),
            )
        with self._lock:
            out = run(
                self.store,
                self.clock(),
                method,
                parts.query,
                _header(headers, "content-type"),
                body,
            )
        payload = b"" if method.upper() == "HEAD" else out.body()
        return out.status, dict(_HEADERS), payload

    def transport(self) -> httpx.AsyncBaseTransport:
        """An ``httpx.AsyncBaseTransport`` answering from this emulator (no socket)."""
        from leadtui.emulator.transport import EmulatorAsyncTransport

        return EmulatorAsyncTransport(self)

    def sync_transport(self) -> httpx.BaseTransport:
        """An ``httpx.BaseTransport`` answering from this emulator (no socket)."""
        from leadtui.emulator.transport import EmulatorTransport

        return EmulatorTransport(self)
