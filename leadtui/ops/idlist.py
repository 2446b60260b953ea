"""Pasted or loaded lead-ID lists, sorted into valid, duplicate and invalid tokens.

The server strips every non-digit from ``lead_ids`` (``12-34`` becomes lead
1234), so anything that is not a plain lead number is refused here, with the
reason, instead of being sent.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

MAX_LEAD_ID = 4294967295  # INT(9) UNSIGNED
_TOKEN = re.compile(r"[^\s,;]+")
_NON_DIGITS = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class InvalidToken:
    token: str
    reason: str
    #: 1-based position of the token in the input (or CSV line number).
    position: int


@dataclass(frozen=True, slots=True)
class IdList:
    """Valid IDs in first-seen order, each once; what was refused and why."""

    valid: tuple[int, ...] = ()
    duplicates: int = 0
    invalid: tuple[InvalidToken, ...] = ()
    duplicate_examples: tuple[int, ...] = field(default=())

    @property
    def tokens(self) -> int:
        return len(self.valid) + self.duplicates + len(self.invalid)

    def summary(self) -> str:
        return (
            f"{len(self.valid):,} valid · {self.duplicates:,} duplicate · "
            f"{len(self.invalid):,} invalid"
        )


def explain_token(token: str) -> str | None:
    """Why ``token`` is not a lead ID, or None when it is one."""
    if token.isdigit() and token.isascii():
        number = int(token)
        if number == 0:
            return "0 is not a lead ID"
        if number > MAX_LEAD_ID:
            return f"larger than any lead ID ({MAX_LEAD_ID:,})"
        return None
    digits = _NON_DIGITS.sub("", token)
    if digits and digits.isascii():
        return f"not a plain number: the server would strip it to {digits} and change that lead"
    if digits:
        return "holds non-ASCII digits"
    return "not a number"


def classify(tokens: list[tuple[str, int]]) -> IdList:
    seen: set[int] = set()
    valid: list[int] = []
    invalid: list[InvalidToken] = []
    duplicates = 0
    examples: list[int] = []
    for token, position in tokens:
        if token.isdigit() and token.isascii() and 0 < len(token) < 11:
            number = int(token)
            if 0 < number <= MAX_LEAD_ID:
                if number in seen:
                    duplicates += 1
                    if len(examples) < 20:
                        examples.append(number)
                else:
                    seen.add(number)
                    valid.append(number)
                continue
        reason = explain_token(token) or "not a lead ID"
        invalid.append(InvalidToken(token, reason, position))
    return IdList(tuple(valid), duplicates, tuple(invalid), tuple(examples))


def parse_id_text(text: str) -> IdList:
    """IDs separated by commas, semicolons, spaces, tabs or newlines."""
    return classify(
        [(m.group(), n) for n, m in enumerate(_TOKEN.finditer(text), start=1)]
    )


def parse_id_csv(text: str, column: str | int = 0) -> IdList:
    """IDs from one column of a CSV (a header name, or a 0-based index).

    With a column name the first row is the header; positions are line numbers.
    """
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    if not rows:
        return IdList()
    index: int
    start = 0
    if isinstance(column, str):
        header = [h.strip() for h in rows[0]]
        if column not in header:
            raise ValueError(
                f"no column {column!r} in the CSV header ({', '.join(header)})"
            )
        index = header.index(column)
        start = 1
    else:
        index = column
    tokens = []
    for line, row in enumerate(rows[start:], start=start + 1):
        if not row or all(not cell.strip() for cell in row):
            continue
        cell = row[index].strip() if index < len(row) else ""
        tokens.append((cell, line))
    return classify(tokens)
