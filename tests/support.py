"""Test helpers that work against any server: a client-side recording transport."""

from __future__ import annotations

import httpx


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes requests to a real transport and keeps what was sent."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.sent: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.sent.append(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
