"""lead_all_info values may hold the delimiter and newlines (§5.4): the parser copes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.fields import LEAD_ALL_INFO_COLUMNS
from leadtui.api.vicidial.parse_lead_all_info import HEADER, parse_lead_all_info

BASE = {
    "status": "NEW",
    "user": "",
    "vendor_lead_code": "V00020",
    "source_id": "SRC0",
    "list_id": "138",
    "gmt_offset_now": "-5.00",
    "phone_code": "1",
    "phone_number": "3125550020",
    "title": "",
    "first_name": "Bob",
    "middle_initial": "",
    "last_name": "Wilson",
    "address1": "1 Main St",
    "address2": "",
    "address3": "",
    "city": "Chicago",
    "state": "IL",
    "province": "",
    "postal_code": "60601",
    "country_code": "",
    "gender": "U",
    "date_of_birth": "",
    "alt_phone": "",
    "email": "bob@example.com",
    "security_phrase": "",
    "comments": "",
    "called_count": "6",
    "last_local_call_time": "",
    "rank": "0",
    "owner": "owner2",
    "entry_list_id": "138",
    "lead_id": "1020",
}


def body_for(*rows: dict[str, str], custom: dict[str, str] | None = None) -> str:
    header = HEADER + "".join(f"|{c}" for c in (custom or {}))
    lines = []
    for row in rows:
        values = [row[c] for c in LEAD_ALL_INFO_COLUMNS] + list((custom or {}).values())
        lines += [header, "|".join(values)]
    return "\n".join(lines) + "\n"


def test_plain_record() -> None:
    [record] = parse_lead_all_info(body_for(BASE))
    assert record.lead.first_name == "Bob" and record.lead.list_id == 138
    assert not record.uncertain


def test_pipe_in_comments_is_recovered() -> None:
    row = {**BASE, "comments": "called | left msg | again"}
    [record] = parse_lead_all_info(body_for(row))
    assert record.lead.comments == "called | left msg | again"
    assert record.lead.called_count == "6" and record.lead.owner == "owner2"
    assert not record.uncertain


def test_pipe_in_comments_and_vendor_code_separated_by_typed_columns() -> None:
    row = {**BASE, "vendor_lead_code": "A|B", "source_id": "s" * 49, "comments": "x|y"}
    [record] = parse_lead_all_info(body_for(row))
    # source_id holds at most 50 characters, so "B|sss…" cannot be it: one split fits
    assert record.lead.vendor_lead_code == "A|B"
    assert record.lead.comments == "x|y"
    assert not record.uncertain


def test_ambiguous_split_is_reported_uncertain() -> None:
    row = {**BASE, "vendor_lead_code": "A|B", "source_id": "C"}
    [record] = parse_lead_all_info(body_for(row))
    # A|B + C or A + B|C: both valid, the parser must not guess silently
    assert record.uncertain == {"vendor_lead_code", "source_id"}


def test_newline_in_a_value_does_not_split_the_record() -> None:
    row = {**BASE, "comments": "first line\nsecond | line"}
    records = parse_lead_all_info(body_for(row, {**row, "lead_id": "1021"}))
    assert [r.lead.lead_id for r in records] == [1020, 1021]
    assert records[0].lead.comments == "first line\nsecond | line"


def test_custom_columns_are_kept_apart() -> None:
    [record] = parse_lead_all_info(
        body_for(BASE, custom={"plan": "gold", "notes": "a"})
    )
    assert record.lead.custom_fields == {"plan": "gold", "notes": "a"}


def test_list_not_found_lines_before_data_are_skipped() -> None:
    body = "ERROR: lead_all_info LIST NOT FOUND: 8888|1002|\n" + body_for(BASE)
    assert len(parse_lead_all_info(body)) == 1


def test_only_list_not_found_is_an_error() -> None:
    with pytest.raises(e.ListNotFound):
        parse_lead_all_info("ERROR: lead_all_info LIST NOT FOUND: 8888|1002||138\n")


def test_garbage_is_unrecognised_with_the_raw_text() -> None:
    with pytest.raises(e.UnrecognisedResponse) as caught:
        parse_lead_all_info("<html>502 Bad Gateway</html>")
    assert "502" in caught.value.raw


def test_crash_is_outcome_unknown() -> None:
    with pytest.raises(e.OutcomeUnknown):
        parse_lead_all_info("", 500)


free_text = st.text(
    alphabet=st.characters(exclude_characters=';#"\n\r', exclude_categories=["Cs"]),
    max_size=40,
)


@given(vendor=free_text.map(lambda s: s[:20]), source=free_text, comments=free_text)
def test_any_free_text_is_recovered_or_flagged(
    vendor: str, source: str, comments: str
) -> None:
    row = {
        **BASE,
        "vendor_lead_code": vendor,
        "source_id": source,
        "comments": comments,
    }
    [record] = parse_lead_all_info(body_for(row))
    got = record.lead
    for column, want in (
        ("vendor_lead_code", vendor),
        ("source_id", source),
        ("comments", comments),
    ):
        assert got.value(column) == want or column in record.uncertain
    assert (
        got.lead_id == 1020
        and got.owner == "owner2"
        and got.phone_number == "3125550020"
    )


def test_an_html_page_after_a_record_is_not_a_custom_value() -> None:
    """A page glued after a record (a proxy's error) must not be read as the last
    custom field's value."""
    body = body_for(BASE, custom={"cf_note": "hello"})
    body += "<html><body><h1>502 Bad Gateway</h1></body></html>\n"
    with pytest.raises(e.UnrecognisedResponse):
        parse_lead_all_info(body)


@pytest.mark.parametrize("column", ["comments", "source_id"])
def test_an_html_page_inside_a_free_text_column_is_unrecognised(column: str) -> None:
    row = {**BASE, column: "<!DOCTYPE html><title>Sign in</title>"[:50]}
    with pytest.raises(e.UnrecognisedResponse):
        parse_lead_all_info(body_for(row))


def test_a_custom_value_longer_than_any_column_is_unrecognised() -> None:
    with pytest.raises(e.UnrecognisedResponse):
        parse_lead_all_info(body_for(BASE, custom={"cf_area": "z" * 70000}))
