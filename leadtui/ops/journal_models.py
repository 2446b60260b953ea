"""Rows of the journal, as typed models, and the states they move through.

An operation's leads move through phases, each change journaled before the
step that depends on it::

    planned ─read─▶ ready ─queue─▶ queued ─send─▶ sending ─answer─▶ settled
       │              │               │              │
       └──────────────┴───────────────┴──▶ held      └─lost answer─▶ unknown

``held`` leads were not sent (cancelled, refused, unreachable, unreadable) and
``unknown`` ones may or may not have been applied: both are what a resume
works on. ``settled`` leads carry their final outcome.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class OperationState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    PARTIAL = "partial"  # finished, some leads failed, were not matched or are unknown
    FAILED = "failed"  # stopped: the server refused what every request needs
    CANCELLED = "cancelled"  # stopped by the operator
    INTERRUPTED = "interrupted"  # the process died while it ran
    RESUMED = "resumed"  # (journals before schema 2) settled by a later resume

    @property
    def unfinished(self) -> bool:
        return self in (OperationState.INTERRUPTED, OperationState.CANCELLED)


class LeadPhase(StrEnum):
    PLANNED = "planned"  # journaled; nothing read or sent yet
    READY = "ready"  # before-image read (or none needed); to be sent
    QUEUED = "queued"  # in a request that has not left yet
    SENDING = "sending"  # its request left; no answer journaled yet
    UNKNOWN = "unknown"  # sent, answer lost: may or may not have been applied
    HELD = "held"  # not sent and not settled: a resume sends it
    SETTLED = "settled"  # final outcome known

    @property
    def open(self) -> bool:
        """Work a resume would do for the lead."""
        return self is not LeadPhase.SETTLED


class ChunkState(StrEnum):
    PLANNED = "planned"
    SENDING = "sending"  # committed before the request left; no answer recorded yet
    DONE = "done"
    FAILED = "failed"  # refused, or never reached the server: nothing was written
    UNKNOWN = "unknown"  # sent, answer lost: may or may not have been applied
    SKIPPED = "skipped"  # never sent (stopped before it)


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

#: Outcomes after which a lead counts as cleanly done.
CLEAN = frozenset(
    {
        LeadOutcome.UPDATED,
        LeadOutcome.UNCHANGED,
        LeadOutcome.MATCHED,
        LeadOutcome.DELETED,
        LeadOutcome.ADDED,
    }
)


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class OperationRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    started_at: str
    finished_at: str | None
    profile: str
    backend: str = "vicidial"
    server: str
    api_user: str
    kind: str
    params: dict[str, Any]
    state: OperationState
    summary: dict[str, Any]
    undo_of: int | None
    resume_of: int | None
    pid: int
    host: str = ""
    os_user: str = ""
    version: str = ""

    @classmethod
    def from_row(cls, row: sqlite3.Row | Mapping[str, Any]) -> OperationRow:
        data = dict(row)
        data["params"] = _json(data["params"])
        data["summary"] = _json(data["summary"])
        return cls.model_validate(data)

    def describe(self) -> str:
        """What the operator asked for, in words (not the journal's JSON)."""
        params = self.params
        values = params.get("values")
        sets = values if isinstance(values, list) else [values] if values else []
        parts = [
            "set " + ", ".join(f"{k}={v}" for k, v in each.items())
            for each in sets
            if isinstance(each, dict) and each
        ]
        if params.get("reset_lead"):
            parts.append("reset for redial")
        if self.kind in ("dnc-add", "dnc-remove") and params.get("list"):
            from leadtui.ops.dnc_entries import describe_list

            verb = "add to" if self.kind == "dnc-add" else "take off"
            numbers = int(params.get("numbers", 0))
            parts.append(
                f"{verb} {describe_list(str(params['list']))}: {numbers:,} number"
                + ("" if numbers == 1 else "s")
            )
            return "; ".join(parts)
        if params.get("undo_of"):
            parts.append(f"undo of operation {params['undo_of']}")
        if "leads" in params:
            count = int(params["leads"])
            parts.append(f"{count:,} lead" + ("" if count == 1 else "s"))
        if "before_images" in params or "read_images" in params:
            images = params.get("read_images", params.get("before_images"))
            parts.append("before-images read" if images else "no before-images")
        return "; ".join(parts) or self.kind

    @property
    def operator(self) -> str:
        """Who ran it: ``alice@host1 as 6666`` (``?`` where an older journal
        did not record it)."""
        return f"{self.os_user or '?'}@{self.host or '?'} as {self.api_user}"

    @property
    def adopted(self) -> bool:
        """Another operator's operation, copied from the team journal for an undo
        (``params.team_origin``): undone from here, resumed only by its operator."""
        return "team_origin" in self.params

    @property
    def engine_version(self) -> int:
        """2 for operations the current engine can resume (groups journaled)."""
        return 2 if "groups" in self.params else 1


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
    grp: int = 0
    run_id: int | None = None

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
    phase: LeadPhase = LeadPhase.SETTLED
    grp: int = 0
    request: Any = None

    @classmethod
    def from_row(
        cls, row: sqlite3.Row | Mapping[str, Any], texts: dict[str, Any] | None = None
    ) -> LeadRow:
        """The row, validated; ``texts`` keeps the JSON texts parsed so far, for
        the many rows of one operation that hold the same change and after-image."""
        texts = {} if texts is None else texts
        data = dict(row)
        for key in ("before", "request"):
            if key in data:
                data[key] = _json(data[key])
        for key in ("change", "after"):  # validated into a dict of their own
            text = data.get(key)
            if text is not None:
                if text not in texts:
                    texts[text] = json.loads(text)
                data[key] = texts[text]
        return cls.model_validate(data)

    @classmethod
    def from_rows(cls, rows: Iterable[sqlite3.Row]) -> list[LeadRow]:
        texts: dict[str, Any] = {}
        return [cls.from_row(row, texts) for row in rows]


class RunRow(BaseModel):
    """One attempt at an operation: its start, or a resume."""

    model_config = ConfigDict(frozen=True)

    id: int
    operation_id: int
    kind: str
    started_at: str
    finished_at: str | None
    pid: int
    host: str
    state: str
    summary: dict[str, Any]

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> RunRow:
        data = dict(row)
        data["summary"] = _json(data["summary"])
        return cls.model_validate(data)
