"""Operations that take one ``update_lead`` call per lead: edit, delete, hopper,
callback removal, re-creating deleted leads. Journaled like batches: each lead
is its own chunk, ``sending`` before the request and its outcome after.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.outcomes import UpdateLeadOutcome
from leadtui.api.vicidial.requests import UpdateLeadRequest
from leadtui.ops import operation
from leadtui.ops.batch_runner import unwritable_verdict
from leadtui.ops.before_images import BeforeImage, read_before_images
from leadtui.ops.journal_models import ChunkState, LeadOutcome
from leadtui.ops.operation import OperationResult, Progress, ProgressCallback
from leadtui.ops.session import Session

#: lead_id, what the server printed → (outcome, detail, after-image or None)
Judge = Callable[
    [int, UpdateLeadOutcome], tuple[LeadOutcome, str, dict[str, str] | None]
]


async def run_per_lead(
    session: Session,
    *,
    kind: str,
    lead_ids: Sequence[int],
    build: Callable[[int], UpdateLeadRequest],
    judge: Judge,
    change: Mapping[int, dict[str, str]] | None = None,
    before_columns: Sequence[str] | None = (),
    images: Mapping[int, BeforeImage] | None = None,
    params: dict[str, object] | None = None,
    on_progress: ProgressCallback | None = None,
    links: Mapping[str, int | None] | None = None,
) -> OperationResult:
    """Send ``build(lead_id)`` for every lead and judge each answer.

    Before-images: ``images`` when given, else read (``before_columns`` empty =
    full records, None = none). Leads without a readable image are not written.
    Every request is built (and refused, if it must be) before anything is sent.
    """
    session.require_writable()
    requests = {lead_id: build(lead_id) for lead_id in lead_ids}
    forms = {lead_id: request.form() for lead_id, request in requests.items()}
    progress = on_progress or (lambda p: None)
    result = await operation.start(
        session,
        kind=kind,
        params={**(params or {}), "leads": len(lead_ids)},
        changes=[(i, dict((change or {}).get(i, {}))) for i in lead_ids],
        links=links,
    )
    journal = session.journal
    stop = asyncio.Event()

    async def work() -> str:
        known = dict(images or {})
        if before_columns is not None and not known:
            known = await read_before_images(
                session.client,
                lead_ids,
                before_columns,
                concurrency=session.concurrency,
                on_progress=lambda d, t: progress(Progress("reading", d, t)),
            )
        await session.journaled(
            journal.set_before,
            result.operation_id,
            [(i, img.state.value, img.values, img.detail) for i, img in known.items()],
        )
        unwritable = {
            i: unwritable_verdict(img) for i, img in known.items() if not img.readable
        }
        result.verdicts.update(unwritable)
        await session.journaled(
            journal.set_outcomes,
            result.operation_id,
            [(i, v[0], v[1], None) for i, v in unwritable.items()],
        )
        targets = [i for i in lead_ids if i not in unwritable]
        chunk_ids = {}
        for seq, lead_id in enumerate(targets):
            chunk_ids[lead_id] = await session.journaled(
                journal.add_chunk,
                result.operation_id,
                seq=seq,
                function="update_lead",
                request=forms[lead_id],
                lead_ids=[lead_id],
            )

        async def send(lead_id: int) -> None:
            await _send_one(
                session,
                chunk_ids[lead_id],
                lead_id,
                requests[lead_id],
                judge,
                result,
                stop,
            )
            progress(Progress("sending", len(result.verdicts), len(lead_ids)))

        await operation.run_pool(
            targets, send, concurrency=session.concurrency, stop=stop
        )
        return ""

    return await operation.conclude(session, result, lead_ids=lead_ids, work=work)


async def _send_one(
    session: Session,
    chunk_id: int,
    lead_id: int,
    request: UpdateLeadRequest,
    judge: Judge,
    result: OperationResult,
    stop: asyncio.Event,
) -> None:
    journal = session.journal
    await session.journaled(journal.chunk_sending, chunk_id)
    try:
        outcome = await session.client.update_lead(request)
    except e.VicidialError as error:
        if isinstance(error, e.LoginFailed | e.AccountLocked | e.ConnectionFailed):
            stop.set()
        if error.outcome_known:
            state, verdict = ChunkState.FAILED, refusal_outcome(error)
        else:
            state, verdict = ChunkState.UNKNOWN, LeadOutcome.UNKNOWN
        result.verdicts[lead_id] = (verdict, error.explain())
        await session.journaled(
            journal.chunk_finished,
            chunk_id,
            state,
            response=error.raw,
            error=error.explain(),
            outcomes={lead_id: (verdict, error.explain(), None)},
        )
        return
    verdict, detail, after = judge(lead_id, outcome)
    if outcome.error is not None:
        detail = "; ".join(p for p in (detail, outcome.error.explain()) if p)
    result.verdicts[lead_id] = (verdict, detail)
    await session.journaled(
        journal.chunk_finished,
        chunk_id,
        ChunkState.DONE,
        response="\n".join(line.raw for line in outcome.lines),
        outcomes={lead_id: (verdict, detail, after)},
    )


def judge_updates(
    changes: Mapping[int, dict[str, str]], *, done: str = "changed"
) -> Judge:
    """UPDATED with the change as after-image when the server changed a row, else UNCHANGED."""

    def judge(
        lead_id: int, outcome: UpdateLeadOutcome
    ) -> tuple[LeadOutcome, str, dict[str, str] | None]:
        change = dict(changes.get(lead_id, {}))
        updated = outcome.updated
        if updated and updated[0].affected > 0:
            return LeadOutcome.UPDATED, f"{done}: " + ", ".join(change), change
        return LeadOutcome.UNCHANGED, "already held these values", None

    return judge


def refusal_outcome(error: e.VicidialError) -> LeadOutcome:
    if isinstance(error, e.NoMatches):
        return LeadOutcome.NOT_FOUND
    if isinstance(error, e.NotAllowedList):
        return LeadOutcome.NOT_ALLOWED
    if isinstance(error, e.ConnectionFailed):
        return LeadOutcome.SKIPPED
    return LeadOutcome.FAILED
