"""Serve a :class:`VoiceAIWrapperEmulator` in process or over loopback HTTP."""

from __future__ import annotations

import asyncio
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, ClassVar

import httpx

from leadtui.emulator.background import BackgroundServer, QuietServer

if TYPE_CHECKING:
    from leadtui.emulator.voiceaiwrapper.emulator import VoiceAIWrapperEmulator

__all__ = ["VoiceAIWrapperServer", "in_process_transport"]


def in_process_transport(emulator: VoiceAIWrapperEmulator) -> httpx.AsyncBaseTransport:
    """An ``httpx`` transport that hands each request to ``emulator`` (no socket).

    A hang-up fault raises ``RemoteProtocolError``, as httpx does when a real
    server closes the connection without answering.
    """

    async def answer(request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        target = request.url.raw_path.decode("ascii")
        reply = emulator.handle(request.method, target, dict(request.headers), body)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.hang_up:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        return httpx.Response(
            reply.status, headers=reply.headers, content=reply.body, request=request
        )

    return httpx.MockTransport(answer)


class _Handler(BaseHTTPRequestHandler):
    emulator: ClassVar[VoiceAIWrapperEmulator]
    protocol_version = "HTTP/1.1"
    server_version = "voiceaiwrapper-emulator"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        reply = self.emulator.handle(
            self.command, self.path, dict(self.headers.items()), body
        )
        self.close_connection = True
        if reply.delay:
            time.sleep(reply.delay)
        if reply.hang_up:
            return
        self.send_response_only(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


class VoiceAIWrapperServer(BackgroundServer):
    """``with VoiceAIWrapperServer(emu) as srv:`` serves on ``srv.url`` (the API base
    URL) from a background thread; port 0 picks a free port."""

    def __init__(
        self, emulator: VoiceAIWrapperEmulator, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        super().__init__(host, port)
        self.emulator = emulator

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def make_server(self) -> ThreadingHTTPServer:
        handler = type("Handler", (_Handler,), {"emulator": self.emulator})
        return QuietServer((self.host, self.port), handler)
