"""A loopback fault proxy: sits between the client and any server (emulator or real)
and, on the requests it is told to, breaks the exchange the way networks do.

    with FaultProxy(upstream_url) as proxy:
        proxy.arm(Fault.RESET_AFTER, function="batch_update_lead", nth=2)
        client = VicidialClient(proxy.url, ...)

Faults that reach the server first (``*_AFTER``, TIMEOUT, TRUNCATE) let it apply
the change; the others never forward the request.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit


class Fault(StrEnum):
    RESET_BEFORE = "reset-before"  # connection dropped, request never forwarded
    RESET_AFTER = "reset-after"  # forwarded and applied, then the connection dropped
    TIMEOUT = "timeout"  # forwarded and applied, the answer comes too late
    EMPTY_500 = "empty-500"  # forwarded and applied, then 500 with an empty body
    HTML_502 = "html-502"  # a gateway's error page; not forwarded
    TRUNCATE = "truncate"  # forwarded and applied, the body cut short
    GARBAGE = (
        "garbage"  # forwarded and applied, then 200 with text that is not the protocol
    )

    @property
    def applies(self) -> bool:
        return self not in (Fault.RESET_BEFORE, Fault.HTML_502)


BAD_GATEWAY = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
GARBAGE = b"<html><body>Welcome to nginx!</body></html>"


@dataclass
class Trap:
    fault: Fault
    function: str
    nth: int
    seen: int = 0
    fired: bool = False


class FaultProxy:
    def __init__(self, upstream: str, *, hang_seconds: float = 3.0) -> None:
        self.upstream = upstream
        self.hang_seconds = hang_seconds
        self.traps: list[Trap] = []
        self.log: list[tuple[str, str]] = []  # (function, what happened)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return (
            f"http://127.0.0.1:{self._server.server_port}{urlsplit(self.upstream).path}"
        )

    def arm(self, fault: Fault, *, function: str, nth: int = 1) -> Trap:
        trap = Trap(fault, function, nth)
        with self._lock:
            self.traps.append(trap)
        return trap

    def _trap_for(self, function: str) -> Trap | None:
        with self._lock:
            for trap in self.traps:
                if trap.function == function and not trap.fired:
                    trap.seen += 1
                    if trap.seen == trap.nth:
                        trap.fired = True
                        return trap
        return None

    def __enter__(self) -> FaultProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                function = (parse_qs(body.decode("latin-1")).get("function") or [""])[
                    -1
                ]
                trap = proxy._trap_for(function)
                fault = trap.fault if trap else None
                proxy.log.append((function, fault.value if fault else "passed"))
                if fault is Fault.RESET_BEFORE:
                    return self._drop()
                if fault is Fault.HTML_502:
                    return self._answer(502, BAD_GATEWAY)
                status, payload = proxy._forward(
                    self.path, body, self.headers.get("Content-Type", "")
                )
                if fault is Fault.RESET_AFTER:
                    return self._drop()
                if fault is Fault.TIMEOUT:
                    time.sleep(proxy.hang_seconds)
                    return self._drop()
                if fault is Fault.EMPTY_500:
                    return self._answer(500, b"")
                if fault is Fault.GARBAGE:
                    return self._answer(200, GARBAGE)
                if fault is Fault.TRUNCATE:
                    return self._answer(status, payload, cut=True)
                return self._answer(status, payload)

            do_GET = do_POST

            def _answer(
                self, status: int, payload: bytes, *, cut: bool = False
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header(
                    "Content-Length", str(len(payload) + (40 if cut else 0))
                )
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(
                    payload[: max(0, len(payload) // 2)] if cut else payload
                )
                self.wfile.flush()
                if cut:
                    self._drop()
                self.close_connection = True

            def _drop(self) -> None:
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                self.connection.close()
                self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        ).start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _forward(self, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        parts = urlsplit(self.upstream)
        target = f"{parts.scheme}://{parts.netloc}{path}"
        request = urllib.request.Request(
            target, data=body, method="POST", headers={"Content-Type": content_type}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
