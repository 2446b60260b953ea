"""lead_field_info: only a well-formed answer is a value.

The server prints the raw value with no prefix, so the parser has to tell a
value from anything else a web server can answer: a gateway's HTML error page
(at 502, or at 200 from a portal), PHP error text, or a body that cannot be
what the column holds. Such a body must never come back as a FieldValue: it
would be stored as a before-image and written back into the lead by undo.
"""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.fields import (
    COLUMN_FORMATS,
    LEAD_FIELDS,
    UNKNOWN_COLUMN_MAX,
    VARCHAR_LENGTHS,
    ColumnKind,
    LeadField,
)
from leadtui.api.vicidial.models import FieldValue
from leadtui.api.vicidial.parse_reads import parse_lead_field_info
from leadtui.emulator import Emulator
from tests.transcripts import all_cases

GATEWAY_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
CLOUDFLARE = (
    "<!DOCTYPE html>\n<!--[if lt IE 7]> <html class='no-js'> <![endif]-->\n"
    "<head><title>dialer.example.com | 502: Bad gateway</title></head>"
    "<body>The web server isn't answering</body></html>"
)


def parse(
    body: str, status: int = 200, field: str = "last_name", *, custom: bool = False
) -> FieldValue:
    return parse_lead_field_info(
        body, status, lead_id=1009, field=field, custom_field=custom
    )


# --- the server's own answers still parse ------------------------------------


@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("last_name", "O'Brien"),
        ("comments", "it's"),
        ("first_name", "Aé-_.' x"),
        ("comments", "tail\\"),  # a stored trailing backslash also crashes the log
        ("vendor_lead_code", "VBS\\"),
    ],
)
def test_a_500_after_the_value_is_the_value(field: str, body: str) -> None:
    value = parse(body, 500, field)
    assert value.value == body and value.server_crashed_after


@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("status", "NEW"),
        ("status", "a-b_cd"),
        ("comments", "<b>&amp</b>"),
        ("comments", "a|b\nc"),
        ("vendor_lead_code", "hi 😀 there"),
        ("gmt_offset_now", "-5.00"),
        ("gmt_offset_now", "99.99"),
        ("gmt_offset_now", "-12.35"),
        ("entry_date", "2026-01-10 10:09:00"),
        ("modify_date", "2026-01-10 10:09:00"),
        ("last_local_call_time", "0000-00-00 00:00:00"),
        ("date_of_birth", "0000-00-00"),
        ("called_since_last_reset", "Y10"),
        ("called_since_last_reset", "N"),
        ("gender", "U"),
        ("rank", "-5"),
        ("called_count", "65535"),
        ("list_id", "18446744073709551615"),
        ("lead_id", "1009"),
        ("phone_number", "312,555"),
        ("STATUS", "NEW"),
        ("status-1", "-1"),  # field_name is pasted into SELECT: an expression
        ("gmt_offset_now-1", "-6.00"),
        ("entry_date", ""),
        ("gender", ""),
    ],
)
def test_values_the_server_prints_parse(field: str, body: str) -> None:
    assert parse(body, 200, field).value == body


def test_custom_fields_may_hold_long_text_and_newlines() -> None:
    text = "multi\nline " * 1000
    assert parse(text, 200, "cf_area", custom=True).value == text
    assert parse("XXXXX\nXXXX", 200, "cf_area", custom=True).value == "XXXXX\nXXXX"


def _lead_field_info_steps() -> list[tuple[str, int, str, str, bool]]:
    steps = []
    for case in all_cases():
        for step in case.steps:
            field = step.params.get("field_name", "")
            if step.function != "lead_field_info" or not field.isascii():
                continue
            if field.endswith("\\"):  # leadtui never sends a field name like that
                continue
            custom = step.params.get("custom_fields") == "Y"
            steps.append((case.id, step.status, step.body, field, custom))
    return steps


STEPS = _lead_field_info_steps()


