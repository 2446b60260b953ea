"""Runs a BatchPlan: before-images, journaled chunks, reconciliation, cancel.

Each chunk goes ``planned`` → ``sending`` (committed before the request
leaves) → ``done`` / ``failed`` / ``unknown`` with every lead's outcome in the
same commit. Cancelling stops after the chunks in flight; what was not sent is
marked ``skipped`` and can be resumed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.outcomes import BatchUpdateOutcome
from leadtui.ops import operation
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.before_images import BeforeImage, ImageState, read_before_images
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import ChunkState, LeadOutcome
from leadtui.ops.operation import OperationResult, Progress, ProgressCallback
from leadtui.ops.reconcile import Verdict, reconcile_batch
from leadtui.ops.session import Session


async def run_batch(
    session: Session,
    plans: BatchPlan | Sequence[BatchPlan],
    *,
    before_images: bool = True,
    images: Mapping[int, BeforeImage] | None = None,
    on_progress: ProgressCallback | None = None,
    kind: str = "batch",
    links: Mapping[str, int | None] | None = None,
) -> OperationResult:
    """Apply one plan, or several (one set of values each) as one operation.

    Every lead ends with a verdict in the result and in the journal. Before-
    images are read unless ``before_images`` is False or ``images`` are given.
    """
    session.require_writable()
    groups = [plans] if isinstance(plans, BatchPlan) else list(plans)
    problems = [p for plan in groups for p in plan.problems()]
    if problems:
        raise e.RequestRefused("; ".join(problems))
    lead_ids = [i for plan in groups for i in plan.lead_ids]
    params = {
        "values": groups[0].values if len(groups) == 1 else [p.values for p in groups],
        "reset_lead": any(p.reset_lead for p in groups),
        "list_exists_check": any(p.list_exists_check for p in groups),
        "records": groups[0].records,
        "leads": len(lead_ids),
        "before_images": before_images or images is not None,
    }
    result = await operation.start(
        session,
        kind=kind,
        params=params,
        changes=((i, plan.predicted) for plan in groups for i in plan.lead_ids),
        links=links,
    )
    runner = _BatchRunner(session, groups, result, on_progress or (lambda p: None))

    async def work() -> str:
        known = dict(images or {})
        if images is None and before_images:
            known = await runner.read_images()
        elif images is not None:
            await runner.journal_images(known)
        await runner.send_all(known)
        return runner.abort_reason

    return await operation.conclude(session, result, lead_ids=lead_ids, work=work)


class _BatchRunner:
    def __init__(
        self,
        session: Session,
        plans: list[BatchPlan],
        result: OperationResult,
        on_progress: ProgressCallback,
    ) -> None:
        self.session = session
        self.plans = plans
        self.lead_ids = [i for plan in plans for i in plan.lead_ids]
        self.result = result
        self.on_progress = on_progress
        self.stop = asyncio.Event()
        self.abort_reason = ""

    @property
    def journal(self) -> Journal:
        return self.session.journal

    async def read_images(self) -> dict[int, BeforeImage]:
        total = len(self.lead_ids)
        columns = list(dict.fromkeys(c for plan in self.plans for c in plan.columns))
        images = await read_before_images(
            self.session.client,
            self.lead_ids,
            columns,
            concurrency=self.session.concurrency,
            on_progress=lambda done, _: self.on_progress(
                Progress("reading", done, total)
            ),
        )
        await self.journal_images(images)
        return images

    async def journal_images(self, images: Mapping[int, BeforeImage]) -> None:
        await self.session.journaled(
            self.journal.set_before,
            self.result.operation_id,
            [(i, img.state.value, img.values, img.detail) for i, img in images.items()],
        )

    async def send_all(self, images: dict[int, BeforeImage]) -> None:
        unwritable = {
            i: unwritable_verdict(img) for i, img in images.items() if not img.readable
        }
        if unwritable:
            self.result.verdicts.update(unwritable)
            await self.session.journaled(
                self.journal.set_outcomes,
                self.result.operation_id,
                [(i, v[0], v[1], None) for i, v in unwritable.items()],
            )
        planned: list[tuple[BatchPlan, tuple[int, ...]]] = []
        for plan in self.plans:
            targets = tuple(i for i in plan.lead_ids if i not in unwritable)
            for start in range(0, len(targets), plan.records):
                planned.append((plan, targets[start : start + plan.records]))
        chunk_ids = await self.session.journaled(
            self.journal.add_chunks,
            self.result.operation_id,
            [
                (seq, "batch_update_lead", plan.request(chunk).form(), list(chunk))
                for seq, (plan, chunk) in enumerate(planned)
            ],
        )
        work = [
            (cid, plan, chunk)
            for cid, (plan, chunk) in zip(chunk_ids, planned, strict=True)
        ]

        async def send(item: tuple[int, BatchPlan, tuple[int, ...]]) -> None:
            await self.send_chunk(*item, images)
            failed = sum(
                1 for v in self.result.verdicts.values() if v[0] is LeadOutcome.UNKNOWN
            )
            done = len(self.result.verdicts)
            self.on_progress(Progress("sending", done, len(self.lead_ids), failed))

        await operation.run_pool(
            work, send, concurrency=self.session.concurrency, stop=self.stop
        )

    async def send_chunk(
        self,
        chunk_id: int,
        plan: BatchPlan,
        chunk: tuple[int, ...],
        images: dict[int, BeforeImage],
    ) -> None:
        await self.session.journaled(self.journal.chunk_sending, chunk_id)
        try:
            outcome = await self.session.client.batch_update_lead(plan.request(chunk))
        except e.NoMatches as error:
            outcome = BatchUpdateOutcome(raw=error.raw, found_ids=())
        except e.VicidialError as error:
            await self.chunk_failed(chunk_id, chunk, error)
            return
        verdicts = reconcile_batch(
            chunk,
            outcome.found_ids,
            records=plan.records,
            predicted=plan.predicted,
            before=images,
        )
        verdicts = await self.explain_unmatched(plan, chunk, outcome, verdicts, images)
        self.result.verdicts.update(verdicts)
        after = plan.predicted
        await self.session.journaled(
            self.journal.chunk_finished,
            chunk_id,
            ChunkState.DONE,
            response=outcome.raw,
            outcomes={
                i: (v[0], v[1], after if v[0].changed else None)
                for i, v in verdicts.items()
            },
        )

    async def explain_unmatched(
        self,
        plan: BatchPlan,
        chunk: Sequence[int],
        outcome: BatchUpdateOutcome,
        verdicts: dict[int, Verdict],
        images: dict[int, BeforeImage],
    ) -> dict[int, Verdict]:
        """Without before-images, read each unmatched lead to say why it was skipped."""
        unmatched = [
            i
            for i, v in verdicts.items()
            if i not in images and v[0] not in operation.CLEAN
        ]
        if not unmatched:
            return verdicts
        probes = await read_before_images(
            self.session.client,
            unmatched,
            ["list_id"],
            concurrency=self.session.concurrency,
        )
        refined = reconcile_batch(
            chunk,
            outcome.found_ids,
            records=plan.records,
            predicted=plan.predicted,
            before={**images, **probes},
        )
        return {i: refined[i] if i in probes else v for i, v in verdicts.items()}

    async def chunk_failed(
        self, chunk_id: int, chunk: tuple[int, ...], error: e.VicidialError
    ) -> None:
        if not error.outcome_known:
            state, outcome = ChunkState.UNKNOWN, LeadOutcome.UNKNOWN
        elif isinstance(error, e.ConnectionFailed):
            state, outcome = ChunkState.FAILED, LeadOutcome.SKIPPED
        else:
            state, outcome = ChunkState.FAILED, LeadOutcome.FAILED
        detail = error.explain()
        verdicts = {i: (outcome, detail) for i in chunk}
        self.result.verdicts.update(verdicts)
        await self.session.journaled(
            self.journal.chunk_finished,
            chunk_id,
            state,
            response=error.raw,
            error=detail,
            outcomes={i: (outcome, detail, None) for i in chunk},
        )
        if error.outcome_known:
            # a refusal (list not allowed, login, unreachable) would hit every chunk
            self.abort_reason = detail
            self.stop.set()


def unwritable_verdict(image: BeforeImage) -> Verdict:
    """Why a lead without a readable before-image is not written."""
    if image.state is ImageState.MISSING:
        return LeadOutcome.NOT_FOUND, "no such lead: not sent"
    if image.state is ImageState.HIDDEN:
        return LeadOutcome.NOT_ALLOWED, f"{image.detail}: not sent"
    return LeadOutcome.SKIPPED, f"before-image unreadable, not written ({image.detail})"
