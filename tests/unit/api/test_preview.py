"""would_store: what the server stores for a value, table by table.

Every expected value below was observed on the upstream server (2.14-202,
MariaDB 10.11 non-strict); tests/realserver checks the rule on random input.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtui.api.vicidial.fields import LEAD_FIELDS, LeadField
from leadtui.api.vicidial.preview import NoteKind, would_store

TEXT_CASES = [
    # field, typed, stored
    ("first_name", "José", "Jos"),
    ("first_name", "O'Brien", "O'Brien"),
    ("first_name", "Ann+Marie", "Ann Marie"),
    ("first_name", 'say "hi"', "say hi"),
    ("first_name", "A" * 40, "A" * 30),
    ("title", "Dr+", "Dr"),
    ("email", "ann+tag@example.com", "ann tag@example.com"),
    ("email", "a&b|c%d", "abc%d"),
    ("owner", "-_.:/@%", "-_.:/@"),
    ("state", "IL!", "IL"),
    ("status", "TOOLONG", "TOOLON"),
    ("status", "sale", "sale"),
    ("comments", "a&b|c", "a&b|c"),
    ("comments", "x;y#z", "xyz"),
    ("comments", "line1\nline2", "line1!Nline2"),
    ("comments", "x\r\ny", "x\r!Ny"),
    ("comments", "a\\nb", "a\nb"),
    ("comments", "a\\tb", "a\tb"),
    ("comments", "a\\%b", "a\\%b"),
    ("comments", "a\\_b", "a\\_b"),
    ("comments", "a\\\\b", "a\\b"),
    ("comments", "trail\\\\", "trail\\"),
    ("comments", "😀 שלום é", "😀 שלום é"),
    ("comments", "é" * 300, "é" * 255),
    ("comments", "--BLANK--", ""),
    ("vendor_lead_code", "V+1", "V 1"),
    ("gender", "M", "M"),
    ("gender", "m", None),
    ("gender", "MALE", ""),
    ("gender", "--BLANK--", ""),
    ("date_of_birth", "--BLANK--", "0000-00-00"),
    ("date_of_birth", "19800102", "1980-01-02"),
    ("gmt_offset_now", "--BLANK--", "0.00"),
    ("gmt_offset_now", "-5.555", "-5.56"),
    ("gmt_offset_now", "100", "99.99"),
    ("called_count", "70000", "65535"),
    ("called_count", "007", "7"),
    ("rank", "40000", "32767"),
    ("rank", "-5", "5"),
    ("rank", "--BLANK--", None),
    ("phone_code", "+44", "44"),
    ("phone_code", "12345678901", "1234567890"),
    ("list_id_field", "12-34", "1234"),
    ("first_name", "", None),
    ("first_name", "🙂", None),
]


@pytest.mark.parametrize(("param", "typed", "stored"), TEXT_CASES)
def test_would_store_matches_the_server(
    param: str, typed: str, stored: str | None
) -> None:
    result = would_store(param, typed)
    assert result.stored == stored
    assert result.writes is (stored is not None)


# observed on the server: every one of these, sent as date_of_birth, read back as shown
DATE_CASES = {
    "1980-01-02": "1980-01-02",
    "1980-1-2": "1980-01-02",
    "19800102": "1980-01-02",
    "800102": "1980-01-02",
    "1980-13-01": "0000-00-00",
    "1980-02-30": "0000-00-00",
    "1980-00-00": "1980-00-00",
    "1980-01-02-03": "1980-01-02",
    "1980-01-02-99": "0000-00-00",
    "5-1-2": "0005-01-02",
    "80-1-2": "1980-01-02",
    "0-0-0": "0000-00-00",
    "1980": "0000-00-00",
    "1980-01": "0000-00-00",
    "2000-02-29": "2000-02-29",
    "1900-02-29": "0000-00-00",
    "12345-01-01": "0000-00-00",
    "198001021230": "0000-00-00",
    "19800102123045": "1980-01-02",
    "1-2-3-4-5-6-7-8": "0001-02-03",
    "00-01-01": "2000-01-01",
    "69-01-01": "2069-01-01",
    "70-01-01": "1970-01-01",
    "1980--01--02": "0000-00-00",
    "1980-01--02": "0000-00-00",
    "1980-01-02--03": "1980-01-02",
    "1980-01-02-": "1980-01-02",
    "1980-01-02-24": "0000-00-00",
    "1980-01-02-23-60": "0000-00-00",
    "00-00-00": "0000-00-00",
    "1234567": "0000-00-00",
    "20001301": "0000-00-00",
    "100-1-1": "0100-01-01",
    "1980-01-1234567": "0000-00-00",
}


@pytest.mark.parametrize(("typed", "stored"), sorted(DATE_CASES.items()))
def test_dates_follow_mariadb(typed: str, stored: str) -> None:
    assert would_store("date_of_birth", typed).stored == stored


DECIMAL_CASES = {
    "-5": "-5.00",
    "5.554": "5.55",
    "99.995": "99.99",
    "-100": "-99.99",
    "-": "0.00",
    ".5": "0.50",
    "5-3": "5.00",
    "-5.5.5": "-5.50",
    "--5": "0.00",
    "-0": "0.00",
    "-0.001": "0.00",
    "-0.005": "-0.01",
    "1e2": "12.00",
    "_5": "0.00",
}


@pytest.mark.parametrize(("typed", "stored"), sorted(DECIMAL_CASES.items()))
def test_gmt_offsets_follow_mariadb(typed: str, stored: str) -> None:
    assert would_store("gmt_offset_now", typed).stored == stored


def test_a_trailing_backslash_is_refused_not_sent() -> None:
    result = would_store("comments", "path\\")
    assert result.refused and "backslash" in result.refused


def test_notes_say_why_the_value_changed() -> None:
    result = would_store("email", "josé+x@ex.com")
    kinds = {n.kind for n in result.notes}
    assert kinds == {NoteKind.LETTERS_DROPPED, NoteKind.PLUS_TO_SPACE}
    assert result.altered


def test_untouched_value_has_no_notes() -> None:
    result = would_store("last_name", "Smith")
    assert result.notes == () and not result.altered


def test_non_latin_mode_keeps_letters() -> None:
    assert would_store("first_name", "José", non_latin=True).stored == "José"


@given(st.sampled_from(LEAD_FIELDS), st.text(max_size=300))
def test_stored_values_fit_their_column(field_: object, typed: str) -> None:
    from leadtui.api.vicidial.fields import ColumnKind, LeadField

    assert isinstance(field_, LeadField)
    result = would_store(field_.param, typed)
    if result.stored is None:
        return
    if field_.kind is ColumnKind.TEXT:
        assert len(result.stored) <= field_.length
    if field_.kind is ColumnKind.INTEGER:
        assert 0 <= int(result.stored) <= field_.maximum
    if field_.kind is ColumnKind.ENUM:
        assert result.stored in (*field_.enum_values, "")
    assert result.stored == would_store(field_.param, typed).stored


_EMULATOR = None


def _emulator() -> object:
    global _EMULATOR
    if _EMULATOR is None:
        from leadtui.emulator import Emulator, FixedClock
        from tests.transcripts import DATASET

        _EMULATOR = Emulator.from_dataset(
            DATASET, now=FixedClock("2026-11-24 10:00:00")
        )
    return _EMULATOR


def _store_and_read(field: LeadField, value: str) -> str:
    from leadtui.emulator import Emulator
    from tests.emulator.cases import request_of

    emulator = _emulator()
    assert isinstance(emulator, Emulator)
    params = {
        "source": "test",
        "user": "6666",
        "pass": "1234",
        "lead_id": "1150",
        field.param: value,
    }
    if field.param == "phone_number":
        params["update_phone_number"] = "Y"
    params["function"] = "update_lead"
    emulator.handle(*request_of({"method": "POST", "params": params}))
    read = {
        "source": "test",
        "user": "6666",
        "pass": "1234",
        "lead_id": "1150",
        "field_name": field.column,
        "function": "lead_field_info",
    }
    return emulator.handle(*request_of({"method": "POST", "params": read}))[2].decode()


@given(
    st.sampled_from(
        [f for f in LEAD_FIELDS if f.param not in ("list_id_field", "entry_list_id")]
    ),
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=32, max_codepoint=126),
            st.sampled_from(list("éñ😀ש\n\r\t\\'\"+|&;#")),
        ),
        max_size=120,
    ),
)
def test_would_store_agrees_with_the_emulator(field: LeadField, value: str) -> None:
    preview = would_store(field.param, value)
    if preview.refused:
        return
    before = _store_and_read(field, "")  # an empty value leaves the field alone: a read
    stored = _store_and_read(field, value)
    assert stored == (preview.stored if preview.writes else before)
