"""Parsers for the write functions: ``update_lead`` and ``batch_update_lead``.

Line templates are protocol reference §5.2 and §5.3 (not the upstream docs,
whose examples are wrong for most of these lines).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial import outcomes as o
from leadtui.api.vicidial.parse_common import (
    check_global_error,
    check_status,
    logical_lines,
    unrecognised,
)

_U = "update_lead"

LineResult = o.UpdateLine | e.VicidialError
_Builder = Callable[[re.Match[str], str], LineResult]


def _callback(m: re.Match[str], raw: str) -> o.CallbackChanged:
    what = m["what"]
    fields = m["rest"].split("|")
    if what == "DELETED":
        return o.CallbackChanged(
            raw=raw,
            lead_id=int(fields[1]),
            action="deleted",
            detail="",
            deleted=int(fields[2] or 0),
        )
    action = {
        "UPDATED": "updated",
        "ADDED": "added",
        "NOT UPDATED, NO FIELDS SPECIFIED": "not-updated",
    }.get(what, "not-added")
    return o.CallbackChanged(
        raw=raw,
        lead_id=int(fields[0]),
        action=action,
        detail=what.lower(),
    )


def _hopper(m: re.Match[str], raw: str) -> o.HopperChanged:
    what = m["what"]
    action = (
        "not-added"
        if what.startswith("NOT ADDED")
        else "not-removed"
        if what.startswith("NOT REMOVED")
        else "added"
        if what.startswith("ADDED")
        else "removed"
    )
    reason = what.partition(", ")[2].lower()
    if action == "not-removed" and not reason:
        reason = "the hopper row is in use (INCALL, DONE, HOLD or DNC)"
    return o.HopperChanged(
        raw=raw,
        lead_id=int(m["lead"]),
        action=action,
        reason=reason,
    )


def _number(fields: list[str], index: int) -> int | None:
    if len(fields) > index and fields[index].strip().lstrip("-").isdigit():
        return int(fields[index].strip())
    return None


def _custom_fields(m: re.Match[str], raw: str) -> o.CustomFieldsNotice:
    fields = m["rest"].rstrip("\n").split("|")
    lead = fields[1] if len(fields) > 1 and fields[1].isdigit() else "0"
    what = m["what"].lower()
    # VALUES UPDATED / ENTRY DELETED: phone|lead|list|entry|L|rows;
    # VALUES ADDED: phone|lead|list|rows; DATA HAS BEEN DELETED: user|lead|L|vl|cf
    table, affected, reset = None, None, None
    if what in ("values updated", "entry deleted"):
        table, affected = _number(fields, 4), _number(fields, 5)
    elif what == "values added":
        table, affected = _number(fields, 2), _number(fields, 3)
    elif what == "data has been deleted":
        table, reset, affected = (
            _number(fields, 2),
            _number(fields, 3),
            _number(fields, 4),
        )
    return o.CustomFieldsNotice(
        raw=raw,
        lead_id=int(lead),
        detail=what,
        table_list=table,
        affected=affected,
        entry_reset=reset,
    )


_UPDATE_LINES: list[tuple[re.Pattern[str], _Builder]] = [
    (
        re.compile(
            rf"NOTICE: {_U} LEADS FOUND IN THE SYSTEM: \|[^|]*\|(?P<lead>\d+)\|.*"
            r"\|(?P<list>\d*)\|(?P<entry>\d*)",
            re.S,
        ),
        lambda m, raw: o.LeadsFound(
            raw=raw,
            lead_id=int(m["lead"]),
            list_id=int(m["list"] or 0),
            entry_list_id=int(m["entry"] or 0),
        ),
    ),
    (
        re.compile(rf"NOTICE: {_U} NO MATCHES FOUND IN THE SYSTEM: \|.*", re.S),
        lambda m, raw: o.NoMatchesNotice(raw=raw),
    ),
    (
        re.compile(
            rf"SUCCESS: {_U} LEAD HAS BEEN UPDATED - [^|]*\|(?P<lead>\d+)\|(?P<aff>-?\d+)\|"
            r"[^|]*\|[^|]*\|"
        ),
        lambda m, raw: o.LeadUpdated(
            raw=raw, lead_id=int(m["lead"]), affected=int(m["aff"])
        ),
    ),
    (
        re.compile(
            rf"SUCCESS: {_U} LEAD HAS BEEN DELETED (?P<cbd>\d*)\|(?P<cba>\d*) - [^|]*\|"
            r"(?P<lead>\d+)\|(?P<aff>-?\d+)\|[^|]*\|[^|]*\|"
        ),
        lambda m, raw: o.LeadDeleted(
            raw=raw,
            lead_id=int(m["lead"]),
            affected=int(m["aff"]),
            callbacks_deleted=int(m["cbd"] or 0),
            callbacks_archived=int(m["cba"] or 0),
        ),
    ),
    (
        re.compile(
            rf"SUCCESS: {_U} LEAD HAS BEEN ADDED - (?P<phone>[\d,]*)\|(?P<list>\d*)\|"
            r"(?P<lead>\d+)\|(?P<gmt>[^|]*)\|.*"
        ),
        lambda m, raw: o.LeadAdded(
            raw=raw,
            lead_id=int(m["lead"]),
            list_id=int(m["list"] or 0),
            phone_number=m["phone"],
            gmt_offset=m["gmt"],
        ),
    ),
    (
        re.compile(
            rf"NOTICE: {_U} SCHEDULED CALLBACK (?P<what>UPDATED|ADDED|DELETED|"
            r"NOT UPDATED, NO FIELDS SPECIFIED|NOT ADDED, CAMPAIGN NOT VALID|"
            r"NOT ADDED, USER NOT VALID) - (?P<rest>.*)",
            re.S,
        ),
        _callback,
    ),
    (
        re.compile(
            rf"NOTICE: {_U} (?P<what>(?:NOT )?(?:ADDED TO|REMOVED FROM) HOPPER"
            r"(?:, [A-Z ]+)?) - (?P<phone>[\d,]*)\|(?P<lead>\d+)\|.*",
            re.S,
        ),
        _hopper,
    ),
    (
        re.compile(
            rf"NOTICE: {_U} CUSTOM FIELDS (?P<what>[A-Z ,]+) - (?P<rest>.*)", re.S
        ),
        _custom_fields,
    ),
    (
        re.compile(rf"NOTICE: {_U} MULTI-ALT-PHONE NUMBERS LOADED - .*", re.S),
        lambda m, raw: o.OtherNotice(raw=raw, detail="alternate phones loaded"),
    ),
    (
        re.compile(
            rf"ERROR: {_U} NO MATCHES FOUND IN THE SYSTEM: \|[^|]*\|(?P<key>.*)", re.S
        ),
        lambda m, raw: e.NoMatches(
            "No lead matched", key=_describe_key(m["key"]), raw=raw
        ),
    ),
    (
        re.compile(rf"ERROR: {_U} NOT AN ALLOWED LIST ID, RESULTS - (?P<list>\d*)"),
        lambda m, raw: e.NotAllowedList(
            "List not allowed", list_id=m["list"], stage="RESULTS", raw=raw
        ),
    ),
    (
        re.compile(
            rf"ERROR: {_U} NOT AN ALLOWED LIST ID, (?P<stage>SEARCH|INSERT) - "
            r"[\d,]*\|(?P<list>\d*)"
        ),
        lambda m, raw: e.NotAllowedList(
            "List not allowed", list_id=m["list"], stage=m["stage"], raw=raw
        ),
    ),
    (
        re.compile(
            rf"ERROR: {_U} NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED - "
            r"[\d,]*\|(?P<list>\d*)"
        ),
        lambda m, raw: e.ListNotDefined("List not defined", list_id=m["list"], raw=raw),
    ),
    (
        re.compile(rf"ERROR: {_U} NO VALID SEARCH METHOD - .*", re.S),
        lambda m, raw: e.NoValidSearchMethod("No valid search method", raw=raw),
    ),
    (
        re.compile(rf"ERROR: {_U} INVALID DATA FOR LEAD INSERTION - .*", re.S),
        lambda m, raw: e.InvalidInsertData("Invalid data for lead insertion", raw=raw),
    ),
]


def _describe_key(echo: str) -> str:
    """'|lead|vendor|phone' echoed by NO MATCHES, as words."""
    lead, _, rest = echo.partition("|")
    vendor, _, phone = rest.rpartition("|")
    parts = [
        f"lead ID {lead}" if lead else "",
        f"vendor code {vendor!r}" if vendor else "",
        f"phone {phone}" if phone else "",
    ]
    return " / ".join(p for p in parts if p)


def _classify(line: str) -> LineResult:
    for pattern, build in _UPDATE_LINES:
        match = pattern.fullmatch(line)
        if match:
            try:
                return build(match, line)
            except (IndexError, ValueError):  # a known line with fields out of shape
                return unrecognised(_U, line)
    return unrecognised(_U, line)


def _empty(function: str, status: int) -> e.EmptyResponse:
    return e.EmptyResponse(
        f"The dialer answered {function} with an empty body, but it prints a line "
        "for every change this request asks for: the answer was lost on the way, "
        "and the change may or may not have been applied. Re-read the leads.",
        raw="",
        status=status,
    )


def parse_update_lead(
    body: str, status: int = 200, *, expect_output: bool = True
) -> o.UpdateLeadOutcome:
    """Parse an update_lead body; raise when the call failed before doing anything.

    ``expect_output`` says whether the request asks for anything that prints a
    line (:func:`leadtui.api.vicidial.requests.expects_output`). When it does,
    an empty body raises ``EmptyResponse`` (outcome unknown); when it does not,
    an empty body means the lead was found and there was nothing to do.
    """
    check_status(status, body, function=_U)
    if not body and expect_output:
        raise _empty(_U, status)
    lines = logical_lines(body)
    check_global_error(lines, body)
    done: list[o.UpdateLine] = []
    for line in lines:
        result = _classify(line)
        if isinstance(result, e.UnrecognisedResponse):
            result.raw = body
            raise result
        if isinstance(result, e.VicidialError):
            result.raw = body
            if any(not isinstance(d, o.LeadsFound | o.NoMatchesNotice) for d in done):
                return o.UpdateLeadOutcome(lines=tuple(done), error=result)
            raise result
        done.append(result)
    return o.UpdateLeadOutcome(lines=tuple(done))


_B = "batch_update_lead"

_BATCH_ERRORS: list[
    tuple[re.Pattern[str], Callable[[re.Match[str], str], e.VicidialError]]
] = [
    (
        re.compile(rf"ERROR: {_B} NO LEADS DEFINED - [^|]*\|"),
        lambda m, raw: e.NoLeadsDefined("No leads defined", raw=raw),
    ),
    (
        re.compile(rf"ERROR: {_B} NOT AN ALLOWED LIST ID - [^|]*\|(?P<list>\d*)"),
        lambda m, raw: e.NotAllowedList(
            "List not allowed", list_id=m["list"], stage="TARGET", raw=raw
        ),
    ),
    (
        re.compile(
            rf"ERROR: {_B} NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED - "
            r"[^|]*\|(?P<list>\d*)"
        ),
        lambda m, raw: e.ListNotDefined("List not defined", list_id=m["list"], raw=raw),
    ),
    (
        re.compile(rf"ERROR: {_B} NO MATCHES FOUND IN THE SYSTEM: \|[^|]*\|[\d,]*"),
        lambda m, raw: e.NoMatches("None of the lead IDs exist", raw=raw),
    ),
]

_BATCH_SUCCESS = re.compile(
    rf"SUCCESS: {_B} LEADS HAVE BEEN UPDATED - [^|]*\|(?P<aff>-?\d+)\|(?P<count>\d+)\|"
    r"(?P<ids>[\d,]*)"
)


def parse_batch_update_lead(
    body: str, status: int = 200, *, expect_output: bool = True
) -> o.BatchUpdateOutcome:
    """Parse a batch_update_lead body.

    ``expect_output`` says whether the request sets any column
    (:func:`leadtui.api.vicidial.requests.expects_output`). The server prints
    nothing only when the leads matched and nothing was to be set (§5.3), so
    for a request that sets something an empty body raises ``EmptyResponse``
    (outcome unknown) instead of reading as "every lead matched".
    """
    check_status(status, body, function=_B)
    lines = logical_lines(body)
    if not lines:
        if expect_output:
            raise _empty(_B, status)
        return o.BatchUpdateOutcome(raw=body)
    check_global_error(lines, body)
    if len(lines) == 1:
        match = _BATCH_SUCCESS.fullmatch(lines[0])
        if match:
            ids = tuple(int(i) for i in match["ids"].split(",") if i)
            if len(ids) != int(match["count"]):
                raise unrecognised(_B, body)
            return o.BatchUpdateOutcome(
                raw=body, affected=int(match["aff"]), found_ids=ids
            )
        for pattern, build in _BATCH_ERRORS:
            match = pattern.fullmatch(lines[0])
            if match:
                raise build(match, body)
    raise unrecognised(_B, body)
