"""Undo: put leads back to their before-images, from the journal.

Leads are grouped by the values that restore them, so a 2,000-lead batch that
set one status comes back in a few ``batch_update_lead`` calls (one per old
value set, cut at the records cap). Fields batch_update_lead cannot carry
(phone_number, entry_list_id) go through ``update_lead`` per lead. Deleted
leads are re-created with ``update_lead insert_if_not_found=Y`` — under a new
lead ID, since the server assigns it.

Before writing, the current values are read again: a lead someone changed
after the operation is left alone (``conflict``) instead of being overwritten.
Some old values cannot be written through the API at all (an empty date, an
empty number, called_since_last_reset=Y); they are listed, not guessed.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, ConfigDict, Field

from leadtui.api.vicidial.fields import BLANK, FIELDS_BY_COLUMN
from leadtui.api.vicidial.outcomes import UpdateLeadOutcome
from leadtui.api.vicidial.preview import stored_columns, would_store
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.before_images import BeforeImage, read_before_images
from leadtui.ops.journal_models import LeadOutcome, LeadRow
from leadtui.ops.operation import OperationResult, ProgressCallback
from leadtui.ops.per_lead import judge_updates, run_per_lead
from leadtui.ops.session import Session

_UNDOABLE = {LeadOutcome.UPDATED, LeadOutcome.MATCHED, LeadOutcome.UNKNOWN}


def revert_value(column: str, old: str) -> tuple[str | None, str]:
    """What to send so the server stores ``old`` again, or (None, why not)."""
    if column == "called_since_last_reset":
        if old == "N":
            return "N", ""
        return (
            None,
            f"the API can only set called_since_last_reset to N (it was {old!r})",
        )
    field = FIELDS_BY_COLUMN.get(column)
    if field is None:
        return None, f"{column} cannot be written through the API"
    candidate = old
    if old == "":
        candidate = BLANK
    elif field.may_hold_backslash:
        candidate = old.replace("\\", "\\\\")
    preview = would_store(field.param, candidate)
    if preview.refused is None and preview.stored == old:
        return candidate, ""
    shown = old if old else "empty"
    return None, f"the API cannot store {field.title.lower()} = {shown!r} exactly"


class UndoPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    operation_id: int
    #: batch groups: the values to send (param → value) and the leads they restore
    groups: list[tuple[dict[str, str], tuple[int, ...]]] = Field(default_factory=list)
    #: update_lead per lead, for fields batch_update_lead cannot set
    singles: dict[int, dict[str, str]] = Field(default_factory=dict)
    #: deleted leads to re-create from their before-images
    recreate: dict[int, dict[str, str]] = Field(default_factory=dict)
    #: (lead, column, why) that no request can restore
    impossible: list[tuple[int, str, str]] = Field(default_factory=list)
    #: leads left alone, and why (unchanged, never applied, changed since)
    left_alone: dict[int, str] = Field(default_factory=dict)
    #: what the leads held when the undo was planned (its before-images)
    current: dict[int, BeforeImage] = Field(default_factory=dict)

    @property
    def requests_needed(self) -> int:
        return len(self.groups) + len(self.singles) + len(self.recreate)

    @property
    def lead_count(self) -> int:
        return (
            sum(len(ids) for _, ids in self.groups)
            + len(self.singles)
            + len(self.recreate)
        )


def plan_undo(
    operation_id: int, rows: list[LeadRow], current: dict[int, BeforeImage]
) -> UndoPlan:
    groups: dict[tuple[tuple[str, str], ...], list[int]] = defaultdict(list)
    singles: dict[int, dict[str, str]] = {}
    recreate: dict[int, dict[str, str]] = {}
    impossible: list[tuple[int, str, str]] = []
    left_alone: dict[int, str] = {}
    for row in rows:
        if row.outcome is LeadOutcome.DELETED and row.before:
            recreate[row.lead_id] = row.before
            continue
        if row.outcome not in _UNDOABLE or not row.before:
            if row.outcome in _UNDOABLE:
                left_alone[row.lead_id] = "no before-image was kept"
            continue
        now = current.get(row.lead_id)
        if now is None or now.values is None:
            left_alone[row.lead_id] = "cannot read its current values"
            continue
        target = row.after or row.change
        columns = [c for c in target if c in row.before]
        if all(now.values.get(c) == row.before[c] for c in columns):
            left_alone[row.lead_id] = "already holds its old values"
            continue
        moved = [
            c
            for c in columns
            if now.values.get(c) != target[c] and now.values.get(c) != row.before[c]
        ]
        if moved:
            left_alone[row.lead_id] = "changed by someone else since: " + ", ".join(
                moved
            )
            continue
        batch_values: dict[str, str] = {}
        single_values: dict[str, str] = {}
        for column in columns:
            if now.values.get(column) == row.before[column]:
                continue
            value, why = revert_value(column, row.before[column])
            if value is None:
                impossible.append((row.lead_id, column, why))
                continue
            if column == "called_since_last_reset":
                batch_values["reset_lead"] = "Y"
                continue
            field = FIELDS_BY_COLUMN[column]
            (batch_values if field.in_batch else single_values)[field.param] = value
        if batch_values:
            groups[tuple(sorted(batch_values.items()))].append(row.lead_id)
        if single_values:
            singles[row.lead_id] = single_values
    return UndoPlan(
        operation_id=operation_id,
        groups=[(dict(key), tuple(ids)) for key, ids in groups.items()],
        singles=singles,
        recreate=recreate,
        impossible=impossible,
        left_alone=left_alone,
        current=current,
    )


async def prepare_undo(session: Session, operation_id: int) -> UndoPlan:
    """Read the current values of every lead the operation changed, then plan."""
    rows = session.journal.leads(operation_id)
    columns = sorted(
        {c for r in rows for c in (r.after or r.change) if r.before and c in r.before}
    )
    ids = [r.lead_id for r in rows if r.outcome in _UNDOABLE and r.before]
    current = await read_before_images(
        session.client, ids, columns, concurrency=session.concurrency
    )
    return plan_undo(operation_id, rows, current)


async def run_undo(
    session: Session, plan: UndoPlan, *, on_progress: ProgressCallback | None = None
) -> list[OperationResult]:
    session.require_writable()
    links: dict[str, int | None] = {"undo_of": plan.operation_id}
    results = []
    if plan.groups:
        batches = [
            BatchPlan(
                lead_ids=ids,
                values={k: v for k, v in values.items() if k != "reset_lead"},
                reset_lead="reset_lead" in values,
                records=session.records_cap,
            )
            for values, ids in plan.groups
        ]
        grouped = {i for _, ids in plan.groups for i in ids}
        images = {i: img for i, img in plan.current.items() if i in grouped}
        results.append(
            await run_batch(
                session,
                batches,
                images=images,
                on_progress=on_progress,
                kind="undo",
                links=links,
            )
        )
    if plan.singles:
        results.append(await _run_singles(session, plan, on_progress, links))
    if plan.recreate:
        results.append(await _run_recreate(session, plan, on_progress, links))
    return results


async def _run_singles(
    session: Session,
    plan: UndoPlan,
    on_progress: ProgressCallback | None,
    links: dict[str, int | None],
) -> OperationResult:
    def build(lead_id: int) -> UpdateLeadRequest:
        values = dict(plan.singles[lead_id])
        phone = values.pop("phone_number", None)
        return UpdateLeadRequest(
            query=LeadQuery(lead_id=lead_id), values=values, new_phone_number=phone
        )

    restored = {
        lead_id: stored_columns(values) for lead_id, values in plan.singles.items()
    }

    return await run_per_lead(
        session,
        kind="undo",
        lead_ids=list(plan.singles),
        build=build,
        judge=judge_updates(restored, done="restored"),
        change=restored,
        on_progress=on_progress,
        links=links,
    )


_RECREATED_COLUMNS = [
    c for c in FIELDS_BY_COLUMN if c not in ("phone_number", "user", "list_id")
]


def recreate_request(old_lead_id: int, before: dict[str, str]) -> UpdateLeadRequest:
    """``insert_if_not_found`` under the old ID: the search misses, the server inserts."""
    values: dict[str, str] = {"list_id_field": before.get("list_id", "")}
    for column in _RECREATED_COLUMNS:
        old = before.get(column, "")
        if old:
            value, _ = revert_value(column, old)
            if value is not None:
                values[FIELDS_BY_COLUMN[column].param] = value
    return UpdateLeadRequest(
        query=LeadQuery(lead_id=old_lead_id),
        values=values,
        new_phone_number=before.get("phone_number", ""),
        insert_if_not_found=True,
    )


async def _run_recreate(
    session: Session,
    plan: UndoPlan,
    on_progress: ProgressCallback | None,
    links: dict[str, int | None],
) -> OperationResult:
    def judge(
        lead_id: int, outcome: UpdateLeadOutcome
    ) -> tuple[LeadOutcome, str, dict[str, str] | None]:
        added = outcome.added
        if added is None:
            return LeadOutcome.FAILED, "the server did not insert it", None
        return (
            LeadOutcome.ADDED,
            f"re-created as lead {added.lead_id} (was {lead_id}; the server assigns new IDs)",
            {"lead_id": str(added.lead_id)},
        )

    return await run_per_lead(
        session,
        kind="undo",
        lead_ids=list(plan.recreate),
        build=lambda lead_id: recreate_request(lead_id, plan.recreate[lead_id]),
        judge=judge,
        before_columns=None,
        change={i: {"recreate": "yes"} for i in plan.recreate},
        on_progress=on_progress,
        links=links,
    )
