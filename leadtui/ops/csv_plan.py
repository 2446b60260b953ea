"""Turn validated CSV rows into the fewest requests, per backend.

VICIdial: rows whose changes are identical share ``batch_update_lead`` calls
(cut at the records cap); every other row, and every row that sets a custom
field, is one ``update_lead`` call. Each
row's change stays inside one request, so each row is applied all or nothing
and reconciles on its own. VoiceAIWrapper: rows go in bulk arrays of the
profile's size, each item carrying its own values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from leadtui.api.vicidial.fields import FIELDS_BY_PARAM
from leadtui.api.vicidial.preview import would_store
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.api.voiceaiwrapper.models import LeadUpdate
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.csv_rows import CsvRow
from leadtui.ops.custom_fields import is_custom, split_values


@dataclass
class VicidialCsvPlan:
    batches: list[BatchPlan] = field(default_factory=list)
    #: lead ID → the update_lead request for that row
    singles: dict[int, UpdateLeadRequest] = field(default_factory=dict)
    #: lead ID → CSV line number, for per-row results
    lines: dict[int, int] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return sum(len(b.chunks) for b in self.batches) + len(self.singles)

    @property
    def rows(self) -> int:
        return len(self.lines)

    def stored_statuses(self) -> list[dict[str, str]]:
        """The status each group of rows makes the server store (what the DNC
        note reads): one mapping per batch and per single row that sets one."""
        found = [
            {"status": b.predicted["status"]}
            for b in self.batches
            if "status" in b.predicted
        ]
        for request in self.singles.values():
            typed = request.values.get("status")
            if typed is not None:
                stored = would_store("status", typed).stored
                if stored is not None:
                    found.append({"status": stored})
        return found


def plan_vicidial(rows: Sequence[CsvRow], *, records: int) -> VicidialCsvPlan:
    """Group identical changes into batches; a change only update_lead can make, or a
    change no other row shares, is one update_lead call."""
    plan = VicidialCsvPlan()
    groups: dict[tuple[tuple[str, str], ...], list[int]] = defaultdict(list)
    for row in rows:
        if not row.ok:
            continue
        lead_id = int(row.key)
        plan.lines[lead_id] = row.line
        batchable = all(
            not is_custom(p) and FIELDS_BY_PARAM[p].in_batch for p in row.values
        )
        if batchable:
            groups[tuple(sorted(row.values.items()))].append(lead_id)
        else:
            plan.singles[lead_id] = single_request(lead_id, row.values)
    for values, ids in groups.items():
        if len(ids) == 1:
            plan.singles[ids[0]] = single_request(ids[0], dict(values))
        else:
            plan.batches.append(
                BatchPlan(lead_ids=tuple(ids), values=dict(values), records=records)
            )
    return plan


def single_request(lead_id: int, values: dict[str, str]) -> UpdateLeadRequest:
    changes, custom = split_values(values)
    phone = changes.pop("phone_number", None)
    return UpdateLeadRequest(
        query=LeadQuery(lead_id=lead_id),
        values=changes,
        new_phone_number=phone,
        custom_fields=custom or None,
    )


@dataclass
class VoiceCsvPlan:
    chunks: list[list[LeadUpdate]] = field(default_factory=list)
    #: E.164 phone → CSV line number
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return len(self.chunks)

    @property
    def rows(self) -> int:
        return len(self.lines)


def plan_voiceaiwrapper(rows: Sequence[CsvRow], *, bulk_size: int) -> VoiceCsvPlan:
    items = [row.item for row in rows if row.ok and row.item is not None]
    plan = VoiceCsvPlan(lines={row.key: row.line for row in rows if row.ok})
    plan.chunks = [items[i : i + bulk_size] for i in range(0, len(items), bulk_size)]
    return plan
