"""ID-list parsing: valid, duplicate and invalid tokens, each invalid one explained."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtui.ops.csv_rows import CsvError
from leadtui.ops.idlist import (
    MAX_LEAD_ID,
    IdList,
    IdTally,
    classify,
    explain_token,
    parse_id_csv,
    parse_id_text,
    text_pieces,
)


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


def test_csv_positions_are_the_lines_rows_start_on() -> None:
    ids = parse_id_csv('lead_id,note\n10,"two\nlines"\nzz,x\n', "lead_id")
    assert ids.invalid[0].position == 4


def test_csv_by_index_positions_are_line_numbers() -> None:
    ids = parse_id_csv("10\n\nzz\n")
    assert ids.invalid[0].position == 3


@pytest.mark.parametrize(
    ("text", "column", "line"),
    [
        ('lead_id,name\n10,"Ann\n11,Bob\n12,Cy\n', "lead_id", 2),  # unclosed quote
        ('10,"Ann\n11,Bob\n', 0, 1),
        ("lead_id,name\n10,Ann,x\n", "lead_id", 2),  # more cells than the header
        ("lead_id,name\n10\n", "lead_id", 2),  # fewer
        ("lead_id,lead_id\n10,11\n", "lead_id", 1),  # which one?
        ("10,a\n11\n", 0, 2),  # rows of different widths
        ("lead_id\n" + "1" * 70_000 + "\n", "lead_id", 2),
        ("lead_id\n1" + "2" * 140_000 + "\n", "lead_id", 2),  # over the csv limit
        ("lead_id\n1\x002\n", "lead_id", 2),
    ],
    ids=[
        "unclosed-quote",
        "unclosed-quote-by-index",
        "more-cells",
        "fewer-cells",
        "repeated-column",
        "ragged-by-index",
        "over-the-cap",
        "over-the-csv-limit",
        "nul",
    ],
)
def test_malformed_csv_is_refused_with_the_line(
    text: str, column: str | int, line: int
) -> None:
    with pytest.raises(CsvError) as caught:
        parse_id_csv(text, column)
    assert caught.value.line == line


def test_csv_missing_column_index_is_an_error() -> None:
    with pytest.raises(ValueError, match="no column 2"):
        parse_id_csv("1,2\n3,4\n", 2)


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


def _one_token_at_a_time(text: str) -> IdList:
    """The reference: every token through ``IdTally.add``, no fast path."""
    tokens = [m.group() for m in re.finditer(r"[^\s,;]+", text)]
    return classify([(token, n) for n, token in enumerate(tokens, start=1)])


ID_TEXT = st.lists(
    st.one_of(
        st.integers(min_value=1, max_value=60).map(str),  # many repeats
        st.integers(min_value=0, max_value=MAX_LEAD_ID + 5).map(str),
        st.sampled_from(["12-34", "abc", "١٢", "007", "0", "", "1e3"]),
    ),
    max_size=120,
).flatmap(
    lambda tokens: st.lists(
        st.sampled_from([",", " ", "\n", ";", "\t", ", ", "\r\n"]),
        min_size=len(tokens),
        max_size=len(tokens),
    ).map(lambda seps: "".join(t + s for t, s in zip(tokens, seps, strict=True)))
)


@given(ID_TEXT, st.integers(min_value=1, max_value=40))
def test_counting_in_slices_equals_counting_token_by_token(
    text: str, size: int
) -> None:
    tally = IdTally()
    for piece in text_pieces(text, size):
        tally.add_text(piece)
    expected = _one_token_at_a_time(text)
    assert tally.result() == expected
    assert parse_id_text(text) == expected


@given(st.text(max_size=200), st.integers(min_value=1, max_value=50))
def test_slices_never_cut_a_token(text: str, size: int) -> None:
    pieces = list(text_pieces(text, size))
    assert "".join(pieces) == text
    tally = IdTally()
    for piece in pieces:
        tally.add_text(piece)
    assert tally.result() == _one_token_at_a_time(text)


@pytest.mark.parametrize("size", [1, 7, 1000])
def test_duplicate_examples_are_the_first_repeats_in_order(size: int) -> None:
    text = " ".join(str(n) for n in [*range(1, 31), *range(30, 0, -1)])
    tally = IdTally()
    for piece in text_pieces(text, size):
        tally.add_text(piece)
    ids = tally.result()
    assert ids.duplicates == 30
    assert ids.duplicate_examples == tuple(range(30, 10, -1))
