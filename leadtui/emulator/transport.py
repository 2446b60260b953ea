"""httpx transports that hand requests to an :class:`Emulator` in process (no socket)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from leadtui.emulator.emulator import Emulator

__all__ = ["EmulatorAsyncTransport", "EmulatorTransport"]


def _target(request: httpx.Request) -> str:
    raw = request.url.raw_path.decode("latin-1")
    return raw or "/"


class EmulatorTransport(httpx.BaseTransport):
    """``httpx.Client(transport=EmulatorTransport(emu), base_url="http://emulator")``."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        status, headers, payload = self.emulator.handle(
            request.method, _target(request), body, dict(request.headers)
        )
        return httpx.Response(status, headers=headers, content=payload, request=request)


class EmulatorAsyncTransport(httpx.AsyncBaseTransport):
    """``httpx.AsyncClient(transport=emu.transport(), base_url="http://emulator")``."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        # in a thread, as a real server would be: a slow request must not freeze
        # the caller's event loop (the TUI's, with --demo)
        status, headers, payload = await asyncio.to_thread(
            self.emulator.handle,
            request.method,
            _target(request),
            body,
            dict(request.headers),
        )
        return httpx.Response(status, headers=headers, content=payload, request=request)
