"""One run of an operation: verify lost answers, read before-images, send, settle.

Each phase moves leads through their journaled phases (see journal_models);
every stop is cooperative and every exception leaves a resumable state.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

from leadtui.ops.backend import (
    ChunkAnswer,
    Disposition,
    Group,
    LeadWork,
    SendError,
    Verify,
)
from leadtui.ops.before_images import BeforeImage
from leadtui.ops.cooperative import StopFlag, run_pool
from leadtui.ops.custom_fields import lead_columns
from leadtui.ops.journal import ImageStep, LeadStep
from leadtui.ops.journal_errors import OperationBusy
from leadtui.ops.journal_models import (
    CLEAN,
    ChunkState,
    LeadOutcome,
    LeadPhase,
    LeadRow,
    OperationRow,
    OperationState,
)
from leadtui.ops.lost_answers import settle_lost_answer
from leadtui.ops.ownership import EngineSession
from leadtui.ops.results import OperationResult, Progress, ProgressCallback
from leadtui.ops.row_images import image_phase, row_image

T = TypeVar("T")

#: before-images journaled together (a crash loses at most this many reads)
IMAGE_FLUSH = 100
IMAGE_FLUSH_SECONDS = 0.5


class OperationRun:
    def __init__(
        self,
        session: EngineSession,
        op: OperationRow,
        stop: StopFlag,
        progress: ProgressCallback,
    ) -> None:
        self.session = session
        self.journal = session.journal
        self.backend = session.backend
        self.op = op
        self.id = op.id
        self.stop = stop
        self.halt = ""  # a refusal every request would meet
        self.progress = progress
        self.groups = [Group.model_validate(g) for g in op.params["groups"]]
        self.run_id = 0
        self.did: dict[str, int] = {}
        self.sent_at_start = self.backend.requests_sent
        #: seconds this run spent waiting on the journal (for time estimates)
        self.journal_seconds = 0.0

    def stopped(self) -> bool:
        return bool(self.halt) or self.stop.is_set()

    def count(self, key: str, n: int = 1) -> None:
        self.did[key] = self.did.get(key, 0) + n

    async def journaled(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        started = time.monotonic()
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        finally:
            self.journal_seconds += time.monotonic() - started

    async def go(self, *, resume: bool) -> OperationResult:
        self.run_id = await self.journaled(
            self.journal.begin_run, self.id, "resume" if resume else "start"
        )
        try:
            if resume:
                self.count(
                    "retried", await self.journaled(self.journal.replan_held, self.id)
                )
            await self.verify()
            await self.read()
            await self.send()
        except BaseException as error:
            await self.abandon(error)
            raise
        return await self.settle()

    # --- 1. verify lost answers ------------------------------------------------

    async def verify(self) -> None:
        rows = await self.journaled(
            self.journal.leads_in, self.id, [LeadPhase.UNKNOWN, LeadPhase.SENDING]
        )
        if not rows or self.stopped():
            return
        steps: list[LeadStep] = []
        to_read: list[LeadRow] = []
        for row in rows:
            policy = self.groups[row.grp].verify
            if policy is Verify.NEVER:
                steps.append(
                    LeadStep(
                        row.lead_id,
                        LeadPhase.SETTLED,
                        LeadOutcome.UNKNOWN,
                        "its answer was lost and repeating it could do it twice: "
                        "check the lead by phone number before doing it again",
                    )
                )
                self.count("unverifiable")
            elif policy is Verify.RESEND or not self.backend.can_read:
                steps.append(
                    LeadStep(
                        row.lead_id,
                        LeadPhase.READY,
                        LeadOutcome.PENDING,
                        "its answer was lost: sent again",
                    )
                )
                self.count("resent_unread")
            else:
                to_read.append(row)
        if steps:
            await self.journaled(self.journal.step_leads, self.id, steps)
        if to_read:
            await self._reread(to_read)

    async def _reread(self, rows: list[LeadRow]) -> None:
        done = 0
        pending: list[ImageStep] = []

        async def check(row: LeadRow) -> None:
            nonlocal done
            group = self.groups[row.grp]
            columns = [c for c in row.change if c not in ("deleted", "recreate")]
            image = await self._read(row.lead_id, columns or ["list_id"])
            if image is None:
                return
            step, counted = settle_lost_answer(row, group, image)
            self.count(counted)
            pending.append(step)
            done += 1
            self.progress(Progress("verifying", done, len(rows)))
            if len(pending) >= IMAGE_FLUSH:
                await self._flush(pending)

        try:
            await self._pool(rows, check)
        finally:
            await self._flush(pending)

    async def _pool(
        self, items: Iterable[T], work: Callable[[T], Awaitable[None]]
    ) -> None:
        """Every read or send of the run: at the width the server allows now,
        up to the profile's concurrency, until a stop."""
        await run_pool(
            items,
            work,
            concurrency=self.session.concurrency,
            stopped=self.stopped,
            width=self.backend.width,
        )

    async def _flush(self, pending: list[ImageStep]) -> None:
        if not pending:
            return
        batch = list(pending)
        pending.clear()
        await self.journaled(self.journal.record_images, self.id, batch)

    async def _read(self, lead_id: int, columns: Sequence[str]) -> BeforeImage | None:
        """One read; a refusal every read would meet halts the run (None)."""
        try:
            return await self.backend.read_image(lead_id, columns)
        except SendError as error:
            self.halt = self.halt or error.detail
            return None

    # --- 2. before-images --------------------------------------------------------

    async def read(self) -> None:
        if self.stopped():
            return
        rows = await self.journaled(self.journal.leads_in, self.id, [LeadPhase.PLANNED])
        if not rows:
            return
        reads = bool(self.op.params.get("read_images")) and self.backend.can_read
        unread = [r for r in rows if not (reads and self.groups[r.grp].read)]
        if unread:
            await self.journaled(
                self.journal.step_leads,
                self.id,
                [
                    LeadStep(r.lead_id, LeadPhase.READY, LeadOutcome.PENDING)
                    for r in unread
                ],
            )
        rows = [r for r in rows if reads and self.groups[r.grp].read]
        if not rows:
            return
        columns = list(self.op.params.get("image_columns") or [])
        pending: list[ImageStep] = []
        done = 0
        last_flush = time.monotonic()

        async def read_one(row: LeadRow) -> None:
            nonlocal done, last_flush
            image = await self._read(row.lead_id, lead_columns(columns, row.change))
            if image is None:
                return
            phase, outcome, detail = image_phase(image)
            pending.append(
                ImageStep(
                    row.lead_id, image.state.value, image.values, detail, phase, outcome
                )
            )
            done += 1
            self.count("read")
            self.progress(Progress("reading", done, len(rows)))
            if (
                len(pending) >= IMAGE_FLUSH
                or time.monotonic() - last_flush > IMAGE_FLUSH_SECONDS
            ):
                last_flush = time.monotonic()
                await self._flush(pending)

        try:
            await self._pool(rows, read_one)
        finally:
            await self._flush(pending)

    # --- 3. send -------------------------------------------------------------------

    async def send(self) -> None:
        if self.stopped():
            return
        rows = await self.journaled(self.journal.leads_in, self.id, [LeadPhase.READY])
        if not rows:
            return
        by_group: dict[int, list[LeadWork]] = {}
        for row in rows:
            by_group.setdefault(row.grp, []).append(
                LeadWork(row.lead_id, row.change, row.request, row_image(row))
            )
        planned: list[tuple[int, list[LeadWork]]] = []
        for grp in sorted(by_group):
            works = by_group[grp]
            size = self.groups[grp].size
            planned += [(grp, works[i : i + size]) for i in range(0, len(works), size)]
        chunk_ids = await self.journaled(
            self.journal.queue_chunks,
            self.id,
            self.run_id,
            [
                (
                    seq,
                    grp,
                    self.groups[grp].function,
                    self.backend.request_of(self.groups[grp], works),
                    [w.lead_id for w in works],
                )
                for seq, (grp, works) in enumerate(planned)
            ],
        )
        total = len(rows)
        tally = {"done": 0, "unknown": 0}

        async def send_one(item: tuple[int, tuple[int, list[LeadWork]]]) -> None:
            chunk_id, (grp, works) = item
            await self._send_chunk(chunk_id, self.groups[grp], works, tally)
            self.progress(Progress("sending", tally["done"], total, tally["unknown"]))

        await self._pool(list(zip(chunk_ids, planned, strict=True)), send_one)

    async def _send_chunk(
        self, chunk_id: int, group: Group, works: list[LeadWork], tally: dict[str, int]
    ) -> None:
        await self.journaled(self.journal.chunk_sending, chunk_id)
        self.count("sent_leads", len(works))
        try:
            answer: ChunkAnswer = await self.backend.send(group, works)
        except SendError as error:
            tally["done"] += len(works)
            if error.disposition is Disposition.UNKNOWN:
                tally["unknown"] += len(works)
                state, phase, outcome = (
                    ChunkState.UNKNOWN,
                    LeadPhase.UNKNOWN,
                    LeadOutcome.UNKNOWN,
                )
                detail = error.detail
            else:
                self.halt = self.halt or error.detail
                state, phase = ChunkState.FAILED, LeadPhase.HELD
                if error.disposition is Disposition.NOT_SENT:
                    outcome, detail = LeadOutcome.SKIPPED, f"not sent: {error.detail}"
                else:
                    outcome, detail = LeadOutcome.FAILED, error.detail
            await self.journaled(
                self.journal.chunk_finished,
                chunk_id,
                state,
                response=error.raw,
                error=error.detail,
                steps=[LeadStep(w.lead_id, phase, outcome, detail) for w in works],
            )
            return
        steps = []
        for work in works:
            outcome, detail, after = answer.verdicts.get(
                work.lead_id,
                (LeadOutcome.UNKNOWN, "the answer said nothing about this lead", None),
            )
            phase = (
                LeadPhase.UNKNOWN
                if outcome is LeadOutcome.UNKNOWN
                else LeadPhase.SETTLED
            )
            if outcome is LeadOutcome.UNKNOWN:
                tally["unknown"] += 1
            steps.append(LeadStep(work.lead_id, phase, outcome, detail, after))
        tally["done"] += len(works)
        await self.journaled(
            self.journal.chunk_finished,
            chunk_id,
            ChunkState.DONE,
            response=answer.response,
            steps=steps,
        )

    # --- 4. settle -----------------------------------------------------------------

    def reason(self) -> str:
        return self.halt or self.stop.reason

    async def settle(self) -> OperationResult:
        reason = self.reason()
        held = await self.journaled(
            self.journal.hold_open,
            self.id,
            [LeadPhase.PLANNED, LeadPhase.READY, LeadPhase.QUEUED],
            outcome=LeadOutcome.SKIPPED,
            detail=f"not sent: {reason}" if reason else "not sent",
        )
        phases = await self.journaled(self.journal.phase_counts, self.id)
        outcomes = await self.journaled(self.journal.outcome_counts, self.id)
        open_leads = sum(n for p, n in phases.items() if p.open)
        if self.halt:
            state = OperationState.FAILED
        elif self.stop.is_set() and open_leads:
            state = OperationState.CANCELLED
        elif open_leads or any(LeadOutcome(k) not in CLEAN for k in outcomes):
            state = OperationState.PARTIAL
        else:
            state = OperationState.DONE
        requests = self.backend.requests_sent - self.sent_at_start
        self.did["requests"] = requests
        self.did["held"] = held
        self.did["journal_ms"] = round(self.journal_seconds * 1000)
        self.did["open"] = open_leads
        total_requests = int(self.op.summary.get("requests", 0) or 0) + requests
        summary = {"counts": outcomes, "requests": total_requests, "error": reason}
        await self.journaled(
            self.journal.finish_run,
            self.id,
            self.run_id,
            state,
            run_summary={**self.did, "stopped": reason},
            summary=summary,
        )
        verdicts = await self.journaled(self.journal.verdicts, self.id)
        return OperationResult(
            operation_id=self.id,
            state=state,
            verdicts=verdicts,
            requests=requests,
            error=reason,
            run=dict(self.did),
        )

    async def abandon(self, error: BaseException) -> None:
        """An exception stopped the run: journal what can be journaled, then let it go.

        Leads already ``sending`` stay so (their answer is unknown); the rest of
        the open work is held. If the journal itself is what failed, the next
        start finds the operation ``running`` with no live process and marks it
        interrupted.
        """
        if isinstance(error, asyncio.CancelledError | OperationBusy):
            reason = "stopped before it finished"
        else:
            reason = f"stopped by an error: {type(error).__name__}: {error}"
        with contextlib.suppress(BaseException):
            await asyncio.shield(
                asyncio.to_thread(self.journal.interrupt, self.id, self.run_id, reason)
            )
