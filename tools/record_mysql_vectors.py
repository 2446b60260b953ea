#!/usr/bin/env python3
"""Record how the reference MariaDB stores and compares values, for the emulator's unit tests.

usage: record_mysql_vectors.py --db-cmd "mariadb --no-defaults -S /tmp/vicidial-emu/mysqld.sock -uroot 1234"
                               [--out tests/emulator/mysql_vectors.json]

Every input is pasted into a quoted SQL string literal, exactly as non_agent_api.php does, over a
utf8mb4 connection (what PHP's mysqlnd uses), in the reference server's non-strict sql_mode. Nothing
in the output file is written by hand: it is what the database answered.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
from pathlib import Path
from typing import Any

COLUMN_TYPES = {
    "date": "DATE",
    "datetime": "DATETIME",
    "decimal_4_2": "DECIMAL(4,2)",
    "smallint_unsigned": "SMALLINT(5) UNSIGNED",
    "smallint": "SMALLINT(5)",
    "bigint_unsigned": "BIGINT(14) UNSIGNED",
    "int_unsigned": "INT(9) UNSIGNED",
    "tinyint": "TINYINT(2)",
    "enum_gender": "ENUM('M','F','U')",
    "enum_reset": "ENUM('Y','N','Y1','Y2','Y3','Y4','Y5','Y6','Y7','Y8','Y9','Y10','D')",
    "enum_recipient": "ENUM('USERONLY','ANYONE')",
    "varchar_6": "VARCHAR(6)",
}

DATES = [
    "",
    "-",
    "----",
    "0",
    "00",
    "000000",
    "00000000",
    "0000-00-00",
    "2020-01-05",
    "2020-1-5",
    "20-1-5",
    "69-1-5",
    "70-1-5",
    "99-12-31",
    "20200105",
    "200105",
    "2020010",
    "202001051",
    "2020-02-29",
    "2021-02-29",
    "2020-02-30",
    "2020-13-01",
    "2020-00-00",
    "2020-01-00",
    "2020-00-05",
    "1-1-1",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2020--01-05",
    "-2020-01-05",
    "2020-01-05-",
    "2020-01-05-10",
    "2020-01-05-10-11-12",
    "2020-01-05-10-11-12-13",
    "2020-01",
    "2020",
    "12",
    "123",
    "1234",
    "12345",
    "1234567",
    "123456789",
    "1234567890",
    "12345678901",
    "123456789012",
    "12345678901234",
    "123456789012345",
    "20200105101112",
    "200105101112",
    "2020-01-5",
    "2020-1-05",
    "02020-01-05",
    "2020-001-05",
    "2020-01-005",
    "99999999",
    "19991231",
    "19990231",
    "0-0-0",
    "00-00-00",
    "1-2",
    "1--2",
    "--1",
    "2020-12-31--",
    "9-9-9",
    "2020-6-31",
    "2020-04-31",
    "1900-02-29",
    "2000-02-29",
    "2100-02-29",
]
DATETIMES = [
    "",
    "NOW",
    "2026-11-24 10:00:00",
    "2026-11-24",
    "2026-11-24 10:00",
    "2026-11-24 25:00:00",
    "2026-11-24 10:61:00",
    "2026-11-24T10:00:00",
    "20261124100000",
    "tomorrow",
    "2026-02-30 10:00:00",
    "2026/11/24 10.00.00",
    "2026-11-24 10:00:00.5",
    "2026-11-24 10:00:00 junk",
    "1DAYS",
    "2026-11-24 10:00:00 +5",
    "26-11-24 1:2:3",
    "0000-00-00 00:00:00",
    "2026-11-24 24:00:00",
]
DECIMALS = [
    "",
    "-",
    "--",
    ".",
    "-.",
    "0",
    "-0",
    "0.001",
    "-0.001",
    "-0.005",
    "0.005",
    "0.004",
    "-0.004",
    "5",
    "-5",
    "-5.00",
    "-5.5",
    "-5.555",
    "-5.554",
    "5.125",
    "5.135",
    "99.99",
    "99.994",
    "99.995",
    "100",
    "-100",
    "-99.995",
    "999",
    "1.2.3",
    "1-2",
    "-1-2",
    "_5",
    "5_",
    "5.",
    "-5.",
    ".5",
    "-.5",
    "--5",
    "-_5",
    "12_3",
    "1e2",
    "00005",
    "-0005.50",
    "1234567",
    "-99.999",
    "99999999999999999999999",
    ".....",
    "_",
    "-_",
    "3.14159",
    "-12.345",
    "12.345",
]
INTS = [
    "",
    "0",
    "00",
    "007",
    "1",
    "-1",
    "65535",
    "65536",
    "32767",
    "32768",
    "-32768",
    "-32769",
    "127",
    "128",
    "255",
    "256",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999",
    "12abc",
    "abc",
    "1.5",
    "2.5",
    "-1.5",
    "1e3",
    " 5",
    "5 ",
    "99999999999999",
    "999999999999999",
]
ENUMS = [
    "",
    "M",
    "m",
    "F",
    "U",
    "X",
    "BLANK",
    "MF",
    "1",
    "2",
    "3",
    "4",
    "0",
    "M ",
    " M",
    "Y",
    "y",
    "N",
    "n",
    "Y10",
    "y10",
    "D",
    "Y11",
    "USERONLY",
    "useronly",
    "ANYONE",
    "anyone",
    "ANY",
]
VARCHARS = [
    "",
    "abc",
    "abcdef",
    "abcdefg",
    "ab cd ",
    "      x",
    "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
    "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600",
    "a\u0301bcdefg",
    "abc   ",
    "abcdef   ",
]
NUMERIC_EQUALS = [  # 101 = '...'
    "101",
    "0101",
    "101abc",
    "101.0",
    "1e2",
    "1.01e2",
    "101 ",
    " 101",
    "+101",
    "-101",
    "abc",
    "101-",
    "101.5",
    "0x65",
    "10 1",
    "101e",
    "101e+",
    "101.",
    ".101e3",
]
COLLATION_PAIRS = [
    ("a", "A"),
    ("abc", "ABC "),
    ("abc ", "abc"),
    ("abc", " abc"),
    ("\u00e9", "e"),
    ("\u00e9", "E"),
    ("\u00df", "s"),
    ("\u00df", "ss"),
    ("\u00e6", "ae"),
    ("\u00c6", "\u00e6"),
    ("\u00f8", "o"),
    ("\u0131", "i"),
    ("\U0001f600", "\U0001f601"),
    ("\U0001f600", "\ufffd"),
    ("a\tb", "a b"),
    ("V00042", "v00042"),
    ("x", "x\t"),
    ("\u00fc", "u"),
    ("\u00d1", "n"),
    ("\u0142", "l"),
    ("\u00e5", "a"),
    ("\u00ff", "y"),
    ("\u0153", "oe"),
    ("\u00d0", "d"),
    ("\u00de", "th"),
]


def sql_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def run(db_cmd: str, script: str) -> list[str]:
    proc = subprocess.run(
        [*shlex.split(db_cmd), "-N", "-B", "--default-character-set=utf8mb4"],
        input=script.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return proc.stdout.decode("utf-8").splitlines()


def stored(db_cmd: str, column_type: str, inputs: list[str]) -> list[str | None]:
    script = ["SET NAMES utf8mb4;", "SET SESSION sql_mode='NO_ENGINE_SUBSTITUTION';"]
    script.append(f"CREATE TEMPORARY TABLE v (i INT, x {column_type});")
    for i, text in enumerate(inputs):
        script.append(f"INSERT INTO v (i, x) VALUES ({i}, {sql_quote(text)});")
    script.append("SELECT i, IFNULL(HEX(CAST(x AS CHAR)), 'NULL') FROM v ORDER BY i;")
    out: list[str | None] = []
    for line in run(db_cmd, "\n".join(script)):
        _, hexed = line.split("\t")
        out.append(None if hexed == "NULL" else bytes.fromhex(hexed).decode("utf-8"))
    return out


def selects(db_cmd: str, expressions: list[str]) -> list[str]:
    script = ["SET NAMES utf8mb4;"]
    script += [f"SELECT {e};" for e in expressions]
    return run(db_cmd, "\n".join(script))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None
    )
    ap.add_argument("--db-cmd", required=True)
    ap.add_argument("--out", default="tests/emulator/mysql_vectors.json")
    a = ap.parse_args()
    groups: dict[str, list[str]] = {
        "date": DATES,
        "datetime": DATETIMES,
        "decimal_4_2": DECIMALS,
        "enum_gender": ENUMS,
        "enum_reset": ENUMS,
        "enum_recipient": ENUMS,
        "varchar_6": VARCHARS,
    }
    for name in (
        "smallint_unsigned",
        "smallint",
        "bigint_unsigned",
        "int_unsigned",
        "tinyint",
    ):
        groups[name] = INTS
    result: dict[str, Any] = {
        "about": __doc__.splitlines()[0] if __doc__ else "",
        "stored": {},
    }
    for name, inputs in groups.items():
        values = stored(a.db_cmd, COLUMN_TYPES[name], inputs)
        result["stored"][name] = {
            "type": COLUMN_TYPES[name],
            "cases": [[i, o] for i, o in zip(inputs, values, strict=True)],
        }
    eq = selects(a.db_cmd, [f"101 = {sql_quote(t)}" for t in NUMERIC_EQUALS])
    result["numeric_equals_101"] = [
        [t, r == "1"] for t, r in zip(NUMERIC_EQUALS, eq, strict=True)
    ]
    coll = selects(
        a.db_cmd,
        [
            f"{sql_quote(x)} = {sql_quote(y)} COLLATE utf8mb4_general_ci"
            for x, y in COLLATION_PAIRS
        ],
    )
    result["general_ci_equal"] = [
        [x, y, r == "1"] for (x, y), r in zip(COLLATION_PAIRS, coll, strict=True)
    ]
    Path(a.out).write_text(
        json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