@pytest.mark.parametrize(
    ("case", "status", "body", "field", "custom"),
    STEPS,
    ids=[f"{s[0]}-{s[3]}" for s in STEPS],
)
def test_every_recorded_answer_parses_as_the_server_meant_it(
    case: str, status: int, body: str, field: str, custom: bool
) -> None:
    try:
        value = parse(body, status, field, custom=custom)
    except e.VicidialError as error:
        if status == 500:
            assert isinstance(error, e.OutcomeUnknown)
            assert not ("'" in body or body.endswith("\\"))
        else:
            assert body.startswith("ERROR: ")
        return
    assert value.value == body
    assert value.server_crashed_after is (status == 500)


async def test_every_value_of_the_dataset_reads_back(emulator: Emulator) -> None:
    """Every standard column of a sample of dataset leads, through the client."""
    columns = [*VARCHAR_LENGTHS, *COLUMN_FORMATS]
    async with VicidialClient(
        "http://emulator/vicidial/non_agent_api.php",
        "6666",
        "1234",
        source="test",
        transport=emulator.transport(),
    ) as client:
        for lead_id in (1000, 1001, 1009, 1020, 1044, 1100, 1200, 1473, 1499):
            for column in columns:
                try:
                    await client.lead_field_info(lead_id, column)
                except (e.LeadNotFound, e.ListNotFound):
                    break
                except e.OutcomeUnknown as error:
                    assert error.status == 500 and not error.raw


# --- anything else is not a value --------------------------------------------


@pytest.mark.parametrize("status", [502, 503, 504, 520])
@pytest.mark.parametrize("body", [GATEWAY_502, CLOUDFLARE, "Bad Gateway", "O'Brien"])
def test_a_gateway_error_is_outcome_unknown_not_a_value(status: int, body: str) -> None:
    with pytest.raises(e.OutcomeUnknown) as caught:
        parse(body, status)
    assert caught.value.status == status and caught.value.raw == body


@pytest.mark.parametrize("body", [GATEWAY_502, CLOUDFLARE, "NEW", "Internal error"])
def test_a_500_without_an_apostrophe_or_backslash_is_not_a_value(body: str) -> None:
    with pytest.raises(e.OutcomeUnknown) as caught:
        parse(body, 500, "status")
    assert caught.value.raw == body


def test_a_500_holding_php_error_text_is_not_a_value() -> None:
    body = (
        "O'Brien<br />\n<b>Fatal error</b>:  Uncaught mysqli_sql_exception: You have "
        "an error in your SQL syntax in /srv/www/vicidial/non_agent_api.php:14470"
    )
    with pytest.raises(e.OutcomeUnknown):
        parse(body, 500)


@pytest.mark.parametrize(
    "body",
    [
        GATEWAY_502,
        CLOUDFLARE,
        "  \n<!doctype html><title>Sign in</title>",
        "<HTML><BODY>Captive portal</BODY></HTML>",
        "Please log in</body>",
        "<html lang='en'>",
    ],
)
@pytest.mark.parametrize(
    ("field", "custom"), [("comments", False), ("cf_text", True), ("nosuch", False)]
)
def test_an_html_page_at_200_is_unrecognised(
    body: str, field: str, custom: bool
) -> None:
    with pytest.raises(e.UnrecognisedResponse) as caught:
        parse(body, 200, field, custom=custom)
    assert caught.value.raw == body and not caught.value.outcome_known


@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("status", "DNCLIST"),
        ("state", "ILL"),
        ("middle_initial", "AB"),
        ("phone_number", "3" * 19),
        ("comments", "x" * 256),
        ("gmt_offset_now", "abc"),
        ("gmt_offset_now", "-5"),
        ("entry_date", "yesterday"),
        ("modify_date", "2026-01-10"),
        ("called_since_last_reset", "X"),
        ("gender", "Male"),
        ("date_of_birth", "1990/01/01"),
        ("list_id", "12a"),
        ("lead_id", "Lead not found"),
        ("rank", "1.5"),
        ("called_count", "-1"),
        ("Entry_Date", "Bad Gateway"),
    ],
)
def test_a_body_the_column_cannot_hold_is_unrecognised(field: str, body: str) -> None:
    with pytest.raises(e.UnrecognisedResponse) as caught:
        parse(body, 200, field)
    assert caught.value.raw == body


