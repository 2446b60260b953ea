"""Pasted or loaded lead-ID lists, sorted into valid, duplicate and invalid tokens.

The server strips every non-digit from ``lead_ids`` (``12-34`` becomes lead
1234), so anything that is not a plain lead number is refused here, with the
reason, instead of being sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from leadtui.ops.wording import plural

MAX_LEAD_ID = 4294967295  # INT(9) UNSIGNED
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


class IdTally:
    """Sorts tokens into an :class:`IdList` as they come, in as many pieces as
    the caller likes (the composer counts a paste in slices between frames)."""

    def __init__(self) -> None:
        self._seen: dict[int, None] = {}  # valid IDs, first-seen order
        self._duplicates = 0
        self._examples: list[int] = []
        self._invalid: list[InvalidToken] = []
        self._tokens = 0  # tokens given to add_text so far

    def add(self, token: str, position: int) -> None:
        """One token, at ``position`` (1-based) in the input."""
        if token.isdigit() and token.isascii() and 0 < len(token) < 11:
            number = int(token)
            if 0 < number <= MAX_LEAD_ID:
                self._add_number(number)
                return
        reason = explain_token(token) or "not a lead ID"
        self._invalid.append(InvalidToken(token, reason, position))

    def _add_number(self, number: int) -> None:
        if number in self._seen:
            self._duplicates += 1
            if len(self._examples) < 20:
                self._examples.append(number)
        else:
            self._seen[number] = None

    def add_text(self, text: str) -> None:
        """Every token of ``text``: IDs separated by commas, semicolons or
        whitespace. A token must not run across two calls."""
        # runs of anything but commas, semicolons and whitespace (str.isspace,
        # the same code points as the regex class \s)
        tokens = text.replace(",", " ").replace(";", " ").split()
        first = self._tokens + 1
        self._tokens += len(tokens)
        numbers = _plain_numbers(tokens)
        if numbers is None:
            for position, token in enumerate(tokens, start=first):
                self.add(token, position)
            return
        fresh = dict.fromkeys(numbers)
        repeats = len(fresh) < len(numbers) or not self._seen.keys().isdisjoint(fresh)
        if repeats and len(self._examples) < 20:
            for number in numbers:  # the examples are the first repeats, in order
                self._add_number(number)
            return
        before = len(self._seen)
        self._seen.update(fresh)
        self._duplicates += len(numbers) - (len(self._seen) - before)

    def result(self) -> IdList:
        return IdList(
            tuple(self._seen),
            self._duplicates,
            tuple(self._invalid),
            tuple(self._examples),
        )


def _plain_numbers(tokens: list[str]) -> list[int] | None:
    """The common case, nothing but lead IDs, without a Python loop per token:
    the numbers when every token is 1-10 ASCII digits in 1..MAX_LEAD_ID, else None.
    """
    if not tokens:
        return []
    joined = "".join(tokens)
    if not (joined.isascii() and joined.isdigit()) or max(map(len, tokens)) > 10:
        return None
    numbers = list(map(int, tokens))
    if min(numbers) < 1 or max(numbers) > MAX_LEAD_ID:
        return None
    return numbers


_SEPARATOR = re.compile(r"[\s,;]")


def text_pieces(text: str, size: int = 65536) -> Iterator[str]:
    """``text`` in slices of about ``size`` characters, each cut at a separator,
    so that feeding them one by one to :meth:`IdTally.add_text` sorts every token."""
    start = 0
    while start < len(text):
        cut = _SEPARATOR.search(text, start + size)
        end = cut.start() if cut else len(text)
        yield text[start:end]
        start = end


def classify(tokens: list[tuple[str, int]]) -> IdList:
    """(token, position) pairs sorted into an :class:`IdList`."""
    tally = IdTally()
    for token, position in tokens:
        tally.add(token, position)
    return tally.result()


def parse_id_text(text: str) -> IdList:
    """IDs separated by commas, semicolons, spaces, tabs or newlines."""
    tally = IdTally()
    tally.add_text(text)
    return tally.result()


def parse_id_csv(text: str, column: str | int = 0, *, name: str = "") -> IdList:
    """IDs from one column of a CSV (a header name, or a 0-based index).

    With a column name the first non-blank line is the header and the file is
    read by :func:`leadtui.ops.csv_rows.read_csv`, with all its refusals. With
    an index there is no header, but the file is read just as strictly: an
    unclosed quote, an oversized field, a NUL, or a row whose cell count
    differs from the first row's is refused. Either way a malformed file raises
    :class:`leadtui.ops.csv_rows.CsvError` (a ValueError) naming the line,
    before any ID is returned (``name``, the file's, goes in its message).
    Positions are the lines the rows start on; blank lines are skipped.
    """
    from leadtui.ops.csv_rows import CsvError, csv_records, read_csv

    tokens: list[tuple[str, int]] = []
    if isinstance(column, str):
        table = read_csv(text, name=name)
        if column not in table.header:
            raise ValueError(
                f"no column {column!r} in the CSV header ({', '.join(table.header)})"
            )
        index = table.header.index(column)
        tokens = [(cells[index].strip(), line) for line, cells in table.rows]
        return classify(tokens)
    width: tuple[int, int] | None = None  # (cells, line) of the first row
    for line, cells in csv_records(text.removeprefix("\ufeff"), name=name):
        if not any(cell.strip() for cell in cells):
            continue
        if width is None:
            width = (len(cells), line)
            if column >= len(cells):
                raise ValueError(
                    f"no column {column} (counted from 0): the rows have "
                    f"{plural(len(cells), 'cell')}"
                )
        elif len(cells) != width[0]:
            raise CsvError(
                f"{plural(len(cells), 'cell')}, but the first row (line {width[1]}) has "
                f"{width[0]}: every row needs the same number of cells",
                line=line,
                name=name,
            )
        tokens.append((cells[column].strip(), line))
    return classify(tokens)
