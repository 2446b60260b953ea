"""Undo and resume as one flow for both front ends: propose → describe → confirm → run.

The CLI prints a proposal's lines and asks; the TUI shows them in a modal. Both
then call ``proposal.run`` — the same code, the same checks (the operation's
server, no live process running it, a read-only profile) — and neither builds
its own description.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from leadtui.ops.cooperative import StopFlag
from leadtui.ops.dnc_operations import KINDS as DNC_KINDS
from leadtui.ops.dnc_operations import plan_dnc_undo, run_dnc
from leadtui.ops.ownership import EngineSession, OperationRefused, require_writable
from leadtui.ops.results import OperationResult, ProgressCallback
from leadtui.ops.resume import prepare_resume, run_resume
from leadtui.ops.session import Session, VoiceSession
from leadtui.ops.undo import UndoPlan, check_undoable, prepare_undo, run_undo
from leadtui.ops.wording import plural

Runner = Callable[[StopFlag, ProgressCallback | None], Awaitable[OperationResult]]


@dataclass
class Proposal:
    title: str
    lines: list[str]
    #: leads the run would work on (0: nothing to do)
    leads: int
    #: one line saying why there is nothing to do
    nothing: str
    #: the question before running ("Restore 2,000 leads?")
    question: str
    #: label of the confirm button
    action: str
    run: Runner
    #: leads the server cannot be brought back for (undo), shown with the result
    impossible: list[tuple[int, str, str]] = field(default_factory=list)
    left_alone: dict[int, str] = field(default_factory=dict)
    #: ask to type this count before running (taking numbers off a DNC list)
    typed_count: int | None = None
    #: what the count counts, in that question
    noun: str = "leads"

    @property
    def empty(self) -> bool:
        return self.leads == 0


async def propose_undo(session: Session | VoiceSession, operation_id: int) -> Proposal:
    """Reads the leads' current values (VICIdial) and plans their restore.

    Raises KeyError for an unknown operation, OperationRefused for one of another
    server or still running, ReadOnlyProfile for a read-only profile."""
    require_writable(session)
    if session.journal.operation(operation_id).kind in DNC_KINDS:
        return _propose_dnc_undo(session, operation_id)
    plan = await prepare_undo(session, operation_id)

    async def run(stop: StopFlag, progress: ProgressCallback | None) -> OperationResult:
        return await run_undo(session, plan, stop=stop, on_progress=progress)

    return Proposal(
        title=f"Undo operation {operation_id}",
        lines=plan.describe(),
        leads=plan.lead_count,
        nothing=f"Nothing to undo in operation {operation_id}: {plan.nothing_reason()}",
        question=f"Restore {plural(plan.lead_count, 'lead')}?",
        action="Restore",
        run=run,
        impossible=list(plan.impossible),
        left_alone=dict(plan.left_alone) if isinstance(plan, UndoPlan) else {},
        # deleting the leads an operation inserted: type the count
        typed_count=plan.lead_count
        if isinstance(plan, UndoPlan) and plan.remove
        else None,
    )


def _propose_dnc_undo(session: Session | VoiceSession, operation_id: int) -> Proposal:
    """The opposite DNC operation, for the numbers this one changed."""
    check_undoable(session, operation_id)
    if not isinstance(session, Session):
        raise OperationRefused("a DNC undo needs a VICIdial profile")
    vicidial: Session = session
    plan = plan_dnc_undo(session.journal, operation_id)

    async def run(stop: StopFlag, progress: ProgressCallback | None) -> OperationResult:
        check_undoable(vicidial, operation_id)
        return await run_dnc(vicidial, plan, stop=stop, on_progress=progress)

    count = plural(len(plan.phones), "number")
    return Proposal(
        title=f"Undo operation {operation_id}",
        lines=[f"Undo of operation {operation_id}:", *plan.describe()],
        leads=len(plan.phones),
        nothing=(
            f"Nothing to undo in operation {operation_id}: it changed no number "
            "(numbers that were already listed, or not listed, are left as they are)"
        ),
        question=(
            f"{'Take' if plan.action == 'dnc-remove' else 'Put'} {count} "
            f"{'off' if plan.action == 'dnc-remove' else 'back on'} {plan.where}?"
        ),
        action="Undo",
        run=run,
        # numbers that asked not to be called could be dialed again: type the count
        typed_count=len(plan.phones) if plan.action == "dnc-remove" else None,
        noun="numbers",
    )


def propose_resume(session: EngineSession, operation_id: int) -> Proposal:
    """From the journal alone. Raises like :func:`propose_undo`."""
    require_writable(session)
    plan = prepare_resume(session, operation_id)

    async def run(stop: StopFlag, progress: ProgressCallback | None) -> OperationResult:
        return await run_resume(session, plan, stop=stop, on_progress=progress)

    return Proposal(
        title=f"Resume operation {operation_id}",
        lines=plan.describe(),
        leads=plan.lead_count,
        nothing=plan.nothing_reason(),
        question=(
            f"Resume operation {operation_id} ({plural(plan.lead_count, 'lead')})?"
        ),
        action="Resume",
        run=run,
    )
