"""The demo dialer's transport: the emulator in this process, its state saved
after each request that may write (so demo changes survive a restart)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx


class SavingTransport(httpx.AsyncBaseTransport):
    """Saves the demo dialer's state after each request that may write."""

    _WRITES = (
        b"function=update_lead",
        b"function=batch_update_lead",
        b"function=add_dnc_phone",
        b"function=delete_dnc_phone",
    )

    def __init__(
        self, inner: httpx.AsyncBaseTransport, save: Callable[[], None]
    ) -> None:
        self.inner = inner
        self.save = save

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if any(marker in request.content for marker in self._WRITES):
            await asyncio.to_thread(self.save)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
