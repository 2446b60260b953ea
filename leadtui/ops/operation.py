"""What every journaled operation shares: its start, its worker pool, its end."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from leadtui.api.vicidial.errors import VicidialError
from leadtui.ops.journal_models import ChunkState, LeadOutcome, OperationState
from leadtui.ops.reconcile import Verdict
from leadtui.ops.session import Session

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Progress:
    phase: str  # "reading" (before-images) or "sending"
    done: int
    total: int
    failed: int = 0


ProgressCallback = Callable[[Progress], None]

#: Outcomes after which an operation counts as cleanly done.
CLEAN = frozenset(
    {
        LeadOutcome.UPDATED,
        LeadOutcome.UNCHANGED,
        LeadOutcome.MATCHED,
        LeadOutcome.DELETED,
        LeadOutcome.ADDED,
    }
)


@dataclass
class OperationResult:
    operation_id: int
    state: OperationState = OperationState.RUNNING
    verdicts: dict[int, Verdict] = field(default_factory=dict)
    requests: int = 0
    error: str = ""
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for outcome, _ in self.verdicts.values():
            counts[outcome.value] = counts.get(outcome.value, 0) + 1
        return counts

    def not_changed(self) -> dict[int, Verdict]:
        """Every lead the operation did not change, and why."""
        return {
            lead_id: verdict
            for lead_id, verdict in self.verdicts.items()
            if not verdict[0].changed and verdict[0] is not LeadOutcome.MATCHED
        }


async def start(
    session: Session,
    *,
    kind: str,
    params: dict[str, Any],
    changes: Iterable[tuple[int, dict[str, str]]],
    links: Mapping[str, int | None] | None = None,
) -> OperationResult:
    """Journal the operation and one row per target lead, before anything is sent."""
    links = links or {}
    operation_id = session.begin(
        kind, params, undo_of=links.get("undo_of"), resume_of=links.get("resume_of")
    )
    await session.journaled(session.journal.add_leads, operation_id, list(changes))
    result = OperationResult(operation_id=operation_id)
    result.requests = -session.client.requests_sent
    return result


async def run_pool(
    items: Sequence[T],
    work: Callable[[T], Awaitable[None]],
    *,
    concurrency: int,
    stop: asyncio.Event,
) -> None:
    """Run ``work`` on every item, ``concurrency`` at a time, until ``stop`` is set.

    Cancelling the caller sets ``stop`` and waits for the items in flight to
    finish (their requests may already be on the wire, and their outcome must
    be journaled), then re-raises the cancellation.
    """
    queue = iter(items)

    async def worker() -> None:
        for item in queue:
            if stop.is_set():
                return
            await work(item)

    workers = [
        asyncio.create_task(worker())
        for _ in range(max(1, min(concurrency, len(items))))
    ]
    try:
        await asyncio.shield(asyncio.gather(*workers))
    except asyncio.CancelledError:
        stop.set()
        await asyncio.gather(*workers, return_exceptions=True)
        raise


async def conclude(
    session: Session,
    result: OperationResult,
    *,
    lead_ids: Iterable[int],
    work: Callable[[], Awaitable[str]],
) -> OperationResult:
    """Run an operation's ``work`` (which returns why it stopped early, or "") and
    finish it: cancelled (then re-raise), failed on a refusal, else settled."""
    ids = list(lead_ids)
    try:
        abort = await work()
    except asyncio.CancelledError:
        await finish(
            session,
            result,
            lead_ids=ids,
            state=OperationState.CANCELLED,
            reason="cancelled by the operator",
        )
        raise
    except VicidialError as error:
        abort = error.explain()
    state = OperationState.FAILED if abort else None
    return await finish(session, result, lead_ids=ids, state=state, reason=abort)


async def finish(
    session: Session,
    result: OperationResult,
    *,
    lead_ids: Iterable[int],
    state: OperationState | None = None,
    reason: str = "",
) -> OperationResult:
    """Mark what was never sent as skipped, settle the state, journal the summary."""
    journal = session.journal
    not_sent = reason or "not sent"
    for chunk in await session.journaled(journal.chunks, result.operation_id):
        if chunk.state is ChunkState.PLANNED:
            await session.journaled(
                journal.chunk_finished,
                chunk.id,
                ChunkState.SKIPPED,
                outcomes={
                    i: (LeadOutcome.SKIPPED, not_sent, None) for i in chunk.lead_ids
                },
            )
    pending = [i for i in lead_ids if i not in result.verdicts]
    for lead_id in pending:
        result.verdicts[lead_id] = (LeadOutcome.SKIPPED, not_sent)
    if pending:
        await session.journaled(
            journal.set_outcomes,
            result.operation_id,
            [(i, LeadOutcome.SKIPPED, not_sent, None) for i in pending],
        )
    if state is None:
        outcomes = {v[0] for v in result.verdicts.values()}
        state = OperationState.DONE if outcomes <= CLEAN else OperationState.PARTIAL
    result.state = state
    result.requests += session.client.requests_sent
    result.error = reason
    summary = {"counts": result.counts(), "requests": result.requests, "error": reason}
    await session.journaled(journal.finish, result.operation_id, state, summary)
    return result
