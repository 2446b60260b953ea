"""The operation engine: one journaled state machine for every operation and backend.

``execute`` journals a plan (every lead ``planned``, or ``ready`` with a known
before-image) and drives it; ``drive`` also resumes an operation from whatever
its leads' phases say, whichever moment the last process stopped in:

1. *verify* — leads whose answer was lost are read again (or, where the
   backend cannot read or repeating is harmless, sent again);
2. *read* — ``planned`` leads get their before-images;
3. *send* — ``ready`` leads go out in requests of their group's size;
4. *settle* — what was not sent is ``held`` with the reason, and the
   operation's state and this run's summary are journaled.

Stopping is cooperative (:class:`~leadtui.ops.cooperative.StopFlag`): no request
starts after the stop; the ones in flight finish and are journaled. An
exception anywhere (a journal that cannot be written, a bug) stops the pool the
same way and leaves a state a resume can finish. An operation belongs to the
server it was made on, and to one process at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from leadtui.ops.backend import (
    Backend,
    ChunkAnswer,
    Disposition,
    Group,
    LeadWork,
    SendError,
    Verify,
)
from leadtui.ops.before_images import BeforeImage, ImageState
from leadtui.ops.cooperative import StopFlag, run_pool
from leadtui.ops.journal import ImageStep, Journal, LeadStep, NewLead
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
from leadtui.ops.op_plan import OperationPlan
from leadtui.ops.reconcile import Verdict, matched_outcome
from leadtui.ops.run_lock import OperationLock
from leadtui.ops.session import ReadOnlyProfile

T = TypeVar("T")

#: before-images journaled together (a crash loses at most this many reads)
IMAGE_FLUSH = 100
IMAGE_FLUSH_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class Progress:
    phase: str  # "verifying", "reading" (before-images) or "sending"
    done: int
    total: int
    failed: int = 0


ProgressCallback = Callable[[Progress], None]


class OperationRefused(Exception):
    """The operation cannot be resumed or undone from this session; nothing was sent."""


def _why_not_done() -> tuple[type[Exception], ...]:
    from leadtui.api.vicidial.errors import VicidialError
    from leadtui.api.voiceaiwrapper.errors import VoiceAIWrapperError
    from leadtui.ops.journal_errors import JournalError

    return (
        VicidialError,
        VoiceAIWrapperError,
        OperationRefused,
        OperationBusy,
        ReadOnlyProfile,
        JournalError,
    )


#: What an operation (or its plan) can end in instead of a result; each one
#: says why in ``str()``, in the operator's words.
WHY_NOT_DONE = _why_not_done()


class EngineSession(Protocol):
    journal: Journal
    profile: str
    read_only: bool
    concurrency: int

    @property
    def backend(self) -> Backend: ...


@dataclass
class OperationResult:
    operation_id: int
    state: OperationState = OperationState.RUNNING
    verdicts: dict[int, Verdict] = field(default_factory=dict)
    requests: int = 0
    error: str = ""
    notes: list[str] = field(default_factory=list)
    #: what this run did (verified, applied, read, sent, held …)
    run: dict[str, Any] = field(default_factory=dict)

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


def require_writable(session: EngineSession) -> None:
    if session.read_only:
        raise ReadOnlyProfile(session.profile)


def check_owner(session: EngineSession, op: OperationRow, verb: str) -> None:
    """Refuse an operation made on another server, or as another API user."""
    identity = session.backend.identity
    if (op.backend, op.server, op.api_user) != (
        identity.backend,
        identity.server,
        identity.api_user,
    ):
        raise OperationRefused(
            f"operation {op.id} was made on {op.server} as {op.api_user} ({op.backend}); "
            f"this session is {identity.server} as {identity.api_user}: {verb} it "
            "with a profile for that server"
        )


def image_phase(image: BeforeImage) -> tuple[LeadPhase, LeadOutcome, str]:
    """Where a lead goes once its before-image is read."""
    if image.readable:
        return LeadPhase.READY, LeadOutcome.PENDING, image.detail
    if image.state is ImageState.MISSING:
        return LeadPhase.SETTLED, LeadOutcome.NOT_FOUND, "no such lead: not sent"
    if image.state is ImageState.HIDDEN:
        return (
            LeadPhase.SETTLED,
            LeadOutcome.NOT_ALLOWED,
            f"{image.detail}: not sent",
        )
    return (
        LeadPhase.HELD,
        LeadOutcome.SKIPPED,
        f"before-image unreadable, not written ({image.detail})",
    )


def row_image(row: LeadRow) -> BeforeImage | None:
    if row.before_state in ("none", "") or row.before is None:
        if row.before_state in (ImageState.MISSING, ImageState.HIDDEN):
            return BeforeImage(lead_id=row.lead_id, state=ImageState(row.before_state))
        return None
    try:
        state = ImageState(row.before_state)
    except ValueError:
        state = ImageState.PARTIAL
    return BeforeImage(lead_id=row.lead_id, state=state, values=row.before)


async def execute(
    session: EngineSession,
    plan: OperationPlan,
    *,
    stop: StopFlag | None = None,
    on_progress: ProgressCallback | None = None,
) -> OperationResult:
    """Journal ``plan`` (before anything is read or sent), then run it."""
    require_writable(session)
    backend = session.backend
    identity = backend.identity
    ids = plan.lead_ids
    if len(set(ids)) != len(ids):
        seen: set[int] = set()
        twice = next(i for i in ids if i in seen or seen.add(i))  # type: ignore[func-returns-value]
        raise OperationRefused(f"lead {twice} appears twice in one operation")
    leads: list[NewLead] = []
    for index, group in enumerate(plan.groups):
        requests = group.requests or {}
        for lead_id in group.lead_ids:
            image = plan.befores.get(lead_id)
            reads = plan.read_images and group.spec.read
            phase, outcome, detail = (
                (LeadPhase.PLANNED if reads else LeadPhase.READY),
                LeadOutcome.PENDING,
                "",
            )
            if image is not None:
                phase, outcome, detail = image_phase(image)
                if phase is LeadPhase.HELD:  # read it again when the run starts
                    phase, outcome = LeadPhase.PLANNED, LeadOutcome.PENDING
            leads.append(
                NewLead(
                    lead_id=lead_id,
                    grp=index,
                    change=group.change_of(lead_id),
                    request=requests.get(lead_id),
                    phase=phase,
                    outcome=outcome,
                    before_state=image.state.value if image else "none",
                    before=image.values if image else None,
                    detail=detail,
                )
            )
    params = {
        **plan.params,
        "backend": identity.backend,
        "groups": [g.spec.model_dump(mode="json") for g in plan.groups],
        "read_images": plan.read_images,
        "image_columns": plan.image_columns,
        "leads": len(leads),
    }
    operation_id, lock = await asyncio.to_thread(
        session.journal.create_operation,
        kind=plan.kind,
        profile=session.profile,
        backend=identity.backend,
        server=identity.server,
        api_user=identity.api_user,
        params=params,
        leads=leads,
        undo_of=plan.undo_of,
    )
    return await drive(
        session, operation_id, lock=lock, stop=stop, on_progress=on_progress
    )


async def drive(
    session: EngineSession,
    operation_id: int,
    *,
    lock: OperationLock | None = None,
    stop: StopFlag | None = None,
    on_progress: ProgressCallback | None = None,
    resume: bool = False,
) -> OperationResult:
    """Run the operation from its journaled phases until nothing is left or it stops."""
    journal = session.journal
    try:
        op = await asyncio.to_thread(journal.operation, operation_id)
        if resume:
            require_writable(session)
            check_owner(session, op, "resume")
            if op.engine_version < 2:
                raise OperationRefused(
                    f"operation {op.id} was journaled by an older leadtui and cannot be "
                    f"resumed; `leadtui log {op.id}` shows its requests"
                )
        if lock is None:
            lock = journal.lock_operation(operation_id)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    try:
        run = _Run(session, op, stop or StopFlag(), on_progress or (lambda p: None))
        return await run.go(resume=resume)
    finally:
        lock.release()


class _Run:
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

    def stopped(self) -> bool:
        return bool(self.halt) or self.stop.is_set()

    def count(self, key: str, n: int = 1) -> None:
        self.did[key] = self.did.get(key, 0) + n

    async def journaled(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(fn, *args, **kwargs)

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
            pending.append(self._verdict_of_reread(row, group, image))
            done += 1
            self.progress(Progress("verifying", done, len(rows)))
            if len(pending) >= IMAGE_FLUSH:
                await self._flush(pending)

        try:
            await run_pool(
                rows, check, concurrency=self.session.concurrency, stopped=self.stopped
            )
        finally:
            await self._flush(pending)

    def _verdict_of_reread(
        self, row: LeadRow, group: Group, image: BeforeImage
    ) -> ImageStep:
        old = row_image(row)
        keep_state = row.before_state
        keep_values = row.before
        if group.verify is Verify.ABSENT and image.state is ImageState.MISSING:
            self.count("applied")
            return ImageStep(
                row.lead_id,
                keep_state,
                keep_values,
                "deleted (its answer was lost; re-read: the lead is gone)",
                LeadPhase.SETTLED,
                LeadOutcome.DELETED,
            )
        if image.state is ImageState.MISSING:
            self.count("gone")
            return ImageStep(
                row.lead_id,
                keep_state,
                keep_values,
                "no such lead (re-read after its answer was lost)",
                LeadPhase.SETTLED,
                LeadOutcome.NOT_FOUND,
            )
        if image.state is ImageState.HIDDEN:
            self.count("gone")
            return ImageStep(
                row.lead_id,
                keep_state,
                keep_values,
                f"{image.detail} (re-read after its answer was lost)",
                LeadPhase.SETTLED,
                LeadOutcome.NOT_ALLOWED,
            )
        if not image.readable or image.values is None:
            self.count("still_unknown")
            return ImageStep(
                row.lead_id,
                keep_state,
                keep_values,
                f"its answer was lost and it cannot be re-read now ({image.detail})",
                LeadPhase.UNKNOWN,
                LeadOutcome.UNKNOWN,
            )
        change = {c: v for c, v in row.change.items() if c not in ("deleted",)}
        if (
            group.verify is Verify.COMPARE
            and change
            and all(image.values.get(c) == v for c, v in change.items())
        ):
            self.count("applied")
            outcome, _ = matched_outcome(old, change)
            return ImageStep(
                row.lead_id,
                keep_state,
                keep_values,
                "applied before its answer was lost (read back)",
                LeadPhase.SETTLED,
                outcome,
            )
        # not applied: it goes out again, with what it holds now as its before-image
        self.count("resent")
        values = {**(row.before or {}), **image.values}
        state = keep_state if keep_state not in ("none", "") else image.state.value
        return ImageStep(
            row.lead_id,
            state,
            values,
            "its answer was lost and it does not hold the change: sent again",
            LeadPhase.READY,
            LeadOutcome.PENDING,
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
            image = await self._read(row.lead_id, columns)
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
            await run_pool(
                rows,
                read_one,
                concurrency=self.session.concurrency,
                stopped=self.stopped,
            )
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

        await run_pool(
            list(zip(chunk_ids, planned, strict=True)),
            send_one,
            concurrency=self.session.concurrency,
            stopped=self.stopped,
        )

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
