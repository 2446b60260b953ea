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
import time

from leadtui.ops.cooperative import StopFlag
from leadtui.ops.engine_run import OperationRun
from leadtui.ops.journal_models import LeadOutcome, LeadPhase
from leadtui.ops.journal_operations import NewLead
from leadtui.ops.op_plan import OperationPlan
from leadtui.ops.ownership import (
    EngineSession,
    OperationRefused,
    check_owner,
    require_writable,
)
from leadtui.ops.results import OperationResult, ProgressCallback
from leadtui.ops.row_images import image_phase
from leadtui.ops.run_lock import OperationLock


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
    started = time.monotonic()
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
    created = time.monotonic() - started
    result = await drive(
        session, operation_id, lock=lock, stop=stop, on_progress=on_progress
    )
    # what journaling cost, for the next estimates (not shown as a count)
    result.run["journal_ms"] = result.run.get("journal_ms", 0) + round(created * 1000)
    return result


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
        run = OperationRun(
            session, op, stop or StopFlag(), on_progress or (lambda p: None)
        )
        return await run.go(resume=resume)
    finally:
        lock.release()
