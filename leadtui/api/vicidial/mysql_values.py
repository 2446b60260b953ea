"""What MariaDB (non-strict ``sql_mode``, utf8mb4) makes of a string it is asked to store.

The Non-Agent API pastes filtered values into SQL inside double quotes without
escaping, and the reference server runs MariaDB with ``NO_ENGINE_SUBSTITUTION``
only, so over-long strings are cut, bad dates become ``0000-00-00`` and numbers
are clamped instead of being refused. These functions reproduce that, so the
client can show what will really be stored before it sends anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

_ESCAPES = {
    "0": "\0",
    "'": "'",
    '"': '"',
    "b": "\b",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "Z": "\x1a",
    "\\": "\\",
    # \% and \_ keep their backslash (they only mean something in LIKE)
    "%": "\\%",
    "_": "\\_",
}


class BrokenLiteral(ValueError):
    """The value would end the SQL string literal early: the server answers HTTP 500."""


def unescape_literal(value: str) -> str:
    """The string MariaDB reads from ``"value"`` (backslash escapes interpreted)."""
    if "\\" not in value:
        return value
    out: list[str] = []
    i = 0
    while i < len(value):
        char = value[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        if i + 1 == len(value):
            raise BrokenLiteral("a trailing backslash escapes the closing quote")
        nxt = value[i + 1]
        out.append(_ESCAPES.get(nxt, nxt))
        i += 2
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Coerced:
    """A stored value and whether MariaDB had to bend the input to store it."""

    value: str
    note: str = ""


_DECIMAL_PREFIX = re.compile(r"[-+]?(\d*)(?:\.(\d*))?")
_DECIMAL_LIMIT = Decimal("99.99")


def to_decimal_4_2(text: str) -> Coerced:
    """``DECIMAL(4,2)`` from a string: leading number, rounded, clamped to ±99.99."""
    match = _DECIMAL_PREFIX.match(text)
    assert match is not None  # the pattern matches the empty string
    whole, frac = match.group(1), match.group(2) or ""
    if not whole and not frac:
        return Coerced("0.00", "not a number: stored as 0.00")
    number = Decimal(match.group(0) if match.group(0) not in "+-" else "0")
    note = "" if match.end() == len(text) else f"ignored {text[match.end() :]!r}"
    rounded = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if rounded != number:
        note = note or f"rounded to {rounded}"
    if rounded > _DECIMAL_LIMIT or rounded < -_DECIMAL_LIMIT:
        rounded = _DECIMAL_LIMIT if rounded > 0 else -_DECIMAL_LIMIT
        note = f"out of range: stored as {rounded}"
    if rounded == 0:
        rounded = Decimal("0.00")
    return Coerced(f"{rounded:.2f}", note)


def to_unsigned(digits: str, maximum: int) -> Coerced:
    """An integer column from a digits-only string, clamped at its maximum."""
    number = int(digits)
    if number > maximum:
        return Coerced(str(maximum), f"more than {maximum}: stored as {maximum}")
    return Coerced(str(number))


def to_varchar(text: str, length: int) -> Coerced:
    if len(text) <= length:
        return Coerced(text)
    return Coerced(text[:length], f"cut to {length} characters")


def to_enum(text: str, allowed: tuple[str, ...]) -> Coerced:
    if text in allowed:
        return Coerced(text)
    return Coerced("", f"not one of {', '.join(allowed)}: stored empty")


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ZERO_DATE = "0000-00-00"
_TIME_LIMITS = (23, 59, 59)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def to_date(text: str) -> Coerced:
    """``DATE`` from a string of digits and dashes, as MariaDB 10.11 parses it.

    Only digits and ``-`` survive the API's filter for ``date_of_birth``, so the
    two shapes handled are all digits (YYYYMMDD, YYMMDD, YYYYMMDDhhmmss) and
    ``Y-M-D`` with one dash between parts, optionally followed by a time.
    """
    parsed = _parse_date(text)
    if parsed is None:
        return Coerced(_ZERO_DATE, f"{text!r} is not a date: stored as 0000-00-00")
    year, month, day, trailing = parsed
    if month > 12 or day > 31 or year > 9999:
        return Coerced(_ZERO_DATE, f"{text!r} is not a date: stored as 0000-00-00")
    if (
        month
        and day > _DAYS_IN_MONTH[month - 1]
        and not (month == 2 and day == 29 and _is_leap(year))
    ):
        return Coerced(_ZERO_DATE, f"{text!r} is not a date: stored as 0000-00-00")
    stored = f"{year:04d}-{month:02d}-{day:02d}"
    if trailing:
        return Coerced(stored, f"read as {stored}; the rest is ignored")
    return Coerced(stored, "" if stored == text else f"read as {stored}")


def _parse_date(text: str) -> tuple[int, int, int, bool] | None:
    """(year, month, day, anything ignored after the date) or None for an error."""
    if text.isdigit():
        return _parse_digits_date(text)
    reader = _DigitReader(text)
    parts: list[int] = []
    year_digits = 0
    for index in range(3):
        if index and not reader.skip_dash():
            return None
        number = reader.number()
        if number is None:
            return None
        if index == 0:
            year_digits = reader.last_length
        parts.append(number)
    trailing = False
    for limit in _TIME_LIMITS:
        if reader.at_end():
            break
        reader.skip_dash()
        number = reader.number()
        if number is None:
            trailing = True
            break
        if number > limit:
            return None
    trailing = trailing or not reader.at_end()
    year, month, day = parts
    return _century(year, year_digits, month, day), month, day, trailing


def _parse_digits_date(text: str) -> tuple[int, int, int, bool] | None:
    year_digits = 4 if len(text) in (4, 8) or len(text) >= 14 else 2
    widths = (year_digits, 2, 2, 2, 2, 2)
    values: list[int] = []
    pos = 0
    for width in widths:
        if pos >= len(text):
            break
        values.append(int(text[pos : pos + width]))
        pos += width
    if len(values) < 3:
        return None
    if any(v > lim for v, lim in zip(values[3:], _TIME_LIMITS, strict=False)):
        return None
    year, month, day = values[:3]
    return _century(year, year_digits, month, day), month, day, pos < len(text)


def _century(year: int, digits: int, month: int, day: int) -> int:
    if digits == 2 and (year or month or day):
        return year + (2000 if year < 70 else 1900)
    return year


class _DigitReader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.last_length = 0

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_dash(self) -> bool:
        if self.pos < len(self.text) and self.text[self.pos] == "-":
            self.pos += 1
            return True
        return False

    def number(self) -> int | None:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos].isdigit():
            self.pos += 1
        self.last_length = self.pos - start
        return int(self.text[start : self.pos]) if self.last_length else None
