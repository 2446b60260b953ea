"""Reading a VoiceAIWrapper answer: an error for a non-2xx status, per-item
verdicts for a 2xx bulk body.

The API reference documents only the success body, so the error mapping is by
status code alone; a JSON body's ``detail`` (or ``message``/``error``) is kept
to show the operator. A 2xx body is trusted item by item: an item counts as
succeeded only if the answer holds exactly one well-formed entry for its index
whose echoed key (when present) matches what was sent. Anything else makes
that item *unknown*, never succeeded.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from leadtui.api.voiceaiwrapper import errors as e

log = logging.getLogger("leadtui.api.voiceaiwrapper")

NO_ENTRY = (
    "The server's answer has no result for this lead: it may or may not have been "
    "changed."
)
CONFLICTING_ENTRY = (
    "The server's answer for this lead is inconsistent ({why}): it may or may not "
    "have been changed."
)


def _json(body: str) -> object:
    try:
        return json.loads(body)
    except ValueError:
        return None


def server_message(body: str) -> str:
    """The human text of a JSON error body (``detail``, ``message`` or ``error``)."""
    data = _json(body)
    if isinstance(data, dict):
        for key in ("detail", "message", "error"):
            value = data.get(key)
            if isinstance(value, str) and value:
                return value
    return ""


def error_for_status(
    status: int, body: str, *, campaign_id: str
) -> e.VoiceAIWrapperError:
    """The typed error for a non-2xx answer (429 is handled by the client's retry)."""
    said = server_message(body)
    if status == 401:
        return e.AuthenticationFailed(
            "API key refused", status=status, raw=body, server_message=said
        )
    if status == 403:
        return e.Forbidden(
            f"forbidden: campaign {campaign_id}",
            status=status,
            raw=body,
            server_message=said,
            campaign_id=campaign_id,
        )
    if status == 404:
        return e.CampaignNotFound(
            f"campaign {campaign_id} not found",
            status=status,
            raw=body,
            server_message=said,
            campaign_id=campaign_id,
        )
    if status in (400, 422):
        data = _json(body)
        detail = data.get("detail", data) if isinstance(data, dict) else data
        return e.ValidationFailed(
            f"request rejected as invalid (HTTP {status})",
            detail=detail,
            status=status,
            raw=body,
        )
    if status >= 500:
        return e.ServerError(
            f"HTTP {status}", status=status, raw=body, server_message=said
        )
    return e.RequestRejected(
        f"HTTP {status}", status=status, raw=body, server_message=said
    )


@dataclass(frozen=True)
class BulkBody:
    status: str
    message: str
    entries: list[object]


def parse_bulk_body(status: int, body: str) -> BulkBody:
    """The ``status``, ``message`` and raw ``results`` of a 2xx bulk answer."""
    data = _json(body)
    if not body.strip():
        raise e.UnrecognisedResponse("an empty body", status=status, raw=body)
    if not isinstance(data, dict):
        what = (
            "a body that is not JSON" if data is None else "JSON that is not an object"
        )
        raise e.UnrecognisedResponse(what, status=status, raw=body)
    entries = data.get("results")
    if not isinstance(entries, list):
        raise e.UnrecognisedResponse(
            "JSON without a results list", status=status, raw=body
        )
    return BulkBody(
        status=str(data.get("status", "")),
        message=str(data.get("message", "")),
        entries=entries,
    )


@dataclass(frozen=True)
class Verdict:
    #: None: unknown.
    success: bool | None
    message: str


def _same_key(field: str, sent: str, echoed: object) -> bool:
    if not isinstance(echoed, str):
        return False
    if field == "phone_number":
        # the server may echo "+14155552671" as "14155552671"
        return [c for c in sent if c.isdigit()] == [c for c in echoed if c.isdigit()]
    return sent == echoed


def _read_entry(
    entry: object, sent: Sequence[tuple[str, str]]
) -> tuple[int, Verdict] | None:
    """(index, verdict) of one results entry; None if it names no request item."""
    if not isinstance(entry, dict):
        return None
    index = entry.get("index")
    if isinstance(index, bool) or not isinstance(index, int):
        return None
    if not 0 <= index < len(sent):
        return None
    field, value = sent[index]
    if field in entry and not _same_key(field, value, entry[field]):
        why = f"it names {entry[field]!r} at index {index}"
        return index, Verdict(None, CONFLICTING_ENTRY.format(why=why))
    success = entry.get("success")
    if not isinstance(success, bool):
        return index, Verdict(None, CONFLICTING_ENTRY.format(why="no success flag"))
    message = entry.get("message")
    return index, Verdict(success, message if isinstance(message, str) else "")


def reconcile(
    entries: Sequence[object], sent: Sequence[tuple[str, str]]
) -> list[Verdict]:
    """One verdict per request item, in request order.

    ``sent`` holds each request item's key as (field, value), e.g.
    ``("phone_number", "+14155552671")``; an entry that echoes the field must
    echo the same value.
    """
    found: dict[int, Verdict] = {}
    ignored = 0
    for entry in entries:
        read = _read_entry(entry, sent)
        if read is None:
            ignored += 1
            continue
        index, verdict = read
        if index in found:
            verdict = Verdict(
                None, CONFLICTING_ENTRY.format(why="more than one result")
            )
        found[index] = verdict
    if ignored:
        log.warning("ignored %d results entries that name no request item", ignored)
    return [found.get(i, Verdict(None, NO_ENTRY)) for i in range(len(sent))]
