"""Apply a VICIdial CSV plan: the shared-value batches, then the single updates."""

from __future__ import annotations

from leadtui.api.vicidial.outcomes import UpdateLeadOutcome
from leadtui.api.vicidial.preview import would_store
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.csv_plan import VicidialCsvPlan
from leadtui.ops.journal_models import LeadOutcome
from leadtui.ops.operation import OperationResult, ProgressCallback
from leadtui.ops.per_lead import run_per_lead
from leadtui.ops.session import Session


def predicted(values: dict[str, str]) -> dict[str, str]:
    """column → the value the server will store, for the values of one row."""
    stored = (would_store(param, value) for param, value in values.items())
    return {s.column: s.stored for s in stored if s.stored is not None}


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
            lead_id: predicted(
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

        def judge(
            lead_id: int, outcome: UpdateLeadOutcome
        ) -> tuple[LeadOutcome, str, dict[str, str] | None]:
            updated = outcome.updated
            if updated and updated[0].affected > 0:
                return (
                    LeadOutcome.UPDATED,
                    "changed: " + ", ".join(changes[lead_id]),
                    changes[lead_id],
                )
            return LeadOutcome.UNCHANGED, "already held these values", None

        results.append(
            await run_per_lead(
                session,
                kind="csv",
                lead_ids=list(plan.singles),
                build=lambda lead_id: plan.singles[lead_id],
                judge=judge,
                change=changes,
                before_columns=[] if before_images else None,
                on_progress=on_progress,
            )
        )
    return results
