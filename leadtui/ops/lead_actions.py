"""Delete, reset, hopper, callback and custom-data operations on a set of leads."""

from __future__ import annotations

from collections.abc import Sequence

from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.custom_fields import ALL_CUSTOM, CLEARED
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.per_lead import run_per_lead
from leadtui.ops.results import OperationResult, ProgressCallback
from leadtui.ops.session import Session


async def delete_leads(
    session: Session,
    lead_ids: Sequence[int],
    *,
    on_progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
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
        judge="delete",
        change={i: {"deleted": "yes"} for i in lead_ids},
        before_columns=["entry_date", "called_since_last_reset"],
        on_progress=on_progress,
        stop=stop,
    )


async def clear_custom_data(
    session: Session,
    lead_ids: Sequence[int],
    *,
    on_progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
) -> OperationResult:
    """``delete_cf_data=Y``: each lead's row leaves its entry list's custom table
    and its entry list becomes 0. Every custom value is kept first as a
    before-image, so undo writes them back."""

    def build(lead_id: int) -> UpdateLeadRequest:
        return UpdateLeadRequest(
            query=LeadQuery(lead_id=lead_id), delete_custom_data=True
        )

    return await run_per_lead(
        session,
        kind="clear-custom",
        lead_ids=lead_ids,
        build=build,
        judge="clear-custom",
        change={i: {ALL_CUSTOM: CLEARED} for i in lead_ids},
        before_columns=[ALL_CUSTOM],
        on_progress=on_progress,
        stop=stop,
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
    stop: StopFlag | None = None,
) -> list[OperationResult]:
    """``reset_lead=Y`` (and called_count) by batch; then hopper and callbacks per
    lead, for the leads the reset matched (nothing more once stopped)."""
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
        stop=stop,
    )
    results = [reset]
    matched = [
        i
        for i, verdict in reset.verdicts.items()
        if verdict[0]
        in (LeadOutcome.UPDATED, LeadOutcome.UNCHANGED, LeadOutcome.MATCHED)
    ]
    if reset.state in (OperationState.CANCELLED, OperationState.FAILED):
        return results
    if add_to_hopper and matched:
        results.append(
            await hopper(session, matched, add=True, on_progress=on_progress, stop=stop)
        )
    if remove_callbacks and matched and not (stop and stop.is_set()):
        results.append(
            await remove_callbacks_of(
                session, matched, on_progress=on_progress, stop=stop
            )
        )
    return results


async def hopper(
    session: Session,
    lead_ids: Sequence[int],
    *,
    add: bool,
    priority: int | None = None,
    on_progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
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
        judge="hopper",
        before_columns=None,
        params={"priority": priority},
        on_progress=on_progress,
        stop=stop,
    )


async def remove_callbacks_of(
    session: Session,
    lead_ids: Sequence[int],
    *,
    on_progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
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
        judge="callbacks",
        before_columns=None,
        on_progress=on_progress,
        stop=stop,
    )
