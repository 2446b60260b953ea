"""What an operation will do, before anything is journaled or sent.

Every kind of operation (batch, edit, delete, reset, hopper, callbacks, CSV,
undo) is built as an :class:`OperationPlan`: groups of leads, each with the
:class:`~leadtui.ops.backend.Group` that says how they are sent. The engine
journals the plan whole, then runs it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from leadtui.ops.backend import Group
from leadtui.ops.before_images import BeforeImage


@dataclass(frozen=True)
class GroupPlan:
    spec: Group
    lead_ids: Sequence[int]
    #: each lead's change (column → value it will hold); default: the group's target
    changes: Mapping[int, dict[str, str]] | None = None
    #: each lead's own request (update_lead form pairs, a VoiceAIWrapper item)
    requests: Mapping[int, Any] | None = None

    def change_of(self, lead_id: int) -> dict[str, str]:
        if self.changes is not None and lead_id in self.changes:
            return self.changes[lead_id]
        return self.spec.target


@dataclass
class OperationPlan:
    kind: str
    groups: list[GroupPlan]
    #: what the operator asked for, for the log (values, flags, counts)
    params: dict[str, Any] = field(default_factory=dict)
    #: read each lead from the server first (before-images)
    read_images: bool = True
    #: the columns a before-image must hold (lead_all_info reads the whole record)
    image_columns: list[str] = field(default_factory=list)
    #: before-images already known (a preview the operator saw, the journal)
    befores: Mapping[int, BeforeImage] = field(default_factory=dict)
    undo_of: int | None = None

    @property
    def lead_ids(self) -> list[int]:
        return [i for g in self.groups for i in g.lead_ids]

    def __len__(self) -> int:
        return sum(len(g.lead_ids) for g in self.groups)
