"""Parsers for the read functions other than lead_all_info."""

from __future__ import annotations

import re

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.fields import value_problem
from leadtui.api.vicidial.models import (
    CallbackInfo,
    FieldValue,
    ListInfo,
    PhoneSearchHit,
    VersionInfo,
)
from leadtui.api.vicidial.parse_common import (
    check_global_error,
    check_status,
    data_lines,
    logical_lines,
    unrecognised,
)

_VERSION = re.compile(
    r"VERSION: (?P<v>[^|]*)\|BUILD: (?P<b>[^|]*)\|DATE: (?P<d>[^|]*)\|"
    r"EPOCH: (?P<ep>\d+)\|DST: (?P<dst>[^|]*)\|TZ: (?P<tz>[^|]*)\|TZNOW: (?P<tzn>[^|]*)\|"
)


def parse_version(body: str, status: int = 200) -> VersionInfo:
    check_status(status, body, function="version")
    lines = logical_lines(body)
    match = _VERSION.fullmatch(lines[0]) if len(lines) == 1 else None
    if not match:
        raise unrecognised("version", body)
    return VersionInfo(
        version=match["v"],
        build=match["b"],
        date=match["d"],
        epoch=int(match["ep"]),
        dst=match["dst"],
        tz=match["tz"],
        tz_now=match["tzn"],
    )


_FIELD_ERRORS: list[tuple[re.Pattern[str], type[e.VicidialError], str]] = [
    (
        re.compile(r"ERROR: lead_field_info INVALID SEARCH PARAMETERS: [^|]*\|.*\n"),
        e.InvalidParameters,
        "Invalid lead ID or field name",
    ),
    (
        re.compile(r"ERROR: lead_field_info LEAD NOT FOUND: [^|]*\|\d*\n"),
        e.LeadNotFound,
        "Lead not found",
    ),
    (
        re.compile(r"ERROR: lead_field_info LIST NOT FOUND: [^|]*\|\d*\|\d*\n"),
        e.ListNotFound,
        "List not found",
    ),
    (
        re.compile(r"ERROR: lead_field_info LIST FIELD NOT FOUND: [^|]*\|\d*\n"),
        e.FieldNotFound,
        "Field not found",
    ),
]


_FIELD_ERROR_LINE = re.compile(r"ERROR: lead_field_info [A-Z ]+: .*\n")


def parse_lead_field_info(
    body: str,
    status: int = 200,
    *,
    lead_id: int,
    field: str,
    custom_field: bool = False,
) -> FieldValue:
    """The raw value (no prefix, no newline); an empty body is an empty value.

    HTTP 500 is the value followed by a crash of the server's own log insert
    when the value holds an apostrophe or ends in a backslash (protocol
    reference §1 items 20, 23, 27): the value is complete. Any other 5xx, or
    a 500 whose body could not cause that crash, is OutcomeUnknown.

    A body the column cannot hold (an HTML page, PHP error text, longer than
    the column, not in a typed column's format) is never a value:
    UnrecognisedResponse at 200, OutcomeUnknown at 500.
    """
    crashed = status == 500 and bool(body) and ("'" in body or body.endswith("\\"))
    if not crashed:
        check_status(status, body, function="lead_field_info")
        if body.endswith("\n"):
            check_global_error(logical_lines(body), body)
            for pattern, error, message in _FIELD_ERRORS:
                if pattern.fullmatch(body):
                    raise error(message, raw=body)
            if _FIELD_ERROR_LINE.fullmatch(body):
                raise unrecognised("lead_field_info", body)
    problem = value_problem(field, body, custom=custom_field)
    if problem is not None:
        if crashed:
            raise e.OutcomeUnknown(
                f"The dialer crashed (HTTP 500) while reading {field} of lead "
                f"{lead_id}, and what it printed is not the value ({problem}).",
                raw=body,
                status=status,
                partial=body,
            )
        raise e.UnrecognisedResponse(
            f"The dialer answered lead_field_info for {field} of lead {lead_id} "
            f"with text that cannot be the value ({problem})",
            raw=body,
            status=status,
        )
    return FieldValue(
        lead_id=lead_id, field=field, value=body, server_crashed_after=crashed
    )


_SEARCH_HEADER = "search_keyrecords_foundlead_ids"
_SEARCH_LINE = re.compile(r"(?P<key>.*)\|(?P<count>\d+)\|(?P<ids>[\d-]*)", re.S)
_SEARCH_ERRORS: list[tuple[re.Pattern[str], type[e.VicidialError], str]] = [
    (
        re.compile(r"ERROR: lead_search NO VALID SEARCH METHOD - .*", re.S),
        e.NoValidSearchMethod,
        "No valid search key",
    ),
    (
        re.compile(r"ERROR: lead_search NOT AN ALLOWED LIST ID - .*", re.S),
        e.NotAllowedList,
        "List not allowed",
    ),
    (
        re.compile(r"ERROR: lead_search NO MATCHES FOUND IN THE SYSTEM: \|.*", re.S),
        e.NoMatches,
        "No lead matched",
    ),
]


def parse_lead_search(body: str, status: int = 200) -> list[PhoneSearchHit]:
    check_status(status, body, function="lead_search")
    lines = data_lines(body)
    check_global_error(lines, body)
    if len(lines) == 1:
        for pattern, error, message in _SEARCH_ERRORS:
            if pattern.fullmatch(lines[0]):
                if error is e.NotAllowedList:
                    list_id = lines[0].rpartition("|")[2]
                    raise e.NotAllowedList(
                        message, list_id=list_id, stage="SEARCH", raw=body
                    )
                raise error(message, raw=body)
    if lines and lines[0] == _SEARCH_HEADER:
        lines = lines[1:]
    hits: list[PhoneSearchHit] = []
    for line in lines:
        match = _SEARCH_LINE.fullmatch(line)
        if not match:
            raise unrecognised("lead_search", body)
        ids = tuple(int(i) for i in match["ids"].split("-") if i)
        hits.append(
            PhoneSearchHit(key=match["key"], count=int(match["count"]), lead_ids=ids)
        )
    if not hits:
        raise unrecognised("lead_search", body)
    return hits


