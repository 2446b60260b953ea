"""ID-list parsing: valid, duplicate and invalid tokens, each invalid one explained."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtui.ops.idlist import MAX_LEAD_ID, explain_token, parse_id_csv, parse_id_text


@pytest.mark.parametrize(
    ("text", "valid", "duplicates", "invalid"),
    [
        ("1,2,3", (1, 2, 3), 0, []),
        ("1 2\n3\t4;5", (1, 2, 3, 4, 5), 0, []),
        ("1,,2, ,3,", (1, 2, 3), 0, []),
        ("5,5,5,6", (5, 6), 2, []),
        ("12-34", (), 0, ["12-34"]),
        ("1e3", (), 0, ["1e3"]),
        ("0", (), 0, ["0"]),
        ("4294967296", (), 0, ["4294967296"]),
        ("007,7", (7,), 1, []),
        ("abc,10", (10,), 0, ["abc"]),
        ("١٢٣", (), 0, ["١٢٣"]),
        ("", (), 0, []),
    ],
)
def test_tokens_are_sorted(
    text: str, valid: tuple[int, ...], duplicates: int, invalid: list[str]
) -> None:
    ids = parse_id_text(text)
    assert ids.valid == valid
    assert ids.duplicates == duplicates
    assert [t.token for t in ids.invalid] == invalid


def test_dash_is_refused_because_the_server_would_join_the_digits() -> None:
    reason = explain_token("12-34")
    assert reason is not None and "1234" in reason


def test_positions_point_at_the_token() -> None:
    ids = parse_id_text("1 2 x 4")
    assert ids.invalid[0].position == 3


def test_csv_column_by_name_with_line_numbers() -> None:
    text = "lead_id,name\n10,Ann\n11,Bob\nzz,Cy\n10,Dup\n"
    ids = parse_id_csv(text, "lead_id")
    assert ids.valid == (10, 11)
    assert ids.duplicates == 1
    assert ids.invalid[0].position == 4


def test_csv_missing_column_is_an_error() -> None:
    with pytest.raises(ValueError, match="no column"):
        parse_id_csv("a,b\n1,2\n", "lead_id")


def test_hundred_thousand_ids() -> None:
    text = "\n".join(str(i) for i in range(1, 100_001))
    ids = parse_id_text(text)
    assert len(ids.valid) == 100_000 and ids.summary().startswith("100,000 valid")


@given(st.text(max_size=200))
def test_never_crashes_and_every_token_is_accounted_for(text: str) -> None:
    ids = parse_id_text(text)
    assert all(0 < i <= MAX_LEAD_ID for i in ids.valid)
    assert len(set(ids.valid)) == len(ids.valid)
    assert all(t.reason for t in ids.invalid)
    pieces = [t for t in re.split(r"[\s,;]+", text) if t]
    assert ids.tokens == len(pieces)


@given(
    st.lists(st.integers(min_value=1, max_value=MAX_LEAD_ID), max_size=50),
    st.sampled_from([",", " ", "\n", ";"]),
)
def test_valid_ids_round_trip(numbers: list[int], sep: str) -> None:
    ids = parse_id_text(sep.join(str(n) for n in numbers))
    assert ids.valid == tuple(dict.fromkeys(numbers))
    assert ids.duplicates == len(numbers) - len(set(numbers))
