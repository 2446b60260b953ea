"""Undo on VoiceAIWrapper: its leads cannot be read, so each field leadtui
changed goes back to the value leadtui last wrote to it (journaled before the
change); a field it never wrote before is listed, not guessed."""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field

from leadtui.api.voiceaiwrapper.models import LeadUpdate
from leadtui.ops.backend_voice import key_phone
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import LeadOutcome
from leadtui.ops.wording import plural


class VoiceUndoPlan(BaseModel):
    """VoiceAIWrapper: restore each field leadtui knows an older value of."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    operation_id: int
    items: list[LeadUpdate] = Field(default_factory=list)
    impossible: list[tuple[int, str, str]] = Field(default_factory=list)

    @property
    def lead_count(self) -> int:
        return len(self.items)

    def nothing_reason(self) -> str:
        return (
            "leadtui knows no older value of the fields it changed"
            if self.impossible
            else "nothing was changed"
        )

    def describe(self, limit: int = 20) -> list[str]:
        lines = [
            f"Undo of operation {self.operation_id}: {plural(self.lead_count, 'lead')} to "
            "restore to what leadtui last wrote to them."
        ]
        lines += [
            f"{key_phone(k)}: cannot restore {c}: {why}"
            for k, c, why in self.impossible[:limit]
        ]
        if len(self.impossible) > limit:
            lines.append(f"… {len(self.impossible) - limit:,} more")
        return lines


def plan_voice_undo(journal: Journal, operation_id: int) -> VoiceUndoPlan:
    items: list[LeadUpdate] = []
    impossible: list[tuple[int, str, str]] = []
    for row in journal.leads(operation_id):
        if row.outcome is not LeadOutcome.UPDATED:
            continue
        known = row.before or {}
        fields: dict[str, object] = {"phone_number": key_phone(row.lead_id)}
        custom: dict[str, object] = {}
        for column in row.change:
            if column not in known:
                impossible.append(
                    (
                        row.lead_id,
                        column,
                        "VoiceAIWrapper cannot be read and leadtui never wrote this "
                        "field before",
                    )
                )
            elif column == "mark_as_unanswered":
                impossible.append(
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
            items.append(LeadUpdate.from_fields(fields))
    return VoiceUndoPlan(operation_id=operation_id, items=items, impossible=impossible)
