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
from leadtui.api.vicidial.fields import LEAD_ALL_INFO_COLUMNS, is_lead_id
from leadtui.api.vicidial.models import Lead
from leadtui.api.vicidial.outcomes import LeadsFound
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.api.vicidial.search_location import SearchLocation
from leadtui.ops.custom_reads import editable_custom
from leadtui.ops.search_key import KeyKind

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
    #: the list whose custom table an edit writes (None: custom fields not read)
    custom_list: int | None = None
    #: why the lead's custom fields are not shown (none, or unreadable)
    custom_note: str = ""


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


#: What an operator types around a phone number's digits, removed before use:
#: character → (one of them, several of them).
PHONE_PUNCTUATION: dict[str, tuple[str, str]] = {
    " ": ("a space", "spaces"),
    "-": ("a dash", "dashes"),
    ".": ("a dot", "dots"),
    "(": ("a parenthesis", "parentheses"),
    ")": ("a parenthesis", "parentheses"),
}

#: Characters the server cannot search a vendor code for (lead_search refuses
#: them; in update_lead's search they break the SQL or are changed first).
VENDOR_SEARCH_FORBIDDEN = ",'\\;#\"+"
VENDOR_CODE_LENGTH = 20


class CheckedKey(BaseModel):
    """A search key (or a new phone number) as it will be used, or why it cannot be."""

    model_config = ConfigDict(frozen=True)

    #: the value used (digits only for a phone number); "" when refused
    value: str
    #: what was removed from the typed text, in words ("" when nothing was)
    removed: str = ""
    refused: str | None = None


