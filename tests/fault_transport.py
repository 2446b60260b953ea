"""In-process faults between the client and the emulator, and a journal that crashes.

``FaultTransport`` wraps the emulator's in-process transport: armed faults
fire on the nth request of a function (or of any function), the way networks,
proxies and servers break an exchange; hooks see every request (to press Esc
after n of them). ``CrashingJournal`` stops accepting writes at a chosen
commit, and ``Crash`` is what a process death looks like to the code that was
running: nothing after it reaches the journal or the wire.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import parse_qs

import httpx

from leadtui.ops.journal import Journal

NGINX = b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n"
WELCOME = b"<!DOCTYPE html>\n<html><body><h1>Welcome to nginx!</h1></body></html>\n"


class Crash(BaseException):
    """The process died here (not an Exception: nothing may catch it as an error)."""


class Fault(StrEnum):
    REFUSED = "refused"  # connection refused: never sent
    RESET_BEFORE = "reset-before"  # reset before the server read it: not applied
    RESET_AFTER = "reset-after"  # applied, then the connection reset
    TIMEOUT = "timeout"  # applied, the answer never came
    EMPTY_200 = "empty-200"  # applied, then an empty 200
    EMPTY_500 = "empty-500"  # applied, then an empty 500
    HTML_200 = "html-200"  # a proxy's welcome page, not forwarded
    HTML_502 = "html-502"  # a gateway's error page, not forwarded
    TRUNCATED = "truncated"  # applied, the body cut short
    WRONG_PASSWORD = "wrong-password"  # the server refuses the login
    CRASH_BEFORE = "crash-before"  # the process dies as the request leaves
    CRASH_AFTER = "crash-after"  # the server applied it; the process died first

    @property
    def applies(self) -> bool:
        return self in (
            Fault.RESET_AFTER,
            Fault.TIMEOUT,
            Fault.EMPTY_200,
            Fault.EMPTY_500,
            Fault.TRUNCATED,
            Fault.CRASH_AFTER,
        )


#: every way an answer is lost after the request left (the write may or may not
#: have been applied): each must leave that request unknown, settled by resume
AFTER_SENT = [
    Fault.RESET_BEFORE,
    Fault.RESET_AFTER,
    Fault.TIMEOUT,
    Fault.EMPTY_200,
    Fault.EMPTY_500,
    Fault.HTML_200,
    Fault.HTML_502,
    Fault.TRUNCATED,
]


@dataclass
class Trap:
    fault: Fault
    function: str  # "" = any function
    nth: int
    seen: int = 0
    fired: bool = False


def function_of(body: bytes) -> str:
    values = parse_qs(body.decode("latin-1")).get("function") or [""]
    return values[-1]


class FaultTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        on_crash: Callable[[], None] = lambda: None,
    ) -> None:
        self.inner = inner
        self.on_crash = on_crash
        self.traps: list[Trap] = []
        self.hooks: list[Callable[[str], None]] = []
        self.sent: list[tuple[str, str]] = []  # (function, what happened)
        self._lock = threading.Lock()

    def arm(self, fault: Fault, *, function: str = "", nth: int = 1) -> Trap:
        trap = Trap(fault, function, nth)
        self.traps.append(trap)
        return trap

    def disarm(self) -> None:
        self.traps.clear()
        self.hooks.clear()

    def _trap(self, function: str) -> Fault | None:
        with self._lock:
            for trap in self.traps:
                if trap.fired or trap.function not in ("", function):
                    continue
                trap.seen += 1
                if trap.seen == trap.nth:
                    trap.fired = True
                    return trap.fault
        return None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        function = function_of(body)
        for hook in list(self.hooks):
            hook(function)
        fault = self._trap(function)
        self.sent.append((function, fault.value if fault else "passed"))
        if fault is Fault.REFUSED:
            raise httpx.ConnectError("connection refused", request=request)
        if fault is Fault.RESET_BEFORE:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        if fault is Fault.HTML_200:
            return httpx.Response(200, content=WELCOME, request=request)
        if fault is Fault.HTML_502:
            return httpx.Response(502, content=NGINX, request=request)
        if fault is Fault.WRONG_PASSWORD:
            user = (parse_qs(body.decode("latin-1")).get("user") or [""])[0]
            line = f"ERROR: Login incorrect, please try again: |{user}|xxxx|BAD|\n"
            return httpx.Response(200, content=line.encode(), request=request)
        if fault is Fault.CRASH_BEFORE:
            self.on_crash()
            raise Crash("the process died as the request left")
        response = await self.inner.handle_async_request(request)
        payload = await response.aread()
        if fault is Fault.CRASH_AFTER:
            self.on_crash()
            raise Crash("the process died after the server applied the request")
        if fault is Fault.RESET_AFTER:
            raise httpx.ReadError("connection reset by peer", request=request)
        if fault is Fault.TIMEOUT:
            raise httpx.ReadTimeout("timed out", request=request)
        if fault is Fault.EMPTY_200:
            return httpx.Response(200, content=b"", request=request)
        if fault is Fault.EMPTY_500:
            return httpx.Response(500, content=b"", request=request)
        if fault is Fault.TRUNCATED:
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body "
                f"(received {len(payload) // 2} bytes, expected {len(payload)})",
                request=request,
            )
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=payload,
            request=request,
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


class CrashingJournal(Journal):
    """A journal whose process dies at its nth commit (``crash_at``), or when told."""

    def __init__(self, path: Path | str, *, crash_at: int | None = None) -> None:
        self.crash_at = crash_at
        self.commits = 0
        self.crashed = False
        super().__init__(path)

    def crash(self) -> None:
        self.crashed = True

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        if self.crashed:
            raise Crash("the process is gone")
        self.commits += 1
        if self.crash_at is not None and self.commits >= self.crash_at:
            self.crashed = True
            raise Crash(f"the process died before commit {self.commits}")
        with super()._tx() as db:
            yield db


def run(coro: object) -> object:
    """Run a coroutine on a fresh loop (hypothesis rules are synchronous)."""
    return asyncio.run(coro)  # type: ignore[arg-type]


@contextmanager
def armed(transport: FaultTransport) -> Iterator[FaultTransport]:
    try:
        yield transport
    finally:
        transport.disarm()
