"""Resume an interrupted or cancelled operation.

Only the chunks whose outcome is unknown (sent, no answer recorded) or that
were never sent are considered. Their leads are read again first: a lead that
already holds the new values was changed by the lost request and is not sent
again; the rest are sent. The resume is its own journaled operation, linked to
the original, so nothing is changed twice and nothing is left out.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from leadtui.api.vicidial.outcomes import UpdateLeadOutcome
from leadtui.api.vicidial.requests import FormPairs, UpdateLeadRequest
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.before_images import ImageState, read_before_images
from leadtui.ops.journal_models import ChunkRow, ChunkState, LeadOutcome, OperationRow
from leadtui.ops.operation import OperationResult, ProgressCallback
from leadtui.ops.per_lead import run_per_lead
from leadtui.ops.session import Session

OPEN_CHUNKS = {
    ChunkState.UNKNOWN,
    ChunkState.SENDING,
    ChunkState.SKIPPED,
    ChunkState.PLANNED,
}
_FLAGS = {"reset_lead", "list_exists_check"}


class ResumePlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    operation: OperationRow
    #: batch chunks to send again: the plan rebuilt from the journaled request
    batches: list[BatchPlan] = Field(default_factory=list)
    #: update_lead requests to send again, per lead (the journaled form pairs)
    singles: dict[int, FormPairs] = Field(default_factory=dict)
    #: leads the lost request did change (found holding the new values)
    applied: dict[int, str] = Field(default_factory=dict)
    #: leads that cannot be resumed safely, and why
    refused: dict[int, str] = Field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.batches or self.singles)


def open_chunks(chunks: list[ChunkRow]) -> list[ChunkRow]:
    return [c for c in chunks if c.state in OPEN_CHUNKS]


def plan_from_form(form: FormPairs, lead_ids: list[int]) -> BatchPlan:
    values = {}
    flags = set()
    records = 1000
    for key, value in form:
        if key == "records":
            records = int(value)
        elif key in _FLAGS:
            flags.add(key)
        elif key != "lead_ids":
            values[key] = value
    return BatchPlan(
        lead_ids=tuple(lead_ids),
        values=values,
        reset_lead="reset_lead" in flags,
        list_exists_check="list_exists_check" in flags,
        records=records,
    )


async def prepare_resume(session: Session, operation_id: int) -> ResumePlan:
    journal = session.journal
    operation = journal.operation(operation_id)
    chunks = open_chunks(journal.chunks(operation_id))
    rows = {r.lead_id: r for r in journal.leads(operation_id)}
    ids = [i for c in chunks for i in c.lead_ids]
    columns = sorted(
        {
            col
            for i in ids
            for col in rows[i].change
            if col not in ("deleted", "recreate")
        }
    )
    current = await read_before_images(
        session.client, ids, columns or ["list_id"], concurrency=session.concurrency
    )
    applied: dict[int, str] = {}
    refused: dict[int, str] = {}
    batches: list[BatchPlan] = []
    singles: dict[int, FormPairs] = {}
    for chunk in chunks:
        resend = []
        for lead_id in chunk.lead_ids:
            row = rows[lead_id]
            image = current[lead_id]
            if "recreate" in row.change:
                refused[lead_id] = (
                    "re-creating a deleted lead cannot be resumed safely: check by "
                    "phone number whether the lead was inserted"
                )
            elif "deleted" in row.change:
                if image.state is ImageState.MISSING:
                    applied[lead_id] = "already deleted"
                else:
                    resend.append(lead_id)
            elif (
                image.values is not None
                and row.change
                and all(image.values.get(c) == v for c, v in row.change.items())
            ):
                applied[lead_id] = "already holds the new values"
            elif not image.readable:
                refused[lead_id] = f"cannot read it now: {image.detail}"
            else:
                resend.append(lead_id)
        if not resend:
            continue
        if chunk.function == "batch_update_lead":
            batches.append(plan_from_form(chunk.request, resend))
        else:
            singles.update({lead_id: chunk.request for lead_id in resend})
    return ResumePlan(
        operation=operation,
        batches=batches,
        singles=singles,
        applied=applied,
        refused=refused,
    )


async def run_resume(
    session: Session, plan: ResumePlan, *, on_progress: ProgressCallback | None = None
) -> list[OperationResult]:
    session.require_writable()
    links: dict[str, int | None] = {"resume_of": plan.operation.id}
    results = []
    if plan.batches:
        results.append(
            await run_batch(
                session,
                plan.batches,
                on_progress=on_progress,
                kind="resume",
                links=links,
            )
        )
    if plan.singles:
        results.append(
            await run_per_lead(
                session,
                kind="resume",
                lead_ids=list(plan.singles),
                build=lambda lead_id: UpdateLeadRequest.from_form(
                    plan.singles[lead_id]
                ),
                judge=_judge_replay,
                before_columns=[],
                on_progress=on_progress,
                links=links,
            )
        )
    session.journal.mark_resumed(plan.operation.id, applied=plan.applied)
    return results


def _judge_replay(
    lead_id: int, outcome: UpdateLeadOutcome
) -> tuple[LeadOutcome, str, dict[str, str] | None]:
    if outcome.deleted:
        return LeadOutcome.DELETED, "deleted", {}
    if outcome.updated:
        affected = outcome.updated[0].affected
        return (LeadOutcome.UPDATED if affected else LeadOutcome.UNCHANGED), "", None
    return LeadOutcome.UNCHANGED, "nothing to write", None
