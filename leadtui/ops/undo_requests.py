"""The requests an undo sends: what to send so the server stores an old value
again, a lead's single restore (values, custom fields, the switches that
put its custom row and entry list back), and the re-creation of a deleted
lead."""

from __future__ import annotations

from leadtui.api.vicidial.fields import BLANK, FIELDS_BY_COLUMN
from leadtui.api.vicidial.preview import would_store
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.ops.custom_fields import split_values, stored_changes
from leadtui.ops.custom_restore import DELETE_DATA, FORCE_LIST


def revert_value(column: str, old: str) -> tuple[str | None, str]:
    """What to send so the server stores ``old`` again, or (None, why not)."""
    if column == "called_since_last_reset":
        if old == "N":
            return "N", ""
        return (
            None,
            f"the API can only set called_since_last_reset to N (it was {old!r})",
        )
    field = FIELDS_BY_COLUMN.get(column)
    if field is None:
        return None, f"{column} cannot be written through the API"
    candidate = old
    if old == "":
        candidate = BLANK
    elif field.may_hold_backslash:
        candidate = old.replace("\\", "\\\\")
    preview = would_store(field.param, candidate)
    if preview.refused is None and preview.stored == old:
        return candidate, ""
    shown = old if old else "empty"
    return None, f"the API cannot store {field.title.lower()} = {shown!r} exactly"


#: keys of a single restore that are switches, not values
_SWITCHES = ("reset_lead", DELETE_DATA, FORCE_LIST)


def restored_columns(values: dict[str, str]) -> dict[str, str]:
    change = stored_changes({k: v for k, v in values.items() if k not in _SWITCHES})
    if values.get("reset_lead") == "Y":
        change["called_since_last_reset"] = "N"
    if values.get(DELETE_DATA) == "Y":
        change["entry_list_id"] = "0"
    elif FORCE_LIST in values:
        change["entry_list_id"] = values[FORCE_LIST]
    return change


def restore_request(lead_id: int, values: dict[str, str]) -> UpdateLeadRequest:
    fields, custom = split_values(
        {k: v for k, v in values.items() if k not in _SWITCHES}
    )
    phone = fields.pop("phone_number", None)
    clear = values.get(DELETE_DATA) == "Y"
    return UpdateLeadRequest(
        query=LeadQuery(lead_id=lead_id),
        values=fields,
        new_phone_number=phone,
        custom_fields=custom if custom and not clear else None,
        force_entry_list_id=int(values[FORCE_LIST]) if FORCE_LIST in values else None,
        delete_custom_data=clear,
        reset_lead=values.get("reset_lead") == "Y",
    )


_RECREATED_COLUMNS = [
    c for c in FIELDS_BY_COLUMN if c not in ("phone_number", "user", "list_id")
]


def recreate_request(old_lead_id: int, before: dict[str, str]) -> UpdateLeadRequest:
    """``insert_if_not_found`` under the old ID: the search misses, the server inserts."""
    values: dict[str, str] = {"list_id_field": before.get("list_id", "")}
    for column in _RECREATED_COLUMNS:
        old = before.get(column, "")
        if old:
            value, _ = revert_value(column, old)
            if value is not None:
                values[FIELDS_BY_COLUMN[column].param] = value
    return UpdateLeadRequest(
        query=LeadQuery(lead_id=old_lead_id),
        values=values,
        new_phone_number=before.get("phone_number", ""),
        insert_if_not_found=True,
    )
