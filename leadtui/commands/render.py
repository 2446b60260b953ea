"""Plain-text and JSON shapes of leads, diffs and operation results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from leadtui.api.vicidial.models import Lead
from leadtui.ops.edit import FieldChange
from leadtui.ops.journal_models import LeadOutcome, OperationRow
from leadtui.ops.results import OperationResult
from leadtui.ops.search import FoundLead
from leadtui.ops.wording import (
    operation_kind,
    plural,
    shown_value,
)

KEY_COLUMNS = (
    "lead_id",
    "list_id",
    "status",
    "phone_number",
    "name",
    "vendor_lead_code",
)


def lead_row(lead: Lead) -> list[str]:
    return [
        str(lead.lead_id),
        str(lead.list_id),
        lead.status,
        lead.phone_number,
        lead.name,
        lead.vendor_lead_code,
    ]


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
        for i, h in enumerate(header)
    ]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [line.rstrip(), "  ".join("-" * w for w in widths)]
    out += [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in rows
    ]
    return out


def lead_json(found: FoundLead | Lead) -> dict[str, Any]:
    lead = found.lead if isinstance(found, FoundLead) else found
    data = lead.model_dump(exclude_none=True)
    if isinstance(found, FoundLead) and not found.complete:
        data["complete"] = False
    return data


def lead_detail(lead: Lead) -> list[str]:
    data = lead.model_dump(exclude={"custom_fields"})
    width = max(len(k) for k in data)
    lines = [f"{k.ljust(width)}  {'' if v is None else v}" for k, v in data.items()]
    lines += [f"{k.ljust(width)}  {v}  (custom)" for k, v in lead.custom_fields.items()]
    return lines


def diff_lines(changes: list[FieldChange]) -> list[str]:
    lines = []
    for change in changes:
        if change.refused:
            lines.append(f"  {change.title}: NOT SENT — {change.refused}")
            continue
        if change.stored is None:
            lines.append(
                f"  {change.title}: unchanged ({'; '.join(n.detail for n in change.notes)})"
            )
            continue
        marker = "" if change.changes else "  (no change)"
        lines.append(
            f"  {change.title}: {shown_value(change.old)} → "
            f"{shown_value(change.stored)}{marker}"
        )
        lines += [f"      note: {n.detail}" for n in change.notes]
    return lines


KeyLabel = Callable[[int], str]


def result_json(result: OperationResult, key: KeyLabel = str) -> dict[str, Any]:
    return {
        "operation_id": result.operation_id,
        "state": result.state.value,
        "requests": result.requests,
        "counts": result.counts(),
        "error": result.error or None,
        "not_changed": [
            {
                "lead_id": lead_id if key is str else key(lead_id),
                "outcome": outcome.value,
                "reason": detail or outcome.describe,
            }
            for lead_id, (outcome, detail) in sorted(result.not_changed().items())
        ],
        "notes": result.notes,
    }


def result_head(result: OperationResult, nothing: str = "no lead settled") -> list[str]:
    """``operation 3: done — 2 updated (4 requests)``, and why it stopped."""
    counts = ", ".join(f"{n:,} {k}" for k, n in sorted(result.counts().items()))
    lines = [
        f"operation {result.operation_id}: {result.state.value} — "
        f"{counts or nothing} ({plural(result.requests, 'request')})"
    ]
    if result.error:
        lines.append(f"  stopped: {result.error}")
    return lines


def result_lines(
    result: OperationResult, *, limit: int = 50, key: KeyLabel = str
) -> list[str]:
    lines = result_head(result)
    not_changed = sorted(result.not_changed().items())
    for lead_id, (outcome, detail) in not_changed[:limit]:
        if outcome is LeadOutcome.UNCHANGED:
            continue
        lines.append(
            f"  lead {key(lead_id)}: {outcome.value} — {detail or outcome.describe}"
        )
    if len(not_changed) > limit:
        lines.append(
            f"  … {len(not_changed) - limit:,} more (see `leadtui log {result.operation_id}`)"
        )
    lines += [f"  note: {n}" for n in result.notes]
    return lines


def operation_line(op: OperationRow) -> list[str]:
    counts = op.summary.get("counts", {})
    total = sum(counts.values()) if counts else op.params.get("leads", "")
    changed = sum(n for k, n in counts.items() if LeadOutcome(k).changed)
    return [
        str(op.id),
        op.started_at,
        operation_kind(op),
        op.profile,
        str(total),
        str(changed),
        op.state.value,
    ]
