"""MariaDB semantics the API depends on, reproduced in Python.

PHP strings are byte strings; here they are ``str`` objects holding one character per byte
(latin-1), called "byte strings" below. Database values are real text (``str``).

* :func:`literal` / :func:`check_statement`: non_agent_api.php pastes request values into SQL
  text between ``'…'`` or ``"…"`` without escaping. Each value is read the way MariaDB's lexer
  reads it; if it ends its literal early or leaves it open (an apostrophe inside ``'…'``, a
  trailing backslash, …) the statement is an SQL error, which PHP 8 turns into an uncaught
  exception.
* :func:`to_text`: how the utf8mb4 connection turns the literal's bytes into text.
* :func:`coerce`: what a non-strict ``sql_mode`` stores for a value in a column of a given type.
* :func:`ci_key`, :func:`str_to_number`: utf8mb4_general_ci comparisons and string→number casts.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "CONNECTION_MB3",
    "Column",
    "SqlError",
    "check_statement",
    "ci_equal",
    "ci_key",
    "coerce",
    "compare_text",
    "from_text",
    "integer_literal",
    "literal",
    "number_equal",
    "str_to_number",
    "to_text",
]


class SqlError(Exception):
    """The statement is not valid SQL (or MariaDB refuses it): mysqli throws on PHP >= 8.1."""


# --------------------------------------------------------------------------------------------
# string literals

_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a"}
_INSIDE = {
    "'": re.compile(r"(?:[^'\\]|\\.|'')*", re.S),
    '"': re.compile(r'(?:[^"\\]|\\.|"")*', re.S),
}
_ESCAPE = {q: re.compile(r"\\(.)|" + q + q, re.S) for q in "'\""}


def _unescape_match(m: re.Match[str]) -> str:
    if m.group(1) is None:  # a doubled quote
        return m.group()[0]
    c = m.group(1)
    return "\\" + c if c in "%_" else _ESCAPES.get(c, c)


def literal(value: str, quote: str = '"') -> str:
    """What MariaDB reads from ``quote + value + quote`` in a statement (backslash escapes,
    doubled quotes). Raises SqlError if ``value`` ends the literal early or leaves it open (an
    unpaired quote, a trailing backslash): the statement would not parse."""
    if not _INSIDE[quote].fullmatch(value):
        raise SqlError(f"value breaks its {quote}-quoted literal")
    if "\\" not in value and quote * 2 not in value:
        return value
    return _ESCAPE[quote].sub(_unescape_match, value)


_PLACEHOLDER = re.compile(r"(['\"])\{(\w+)\}\1")


def check_statement(template: str, **values: str) -> dict[str, str]:
    """Paste ``values`` into ``template`` as PHP does (each ``{name}`` sits alone between ``'``
    or ``"``) and return what MariaDB reads from each literal; SqlError if one breaks."""
    return {
        m.group(2): literal(values[m.group(2)], m.group(1))
        for m in _PLACEHOLDER.finditer(template)
    }


# --------------------------------------------------------------------------------------------
# character set: bytes of a utf8mb4 connection <-> text


def _mariadb_errors(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    raw = err.object[err.start : err.start + 3]
    # MariaDB's utf8mb4 accepts encoded surrogates (ED A0..BF xx); every other bad byte is '?'
    if (
        len(raw) == 3
        and raw[0] == 0xED
        and 0xA0 <= raw[1] <= 0xBF
        and 0x80 <= raw[2] <= 0xBF
    ):
        return bytes(raw).decode("utf-8", "surrogatepass"), err.start + 3
    return "?" * (err.end - err.start), err.end


codecs.register_error("leadtui_mariadb", _mariadb_errors)


# The connection's character set: utf8mb4 (mysqlnd's default), or utf8mb3 after the
# SET NAMES 'UTF8' the script sends when system_settings.use_non_latin > 0 (naa L1299).
CONNECTION_MB3: ContextVar[bool] = ContextVar("CONNECTION_MB3", default=False)
_NON_BMP = re.compile("[\U00010000-\U0010ffff]")


def to_text(raw: str) -> str:
    """Byte string sent over the connection -> the text MariaDB stores (bad bytes are '?';
    over utf8mb3 a 4-byte character is bad too)."""
    text = raw.encode("latin-1").decode("utf-8", "leadtui_mariadb")
    if CONNECTION_MB3.get():
        text = _NON_BMP.sub("????", text)
    return text


def compare_text(raw: str) -> str:
    """A string literal compared in a WHERE clause: like :func:`to_text`, but over utf8mb3 an
    invalid character string is an SQL error there (MariaDB error 1300)."""
    if CONNECTION_MB3.get() and to_text(raw) != raw.encode("latin-1").decode(
        "utf-8", "replace"
    ):
        raise SqlError("Invalid utf8mb3 character string")
    return to_text(raw)


def from_text(text: str) -> str:
    """Text from the database -> the byte string PHP receives (over utf8mb3, characters
    outside the BMP become '?')."""
    if CONNECTION_MB3.get():
        text = _NON_BMP.sub("?", text)
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


# --------------------------------------------------------------------------------------------
# comparisons


def _weight(c: str) -> str:
    if ord(c) > 0xFFFF:
        return "\ufffd"
    if c == "\u00df":
        return "S"
    base = unicodedata.normalize("NFD", c)[0]
    up = base.upper()
    return up if len(up) == 1 else base


def ci_key(text: str) -> str:
    """Sort/compare key of utf8mb4_general_ci (case and accent insensitive, PAD SPACE)."""
    text = text.rstrip(" ")
    if text.isascii():
        return text.upper()
    return "".join(_weight(c) for c in text)


def ci_equal(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and ci_key(a) == ci_key(b)


_NUMBER_PREFIX = re.compile(r"[ \t\n\r]*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)?")


def str_to_number(text: str) -> Decimal:
    """MariaDB's string -> number cast: the longest numeric prefix, 0 if there is none."""
    m = _NUMBER_PREFIX.match(text)
    number = m.group(1) if m else None
    if not number:
        return Decimal(0)
    try:
        return Decimal(number)
    except InvalidOperation:  # pragma: no cover - the regex only admits valid numbers
        return Decimal(0)


def integer_literal(literal: str) -> int | None:
    """The integer an ``int_column = 'literal'`` comparison can match, or None."""
    value = str_to_number(literal)
    if value != value.to_integral_value() or abs(value) >= 2**63:
        return None
    return int(value)


def number_equal(column_value: int | str | None, literal: str) -> bool:
    """``int_column = 'literal'`` (both sides compared as numbers)."""
    if column_value is None:
        return False
    return Decimal(str(column_value)) == str_to_number(literal)


# --------------------------------------------------------------------------------------------
# storing values


@dataclass(frozen=True)
class Column:
    """The SQL type of a column: ``kind`` is varchar, text, enum, date, datetime, decimal or int."""

    kind: str
    length: int = 0
    choices: tuple[str, ...] = ()
    low: int = 0
    high: int = 0
    scale: int = 0

    @staticmethod
    def varchar(n: int) -> Column:
        return Column("varchar", length=n)

    @staticmethod
    def enum(*choices: str) -> Column:
        return Column("enum", choices=choices)

    @staticmethod
    def integer(low: int, high: int) -> Column:
        return Column("int", low=low, high=high)

    @staticmethod
    def decimal(precision: int, scale: int) -> Column:
        limit = 10 ** (precision - scale) - 1
        return Column("decimal", length=precision, scale=scale, low=-limit, high=limit)


def coerce(column: Column, text: str) -> str:
    """What MariaDB (non-strict sql_mode) stores when the string ``text`` is assigned."""
    kind = column.kind
    if kind == "varchar":
        return text[: column.length]
    if kind == "text":
        return text
    if kind == "enum":
        return _enum(column.choices, text)
    if kind == "int":
        return str(_int(text, column.low, column.high))
    if kind == "decimal":
        return _decimal(text, column.scale, column.high)
    if kind == "date":
        parsed = _datetime(text)
        return parsed[:10] if parsed else "0000-00-00"
    if kind == "datetime":
        return _datetime(text) or "0000-00-00 00:00:00"
    raise ValueError(kind)


def _enum(choices: tuple[str, ...], text: str) -> str:
    wanted = ci_key(text)
    for choice in choices:
        if ci_key(choice) == wanted:
            return choice
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    return ""


def _int(text: str, low: int, high: int) -> int:
    value = str_to_number(text).to_integral_value(rounding=ROUND_HALF_UP)
    return int(min(max(value, Decimal(low)), Decimal(high)))


def _decimal(text: str, scale: int, high: int) -> str:
    quantum = Decimal(1).scaleb(-scale)
    limit = Decimal(high) + 1 - quantum
    value = str_to_number(text)
    value = min(max(value, -limit), limit).quantize(quantum, rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)
    return f"{value:.{scale}f}"


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid_date(y: int, m: int, d: int) -> bool:
    if y == 0 and m == 0 and d == 0:
        return True
    if m > 12 or d > 31 or y > 9999:
        return False
    if m == 0 or d == 0:
        return True
    if d > _DAYS[m - 1]:
        return False
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return not (m == 2 and d == 29 and not leap)


def _year(part: str) -> int:
    y = int(part)
    if len(part) == 2:
        return y + (2000 if y < 70 else 1900)
    return y


def _datetime(text: str) -> str | None:
    """Parse like MariaDB's str_to_datetime for the shapes the API can send; None = invalid."""
    s = text.strip(" ")
    if s.isdigit():
        if len(s) in (8, 14):
            y, m, d, rest = s[0:4], s[4:6], s[6:8], s[8:]
        elif len(s) in (6, 12):
            y, m, d, rest = s[0:2], s[2:4], s[4:6], s[6:]
        else:
            return None
        return _build(y, m, d, [rest[i : i + 2] for i in range(0, len(rest), 2)])
    parts = re.match(r"(\d+)[^\d](\d+)[^\d](\d+)(.*)$", s, re.S)
    if not parts:
        return None
    times = re.findall(r"\d+", parts.group(4))[:3]
    return _build(parts.group(1), parts.group(2), parts.group(3), times)


def _build(ys: str, ms: str, ds: str, times: list[str]) -> str | None:
    y, mo, d = _year(ys), int(ms), int(ds)
    if int(ys) == 0 and mo == 0 and d == 0:
        y = 0
    if not _valid_date(y, mo, d):
        return None
    hh, mi, ss = ([int(t) for t in times] + [0, 0, 0])[:3]
    if hh > 23 or mi > 59 or ss > 59:
        return None
    if y == 0 and mo == 0 and d == 0 and (hh or mi or ss):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d} {hh:02d}:{mi:02d}:{ss:02d}"
