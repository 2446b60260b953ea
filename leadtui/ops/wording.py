"""How values, counts, leads and operations read in plain text: the words both
front ends show (no Python reprs, singular and plural right)."""

from __future__ import annotations

import json

from leadtui.ops.journal_models import LeadRow, OperationRow
from leadtui.ops.search import quoted


def shown_value(value: str | None) -> str:
    """A value as the operator reads it: plainly, empty and unknown in words,
    in quotes only when spaces at its ends (or doubled) would hide."""
    if value is None:
        return "(unknown)"
    if not value:
        return "(empty)"
    if value != value.strip() or "  " in value:
        return quoted(value)
    return value


def journal_value(column: str, text: str | None, backend: str = "vicidial") -> str:
    """A journaled value: VoiceAIWrapper keeps its flags and custom fields as
    JSON text (``true``, ``"pro"``), shown here as yes/no and plain text."""
    if text is None or backend != "voiceaiwrapper":
        return shown_value(text)
    if column.startswith("custom:") or column in ("do_not_call", "mark_as_unanswered"):
        try:
            value = json.loads(text)
        except ValueError:
            return shown_value(text)
        if isinstance(value, bool):
            return "yes" if value else "no"
        return shown_value(value if isinstance(value, str) else json.dumps(value))
    return shown_value(text)


def plural(count: int, noun: str) -> str:
    """``1 request``, ``2 requests``."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def lead_label(lead_id: int, backend: str = "vicidial") -> str:
    """The lead as the operator knows it: its ID, or its phone number (VoiceAIWrapper)."""
    if backend != "voiceaiwrapper":
        return str(lead_id)
    # here, not at the top: every module says plural(), few name a phone number
    from leadtui.ops.backend_voice import key_phone

    return key_phone(lead_id)


def row_label(row: LeadRow, backend: str = "vicidial") -> tuple[str, str]:
    """(noun, label) of a journal row: ``lead 1120``, ``number 3125550010`` for
    a DNC list entry (keyed by its digits), ``CSV line 4`` for a row to insert."""
    if any(column.startswith("dnc:") for column in row.change):
        from leadtui.ops.dnc_entries import key_phone as entry_phone

        return "number", entry_phone(row.lead_id)
    if row.lead_id < 0:  # a CSV row to insert: keyed by minus its line
        return "CSV line", str(-row.lead_id)
    return "lead", lead_label(row.lead_id, backend)


def change_text(
    row: LeadRow, backend: str = "vicidial", *, arrow: str = " → "
) -> list[str]:
    """``column before → after`` for each field the operation set on the lead."""
    before = row.before or {}
    parts = []
    for column, new in row.change.items():
        if column in ("deleted", "recreate"):
            continue
        old = journal_value(column, before.get(column), backend)
        parts.append(f"{column} {old}{arrow}{journal_value(column, new, backend)}")
    return parts


def operation_kind(op: OperationRow) -> str:
    """``batch``, ``undo of #3``, ``csv (resume of #4)``: never a word twice."""
    for link, target in (("undo", op.undo_of), ("resume", op.resume_of)):
        if target:
            if op.kind == link:
                return f"{link} of #{target}"
            return f"{op.kind} ({link} of #{target})"
    return op.kind
