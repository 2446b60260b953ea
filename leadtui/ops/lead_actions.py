"""Delete, reset, hopper and callback operations on a set of leads."""

from __future__ import annotations

from collections.abc import Sequence

from leadtui.api.vicidial.outcomes import (
    CallbackChanged,
    HopperChanged,
    UpdateLeadOutcome,
)
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.journal_models import LeadOutcome
from leadtui.ops.operation import OperationResult, ProgressCallback
from leadtui.ops.per_lead import run_per_lead
from leadtui.ops.session import Session

Judgement = tuple[LeadOutcome, str, dict[str, str] | None]


def _judge_delete(lead_id: int, outcome: UpdateLeadOutcome) -> Judgement:
    deleted = outcome.deleted
    if deleted and deleted[0].affected > 0:
        archived = deleted[0].callbacks_archived
        extra = f"; {archived} callback(s) moved to the archive" if archived else ""
        return LeadOutcome.DELETED, "deleted" + extra, {}
    return LeadOutcome.FAILED, "the server did not delete it", None


async def delete_leads(
    session: Session,
    lead_ids: Sequence[int],
    *,
    on_progress: ProgressCallback | None = None,
) -> OperationResult:
    """Delete each lead after keeping its full record as a before-image.

    Deleting cannot be undone on the server; leadtui can re-create the lead
    from its before-image (with a new lead ID).
    """

    def build(lead_id: int) -> UpdateLeadRequest:
        return UpdateLeadRequest(query=LeadQuery(lead_id=lead_id), delete_lead=True)

    return await run_per_lead(
        session,
        kind="delete",
        lead_ids=lead_ids,
        build=build,
        judge=_judge_delete,
        change={i: {"deleted": "yes"} for i in lead_ids},
        before_columns=["entry_date", "called_since_last_reset"],
        on_progress=on_progress,
    )


async def reset_leads(
    session: Session,
    lead_ids: Sequence[int],
    *,
    called_count: int | None = 0,
    add_to_hopper: bool = False,
    remove_callbacks: bool = False,
    before_images: bool = True,
    on_progress: ProgressCallback | None = None,
) -> list[OperationResult]:
    """``reset_lead=Y`` (and called_count) by batch; then hopper and callbacks per lead."""
    values = {} if called_count is None else {"called_count": str(called_count)}
    plan = BatchPlan(
        lead_ids=tuple(lead_ids),
        values=values,
        reset_lead=True,
        records=session.records_cap,
    )
    reset = await run_batch(
        session,
        plan,
        before_images=before_images,
        on_progress=on_progress,
        kind="reset",
    )
    results = [reset]
    matched = [
        i
        for i, verdict in reset.verdicts.items()
        if verdict[0]
        in (LeadOutcome.UPDATED, LeadOutcome.UNCHANGED, LeadOutcome.MATCHED)
    ]
    if add_to_hopper and matched:
        results.append(
            await hopper(session, matched, add=True, on_progress=on_progress)
        )
    if remove_callbacks and matched:
        results.append(
            await remove_callbacks_of(session, matched, on_progress=on_progress)
        )
    return results


def _judge_hopper(lead_id: int, outcome: UpdateLeadOutcome) -> Judgement:
    lines = outcome.of(HopperChanged)
    if not lines:
        return LeadOutcome.FAILED, "the server printed no hopper line", None
    line = lines[0]
    if line.action in ("added", "removed"):
        return (
            LeadOutcome.UPDATED,
            f"{line.action} {'to' if line.action == 'added' else 'from'} the hopper",
            None,
        )
    return LeadOutcome.UNCHANGED, line.reason, None


async def hopper(
    session: Session,
    lead_ids: Sequence[int],
    *,
    add: bool,
    priority: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> OperationResult:
    """Queue leads in the dialer's hopper, or take them out (``no_update=Y``)."""

    def build(lead_id: int) -> UpdateLeadRequest:
        return UpdateLeadRequest(
            query=LeadQuery(lead_id=lead_id),
            no_update=True,
            add_to_hopper=add,
            remove_from_hopper=not add,
            hopper_priority=priority if add else None,
        )

    return await run_per_lead(
        session,
        kind="hopper-add" if add else "hopper-remove",
        lead_ids=lead_ids,
        build=build,
        judge=_judge_hopper,
        before_columns=None,
        params={"priority": priority},
        on_progress=on_progress,
    )


def _judge_callbacks(lead_id: int, outcome: UpdateLeadOutcome) -> Judgement:
    lines = [line for line in outcome.of(CallbackChanged) if line.action == "deleted"]
    if not lines:
        return LeadOutcome.FAILED, "the server printed no callback line", None
    if lines[0].deleted:
        return (
            LeadOutcome.UPDATED,
            f"{lines[0].deleted} callback(s) moved to the archive",
            None,
        )
    return LeadOutcome.UNCHANGED, "no scheduled callback", None


async def remove_callbacks_of(
    session: Session,
    lead_ids: Sequence[int],
    *,
    on_progress: ProgressCallback | None = None,
) -> OperationResult:
    """``callback=REMOVE``: the server archives, then deletes, the leads' callbacks."""

    def build(lead_id: int) -> UpdateLeadRequest:
        return UpdateLeadRequest(
            query=LeadQuery(lead_id=lead_id), remove_callbacks=True
        )

    return await run_per_lead(
        session,
        kind="callbacks-remove",
        lead_ids=lead_ids,
        build=build,
        judge=_judge_callbacks,
        before_columns=None,
        on_progress=on_progress,
    )
