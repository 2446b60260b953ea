"""Undo: put leads back to their before-images, from the journal, as one operation.

Leads are grouped by the values that restore them, so a 2,000-lead batch that
set one status comes back in a few ``batch_update_lead`` calls (one per old
value set, cut at the records cap). A lead that needs a field batch_update_lead
cannot carry (phone_number, entry_list_id) is restored whole by one
``update_lead``. Deleted leads are re-created with ``update_lead
insert_if_not_found=Y`` — under a new lead ID, since the server assigns it.
VoiceAIWrapper leads get back what leadtui last wrote to them (undo_voice.py).

Before writing, the current values are read again: a lead someone changed
after the operation is left alone (``conflict``) instead of being overwritten.
Some old values cannot be written through the API at all (an empty date, an
empty number, called_since_last_reset=Y); they are listed, not guessed.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, ConfigDict, Field

from leadtui.api.vicidial.fields import FIELDS_BY_COLUMN
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import batch_operation
from leadtui.ops.before_images import BeforeImage, read_before_images
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.csv_plan import VoiceCsvPlan
from leadtui.ops.csv_run import run_voice_updates
from leadtui.ops.custom_fields import is_custom
from leadtui.ops.custom_restore import (
    custom_restore,
    holds,
)
from leadtui.ops.engine import execute
from leadtui.ops.journal_models import LeadOutcome, LeadRow, OperationState
from leadtui.ops.op_plan import OperationPlan
from leadtui.ops.ownership import EngineSession, OperationRefused, check_owner
from leadtui.ops.per_lead import single_group
from leadtui.ops.results import OperationResult, ProgressCallback
from leadtui.ops.session import Session, VoiceSession
from leadtui.ops.undo_requests import (
    recreate_request,
    restore_request,
    restored_columns,
    revert_value,
)
from leadtui.ops.undo_voice import VoiceUndoPlan, plan_voice_undo
from leadtui.ops.wording import plural

_UNDOABLE = {LeadOutcome.UPDATED, LeadOutcome.MATCHED, LeadOutcome.UNKNOWN}


class UndoPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    operation_id: int
    #: batch groups: the values to send (param → value) and the leads they restore
    groups: list[tuple[dict[str, str], tuple[int, ...]]] = Field(default_factory=list)
    #: update_lead per lead: every value it needs (reset_lead=Y as a value)
    singles: dict[int, dict[str, str]] = Field(default_factory=dict)
    #: deleted leads to re-create from their before-images
    recreate: dict[int, dict[str, str]] = Field(default_factory=dict)
    #: leads the operation inserted, to delete: the new lead ID → its row's key
    remove: dict[int, int] = Field(default_factory=dict)
    #: (lead, column, why) that no request can restore
    impossible: list[tuple[int, str, str]] = Field(default_factory=list)
    #: leads left alone, and why (unchanged, never applied, changed since)
    left_alone: dict[int, str] = Field(default_factory=dict)
    #: what the leads held when the undo was planned (its before-images)
    current: dict[int, BeforeImage] = Field(default_factory=dict)

    @property
    def requests_needed(self) -> int:
        return (
            len(self.groups) + len(self.singles) + len(self.recreate) + len(self.remove)
        )

    @property
    def lead_count(self) -> int:
        return (
            sum(len(ids) for _, ids in self.groups)
            + len(self.singles)
            + len(self.recreate)
            + len(self.remove)
        )

    def nothing_reason(self) -> str:
        return "; ".join(sorted(set(self.left_alone.values()))) or "nothing was changed"

    def describe(self, limit: int = 20) -> list[str]:
        """The plan in the words both front ends show before asking to confirm."""
        lines = [
            f"Undo of operation {self.operation_id}: "
            f"{plural(self.lead_count - len(self.remove), 'lead')} to "
            f"restore in {plural(len(self.groups), 'batch request group')}, "
            f"{plural(len(self.singles), 'single update')}, "
            f"{plural(len(self.recreate), 're-creation')}."
        ]
        if self.recreate:
            lines.append(
                "Deleted leads come back under NEW lead IDs (the server assigns them)."
            )
        if self.remove:
            shown = ", ".join(str(i) for i in list(self.remove)[:limit])
            more = " …" if len(self.remove) > limit else ""
            lines.append(
                f"DELETES the {plural(len(self.remove), 'lead')} the operation "
                f"inserted: {shown}{more} (their records are journaled first)."
            )
        lines += [
            f"lead {i}: cannot restore {c}: {why}"
            for i, c, why in self.impossible[:limit]
        ]
        lines += [
            f"lead {i}: left alone: {why}"
            for i, why in list(self.left_alone.items())[:limit]
        ]
        hidden = max(0, len(self.impossible) - limit) + max(
            0, len(self.left_alone) - limit
        )
        if hidden:
            lines.append(f"… {hidden:,} more (see the operation's log)")
        return lines


def plan_undo(
    operation_id: int, rows: list[LeadRow], current: dict[int, BeforeImage]
) -> UndoPlan:
    groups: dict[tuple[tuple[str, str], ...], list[int]] = defaultdict(list)
    singles: dict[int, dict[str, str]] = {}
    recreate: dict[int, dict[str, str]] = {}
    impossible: list[tuple[int, str, str]] = []
    left_alone: dict[int, str] = {}
    remove: dict[int, int] = {}
    for row in rows:
        if row.outcome is LeadOutcome.DELETED and row.before:
            recreate[row.lead_id] = row.before
            continue
        inserted = (row.after or {}).get("lead_id", "")
        if row.outcome is LeadOutcome.ADDED and inserted.isdigit():
            remove[int(inserted)] = row.lead_id
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
        custom = [c for c in columns if is_custom(c)]
        if all(now.values.get(c) == row.before[c] for c in columns):
            left_alone[row.lead_id] = "already holds its old values"
            continue
        moved = [
            c
            for c in columns
            if not holds(c, now.values.get(c), target[c])
            and now.values.get(c) != row.before[c]
        ]
        if moved:
            left_alone[row.lead_id] = "changed by someone else since: " + ", ".join(
                moved
            )
            continue
        batch_values: dict[str, str] = {}
        single_values: dict[str, str] = {}
        if custom:  # custom fields, and the entry list the server moves with them
            restore, notes = custom_restore(row.before, custom)
            impossible += [(row.lead_id, c, why) for c, why in notes]
            single_values.update(restore)
            columns = [c for c in columns if c not in custom and c != "entry_list_id"]
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
        if single_values:
            # one update_lead restores the whole lead: all or nothing
            singles[row.lead_id] = {**batch_values, **single_values}
        elif batch_values:
            groups[tuple(sorted(batch_values.items()))].append(row.lead_id)
    return UndoPlan(
        operation_id=operation_id,
        groups=[(dict(key), tuple(ids)) for key, ids in groups.items()],
        singles=singles,
        recreate=recreate,
        remove=remove,
        impossible=impossible,
        left_alone=left_alone,
        current=current,
    )


AnyUndoPlan = UndoPlan | VoiceUndoPlan


def check_undoable(session: EngineSession, operation_id: int) -> None:
    """Undo only an operation of this server that no process is running."""
    journal = session.journal
    op = journal.operation(operation_id)
    check_owner(session, op, "undo")
    if op.state is OperationState.RUNNING or journal.running_elsewhere(op.id):
        raise OperationRefused(
            f"operation {op.id} is still running (in this or another leadtui): "
            "undo it once it has finished"
        )


async def prepare_undo(
    session: Session | VoiceSession, operation_id: int
) -> AnyUndoPlan:
    """Read the current values of every lead the operation changed, then plan.

    Raises KeyError for an unknown operation, OperationRefused for one of
    another server or still running."""
    check_undoable(session, operation_id)
    if isinstance(session, VoiceSession):
        return plan_voice_undo(session.journal, operation_id)
    rows = session.journal.leads(operation_id)
    # each lead is read for its own columns: its custom fields are its list's
    by_columns: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for r in rows:
        if r.outcome in _UNDOABLE and r.before:
            before = r.before
            key = tuple(sorted(c for c in (r.after or r.change) if c in before))
            by_columns[key].append(r.lead_id)
    current: dict[int, BeforeImage] = {}
    for columns, ids in by_columns.items():
        current |= await read_before_images(
            session.client, ids, columns, concurrency=session.concurrency
        )
    return plan_undo(operation_id, rows, current)


def undo_operation(plan: UndoPlan, *, records: int) -> OperationPlan:
    """One operation: the batch groups, the single restores, the re-creations."""
    groups = []
    if plan.groups:
        batches = [
            BatchPlan(
                lead_ids=ids,
                values={k: v for k, v in values.items() if k != "reset_lead"},
                reset_lead="reset_lead" in values,
                records=records,
            )
            for values, ids in plan.groups
        ]
        groups += batch_operation(batches, kind="undo").groups
    if plan.singles:
        groups.append(
            single_group(
                list(plan.singles),
                lambda lead_id: restore_request(lead_id, plan.singles[lead_id]),
                judge="restore",
                change={i: restored_columns(v) for i, v in plan.singles.items()},
            )
        )
    if plan.recreate:
        groups.append(
            single_group(
                list(plan.recreate),
                lambda lead_id: recreate_request(lead_id, plan.recreate[lead_id]),
                judge="recreate",
                change={i: {"recreate": "yes"} for i in plan.recreate},
                read=False,
            )
        )
    if plan.remove:
        groups.append(
            single_group(
                list(plan.remove),
                # custom_fields=Y: its custom row (if the insert made one) goes too
                lambda lead_id: UpdateLeadRequest(
                    query=LeadQuery(lead_id=lead_id),
                    delete_lead=True,
                    custom_fields={},
                ),
                judge="delete",
                change={i: {"deleted": "yes"} for i in plan.remove},
            )
        )
    columns = sorted({c for i in plan.current.values() for c in (i.values or {})})
    if plan.remove:
        columns = []  # a lead about to be deleted is read whole (it can come back)
    return OperationPlan(
        kind="undo",
        groups=groups,
        params={"undo_of": plan.operation_id},
        read_images=True,
        image_columns=columns,
        befores={
            i: image
            for i, image in plan.current.items()
            if i not in plan.recreate and image.values is not None
        },
        undo_of=plan.operation_id,
    )


async def run_undo(
    session: Session | VoiceSession,
    plan: AnyUndoPlan,
    *,
    on_progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
) -> OperationResult:
    session.require_writable()
    check_undoable(session, plan.operation_id)
    if isinstance(plan, VoiceUndoPlan):
        if not isinstance(session, VoiceSession):
            raise OperationRefused(
                "a VoiceAIWrapper undo needs a VoiceAIWrapper profile"
            )
        size = session.bulk_size
        chunks = [plan.items[i : i + size] for i in range(0, len(plan.items), size)]
        return await run_voice_updates(
            session,
            VoiceCsvPlan(chunks=chunks),
            kind="undo",
            undo_of=plan.operation_id,
            on_progress=on_progress,
            stop=stop,
        )
    if not isinstance(session, Session):
        raise OperationRefused("a VICIdial undo needs a VICIdial profile")
    operation = undo_operation(plan, records=session.records_cap)
    return await execute(session, operation, stop=stop, on_progress=on_progress)
