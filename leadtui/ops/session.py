"""A working session: one profile's client, the journal, and the profile's limits.

Both kinds share what the operation engine needs (``journal``, ``profile``,
``read_only``, ``concurrency`` and a ``backend``); a VICIdial session also
offers its client to the reads that only VICIdial has (search, edit).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from leadtui.api.vicidial.client import VicidialClient
from leadtui.ops.backend_vicidial import VicidialBackend
from leadtui.ops.estimate import ASSUMED_SECONDS_PER_ID, Estimate
from leadtui.ops.journal import Journal

if TYPE_CHECKING:
    from leadtui.api.voiceaiwrapper.client import VoiceAIWrapperClient
    from leadtui.ops.backend_voice import VoiceBackend

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
    kind: str = field(default="vicidial", init=False)

    @property
    def backend(self) -> VicidialBackend:
        return VicidialBackend(self.client, concurrency=self.concurrency)

    @property
    def server(self) -> str:
        return self.client.url

    @property
    def api_user(self) -> str:
        return self.client.user

    def estimate(self, reads: int, lead_ids: int, batches: int) -> Estimate | None:
        """How long ``reads`` before-image reads then ``batches`` batch_update_lead
        calls for ``lead_ids`` IDs will take, from what this server showed so far
        (None before it answered anything)."""
        latency = self.client.latency
        if not latency:
            return None
        # a read's round trip stands for the fixed cost of any call
        read = latency.get("lead_all_info") or min(latency.values())
        measured = self.client.seconds_per_batch_id
        return Estimate(
            reads=reads,
            seconds_per_read=read,
            reads_at_once=self.client.pace.allowed,
            reads_at_most=self.client.pace.ceiling
            if self.client.pace.adaptive
            else self.client.pace.allowed,
            batches=batches,
            lead_ids=lead_ids,
            seconds_per_batch=read,
            seconds_per_id=ASSUMED_SECONDS_PER_ID if measured is None else measured,
            per_id_measured=measured is not None,
        )

    def require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyProfile(self.profile)

    async def journaled(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a journal call off the event loop (SQLite is synchronous)."""
        return await asyncio.to_thread(fn, *args, **kwargs)


@dataclass
class VoiceSession:
    client: VoiceAIWrapperClient
    journal: Journal
    profile: str
    campaign_id: str
    bulk_size: int = 100
    concurrency: int = 2
    read_only: bool = False
    kind: str = field(default="voiceaiwrapper", init=False)

    @property
    def backend(self) -> VoiceBackend:
        from leadtui.ops.backend_voice import VoiceBackend

        return VoiceBackend(self.client, self.campaign_id)

    @property
    def server(self) -> str:
        return self.backend.identity.server

    def require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyProfile(self.profile)
