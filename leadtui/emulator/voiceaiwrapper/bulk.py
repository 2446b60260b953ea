"""The two bulk endpoints: whole-body validation (422) and per-item results.

The server's own checks, written independently of leadtui's client models:
phone numbers must already be E.164, optional fields must have their JSON
type (``null`` included: a client that sends ``"first_name": null`` gets a
per-item failure), unknown fields fail the item. An item is validated whole
before any of it is applied.
"""

from __future__ import annotations

import json
import re
from typing import Any

from leadtui.emulator.voiceaiwrapper.state import Campaign, StoredLead

E164 = re.compile(r"\+[1-9][0-9]{6,14}")
EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")

UPDATED = "Lead updated successfully"
REMOVED = "Lead removed successfully"
NOT_FOUND = "Lead not found"
BAD_PHONE = "Invalid phone number"

_TEXT_FIELDS = ("first_name", "last_name")
_FLAG_FIELDS = ("do_not_call", "mark_as_unanswered")
UPDATE_FIELDS = frozenset(
    {"phone_number", "email", "custom_fields", *_TEXT_FIELDS, *_FLAG_FIELDS}
)

Item = dict[str, Any]
Detail = list[dict[str, Any]]


def _error(loc: list[str | int], msg: str, kind: str) -> dict[str, Any]:
    return {"loc": loc, "msg": msg, "type": kind}


def parse_items(body: bytes, keys: tuple[str, ...]) -> tuple[list[Item], Detail]:
    """The body's items, or a 422 ``detail`` list saying why it has none.

    Each item must be an object holding at least one of ``keys``.
    """
    try:
        data = json.loads(body)
    except ValueError:
        return [], [_error(["body"], "Invalid JSON", "json_invalid")]
    if not isinstance(data, list):
        return [], [_error(["body"], "Input should be a valid array", "list_type")]
    if not data:
        return [], [
            _error(["body"], "List should have at least 1 item, not 0", "too_short")
        ]
    detail: Detail = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            detail.append(
                _error(["body", index], "Input should be a valid object", "dict_type")
            )
        elif not any(key in item for key in keys):
            detail.append(_error(["body", index, keys[0]], "Field required", "missing"))
    return (data, []) if not detail else ([], detail)


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def update_problem(item: Item) -> str | None:
    """Why the server refuses this update item, or None."""
    unknown = sorted(set(item) - UPDATE_FIELDS)
    if unknown:
        return f"Unknown field: {unknown[0]}"
    phone = item["phone_number"]
    if not isinstance(phone, str) or not E164.fullmatch(phone):
        return BAD_PHONE
    for name in _TEXT_FIELDS:
        if name in item and not isinstance(item[name], str):
            return f"Invalid {name}"
    if "email" in item and not (
        isinstance(item["email"], str) and EMAIL.fullmatch(item["email"])
    ):
        return "Invalid email address"
    for name in _FLAG_FIELDS:
        if name in item and not isinstance(item[name], bool):
            return f"Invalid {name}"
    custom = item.get("custom_fields", {})
    if not isinstance(custom, dict) or not all(map(_is_scalar, custom.values())):
        return "Invalid custom_fields"
    return None


def _apply(lead: StoredLead, item: Item, now: float) -> None:
    for name in (*_TEXT_FIELDS, "email", "do_not_call"):
        if name in item:
            setattr(lead, name, item[name])
    for key, value in item.get("custom_fields", {}).items():
        if value is None:
            lead.custom_fields.pop(key, None)
        else:
            lead.custom_fields[key] = value
    if item.get("mark_as_unanswered") and lead.answered:
        lead.answered = False
        lead.requeued_at = now


def apply_update(
    campaign: Campaign, items: list[Item], now: float
) -> list[dict[str, Any]]:
    """Apply each valid item whose lead exists; one result per item, in order."""
    results = []
    for index, item in enumerate(items):
        problem = update_problem(item)
        lead = campaign.leads.get(item["phone_number"]) if problem is None else None
        if problem is None and lead is None:
            problem = NOT_FOUND
        if lead is not None:
            _apply(lead, item, now)
        results.append(
            {
                "index": index,
                "phone_number": item["phone_number"],
                "success": problem is None,
                "message": problem or UPDATED,
            }
        )
    return results


def _find(campaign: Campaign, item: Item) -> tuple[str, StoredLead | None, str]:
    """(key field, lead or None, message if none) for one removal item."""
    if "phone_number" in item and "campaign_lead_id" in item:
        return "phone_number", None, "Give phone_number or campaign_lead_id, not both"
    if "phone_number" in item:
        phone = item["phone_number"]
        if not isinstance(phone, str) or not E164.fullmatch(phone):
            return "phone_number", None, BAD_PHONE
        return "phone_number", campaign.leads.get(phone), NOT_FOUND
    lead_id = item["campaign_lead_id"]
    lead = campaign.by_lead_id(lead_id) if isinstance(lead_id, str) else None
    return "campaign_lead_id", lead, NOT_FOUND


def apply_remove(campaign: Campaign, items: list[Item]) -> list[dict[str, Any]]:
    results = []
    for index, item in enumerate(items):
        key, lead, problem = _find(campaign, item)
        if lead is not None:
            del campaign.leads[lead.phone_number]
        results.append(
            {
                "index": index,
                key: item[key],
                "success": lead is not None,
                "message": REMOVED if lead is not None else problem,
            }
        )
    return results
