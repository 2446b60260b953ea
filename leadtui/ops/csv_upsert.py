"""Keep VICIdial in step with a CRM: each CSV row updates the lead it matches,
or inserts it when nothing matches.

Before anything is sent, every row is classified by looking its keys up the
way ``update_lead`` matches them (vendor code, phone number or lead ID, in the
system, a campaign or a list): *update* (one match, or as many as ``--records``
allows: each lead is then changed by its lead ID), *insert* (no match, with
``--insert-missing``), *ambiguous* (more matches than ``--records``), *no
match*, or *refused* (with the reason). Inserts are sent as ``update_lead``
with the row's keys and ``insert_if_not_found=Y``: the server searches again
before it inserts, so sending one again after a lost answer updates the lead
the first attempt made instead of adding a second.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.api.vicidial.search_location import SearchLocation
from leadtui.ops.backend import Group, Verify
from leadtui.ops.backend_vicidial import SINGLE
from leadtui.ops.csv_plan import plan_vicidial
from leadtui.ops.csv_rows import CsvRow, CsvTable, checked_values
from leadtui.ops.csv_run import vicidial_csv_operation
from leadtui.ops.custom_fields import split_values, stored_changes
from leadtui.ops.idlist import explain_token
from leadtui.ops.op_plan import GroupPlan, OperationPlan
from leadtui.ops.search import check_phone, matching_ids
from leadtui.ops.session import Session
from leadtui.ops.wording import plural

MATCH_FIELDS = ("lead_id", "vendor_lead_code", "phone_number")


class RowKind(StrEnum):
    UPDATE = "update"
    INSERT = "insert"
    AMBIGUOUS = "ambiguous"
    NO_MATCH = "no match"
    REFUSED = "refused"


@dataclass(frozen=True)
class UpsertSpec:
    """How rows find their leads, and where the missing ones go."""

    match: tuple[str, ...]
    location: SearchLocation = SearchLocation.SYSTEM
    #: the list whose campaign (CAMPAIGN) or which (LIST) is searched
    list_id: int | None = None
    #: where rows that match nothing are inserted; None: they are not
    insert_list: int | None = None
    #: the phone code of an inserted lead whose row has none
    phone_code: str = "1"
    #: how many leads one row may change
    records: int = 1

    def problems(self) -> list[str]:
        found: list[str] = []
        if not self.match or any(m not in MATCH_FIELDS for m in self.match):
            found.append(f"--match takes {', '.join(MATCH_FIELDS)} (one or more)")
        if self.location is not SearchLocation.SYSTEM and (
            self.list_id is None or self.list_id < 99
        ):
            found.append(
                f"--location {self.location.value} needs --list-id (99 or more): "
                "the server would search the whole system instead"
            )
        if self.insert_list is not None:
            if len(str(self.insert_list)) < 3:
                found.append("--insert-list needs a list ID of 3 digits or more")
            if (
                self.location is not SearchLocation.SYSTEM
                and self.insert_list != self.list_id
            ):
                found.append(
                    f"with --location {self.location.value}, new leads go into "
                    "--list-id (the server inserts into the list it searched)"
                )
        if not self.phone_code.isdigit():
            found.append("--phone-code is digits")
        if self.records < 1:
            found.append("--records is 1 or more")
        return found

    def describe(self) -> str:
        where = self.location.value + (
            f" (list {self.list_id})"
            if self.location is not SearchLocation.SYSTEM
            else ""
        )
        said = f"Rows matched by {' then '.join(self.match)} in {where}"
        if self.records > 1:
            said += f", up to {self.records} leads a row"
        if self.insert_list is None:
            return said + "; rows that match nothing are not sent."
        return (
            said
            + f"; rows that match nothing are inserted into list {self.insert_list}."
        )

    def query(self, keys: dict[str, str], *, insert: bool = False) -> LeadQuery:
        """The row's lookup; for an insert, ``list_id`` names the list it goes into."""
        scoped = self.location is not SearchLocation.SYSTEM
        return LeadQuery(
            lead_id=int(keys["lead_id"]) if "lead_id" in keys else None,
            vendor_lead_code=keys.get("vendor_lead_code"),
            phone_number=keys.get("phone_number"),
            location=self.location,
            list_id=self.list_id if scoped else (self.insert_list if insert else None),
        )


