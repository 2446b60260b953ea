"""Journals with operations in them, for tests that read journals (completion,
the hash chain, the team journal)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leadtui.ops.journal import Journal, LeadStep
from leadtui.ops.journal_models import LeadOutcome, LeadPhase, OperationState
from leadtui.ops.journal_operations import NewLead


def created_operation(
    journal: Journal,
    leads: list[NewLead],
    *,
    kind: str = "batch",
    params: dict[str, Any] | None = None,
) -> int:
    """An operation created with ``leads`` (a batch unless ``kind`` says), its lock
    released: journaled, not running."""
    op, lock = journal.create_operation(
        kind=kind,
        profile="p",
        backend="vicidial",
        server="http://x",
        api_user="6666",
        params={"groups": [{"function": "batch_update_lead"}]}
        if params is None
        else params,
        leads=leads,
    )
    lock.release()
    return op


def journal_with_operations(path: Path, count: int) -> None:
    """A journal at ``path`` holding ``count`` one-lead batch operations (1…count)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    journal = Journal(path)
    for _ in range(count):
        created_operation(journal, [NewLead(1001, 0, {"status": "NI"})])
    journal.close()


def finished_operation(
    journal: Journal,
    ids: list[int],
    *,
    status: str = "DNC",
    api_user: str = "6666",
    server: str = "http://dialer",
    state: OperationState = OperationState.DONE,
) -> int:
    """A batch setting ``status`` on ``ids`` as the engine journals it: created,
    a run begun, every lead updated, the run finished in ``state``."""
    op, lock = journal.create_operation(
        kind="batch",
        profile="main",
        backend="vicidial",
        server=server,
        api_user=api_user,
        params={"groups": [{"function": "batch_update_lead"}], "leads": len(ids)},
        leads=[NewLead(i, 0, {"status": status}) for i in ids],
    )
    run = journal.begin_run(op, "start")
    journal.step_leads(
        op,
        [
            LeadStep(
                i, LeadPhase.SETTLED, LeadOutcome.UPDATED, after={"status": status}
            )
            for i in ids
        ],
    )
    journal.finish_run(op, run, state, run_summary={}, summary={})
    lock.release()
    return op
