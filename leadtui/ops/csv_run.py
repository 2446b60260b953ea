"""Apply a VICIdial CSV plan: the shared-value batches, then the single updates."""

from __future__ import annotations

from leadtui.api.vicidial.preview import stored_columns
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.csv_plan import VicidialCsvPlan
from leadtui.ops.operation import OperationResult, ProgressCallback
from leadtui.ops.per_lead import judge_updates, run_per_lead
from leadtui.ops.session import Session


async def run_vicidial_csv(
    session: Session,
    plan: VicidialCsvPlan,
    *,
    before_images: bool = True,
    on_progress: ProgressCallback | None = None,
) -> list[OperationResult]:
    session.require_writable()
    results = []
    if plan.batches:
        results.append(
            await run_batch(
                session,
                plan.batches,
                before_images=before_images,
                on_progress=on_progress,
                kind="csv",
            )
        )
    if plan.singles:
        changes = {
            lead_id: stored_columns(
                {
                    **request.values,
                    **(
                        {"phone_number": request.new_phone_number}
                        if request.new_phone_number
                        else {}
                    ),
                }
            )
            for lead_id, request in plan.singles.items()
        }

        results.append(
            await run_per_lead(
                session,
                kind="csv",
                lead_ids=list(plan.singles),
                build=lambda lead_id: plan.singles[lead_id],
                judge=judge_updates(changes),
                change=changes,
                before_columns=[] if before_images else None,
                on_progress=on_progress,
            )
        )
    return results
