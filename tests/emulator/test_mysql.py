"""MariaDB value semantics, checked against vectors recorded from the reference MariaDB
(tools/record_mysql_vectors.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leadtui.emulator.mysql import (
    Column,
    SqlError,
    check_statement,
    ci_equal,
    coerce,
    from_text,
    literal,
    number_equal,
    to_text,
)

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "mysql_vectors.json").read_text(encoding="utf-8")
)
COLUMNS = {
    "date": Column("date"),
    "datetime": Column("datetime"),
    "decimal_4_2": Column.decimal(4, 2),
    "smallint_unsigned": Column.integer(0, 65535),
    "smallint": Column.integer(-32768, 32767),
    "bigint_unsigned": Column.integer(0, 2**64 - 1),
    "int_unsigned": Column.integer(0, 2**32 - 1),
    "tinyint": Column.integer(-128, 127),
    "enum_gender": Column.enum("M", "F", "U"),
    "enum_reset": Column.enum("Y", "N", *(f"Y{i}" for i in range(1, 11)), "D"),
    "enum_recipient": Column.enum("USERONLY", "ANYONE"),
    "varchar_6": Column.varchar(6),
}


@pytest.mark.parametrize("kind", sorted(VECTORS["stored"]))
def test_coerce_matches_mariadb(kind: str) -> None:
    cases = VECTORS["stored"][kind]["cases"]
    wrong = [
        (given, want, coerce(COLUMNS[kind], given))
        for given, want in cases
        if coerce(COLUMNS[kind], given) != want
    ]
    assert not wrong, (
        f"{VECTORS['stored'][kind]['type']}: (input, MariaDB, emulator) {wrong}"
    )


def test_number_comparison() -> None:
    wrong = [
        t
        for t, equal in VECTORS["numeric_equals_101"]
        if number_equal(101, t) is not equal
    ]
    assert not wrong


def test_general_ci() -> None:
    wrong = [
        (a, b)
        for a, b, equal in VECTORS["general_ci_equal"]
        if ci_equal(a, b) is not equal
    ]
    assert not wrong


@pytest.mark.parametrize(
    ("value", "quote", "read"),
    [
        ("plain", '"', "plain"),
        ("O'Brien", '"', "O'Brien"),
        ("a\\nb\\tc", '"', "a\nb\tc"),
        ("a\\%b\\_c", '"', "a\\%b\\_c"),
        ("a\\zb", '"', "azb"),
        ("x\\\\", '"', "x\\"),
        ("it\\'s", "'", "it's"),
        ("a''b", "'", "a'b"),
        ("a''b", '"', "a''b"),
    ],
)
def test_literal_reads_like_mariadb(value: str, quote: str, read: str) -> None:
    assert literal(value, quote) == read


@pytest.mark.parametrize(
    ("value", "quote"),
    [("tail\\", '"'), ("O'Brien", "'"), ('say "hi"', '"'), ("a'", "'"), ("\\", "'")],
)
def test_literal_breaks(value: str, quote: str) -> None:
    with pytest.raises(SqlError):
        literal(value, quote)


def test_check_statement_finds_each_placeholder() -> None:
    got = check_statement(
        "UPDATE t SET a=\"{a}\",b='{b}' where c='{c}';", a="x\\ty", b="q", c="1"
    )
    assert got == {"a": "x\ty", "b": "q", "c": "1"}
    with pytest.raises(SqlError):
        check_statement("INSERT INTO t set value='{v}';", v="it's")


def test_charset_conversion() -> None:
    raw = "caf\u00e9 \U0001f600".encode().decode("latin-1")
    assert to_text(raw) == "caf\u00e9 \U0001f600"
    assert to_text("a\xffb") == "a?b"  # invalid UTF-8 bytes become '?'
    assert to_text("\xe2\x82A") == "??A"
    assert from_text(to_text(raw)) == raw
