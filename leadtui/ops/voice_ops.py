"""VoiceAIWrapper bulk updates: journaled like VICIdial batches, one chunk per array.

VoiceAIWrapper cannot read a lead, so a before-image is what leadtui itself
last wrote to that phone number's field (from the journal); a field leadtui
never wrote has no before-image and cannot be undone. Leads are keyed in the
journal by the digits of their E.164 number.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

from leadtui.api.voiceaiwrapper import errors as ve
from leadtui.api.voiceaiwrapper.client import VoiceAIWrapperClient
from leadtui.api.voiceaiwrapper.models import ItemOutcome, LeadUpdate
from leadtui.ops import operation
from leadtui.ops.csv_plan import VoiceCsvPlan
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import ChunkState, LeadOutcome, OperationState
from leadtui.ops.operation import OperationResult, Progress, ProgressCallback
from leadtui.ops.reconcile import Verdict
from leadtui.ops.session import ReadOnlyProfile

FUNCTION = "voiceaiwrapper.bulk_update"
_ABORT = (
    ve.AuthenticationFailed,
    ve.Forbidden,
    ve.CampaignNotFound,
    ve.RateLimited,
    ve.ConnectionFailed,
)


def phone_key(e164: str) -> int:
    return int(e164.lstrip("+"))


def key_phone(key: int) -> str:
    return f"+{key}"


@dataclass
class VoiceSession:
    client: VoiceAIWrapperClient
    journal: Journal
    profile: str
    campaign_id: str
    bulk_size: int = 100
    concurrency: int = 2
    read_only: bool = False
    #: the server name the journal records (the campaign is part of a lead's identity)
    server: str = field(default="")

    def __post_init__(self) -> None:
        if not self.server:
            self.server = f"{self.client.base_url}#campaign={self.campaign_id}"


def item_changes(item: LeadUpdate) -> dict[str, str]:
    """The fields an item sets, as journal text (custom fields as custom:NAME)."""
    changes: dict[str, str] = {}
    for name, value in item.payload().items():
        if name == "phone_number":
            continue
        if name == "custom_fields" and isinstance(value, dict):
            changes.update({f"custom:{k}": json.dumps(v) for k, v in value.items()})
        else:
            changes[name] = json.dumps(value) if not isinstance(value, str) else value
    return changes


async def run_voice_updates(
    session: VoiceSession,
    plan: VoiceCsvPlan,
    *,
    kind: str = "csv",
    on_progress: ProgressCallback | None = None,
    undo_of: int | None = None,
) -> OperationResult:
    if session.read_only:
        raise ReadOnlyProfile(session.profile)
    journal = session.journal
    items = [item for chunk in plan.chunks for item in chunk]
    operation_id = journal.begin(
        kind=kind,
        profile=session.profile,
        server=session.server,
        api_user=session.campaign_id,
        params={
            "backend": "voiceaiwrapper",
            "campaign_id": session.campaign_id,
            "leads": len(items),
        },
        undo_of=undo_of,
    )
    result = OperationResult(operation_id=operation_id)
    result.requests = -session.client.requests_sent
    keys = [phone_key(item.phone_number) for item in items]
    await asyncio.to_thread(
        journal.add_leads,
        operation_id,
        [(phone_key(i.phone_number), item_changes(i)) for i in items],
    )
    before = await asyncio.to_thread(_known_before, journal, session.server, items)
    await asyncio.to_thread(
        journal.set_before,
        operation_id,
        [
            (
                k,
                "partial" if v else "none",
                v or None,
                "" if v else "VoiceAIWrapper cannot be read",
            )
            for k, v in before.items()
        ],
    )
    progress = on_progress or (lambda p: None)
    stop = asyncio.Event()
    work = []
    for seq, chunk in enumerate(plan.chunks):
        chunk_id = journal.add_chunk(
            operation_id,
            seq=seq,
            function=FUNCTION,
            request=[
                ("items", json.dumps([i.payload() for i in chunk], ensure_ascii=False))
            ],
            lead_ids=[phone_key(i.phone_number) for i in chunk],
        )
        work.append((chunk_id, chunk))

    async def send(item: tuple[int, list[LeadUpdate]]) -> None:
        chunk_id, chunk = item
        await _send_chunk(session, result, chunk_id, chunk, stop)
        progress(Progress("sending", len(result.verdicts), len(items)))

    try:
        await operation.run_pool(work, send, concurrency=session.concurrency, stop=stop)
    except asyncio.CancelledError:
        await _finish(session, result, keys, OperationState.CANCELLED, "cancelled")
        raise
    abort = next(
        (
            v[1]
            for v in result.verdicts.values()
            if v[0] is LeadOutcome.FAILED and stop.is_set()
        ),
        "",
    )
    return await _finish(
        session, result, keys, OperationState.FAILED if abort else None, abort
    )


async def _send_chunk(
    session: VoiceSession,
    result: OperationResult,
    chunk_id: int,
    chunk: list[LeadUpdate],
    stop: asyncio.Event,
) -> None:
    journal = session.journal
    await asyncio.to_thread(journal.chunk_sending, chunk_id)
    try:
        answer = await session.client.bulk_update(session.campaign_id, chunk)
    except ve.VoiceAIWrapperError as error:
        state = ChunkState.FAILED if error.outcome_known else ChunkState.UNKNOWN
        outcome = LeadOutcome.FAILED if error.outcome_known else LeadOutcome.UNKNOWN
        if isinstance(error, ve.ConnectionFailed):
            outcome = LeadOutcome.SKIPPED
        if isinstance(error, _ABORT):
            stop.set()
        detail = error.explain()
        verdicts = {phone_key(i.phone_number): (outcome, detail) for i in chunk}
        result.verdicts.update(verdicts)
        await asyncio.to_thread(
            journal.chunk_finished,
            chunk_id,
            state,
            response=error.raw,
            error=detail,
            outcomes={k: (v[0], v[1], None) for k, v in verdicts.items()},
        )
        return
    outcomes: dict[int, tuple[LeadOutcome, str, dict[str, str] | None]] = {}
    for item, line in zip(chunk, answer.results, strict=True):
        key = phone_key(item.phone_number)
        verdict = _verdict(line.outcome, line.message)
        result.verdicts[key] = verdict
        outcomes[key] = (
            verdict[0],
            verdict[1],
            item_changes(item) if verdict[0] is LeadOutcome.UPDATED else None,
        )
    raw = json.dumps({"status": answer.status, "message": answer.message})
    await asyncio.to_thread(
        journal.chunk_finished,
        chunk_id,
        ChunkState.DONE,
        response=raw,
        outcomes=outcomes,
    )


def _verdict(outcome: ItemOutcome, message: str) -> Verdict:
    if outcome is ItemOutcome.SUCCEEDED:
        return LeadOutcome.UPDATED, message
    if outcome is ItemOutcome.UNKNOWN:
        return LeadOutcome.UNKNOWN, message or "no result for this lead: re-check it"
    if "not found" in message.lower():
        return LeadOutcome.NOT_FOUND, message
    return LeadOutcome.FAILED, message


async def _finish(
    session: VoiceSession,
    result: OperationResult,
    keys: list[int],
    state: OperationState | None,
    reason: str,
) -> OperationResult:
    for key in keys:
        result.verdicts.setdefault(key, (LeadOutcome.SKIPPED, reason or "not sent"))
    for chunk in session.journal.chunks(result.operation_id):
        if chunk.state is ChunkState.PLANNED:
            session.journal.chunk_finished(
                chunk.id,
                ChunkState.SKIPPED,
                outcomes={
                    i: (LeadOutcome.SKIPPED, reason or "not sent", None)
                    for i in chunk.lead_ids
                },
            )
    if state is None:
        clean = {v[0] for v in result.verdicts.values()} <= {LeadOutcome.UPDATED}
        state = OperationState.DONE if clean else OperationState.PARTIAL
    result.state = state
    result.error = reason
    result.requests += session.client.requests_sent
    summary = {"counts": result.counts(), "requests": result.requests, "error": reason}
    await asyncio.to_thread(session.journal.finish, result.operation_id, state, summary)
    return result


def _known_before(
    journal: Journal, server: str, items: list[LeadUpdate]
) -> dict[int, dict[str, str]]:
    return {
        phone_key(i.phone_number): journal.last_written(
            server, phone_key(i.phone_number), list(item_changes(i))
        )
        for i in items
    }


@dataclass
class VoiceUndoPlan:
    operation_id: int
    items: list[LeadUpdate] = field(default_factory=list)
    impossible: list[tuple[int, str, str]] = field(default_factory=list)


def plan_voice_undo(journal: Journal, operation_id: int) -> VoiceUndoPlan:
    """Restore every field leadtui knows an older value of; list the others."""
    plan = VoiceUndoPlan(operation_id=operation_id)
    for row in journal.leads(operation_id):
        if row.outcome is not LeadOutcome.UPDATED:
            continue
        known = row.before or {}
        fields: dict[str, object] = {"phone_number": key_phone(row.lead_id)}
        custom: dict[str, object] = {}
        for column in row.change:
            if column not in known:
                plan.impossible.append(
                    (
                        row.lead_id,
                        column,
                        "VoiceAIWrapper cannot be read and leadtui never wrote this field before",
                    )
                )
            elif column == "mark_as_unanswered":
                plan.impossible.append(
                    (row.lead_id, column, "a lead cannot be marked answered again")
                )
            elif column.startswith("custom:"):
                custom[column.removeprefix("custom:")] = json.loads(known[column])
            elif column == "do_not_call":
                fields[column] = json.loads(known[column])
            else:
                fields[column] = known[column]
        if custom:
            fields["custom_fields"] = custom
        if len(fields) > 1:
            plan.items.append(LeadUpdate.from_fields(fields))
    return plan
