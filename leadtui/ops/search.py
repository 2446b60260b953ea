"""Find leads exactly as ``update_lead`` would match them, with their full records.

The server's ``no_update=Y`` preview names only the first match (the newest
``entry_date``). To show every lead an update would touch, the keys are looked
up with ``lead_search`` in the same scope, each match is read in full, and the
matches are put in the server's order (newest ``entry_date`` first).
"""

from __future__ import annotations

import asyncio

from pydantic import BaseModel, ConfigDict

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.fields import LEAD_ALL_INFO_COLUMNS
from leadtui.api.vicidial.models import Lead
from leadtui.api.vicidial.outcomes import LeadsFound
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest

#: Columns read one by one when the server cannot print a lead's full record.
KEY_COLUMNS = (
    "status",
    "list_id",
    "phone_number",
    "first_name",
    "last_name",
    "vendor_lead_code",
)


class FoundLead(BaseModel):
    model_config = ConfigDict(frozen=True)

    lead: Lead
    #: False when lead_all_info crashed on this lead and only key columns were read.
    complete: bool = True


class SearchResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    query: LeadQuery
    #: The server's own preview line: the lead update_lead hits first (None: no match).
    preview: LeadsFound | None
    #: Every matching lead, in the order update_lead takes them.
    leads: tuple[FoundLead, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def would_update(self) -> tuple[int, ...]:
        """The leads an update_lead with this query's ``records`` would change."""
        return tuple(f.lead.lead_id for f in self.leads[: self.query.records])


async def find_leads(client: VicidialClient, query: LeadQuery) -> SearchResult:
    notes: list[str] = []
    preview: LeadsFound | None = None
    try:
        outcome = await client.update_lead(
            UpdateLeadRequest(query=query, no_update=True)
        )
        preview = outcome.preview
        if preview is None:
            return SearchResult(query=query, preview=None)
    except (e.PermissionDenied, e.FunctionNotAllowed) as error:
        notes.append(f"the server's update preview is not available: {error.explain()}")
    try:
        ids = await _matching_ids(client, query)
    except (e.PermissionDenied, e.FunctionNotAllowed) as error:
        if preview is None:
            raise
        ids = [preview.lead_id]
        notes.append(f"only the first match is shown: {error.explain()}")
    if preview is not None and preview.lead_id not in ids:
        ids.insert(0, preview.lead_id)
    found = await asyncio.gather(*(read_lead(client, lead_id) for lead_id in ids))
    leads = [f for f in found if f is not None]
    if len(leads) > 1:
        leads = await _server_order(client, leads)
    if any(not f.complete for f in leads):
        notes.append(
            "the server cannot print some records in full (it crashes on apostrophes)"
        )
    return SearchResult(
        query=query, preview=preview, leads=tuple(leads), notes=tuple(notes)
    )


async def _matching_ids(client: VicidialClient, query: LeadQuery) -> list[int]:
    """Lead IDs of the first key (in the server's order) that matches anything."""
    if query.lead_id is not None:
        try:
            await client.lead_field_info(query.lead_id, "lead_id")
            return [query.lead_id]
        except e.LeadNotFound:
            pass
    for codes, phones in ((query.vendor_lead_code, None), (None, query.phone_number)):
        if codes is None and phones is None:
            continue
        try:
            hits = await client.lead_search(
                vendor_codes=[codes] if codes else None,
                phone_numbers=[phones] if phones else None,
                location=query.location,
                list_id=query.list_id,
            )
        except e.NoMatches:
            continue
        ids = [i for hit in hits for i in hit.lead_ids]
        if ids:
            return ids
    return []


async def read_lead(client: VicidialClient, lead_id: int) -> FoundLead | None:
    """A lead's full record; its key columns only when the server crashes on it."""
    try:
        return FoundLead(lead=(await client.lead_all_info(lead_id=lead_id))[0])
    except e.LeadNotFound:
        return None
    except e.OutcomeUnknown:
        values = {"lead_id": str(lead_id)}
        for column in KEY_COLUMNS:
            values[column] = (await client.lead_field_info(lead_id, column)).value
        return FoundLead(lead=Lead.from_columns(values), complete=False)


async def read_full_lead(client: VicidialClient, lead_id: int) -> FoundLead:
    """Every column of one lead, falling back to one read per column on a crash."""
    try:
        lead = (await client.lead_all_info(lead_id=lead_id))[0]
        complete = True
    except e.OutcomeUnknown:
        values = {"lead_id": str(lead_id)}
        for column in LEAD_ALL_INFO_COLUMNS:
            if column != "lead_id":
                values[column] = (await client.lead_field_info(lead_id, column)).value
        lead = Lead.from_columns(values)
        complete = False
    extra = {}
    for column in ("entry_date", "modify_date", "called_since_last_reset"):
        extra[column] = (await client.lead_field_info(lead_id, column)).value
    return FoundLead(lead=lead.model_copy(update=extra), complete=complete)


async def _server_order(
    client: VicidialClient, leads: list[FoundLead]
) -> list[FoundLead]:
    """Newest entry_date first, as update_lead's ORDER BY entry_date DESC."""

    async def dated(found: FoundLead) -> tuple[str, FoundLead]:
        value = await client.lead_field_info(found.lead.lead_id, "entry_date")
        return value.value, found.model_copy(
            update={"lead": found.lead.model_copy(update={"entry_date": value.value})}
        )

    pairs = await asyncio.gather(*(dated(f) for f in leads))
    return [f for _, f in sorted(pairs, key=lambda pair: pair[0], reverse=True)]
