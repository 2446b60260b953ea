"""Hostile files: whatever bytes a CSV or ID file holds, reading it either gives
a well-formed table or raises CsvError, never any other exception; and every
file csv.writer writes reads back exactly.

Each property runs ~200 examples in the default suite and 2,000 in the slow
run: ``pytest -m slow tests/unit/ops/test_csv_hostile.py``.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtui.ops.csv_rows import (
    MAX_FIELD,
    CsvError,
    CsvTable,
    decode_csv_bytes,
    guess_mapping,
    read_csv,
    validate_rows,
)
from leadtui.ops.idlist import parse_id_csv

FAST = settings(max_examples=200, deadline=None)
SLOW = settings(max_examples=2000, deadline=None)

#: pieces that make the reader's states meet: quotes, separators, line ends,
#: BOMs, NULs, bytes that are not UTF-8, a cut-off character
BYTE_PIECES = [
    b'"',
    b'""',
    b",",
    b"\n",
    b"\r",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\xe9",
    b"\xc3",
    b"lead_id",
    b"Lead ID",
    b"status",
    b"phone",
    b"1001",
    b"12-34",
    b"DNC",
    b" ",
    "é".encode(),
]
HOSTILE_BYTES = st.one_of(
    st.binary(max_size=300),
    st.lists(
        st.one_of(st.sampled_from(BYTE_PIECES), st.binary(max_size=4)), max_size=40
    ).map(b"".join),
)
TEXT_PIECES = [p.decode("utf-8", "replace") for p in BYTE_PIECES]
HOSTILE_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.one_of(st.sampled_from(TEXT_PIECES), st.text(max_size=4)), max_size=40
    ).map("".join),
)


def well_formed(table: CsvTable) -> None:
    lines = [line for line, _ in table.rows]
    assert lines == sorted(set(lines))
    assert all(line >= 2 for line in lines)
    for _, cells in table.rows:
        assert len(cells) == len(table.header)
        assert any(cell.strip() for cell in cells)
        assert all(len(cell) <= MAX_FIELD and "\0" not in cell for cell in cells)


def read_every_way(text: str) -> None:
    """read_csv, the mapping and validation, and the ID-file reader: each either
    works or raises CsvError (or the ValueError validate_rows and parse_id_csv
    raise for a missing column)."""
    try:
        table = read_csv(text)
    except CsvError as error:
        assert_explained(error)
    else:
        well_formed(table)
        for kind in ("vicidial", "voiceaiwrapper"):
            mapping = guess_mapping(table.header, kind)
            assert set(mapping) == set(table.header)
            try:
                validate_rows(table, mapping, kind)
            except CsvError:  # pragma: no cover - a table has been read already
                raise
            except ValueError as error:
                assert "map" in str(error)
    for column in (0, 1, "lead_id"):
        try:
            parse_id_csv(text, column)
        except CsvError as error:
            assert_explained(error)
        except ValueError as error:
            assert "no column" in str(error)


def assert_explained(error: CsvError) -> None:
    assert error.reason and str(error).endswith(error.reason)
    assert error.line is None or error.line >= 1
    assert "Error" not in str(error) and "\\x" not in str(error)


def decode_and_read(data: bytes) -> None:
    try:
        text = decode_csv_bytes(data, "hostile.csv")
    except CsvError as error:
        assert_explained(error)
        assert error.line is not None and error.offset is not None
        assert 0 <= error.offset < len(data)
        assert str(error).startswith("hostile.csv: line ")
        return
    assert "\0" not in text
    read_every_way(text)


@FAST
@given(HOSTILE_BYTES)
def test_hostile_bytes_parse_or_raise_csv_error(data: bytes) -> None:
    decode_and_read(data)


@FAST
@given(HOSTILE_TEXT)
def test_hostile_text_parses_or_raises_csv_error(text: str) -> None:
    read_every_way(text)


@pytest.mark.slow
@SLOW
@given(HOSTILE_BYTES)
def test_hostile_bytes_slow(data: bytes) -> None:
    decode_and_read(data)


@pytest.mark.slow
@SLOW
@given(HOSTILE_TEXT)
def test_hostile_text_slow(text: str) -> None:
    read_every_way(text)


#: header names that stay apart after the mapping's normalisation
NAMES = st.lists(
    st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True), min_size=1, max_size=5
).map(lambda names: list(dict.fromkeys(names)))
CELL = st.text(
    st.characters(blacklist_characters="\0", blacklist_categories=["Cs"]), max_size=12
)


@FAST
@given(
    NAMES.flatmap(
        lambda header: st.tuples(
            st.just(header),
            st.lists(
                st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=8
            ),
        )
    ),
    st.sampled_from(
        [
            {"lineterminator": "\r\n"},
            {"lineterminator": "\n", "quoting": csv.QUOTE_ALL},
            {"lineterminator": "\r", "quoting": csv.QUOTE_ALL},
        ]
    ),
    st.booleans(),
)
def test_what_csv_writer_writes_reads_back(
    table: tuple[list[str], list[list[str]]], dialect: dict[str, str], bom: bool
) -> None:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, **dialect)  # type: ignore[arg-type]
    writer.writerow(header)
    writer.writerows(rows)
    data = ("\ufeff" if bom else "") + buffer.getvalue()
    read = read_csv(decode_csv_bytes(data.encode("utf-8"), "round-trip.csv"))
    assert read.header == tuple(header)
    assert [cells for _, cells in read.rows] == [
        tuple(row) for row in rows if any(cell.strip() for cell in row)
    ]
