"""``lead_all_info`` parsing that survives the delimiter inside values (§5.4).

The server prints values unescaped, so a ``|`` in vendor_lead_code, source_id,
comments or a custom field shifts every later column. With ``header=YES`` a
header precedes each record, so records are found by their headers (a value
holding a newline cannot split a record), and a record with too many columns
is split every way the extra delimiters could fall into the free-text
columns; the splits whose typed columns (list_id, phone, counts, lengths) are
valid win. Where several splits stay possible, the columns they disagree on
are reported as uncertain, to be re-read with ``lead_field_info``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.fields import (
    FIELDS_BY_COLUMN,
    FREE_TEXT_COLUMNS,
    LEAD_ALL_INFO_COLUMNS,
    ColumnKind,
    value_problem,
)
from leadtui.api.vicidial.models import Lead, LeadRecord
from leadtui.api.vicidial.parse_common import (
    check_global_error,
    check_status,
    unrecognised,
)

_F = "lead_all_info"
HEADER = "|".join(LEAD_ALL_INFO_COLUMNS)
_MAX_SPLITS = 20000

_NOT_FOUND = re.compile(rf"ERROR: {_F} LEAD NOT FOUND: [^|]*\|.*")
_LIST_NOT_FOUND = re.compile(rf"ERROR: {_F} LIST NOT FOUND: [^|]*\|.*")

_TYPED = {
    "list_id": re.compile(r"\d+"),
    "entry_list_id": re.compile(r"\d*"),
    "lead_id": re.compile(r"\d+"),
    "gmt_offset_now": re.compile(r"(-?\d{1,2}\.\d{2})?"),
    "phone_code": re.compile(r"\d*"),
    "phone_number": re.compile(r"[\d,]*"),
    "called_count": re.compile(r"\d*"),
    "rank": re.compile(r"-?\d*"),
    "gender": re.compile(r"[MFU]?"),
    "date_of_birth": re.compile(r"(\d{4}-\d{2}-\d{2})?"),
    "last_local_call_time": re.compile(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})?"),
}


def parse_lead_all_info(body: str, status: int = 200) -> list[LeadRecord]:
    """Parse a ``header=YES&stage=pipe`` answer into lead records, newest first."""
    check_status(status, body, function=_F)
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    check_global_error(lines, body)
    skipped = 0
    while lines and _LIST_NOT_FOUND.fullmatch(lines[0]) and len(lines) > 1:
        skipped += 1
        lines.pop(0)
    if len(lines) == 1 and _NOT_FOUND.fullmatch(lines[0]):
        raise e.LeadNotFound("Lead not found", raw=body)
    if len(lines) == 1 and _LIST_NOT_FOUND.fullmatch(lines[0]):
        raise e.ListNotFound("List not found", raw=body)
    records = list(_records(lines, body))
    if not records:
        raise unrecognised(_F, body)
    return records


def _records(lines: list[str], body: str) -> Iterator[LeadRecord]:
    starts = [i for i, line in enumerate(lines) if _is_header(line)]
    if not starts or starts[0] != 0:
        raise unrecognised(_F, body)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        columns = lines[start].split("|")
        data = "\n".join(lines[start + 1 : end])
        if start + 1 == end:
            raise unrecognised(_F, body)
        yield _record(columns, data, body)


def _is_header(line: str) -> bool:
    return line == HEADER or line.startswith(HEADER + "|")


def _record(columns: list[str], data: str, body: str) -> LeadRecord:
    tokens = data.split("|")
    extra = len(tokens) - len(columns)
    if extra < 0:
        raise unrecognised(_F, body)
    free = [i for i, c in enumerate(columns) if _is_free(c)]
    checks = _checks(tuple(columns))
    candidates: list[dict[str, str]] = []
    for split in _splits(extra, len(free)):
        values = _assign(columns, tokens, dict(zip(free, split, strict=True)))
        if _valid(values, checks):
            candidates.append(values)
    if not candidates:
        raise unrecognised(_F, body)
    chosen = candidates[0]
    uncertain = frozenset(
        c for c in columns if any(other[c] != chosen[c] for other in candidates[1:])
    )
    standard = {c: chosen[c] for c in LEAD_ALL_INFO_COLUMNS}
    custom = {c: chosen[c] for c in columns if c not in standard}
    return LeadRecord(lead=Lead.from_columns(standard, custom), uncertain=uncertain)


def _is_free(column: str) -> bool:
    return column in FREE_TEXT_COLUMNS or column not in LEAD_ALL_INFO_COLUMNS


def _splits(extra: int, slots: int) -> Iterator[tuple[int, ...]]:
    """Every way to share ``extra`` delimiters among ``slots`` columns.

    The most likely first: all of them in the last free column (comments or
    the last custom field), which is where operators type delimiters.
    """
    if extra == 0:
        yield (0,) * slots
        return
    every = itertools.combinations(range(extra + slots - 1), slots - 1)
    for bars in itertools.islice(every, _MAX_SPLITS):
        shares = []
        previous = -1
        for bar in (*bars, extra + slots - 1):
            shares.append(bar - previous - 1)
            previous = bar
        yield tuple(shares)


def _assign(
    columns: list[str], tokens: list[str], share: dict[int, int]
) -> dict[str, str]:
    values: dict[str, str] = {}
    pos = 0
    for index, column in enumerate(columns):
        width = 1 + share.get(index, 0)
        values[column] = "|".join(tokens[pos : pos + width])
        pos += width
    return values


#: what is checked of one column's value: its name, the pattern a typed column
#: must match, the length a text column holds, whether it is free text (a glued
#: page would land there) and whether it is a custom field
_Check = tuple[str, re.Pattern[str] | None, int | None, bool, bool]


@functools.lru_cache(maxsize=64)
def _checks(columns: tuple[str, ...]) -> tuple[_Check, ...]:
    """The checks of a header's columns, worked out once per header."""
    found: dict[str, _Check] = {}
    for column in columns:
        field = FIELDS_BY_COLUMN.get(column)
        length = field.length if field and field.kind is ColumnKind.TEXT else None
        found[column] = (
            column,
            _TYPED.get(column),
            length,
            _is_free(column),
            column not in LEAD_ALL_INFO_COLUMNS,
        )
    return tuple(found.values())


def _valid(values: dict[str, str], checks: tuple[_Check, ...]) -> bool:
    for column, pattern, length, free, custom in checks:
        value = values[column]
        if pattern is not None and not pattern.fullmatch(value):
            return False
        if length is not None and len(value) > length:
            return False
        # where a page glued to the answer would land: never take it as a value
        if free and value_problem(column, value, custom=custom):
            return False
    return True