@dataclass
class UpsertRow:
    line: int
    #: match field → the row's value
    keys: dict[str, str]
    #: field → value to set (the keys excluded)
    values: dict[str, str]
    kind: RowKind = RowKind.REFUSED
    lead_ids: tuple[int, ...] = ()
    reason: str = ""

    def describe(self) -> str:
        keys = ", ".join(f"{k}={v}" for k, v in self.keys.items()) or "no key"
        if self.kind is RowKind.UPDATE:
            leads = ", ".join(str(i) for i in self.lead_ids)
            return f"line {self.line}: update lead {leads} ({keys})"
        if self.kind is RowKind.INSERT:
            return f"line {self.line}: insert ({keys})"
        return f"line {self.line}: {self.kind.value} ({keys}): {self.reason}"


@dataclass
class UpsertPlan:
    spec: UpsertSpec
    rows: list[UpsertRow] = field(default_factory=list)

    def of(self, kind: RowKind) -> list[UpsertRow]:
        return [r for r in self.rows if r.kind is kind]

    def counts(self) -> dict[str, int]:
        counts = {kind.value: 0 for kind in RowKind}
        for row in self.rows:
            counts[row.kind.value] += 1
        return counts

    @property
    def sendable(self) -> int:
        return len(self.of(RowKind.UPDATE)) + len(self.of(RowKind.INSERT))

    def describe(self, limit: int = 20) -> list[str]:
        c = self.counts()
        spec = self.spec
        where = spec.location.value + (
            f" (list {spec.list_id})"
            if spec.location is not SearchLocation.SYSTEM
            else ""
        )
        lines = [
            f"{plural(len(self.rows), 'row')} matched by {' then '.join(spec.match)} "
            f"in {where}: {c['update']:,} update, {c['insert']:,} insert, "
            f"{c['ambiguous']:,} ambiguous, {c['no match']:,} no match, "
            f"{c['refused']:,} refused"
        ]
        if spec.insert_list is not None and c["insert"]:
            lines.append(
                f"  new leads go into list {spec.insert_list} (phone code "
                f"{spec.phone_code} where the row has none); undo deletes them"
            )
        shown = [r for r in self.rows if r.kind not in (RowKind.UPDATE, RowKind.INSERT)]
        lines += [f"  {r.describe()}" for r in shown[:limit]]
        if len(shown) > limit:
            lines.append(f"  … {len(shown) - limit:,} more rows not sent")
        return lines


def upsert_rows(
    table: CsvTable, mapping: dict[str, str], spec: UpsertSpec
) -> list[UpsertRow]:
    """Each row's keys and values, checked; nothing is looked up yet."""
    columns = {i: mapping.get(name, "") for i, name in enumerate(table.header)}
    mapped = set(columns.values())
    missing = [m for m in spec.match if m not in mapped]
    if missing:
        raise ValueError(
            f"map a column to {', '.join(missing)}: rows are matched by it"
        )
    rows: list[UpsertRow] = []
    seen: dict[tuple[tuple[str, str], ...], int] = {}
    for line, cells in table.rows:
        data = {
            columns[i]: cells[i].strip() if i < len(cells) else ""
            for i in columns
            if columns[i]
        }
        keys = {m: data.pop(m) for m in spec.match if data.get(m)}
        data.pop("lead_id", None)  # a lead ID that is not a key changes nothing
        for m in spec.match:
            data.pop(m, None)
        values, problems = checked_values(data)
        row = UpsertRow(line, keys, values)
        problems = _key_problems(keys, spec) + problems
        signature = tuple(sorted(keys.items()))
        if not problems and signature in seen:
            problems.append(f"the same key as line {seen[signature]}")
        if problems:
            row.reason = "; ".join(problems)
        else:
            seen[signature] = line
            row.kind = RowKind.NO_MATCH  # until it is looked up
        rows.append(row)
    return rows


def _key_problems(keys: dict[str, str], spec: UpsertSpec) -> list[str]:
    """Why the row's keys cannot be looked up; a formatted phone number is
    taken as its digits (``keys`` is updated), as the search screen does."""
    if not keys:
        return [f"no {' or '.join(spec.match)}"]
    if "phone_number" in keys:
        phone = check_phone(keys["phone_number"], fewest=6)
        if phone.refused:
            return [f"phone number {keys['phone_number']!r}: {phone.refused}"]
        keys["phone_number"] = phone.value
    if "lead_id" in keys and (why := explain_token(keys["lead_id"])):
        return [f"lead ID {keys['lead_id']!r}: {why}"]
    try:
        spec.query(keys).form()
    except e.RequestRefused as error:
        return [error.message]
    return []


