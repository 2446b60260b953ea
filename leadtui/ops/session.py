"""A working session: one profile's client, the journal, and the profile's limits."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from leadtui.api.vicidial.client import VicidialClient
from leadtui.ops.journal import Journal

T = TypeVar("T")


class ReadOnlyProfile(Exception):
    """A write was asked of a read-only profile; nothing was sent."""

    def __init__(self, profile: str) -> None:
        super().__init__(
            f"Profile {profile!r} is read-only: leadtui will not write with it."
        )
        self.profile = profile


@dataclass
class Session:
    client: VicidialClient
    journal: Journal
    profile: str
    read_only: bool = False
    records_cap: int = 1000
    concurrency: int = 4

    @property
    def server(self) -> str:
        return self.client.url

    @property
    def api_user(self) -> str:
        return self.client.user

    def estimate_seconds(self, reads: int, batches: int) -> float | None:
        """Rough duration of ``reads`` before-image reads then ``batches``
        batch_update_lead calls, from the latencies seen so far (None before any)."""
        latency = self.client.latency
        if not latency:
            return None
        read = latency.get("lead_all_info", 0.05)
        write = latency.get("batch_update_lead", read * 20)
        return reads * read / max(1, self.concurrency) + batches * write

    def require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyProfile(self.profile)

    async def journaled(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a journal call off the event loop (SQLite is synchronous)."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    def begin(self, kind: str, params: dict[str, Any], **links: int | None) -> int:
        return self.journal.begin(
            kind=kind,
            profile=self.profile,
            server=self.server,
            api_user=self.api_user,
            params=params,
            undo_of=links.get("undo_of"),
            resume_of=links.get("resume_of"),
        )
