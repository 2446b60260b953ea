"""Apply a CSV plan as one operation: VICIdial's shared-value batches and single
updates together, or VoiceAIWrapper's bulk arrays."""

from __future__ import annotations

import asyncio

from leadtui.api.vicidial.requests import UpdateLeadRequest
from leadtui.api.voiceaiwrapper.models import LeadUpdate
from leadtui.ops.backend import Group, Verify
from leadtui.ops.backend_voice import BULK_UPDATE, item_changes, phone_key
from leadtui.ops.batch_runner import batch_operation
from leadtui.ops.before_images import BeforeImage, ImageState
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.csv_plan import VicidialCsvPlan, VoiceCsvPlan
from leadtui.ops.custom_fields import column_of, stored_changes
from leadtui.ops.engine import execute
from leadtui.ops.journal import Journal
from leadtui.ops.op_plan import GroupPlan, OperationPlan
from leadtui.ops.per_lead import single_group
from leadtui.ops.results import OperationResult, ProgressCallback
from leadtui.ops.session import Session, VoiceSession


def single_change(request: UpdateLeadRequest) -> dict[str, str]:
    phone = (
        {"phone_number": request.new_phone_number} if request.new_phone_number else {}
    )
    custom = {column_of(k): v for k, v in (request.custom_fields or {}).items()}
    return stored_changes({**request.values, **phone, **custom})


def vicidial_csv_operation(
    plan: VicidialCsvPlan, *, before_images: bool = True
) -> OperationPlan:
    groups: list[GroupPlan] = []
    columns: list[str] = []
    if plan.batches:
        batches = batch_operation(plan.batches, before_images=before_images, kind="csv")
        groups += batches.groups
        columns += batches.image_columns
    if plan.singles:
        changes = {i: single_change(r) for i, r in plan.singles.items()}
        groups.append(
            single_group(
                list(plan.singles),
                lambda lead_id: plan.singles[lead_id],
                judge="update",
                change=changes,
            )
        )
        columns += [c for change in changes.values() for c in change]
    return OperationPlan(
        kind="csv",
        groups=groups,
        params={"rows": plan.rows, "requests": plan.requests},
        read_images=before_images,
        image_columns=list(dict.fromkeys(columns)),
    )


async def run_vicidial_csv(
    session: Session,
    plan: VicidialCsvPlan,
    *,
    before_images: bool = True,
    on_progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
) -> OperationResult:
    session.require_writable()
    operation = vicidial_csv_operation(plan, before_images=before_images)
    return await execute(session, operation, stop=stop, on_progress=on_progress)


def voice_operation(
    journal: Journal,
    server: str,
    plan: VoiceCsvPlan,
    *,
    bulk_size: int,
    kind: str = "csv",
    undo_of: int | None = None,
) -> OperationPlan:
    """VoiceAIWrapper items as one bulk group. A before-image is what leadtui last
    wrote to the same field of the same number on this campaign (the journal)."""
    items: list[LeadUpdate] = [item for chunk in plan.chunks for item in chunk]
    keys = [phone_key(item.phone_number) for item in items]
    befores: dict[int, BeforeImage] = {}
    for key, item in zip(keys, items, strict=True):
        known = journal.last_written(server, key, list(item_changes(item)))
        befores[key] = BeforeImage(
            lead_id=key,
            state=ImageState.PARTIAL,
            values=known,
            detail="" if known else "VoiceAIWrapper cannot be read",
        )
    group = GroupPlan(
        Group(function=BULK_UPDATE, size=bulk_size, verify=Verify.RESEND),
        keys,
        changes={k: item_changes(i) for k, i in zip(keys, items, strict=True)},
        requests={k: i.payload() for k, i in zip(keys, items, strict=True)},
    )
    return OperationPlan(
        kind=kind,
        groups=[group],
        params={"backend": "voiceaiwrapper", "leads": len(items)},
        read_images=False,
        befores=befores,
        undo_of=undo_of,
    )


async def run_voice_updates(
    session: VoiceSession,
    plan: VoiceCsvPlan,
    *,
    kind: str = "csv",
    on_progress: ProgressCallback | None = None,
    undo_of: int | None = None,
    stop: StopFlag | None = None,
) -> OperationResult:
    session.require_writable()
    operation = await asyncio.to_thread(
        voice_operation,
        session.journal,
        session.server,
        plan,
        bulk_size=session.bulk_size,
        kind=kind,
        undo_of=undo_of,
    )
    return await execute(session, operation, stop=stop, on_progress=on_progress)