async def classify(
    session: Session,
    rows: list[UpsertRow],
    spec: UpsertSpec,
    on_progress: Callable[[int, int], None] | None = None,
) -> UpsertPlan:
    """Look every checked row up; the plan says what each will do."""
    pending = [r for r in rows if r.kind is RowKind.NO_MATCH]
    gate = asyncio.Semaphore(max(1, session.concurrency))
    done = 0

    async def look(row: UpsertRow) -> None:
        nonlocal done
        async with gate:
            ids = await matching_ids(session.client, spec.query(row.keys))
        _settle(row, ids, spec)
        done += 1
        if on_progress is not None:
            on_progress(done, len(pending))

    await asyncio.gather(*(look(r) for r in pending))
    claimed: dict[int, int] = {}
    for row in rows:  # a lead two rows would change: the later row is refused
        if row.kind is not RowKind.UPDATE:
            continue
        taken = [i for i in row.lead_ids if i in claimed]
        if taken:
            row.kind = RowKind.REFUSED
            row.reason = f"lead {taken[0]} is also matched by line {claimed[taken[0]]}"
            continue
        claimed.update({i: row.line for i in row.lead_ids})
    return UpsertPlan(spec=spec, rows=rows)


def _settle(row: UpsertRow, ids: Sequence[int], spec: UpsertSpec) -> None:
    if len(ids) > spec.records:
        row.kind = RowKind.AMBIGUOUS
        row.lead_ids = tuple(ids)
        row.reason = (
            f"{len(ids)} leads match; --records {len(ids)} would change all of them"
        )
    elif ids:
        row.kind = RowKind.UPDATE
        row.lead_ids = tuple(ids)
        if not row.values:
            row.kind, row.reason = RowKind.REFUSED, "nothing to change"
    elif spec.insert_list is None:
        row.reason = "no lead matches (--insert-missing adds it)"
    else:
        phone = row.keys.get("phone_number") or row.values.get("phone_number", "")
        if not (phone.isdigit() and 6 <= len(phone) <= 18):
            row.kind = RowKind.REFUSED
            row.reason = "an insert needs a phone number of 6 to 18 digits"
        else:
            row.kind = RowKind.INSERT


def insert_request(row: UpsertRow, spec: UpsertSpec) -> UpdateLeadRequest:
    """update_lead by the row's keys with insert_if_not_found=Y: the server
    inserts only when its own search finds nothing."""
    values, custom = split_values(row.values)
    values.setdefault("phone_code", spec.phone_code)
    phone = values.pop("phone_number", None)
    return UpdateLeadRequest(
        query=spec.query(row.keys, insert=True),
        values=values,
        new_phone_number=phone,
        custom_fields=custom or None,
        insert_if_not_found=True,
    )


def insert_key(row: UpsertRow) -> int:
    """The journal key of a row to insert (no lead ID yet): minus its line."""
    return -row.line


def upsert_operation(
    plan: UpsertPlan, *, records: int, before_images: bool = True
) -> OperationPlan:
    """The updates (by lead ID, grouped as any CSV) and the inserts, as one operation."""
    updates = [
        CsvRow(line=row.line, key=str(lead_id), values=dict(row.values))
        for row in plan.of(RowKind.UPDATE)
        for lead_id in row.lead_ids
    ]
    operation = vicidial_csv_operation(
        plan_vicidial(updates, records=records), before_images=before_images
    )
    inserts = plan.of(RowKind.INSERT)
    if inserts:
        requests = {insert_key(r): insert_request(r, plan.spec) for r in inserts}
        operation.groups.append(
            GroupPlan(
                Group(
                    function=SINGLE,
                    size=1,
                    judge="insert",
                    verify=Verify.RESEND,
                    read=False,
                ),
                tuple(requests),
                changes={
                    k: stored_changes({**r.values, **r.keys})
                    for k, r in zip(requests, inserts, strict=True)
                },
                requests={k: [list(p) for p in r.form()] for k, r in requests.items()},
            )
        )
    spec = plan.spec
    operation.params.update(
        {
            "rows": len(plan.rows),
            "match": list(spec.match),
            "location": spec.location.value,
            "list_id": spec.list_id,
            "insert_list": spec.insert_list,
            "classified": plan.counts(),
        }
    )
    return operation