def test_an_unknown_error_line_is_unrecognised() -> None:
    with pytest.raises(e.UnrecognisedResponse):
        parse("ERROR: lead_field_info SOMETHING NEW: 6666|1009\n", 200, "comments")


def test_custom_fields_have_a_length_cap() -> None:
    with pytest.raises(e.UnrecognisedResponse):
        parse("x" * (UNKNOWN_COLUMN_MAX + 1), 200, "cf_area", custom=True)


# --- properties ----------------------------------------------------------------

FIELD_NAMES = st.one_of(
    st.sampled_from([*VARCHAR_LENGTHS, *COLUMN_FORMATS]),
    st.from_regex(r"cf_[a-z]{1,8}", fullmatch=True),
)
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=200)
HTML_PAGES = st.one_of(
    st.builds(
        lambda space, tag, rest: space + tag + rest,
        st.sampled_from(["", " ", "\n", "\r\n\t "]),
        st.sampled_from(
            ["<!DOCTYPE html>", "<!doctype HTML>", "<html>", "<HTML lang=x>"]
        ),
        _TEXT,
    ),
    st.builds(
        lambda head, end, tail: head + end + tail,
        _TEXT,
        st.sampled_from(["</html>", "</HTML>", "</body>", "</Body >"]),
        _TEXT,
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    page=HTML_PAGES,
    field=FIELD_NAMES,
    status=st.sampled_from([200, 500, 502, 503]),
    apostrophe=st.booleans(),
)
def test_html_pages_never_come_back_as_a_value(
    page: str, field: str, status: int, apostrophe: bool
) -> None:
    body = page + ("'" if apostrophe else "")
    with pytest.raises(e.VicidialError):
        parse(body, status, field, custom=field.startswith("cf_"))


TEXT_COLUMNS = [f for f in LEAD_FIELDS if f.kind is ColumnKind.TEXT]


@settings(max_examples=300, deadline=None)
@given(
    column=st.sampled_from(TEXT_COLUMNS),
    extra=st.integers(min_value=1, max_value=300),
    fill=st.characters(exclude_categories=["Cs"]),
    status=st.sampled_from([200, 500]),
)
def test_over_long_strings_never_come_back_as_a_value(
    column: LeadField, extra: int, fill: str, status: int
) -> None:
    body = "'" + fill * (column.length + extra)
    with pytest.raises(e.VicidialError):
        parse(body, status, column.column)


@settings(max_examples=300, deadline=None)
@given(column=st.sampled_from(sorted(COLUMN_FORMATS)), body=_TEXT)
def test_typed_columns_only_take_their_format(column: str, body: str) -> None:
    try:
        value = parse(body, 200, column)
    except e.UnrecognisedResponse:
        assert body and not COLUMN_FORMATS[column].fullmatch(body)
        return
    assert not body or COLUMN_FORMATS[column].fullmatch(body)
    assert value.value == body


@settings(max_examples=300, deadline=None)
@given(length=st.integers(min_value=UNKNOWN_COLUMN_MAX + 1, max_value=200_000))
def test_over_long_custom_values_never_come_back(length: int) -> None:
    with pytest.raises(e.UnrecognisedResponse):
        parse("y" * length, 200, "cf_area", custom=True)


# --- through the client ----------------------------------------------------------


def _answering(status: int, body: str) -> VicidialClient:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, text=body)

    return VicidialClient(
        "http://dialer.test/vicidial/non_agent_api.php",
        "6666",
        "1234",
        source="test",
        read_retries=0,
        transport=httpx.MockTransport(answer),
    )


async def test_the_client_never_returns_a_gateway_page_as_a_value() -> None:
    async with _answering(502, GATEWAY_502) as client:
        with pytest.raises(e.OutcomeUnknown):
            await client.lead_field_info(1009, "last_name")


async def test_the_client_checks_custom_fields_for_html() -> None:
    async with _answering(200, CLOUDFLARE) as client:
        with pytest.raises(e.UnrecognisedResponse):
            await client.lead_field_info(1009, "cf_note", custom_field=True)


async def test_the_client_reads_a_long_custom_value() -> None:
    text = "z" * 2000
    async with _answering(200, text) as client:
        value = await client.lead_field_info(1009, "cf_note", custom_field=True)
    assert value.value == text
