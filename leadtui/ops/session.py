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
from leadtui.ops.estimate import (
    ASSUMED_JOURNAL_SECONDS_PER_LEAD,
    ASSUMED_SECONDS_PER_ID,
    Estimate,
)
from leadtui.ops.journal import Journal
from leadtui.ops.pace_memory import (
    RememberedPace,
    pace_file,
    recall,
    remember,
)
from leadtui.ops.results import OperationResult

if TYPE_CHECKING:
    from leadtui.api.voiceaiwrapper.client import VoiceAIWrapperClient
    from leadtui.ops.backend_voice import VoiceBackend

T = TypeVar("T")

#: leads an operation needs before its journal cost per lead is worth keeping
JOURNAL_SAMPLE = 200


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
    #: the pace remembered for this server, once read (a 1-tuple: None inside)
    _remembered: tuple[RememberedPace | None] | None = field(
        default=None, init=False, repr=False
    )
    #: seconds the journal took per lead in this session's last operation
    _journal_per_lead: float | None = field(default=None, init=False, repr=False)

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
        (None before it answered anything). Each figure is the one measured in
        this session, else the one remembered from earlier sessions on this
        server, else assumed: reads at the pace bulk reads ran at (without one,
        one read's latency spread over the requests allowed at once), the cost
        per lead ID of a batch call, and the journal's cost per lead."""
        latency = self.client.latency
        if not latency:
            return None
        # a read's round trip stands for the fixed cost of any call
        read = latency.get("lead_all_info") or min(latency.values())
        known = self.remembered() or RememberedPace()
        per_id = self.client.seconds_per_batch_id or known.seconds_per_batch_id
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
            seconds_per_id=ASSUMED_SECONDS_PER_ID if per_id is None else per_id,
            per_id_measured=per_id is not None,
            reads_per_second=self.client.read_pace.per_second()
            or known.reads_per_second,
            journal_seconds_per_lead=self._journal_per_lead
            or known.journal_seconds_per_lead
            or ASSUMED_JOURNAL_SECONDS_PER_LEAD,
        )

    @property
    def _pace_key(self) -> str:
        return f"{self.client.url} {self.client.user}"

    def remembered(self) -> RememberedPace | None:
        """What earlier sessions measured on this server (read once per session)."""
        if self._remembered is None:
            self._remembered = (recall(pace_file(self.journal.path), self._pace_key),)
        return self._remembered[0]

    def remember_pace(self, result: OperationResult | None = None) -> None:
        """Keep what this session measured for the next estimates, here and in
        the next sessions (blocking: call it off the event loop)."""
        leads = len(result.verdicts) if result is not None else 0
        journal_ms = int(result.run.get("journal_ms", 0)) if result is not None else 0
        if leads >= JOURNAL_SAMPLE and journal_ms:
            self._journal_per_lead = journal_ms / 1000 / leads
        meter = self.client.read_pace
        measured = RememberedPace(
            reads_per_second=meter.per_second(),
            reads=meter.answers,
            seconds_per_batch_id=self.client.seconds_per_batch_id,
            journal_seconds_per_lead=self._journal_per_lead,
        )
        if measured == RememberedPace(reads=meter.answers):
            return
        known = self.remembered()
        pace = measured if known is None else known.blended(measured)
        remember(pace_file(self.journal.path), self._pace_key, pace)
        self._remembered = (pace,)

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
