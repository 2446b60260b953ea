"""Editing one lead: the diff the operator confirms, and the journaled save."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.fields import (
    FIELDS_BY_COLUMN,
    FIELDS_BY_PARAM,
    LeadField,
    custom_label_problem,
)
from leadtui.api.vicidial.models import Lead
from leadtui.api.vicidial.preview import (
    NoteKind,
    StoredValue,
    StoreNote,
    would_store,
    would_store_custom,
)
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.ops.before_images import read_before_image
from leadtui.ops.custom_fields import is_custom, label_of
from leadtui.ops.per_lead import run_per_lead
from leadtui.ops.results import OperationResult
from leadtui.ops.search import FoundLead, check_phone, read_full_lead
from leadtui.ops.session import Session


class FieldChange(BaseModel):
    """One field of the edit form: what the lead holds, what was typed, what is stored."""

    model_config = ConfigDict(frozen=True)

    column: str
    param: str
    title: str
    old: str
    typed: str
    #: the value sent (a new phone number is sent as its digits)
    sent: str
    #: the value the server will store; None = the server leaves the field as it is
    stored: str | None
    notes: tuple[StoreNote, ...] = ()
    refused: str | None = None

    @property
    def changes(self) -> bool:
        return self.stored is not None and self.stored != self.old


def field_for(name: str) -> LeadField:
    return FIELDS_BY_PARAM.get(name) or FIELDS_BY_COLUMN[name]


def check_field(param: str, typed: str) -> tuple[str, StoredValue]:
    """The value leadtui sends for ``typed`` and what the server stores for it.

    A new phone number is sent as its digits: spaces, dashes, dots and
    parentheses are removed (the server would drop them too), anything else is
    refused, as ``update_lead`` only takes 1 to 18 digits for a new number.
    """
    if is_custom(param):
        return typed, would_store_custom(param, typed)
    if param != "phone_number":
        return typed, would_store(param, typed)
    phone = check_phone(typed, fewest=1)
    if phone.refused:
        refused = would_store(param, typed).model_copy(
            update={
                "stored": None,
                "writes": False,
                "notes": (),
                "refused": phone.refused,
            }
        )
        return typed, refused
    preview = would_store(param, phone.value)
    notes = preview.notes
    if phone.removed:
        removed = StoreNote(
            kind=NoteKind.STRIPPED,
            detail=f"sent as {phone.value} ({phone.removed} removed)",
        )
        notes = (removed, *notes)
    return phone.value, preview.model_copy(update={"typed": typed, "notes": notes})


def custom_change(before: Lead, column: str, typed: str) -> FieldChange:
    """A custom field of the edit (``custom:LABEL``): the lead's own list's field."""
    label = label_of(column)
    preview = would_store_custom(column, typed)
    stored, refused = preview.stored, custom_label_problem(label) or preview.refused
    if refused is None and label not in before.custom_fields:
        named = ", ".join(before.custom_fields) or "none"
        refused = f"not a custom field of this lead's list (its fields: {named})"
    return FieldChange(
        column=column,
        param=column,
        title=f"{label} (custom)",
        old=before.custom_fields.get(label, ""),
        typed=typed,
        sent=typed,
        stored=None if refused else stored,
        notes=preview.notes,
        refused=refused,
    )


def diff_edit(
    before: Lead, values: dict[str, str], new_phone_number: str | None = None
) -> list[FieldChange]:
    """Every edited field with its old value and the value the server would store."""
    typed = dict(values)
    if new_phone_number is not None:
        typed["phone_number"] = new_phone_number
    changes = []
    for name, value in typed.items():
        if is_custom(name):
            changes.append(custom_change(before, name, value))
            continue
        field = field_for(name)
        sent, preview = check_field(field.param, value)
        changes.append(
            FieldChange(
                column=field.column,
                param=field.param,
                title=field.title,
                old=before.value(field.column),
                typed=value,
                sent=sent,
                stored=preview.stored,
                notes=preview.notes,
                refused=preview.refused,
            )
        )
    return changes


class EditConflict(Exception):
    """The lead changed on the server since the operator opened it: not saved."""

    def __init__(self, lead_id: int, columns: list[str]) -> None:
        super().__init__(
            f"Lead {lead_id} changed on the server since it was opened "
            f"({', '.join(columns)}); reload it before saving."
        )
        self.lead_id = lead_id
        self.columns = columns


class EditResult(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    result: OperationResult
    after: FoundLead | None


async def save_edit(
    session: Session,
    seen: Lead,
    values: dict[str, str],
    *,
    new_phone_number: str | None = None,
) -> EditResult:
    """Write the fields that change, after checking nobody changed them meanwhile."""
    session.require_writable()
    edited = diff_edit(seen, values, new_phone_number)
    refused = [f"{c.title}: {c.refused}" for c in edited if c.refused]
    if refused:
        raise e.RequestRefused("; ".join(refused))
    changes = [c for c in edited if c.changes]
    if not changes:
        raise e.RequestRefused("nothing to change: the lead already holds these values")
    to_send = {
        c.param: c.sent
        for c in changes
        if c.param != "phone_number" and not is_custom(c.param)
    }
    custom = {label_of(c.param): c.sent for c in changes if is_custom(c.param)}
    phone = next((c.sent for c in changes if c.param == "phone_number"), None)
    predicted = {c.column: c.stored or "" for c in changes}
    lead_id = seen.lead_id
    image = await read_before_image(session.client, lead_id, list(predicted))
    if image.values is not None:
        moved = [
            c.column for c in changes if image.values.get(c.column, c.old) != c.old
        ]
        if moved:
            raise EditConflict(lead_id, moved)

    def build(_: int) -> UpdateLeadRequest:
        return UpdateLeadRequest(
            query=LeadQuery(lead_id=lead_id),
            values=to_send,
            new_phone_number=phone,
            custom_fields=custom or None,
        )

    result = await run_per_lead(
        session,
        kind="edit",
        lead_ids=[lead_id],
        build=build,
        judge="update",
        change={lead_id: predicted},
        images={lead_id: image},
        params={"values": to_send, "custom": custom, "new_phone_number": phone},
    )
    after = await read_full_lead(session.client, lead_id) if result.verdicts else None
    return EditResult(result=result, after=after)
