"""Rows of the journal, as typed models."""

from __future__ import annotations

import json
import sqlite3
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class OperationState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    PARTIAL = "partial"  # finished, some leads failed or were not matched
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"  # the process died while it ran
    RESUMED = "resumed"  # its open chunks were settled by a later resume

    @property
    def unfinished(self) -> bool:
        return self in (OperationState.INTERRUPTED, OperationState.CANCELLED)


class ChunkState(StrEnum):
    PLANNED = "planned"
    SENDING = "sending"  # committed before the request left; no answer recorded yet
    DONE = "done"
    FAILED = "failed"  # the server refused it: nothing was written
    UNKNOWN = "unknown"  # sent, answer lost: may or may not have been applied
    SKIPPED = "skipped"  # never sent (cancelled, or superseded by a resume)


class LeadOutcome(StrEnum):
    PENDING = "pending"
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # matched, but it already held the values
    MATCHED = "matched"  # matched; whether values changed is not known
    NOT_FOUND = "not-found"
    NOT_ALLOWED = "not-allowed"  # in a list the API user may not change
    OVER_CAP = "over-cap"  # dropped by the server's records limit
    DELETED = "deleted"
    ADDED = "added"
    UNKNOWN = "unknown"
    FAILED = "failed"
    SKIPPED = "skipped"
    CONFLICT = "conflict"  # changed by someone else since leadtui read it

    @property
    def changed(self) -> bool:
        return self in (LeadOutcome.UPDATED, LeadOutcome.DELETED, LeadOutcome.ADDED)

    @property
    def describe(self) -> str:
        return _OUTCOME_WORDS[self]


_OUTCOME_WORDS = {
    LeadOutcome.PENDING: "not sent yet",
    LeadOutcome.UPDATED: "updated",
    LeadOutcome.UNCHANGED: "already had these values",
    LeadOutcome.MATCHED: "matched (changed or already equal)",
    LeadOutcome.NOT_FOUND: "no such lead",
    LeadOutcome.NOT_ALLOWED: "in a list this API user may not change",
    LeadOutcome.OVER_CAP: "dropped by the server's records cap",
    LeadOutcome.DELETED: "deleted",
    LeadOutcome.ADDED: "added",
    LeadOutcome.UNKNOWN: "outcome unknown: re-read it",
    LeadOutcome.FAILED: "refused by the server",
    LeadOutcome.SKIPPED: "not sent",
    LeadOutcome.CONFLICT: "changed by someone else meanwhile",
}


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class OperationRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    started_at: str
    finished_at: str | None
    profile: str
    server: str
    api_user: str
    kind: str
    params: dict[str, Any]
    state: OperationState
    summary: dict[str, Any]
    undo_of: int | None
    resume_of: int | None
    pid: int

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> OperationRow:
        data = dict(row)
        data["params"] = _json(data["params"])
        data["summary"] = _json(data["summary"])
        return cls.model_validate(data)


class ChunkRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    operation_id: int
    seq: int
    function: str
    request: list[tuple[str, str]]
    lead_ids: list[int]
    state: ChunkState
    sent_at: str | None
    finished_at: str | None
    response: str | None
    error: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ChunkRow:
        data = dict(row)
        data["request"] = [tuple(p) for p in _json(data["request"])]
        data["lead_ids"] = _json(data["lead_ids"])
        return cls.model_validate(data)


class LeadRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    operation_id: int
    chunk_id: int | None
    lead_id: int
    before: dict[str, str] | None
    before_state: str
    change: dict[str, str]
    outcome: LeadOutcome
    after: dict[str, str] | None
    detail: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> LeadRow:
        data = dict(row)
        for key in ("before", "change", "after"):
            data[key] = _json(data[key])
        return cls.model_validate(data)
