"""Resume an operation from its journaled phases: plan (from the journal alone),
describe, confirm, run.

A resume continues the same operation, in a new run: it re-reads the leads
whose answer was lost (those holding the change are not sent again), reads the
before-images never read, sends what was never confirmed, and journals what it
did. An operation of another server, or one a live process still runs, is
refused before anything is sent.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from leadtui.ops.backend import Group, Verify
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.engine import drive
from leadtui.ops.journal_models import LeadPhase, OperationRow, OperationState
from leadtui.ops.ownership import (
    EngineSession,
    OperationRefused,
    check_owner,
    require_writable,
)
from leadtui.ops.results import OperationResult, ProgressCallback
from leadtui.ops.wording import plural


class ResumePlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    operation: OperationRow
    #: leads whose answer was lost, by how the resume settles them
    lost: dict[Verify, int]
    #: leads never read or never sent (planned, ready, queued, held)
    unsent: int
    #: leads already settled
    settled: int
    reads_images: bool

    @property
    def empty(self) -> bool:
        return not (sum(self.lost.values()) or self.unsent)

    @property
    def lead_count(self) -> int:
        return sum(self.lost.values()) + self.unsent

    def nothing_reason(self) -> str:
        op = self.operation
        return (
            f"operation {op.id} has nothing left to do: all {plural(self.settled, 'lead')} "
            f"are settled (state {op.state.value})"
        )

    def describe(self) -> list[str]:
        op = self.operation
        lines = [
            f"Resume of operation {op.id} ({op.kind}, {op.started_at}, "
            f"{op.state.value}) on {op.server} as {op.api_user}:"
        ]
        compare = self.lost.get(Verify.COMPARE, 0) + self.lost.get(Verify.ABSENT, 0)
        if compare:
            lines.append(
                f"  {plural(compare, 'lead')} whose answer was lost: read again first; "
                "those already changed are not sent again"
            )
        resend = self.lost.get(Verify.RESEND, 0)
        if resend:
            lines.append(
                f"  {plural(resend, 'lead')} whose answer was lost: sent again "
                "(the request sets absolute values or cannot be checked by reading)"
            )
        never = self.lost.get(Verify.NEVER, 0)
        if never:
            lines.append(
                f"  {plural(never, 'lead')} whose answer was lost: NOT sent again "
                "(repeating could do it twice): check them by phone number"
            )
        if self.unsent:
            read = (
                " (read first where no before-image was kept)"
                if self.reads_images
                else ""
            )
            lines.append(f"  {plural(self.unsent, 'lead')} never sent: sent now{read}")
        lines.append(
            f"  {plural(self.settled, 'lead')} already settled: left as they are"
        )
        return lines


def prepare_resume(session: EngineSession, operation_id: int) -> ResumePlan:
    """What a resume would do, from the journal alone (nothing is read or sent).

    Raises KeyError for an unknown operation and OperationRefused for one of
    another server, one a live process runs, or one an older leadtui journaled.
    """
    journal = session.journal
    op = journal.operation(operation_id)
    check_owner(session, op, "resume")
    if op.engine_version < 2:
        raise OperationRefused(
            f"operation {op.id} was journaled by an older leadtui and cannot be "
            f"resumed; `leadtui log {op.id}` shows its requests"
        )
    if op.state is OperationState.RUNNING or journal.running_elsewhere(op.id):
        raise OperationRefused(
            f"operation {op.id} is being run by another leadtui; wait for it to finish"
        )
    groups = [Group.model_validate(g) for g in op.params["groups"]]
    lost: dict[Verify, int] = {}
    for row in journal.leads_in(op.id, [LeadPhase.UNKNOWN, LeadPhase.SENDING]):
        policy = groups[row.grp].verify
        if not session.backend.can_read and policy in (Verify.COMPARE, Verify.ABSENT):
            policy = Verify.RESEND
        lost[policy] = lost.get(policy, 0) + 1
    phases = journal.phase_counts(op.id)
    unsent = sum(
        phases.get(p, 0)
        for p in (LeadPhase.PLANNED, LeadPhase.READY, LeadPhase.QUEUED, LeadPhase.HELD)
    )
    return ResumePlan(
        operation=op,
        lost=lost,
        unsent=unsent,
        settled=phases.get(LeadPhase.SETTLED, 0),
        reads_images=bool(op.params.get("read_images")) and session.backend.can_read,
    )


async def run_resume(
    session: EngineSession,
    plan: ResumePlan,
    *,
    on_progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
) -> OperationResult:
    require_writable(session)
    return await drive(
        session,
        plan.operation.id,
        stop=stop,
        on_progress=on_progress,
        resume=True,
    )


def describe_run(result: OperationResult) -> list[str]:
    """What a run did, in one or two lines (the journal keeps it in ``runs``)."""
    did = result.run
    parts = []
    if did.get("applied"):
        parts.append(f"{did['applied']:,} found already changed (not sent again)")
    if did.get("resent") or did.get("resent_unread"):
        again = did.get("resent", 0) + did.get("resent_unread", 0)
        parts.append(f"{again:,} sent again after a lost answer")
    if did.get("still_unknown"):
        parts.append(f"{did['still_unknown']:,} still unknown (cannot be re-read now)")
    if did.get("unverifiable"):
        parts.append(f"{did['unverifiable']:,} left for the operator to check")
    if did.get("read"):
        parts.append(f"{did['read']:,} read")
    if did.get("sent_leads"):
        parts.append(f"{did['sent_leads']:,} sent")
    parts.append(plural(int(did.get("requests", 0)), "request"))
    if did.get("open"):
        parts.append(f"{did['open']:,} still open")
    return ["this run: " + "; ".join(parts)]


__all__ = [
    "OperationRefused",
    "ResumePlan",
    "describe_run",
    "prepare_resume",
    "run_resume",
]