_LIST_ERRORS: list[tuple[re.Pattern[str], type[e.VicidialError], str]] = [
    (
        re.compile(
            r"ERROR: (list_info|list_custom_fields) YOU MUST USE ALL REQUIRED FIELDS: .*"
        ),
        e.InvalidParameters,
        "The list ID must be 2 to 14 characters",
    ),
    (
        re.compile(
            r"ERROR: (list_info|list_custom_fields) NOT AN ALLOWED LIST ID - .*"
        ),
        e.NotAllowedList,
        "List not allowed",
    ),
    (
        re.compile(r"ERROR: (list_info|list_custom_fields) LIST DOES NOT EXIST: \|.*"),
        e.ListNotFound,
        "List does not exist",
    ),
]


def _table(body: str, status: int, function: str) -> list[dict[str, str]]:
    """Rows of a ``header=YES`` pipe table; the data may carry one extra empty column."""
    check_status(status, body, function=function)
    lines = data_lines(body)
    check_global_error(lines, body)
    if len(lines) == 1:
        for pattern, error, message in _LIST_ERRORS:
            if pattern.fullmatch(lines[0]):
                if error is e.NotAllowedList:
                    list_id = lines[0].rpartition(" - ")[2]
                    raise e.NotAllowedList(
                        message, list_id=list_id, stage="SEARCH", raw=body
                    )
                raise error(message, raw=body)
    if len(lines) < 2 or not lines[0].startswith(
        "list_id|list_name|campaign_id|active"
    ):
        raise unrecognised(function, body)
    header = lines[0].split("|")
    rows: list[dict[str, str]] = []
    for line in lines[1:]:
        values = line.split("|")
        if len(values) == len(header) + 1 and function == "list_info":
            header = [*header, "dialable_count"]
        if len(values) != len(header):
            raise unrecognised(function, body)
        rows.append(dict(zip(header, values, strict=True)))
    return rows


def _optional_int(text: str | None) -> int | None:
    return int(text) if text else None


def parse_list_info(body: str, status: int = 200) -> ListInfo:
    rows = _table(body, status, "list_info")
    if len(rows) != 1:
        raise unrecognised("list_info", body)
    try:
        return _list_info(rows[0])
    except (ValueError, KeyError):
        raise unrecognised("list_info", body) from None


def _list_info(row: dict[str, str]) -> ListInfo:
    return ListInfo(
        list_id=int(row["list_id"]),
        list_name=row["list_name"],
        campaign_id=row["campaign_id"],
        active=row["active"],
        list_changedate=row.get("list_changedate", ""),
        list_lastcalldate=row.get("list_lastcalldate", ""),
        expiration_date=row.get("expiration_date", ""),
        resets_today=row.get("resets_today", ""),
        all_leads_count=_optional_int(row.get("all_leads_count")),
        new_leads_count=_optional_int(row.get("new_leads_count")),
        dialable_count=_optional_int(row.get("dialable_count")),
    )


def parse_list_custom_fields(body: str, status: int = 200) -> list[ListInfo]:
    """``list_custom_fields&list_id=---ALL---``: every list the user may see."""
    if status == 200 and body == "":
        return []
    rows = _table(body, status, "list_custom_fields")
    try:
        return _custom_field_lists(rows)
    except (ValueError, KeyError):
        raise unrecognised("list_custom_fields", body) from None


def _custom_field_lists(rows: list[dict[str, str]]) -> list[ListInfo]:
    return [
        ListInfo(
            list_id=int(row["list_id"]),
            list_name=row["list_name"],
            campaign_id=row["campaign_id"],
            active=row["active"],
            list_changedate=row.get("list_changedate", ""),
            list_lastcalldate=row.get("list_lastcalldate", ""),
            custom_fields=tuple(
                row.get("custom_fields_list_space_delimited", "").split()
            ),
        )
        for row in rows
    ]


_CALLBACK_ERRORS = re.compile(
    r"ERROR: lead_callback_info (INVALID SEARCH PARAMETERS|CALLBACK NOT FOUND|"
    r"LEAD NOT FOUND): .*"
)


def parse_lead_callback_info(body: str, status: int = 200) -> list[CallbackInfo]:
    check_status(status, body, function="lead_callback_info")
    lines = data_lines(body)
    check_global_error(lines, body)
    if len(lines) == 1 and (match := _CALLBACK_ERRORS.fullmatch(lines[0])):
        if match.group(1) == "CALLBACK NOT FOUND":
            return []
        raise e.LeadNotFound("Lead not found", raw=body)
    rows = []
    names = list(CallbackInfo.model_fields)
    if not lines or lines[0] != "|".join(names):
        raise unrecognised("lead_callback_info", body)
    for line in lines[1:]:
        values = line.split("|")
        if len(values) < len(names) or not values[0].isdigit():
            raise unrecognised("lead_callback_info", body)
        # comments is last and may hold the delimiter
        values = [*values[: len(names) - 1], "|".join(values[len(names) - 1 :])]
        data = dict(zip(names, values, strict=True))
        rows.append(
            CallbackInfo.model_validate({**data, "lead_id": int(data["lead_id"])})
        )
    return rows