def and_join(words: list[str]) -> str:
    """``a, b and c``."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def quoted(text: str) -> str:
    """A value inside typographic quotes, so spaces around it can be seen."""
    return f"“{text}”"


def shown_chars(chars: str) -> str:
    """Distinct characters, in the order typed, spaced out and named when invisible."""
    names = {" ": "space", "\n": "line break", "\r": "CR", "\t": "tab"}
    seen = list(dict.fromkeys(chars))
    return " ".join(
        names.get(c) or (c if c.isprintable() else f"U+{ord(c):04X}") for c in seen
    )


def check_phone(text: str, *, fewest: int, most: int = 18) -> CheckedKey:
    """A phone number as digits: spaces, dashes, dots and parentheses are removed
    (and said so); anything else is refused, as is a count outside fewest-most."""
    digits = "".join(c for c in text if c not in PHONE_PUNCTUATION)
    counts: dict[tuple[str, str], int] = {}
    for c in text:
        if c in PHONE_PUNCTUATION:
            counts[PHONE_PUNCTUATION[c]] = counts.get(PHONE_PUNCTUATION[c], 0) + 1
    removed = and_join([one if n == 1 else many for (one, many), n in counts.items()])
    others = "".join(c for c in digits if not ("0" <= c <= "9"))
    refused: str | None = None
    if "+" in others:
        refused = (
            "leave out the + and the country code "
            "(the country code is the lead's phone code)"
        )
    elif others:
        refused = f"a phone number is digits only, not {shown_chars(others)}"
    elif not digits:
        refused = "a phone number needs digits"
    elif not fewest <= len(digits) <= most:
        refused = (
            f"a phone number here has {fewest} to {most} digits; "
            f"this one has {len(digits)}"
        )
    if refused:
        return CheckedKey(value="", removed=removed, refused=refused)
    return CheckedKey(value=digits, removed=removed)


def check_lead_id(text: str) -> CheckedKey:
    key = text.strip()
    if not key:
        return CheckedKey(value="", refused="type a lead ID")
    if not (key.isascii() and key.isdigit()):
        return CheckedKey(
            value="", refused=f"a lead ID is digits only; {quoted(key)} is not one"
        )
    if not is_lead_id(key):
        return CheckedKey(
            value="", refused=f"{key} is not a lead ID (they run from 1 to 4294967295)"
        )
    return CheckedKey(value=str(int(key)))


def check_vendor_code(text: str) -> CheckedKey:
    key = text.strip()
    if not key:
        return CheckedKey(value="", refused="type a vendor code")
    bad = "".join(c for c in key if c in VENDOR_SEARCH_FORBIDDEN or not c.isprintable())
    if bad:
        return CheckedKey(
            value="",
            refused=f"a vendor code to search for cannot hold {shown_chars(bad)} "
            "(the server refuses , ' \\ ; # \" + and line breaks)",
        )
    if len(key) > VENDOR_CODE_LENGTH:
        return CheckedKey(
            value="",
            refused=f"a vendor code is at most {VENDOR_CODE_LENGTH} characters; "
            f"this one has {len(key)}",
        )
    return CheckedKey(value=key)


def check_key(kind: KeyKind, text: str) -> CheckedKey:
    """The key as it will be searched for, or why it cannot be, in words."""
    match kind:
        case KeyKind.LEAD_ID:
            return check_lead_id(text)
        case KeyKind.VENDOR:
            return check_vendor_code(text)
        case KeyKind.PHONE:
            if not text.strip():
                return CheckedKey(value="", refused="type a phone number")
            return check_phone(text.strip(), fewest=6)


class SearchPlan(BaseModel):
    """A search as the operator typed it: the query, or why it cannot run."""

    model_config = ConfigDict(frozen=True)

    query: LeadQuery | None = None
    refused: str | None = None
    #: what leadtui changed in the typed key (e.g. "spaces and a dash removed")
    notes: tuple[str, ...] = ()


def plan_search(
    kind: KeyKind,
    key: str,
    *,
    location: SearchLocation,
    list_text: str = "",
    records_text: str = "",
) -> SearchPlan:
    """Check every box of the search form; a refusal says what is wrong in words."""
    checked = check_key(kind, key)
    if checked.refused:
        return SearchPlan(refused=checked.refused)
    notes = (f"{checked.removed} removed",) if checked.removed else ()
    list_text, records_text = list_text.strip(), records_text.strip() or "1"
    if list_text and not (list_text.isascii() and list_text.isdigit()):
        return SearchPlan(
            refused=f"a list ID is digits only; {quoted(list_text)} is not one"
        )
    if not (records_text.isascii() and records_text.isdigit()) or int(records_text) < 1:
        return SearchPlan(
            refused="records (how many matching leads an update may change) "
            f"is a number from 1; {quoted(records_text)} is not one"
        )
    param = {
        KeyKind.LEAD_ID: "lead_id",
        KeyKind.VENDOR: "vendor_lead_code",
        KeyKind.PHONE: "phone_number",
    }[kind]
    query = LeadQuery.model_validate(
        {
            param: checked.value,
            "location": location,
            "list_id": int(list_text) if list_text else None,
            "records": int(records_text),
        }
    )
    try:
        query.form()
    except e.RequestRefused as error:
        return SearchPlan(refused=error.message)
    return SearchPlan(query=query, notes=notes)


def describe_query(query: LeadQuery) -> str:
    """``lead 1010 in list 201``: the keys and the scope, in words."""
    keys = []
    if query.lead_id is not None:
        keys.append(f"lead {query.lead_id}")
    if query.vendor_lead_code is not None:
        keys.append(f"vendor code {quoted(query.vendor_lead_code)}")
    if query.phone_number is not None:
        keys.append(f"phone {query.phone_number}")
    match query.location:
        case SearchLocation.LIST:
            where = f"list {query.list_id}"
        case SearchLocation.CAMPAIGN:
            where = f"the lists of the campaign that list {query.list_id} is in"
        case _:
            where = "the whole system"
    return f"{' or '.join(keys)} in {where}"


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
        ids = await matching_ids(client, query)
    except (e.PermissionDenied, e.FunctionNotAllowed) as error:
        if preview is None:
            raise
        ids = [preview.lead_id]
        notes.append(f"only the first match is shown: {error.explain()}")
    if preview is not None and preview.lead_id not in ids:
        ids.insert(0, preview.lead_id)
    found = await asyncio.gather(*(read_lead(client, lead_id) for lead_id in ids))
    leads = [f for f in found if f is not None]
    # lead_all_info does not print entry_date: read it for one match as for many
    leads = await _server_order(client, leads)
    if any(not f.complete for f in leads):
        notes.append(
            "the server cannot print some records in full (it crashes on apostrophes)"
        )
    return SearchResult(
        query=query, preview=preview, leads=tuple(leads), notes=tuple(notes)
    )


async def matching_ids(client: VicidialClient, query: LeadQuery) -> list[int]:
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
        return FoundLead(lead=_lead_of_fields(values), complete=False)


def _lead_of_fields(values: dict[str, str]) -> Lead:
    """A lead from its columns read one by one with lead_field_info. Answers
    that make no lead (an emptied body where a list ID belongs) are a typed
    error with what was read, never a value."""
    try:
        return Lead.from_columns(values)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        read = "\n".join(f"{column}={value}" for column, value in values.items())
        raise e.UnrecognisedResponse(
            f"The dialer's lead_field_info answers for lead {values['lead_id']} "
            f"make no lead record ({str(error).splitlines()[-1].strip() or error})",
            raw=read,
        ) from None


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
        lead = _lead_of_fields(values)
        complete = False
    extra: dict[str, object] = {}
    for column in ("entry_date", "modify_date", "called_since_last_reset"):
        extra[column] = (await client.lead_field_info(lead_id, column)).value
    custom = await editable_custom(client, lead)
    extra["custom_fields"] = custom.values
    return FoundLead(
        lead=lead.model_copy(update=extra),
        complete=complete,
        custom_list=custom.table,
        custom_note=custom.note,
    )


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
