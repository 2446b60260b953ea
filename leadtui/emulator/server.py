"""Serve an :class:`Emulator` over loopback HTTP with the standard library."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

from leadtui.emulator.background import BackgroundServer, QuietServer
from leadtui.emulator.emulator import API_PATH, Emulator

__all__ = ["EmulatorServer", "make_server"]


class _Handler(BaseHTTPRequestHandler):
    emulator: ClassVar[Emulator]
    protocol_version = "HTTP/1.1"
    server_version = "leadtui-emulator"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        status, headers, payload = self.emulator.handle(
            self.command, self.path, body, dict(self.headers.items())
        )
        self.send_response(status, "I'm a teapot" if status == 418 else None)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        return


def make_server(
    emulator: Emulator, host: str = "127.0.0.1", port: int = 0
) -> ThreadingHTTPServer:
    handler = type("EmulatorHandler", (_Handler,), {"emulator": emulator})
    return QuietServer((host, port), handler)


class EmulatorServer(BackgroundServer):
    """``with EmulatorServer(emu) as srv: httpx.get(srv.url, params=...)`` — serves in a
    background thread on ``host:port`` (0 = a free port); ``url`` is the API's full URL."""

    def __init__(
        self, emulator: Emulator, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        super().__init__(host, port)
        self.emulator = emulator

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{API_PATH}"

    def make_server(self) -> ThreadingHTTPServer:
        return make_server(self.emulator, self.host, self.port)
