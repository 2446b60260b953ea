"""Per-row batches from a CSV: read it, map columns to fields, validate every row.

Every problem is reported with its line number; a row with a problem is not
sent. Values are checked the way each backend would treat them: for VICIdial,
what the server would store (a value the filters empty, or one that would
crash the server, is refused); for VoiceAIWrapper, E.164 phone numbers and
e-mail addresses.

A file that is malformed as a whole (not UTF-8, an unclosed quote, a repeated
column, a row whose cell count is not the header's, an oversized field) is
refused before any row is returned, with one :class:`CsvError` naming the
line: nothing from a misread file can be sent. Read a file from disk with
:func:`read_text_file` (or decode its bytes with :func:`decode_csv_bytes`),
then :func:`read_csv`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from leadtui.api.vicidial.fields import (
    FIELDS_BY_COLUMN,
    FIELDS_BY_PARAM,
    custom_label_problem,
)
from leadtui.api.vicidial.preview import would_store, would_store_custom
from leadtui.api.voiceaiwrapper.models import LeadUpdate
from leadtui.ops.custom_fields import is_custom, label_of
from leadtui.ops.idlist import explain_token

IGNORE = ""
CUSTOM_PREFIX = "custom:"
VAW_FIELDS = (
    "phone_number",
    "first_name",
    "last_name",
    "email",
    "do_not_call",
    "mark_as_unanswered",
)
_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}


#: The longest field accepted, in characters. Far above any lead field; a
#: longer one is nearly always a quote that was never closed.
MAX_FIELD = 65536


class CsvError(ValueError):
    """A file leadtui refuses to read; nothing from it may be sent.

    ``reason`` is fit to show an operator as it is; ``line`` is the 1-based
    line it concerns (None when the whole file is the problem, e.g. it cannot
    be read), ``offset`` the 0-based byte offset of a bad byte (decoding only)
    and ``name`` the file's name when the caller gave one. ``str(error)`` is
    ``"name: line N, byte offset B: reason"`` with the parts that are known.
    """

    def __init__(
        self,
        reason: str,
        *,
        line: int | None = None,
        offset: int | None = None,
        name: str = "",
    ) -> None:
        where = [f"line {line}"] if line is not None else []
        if offset is not None:
            where.append(f"byte offset {offset}")
        parts = [name] if name else []
        if where:
            parts.append(", ".join(where))
        super().__init__(": ".join([*parts, reason]))
        self.reason = reason
        self.line = line
        self.offset = offset
        self.name = name


_UTF8_BOM = b"\xef\xbb\xbf"
_BYTE_NEWLINE = re.compile(rb"\r\n|\r|\n")
_SAVE_AS = 'save it as "CSV UTF-8"'


def decode_csv_bytes(data: bytes, name: str = "") -> str:
    """The text of a CSV or ID file: UTF-8, with or without a BOM (dropped).

    Anything else raises :class:`CsvError` naming the line and the 0-based
    byte offset (counted from the start of the file, BOM included) of the first
    bad byte: a byte sequence that is not UTF-8 (a Latin-1 or Windows-1252
    export, a character cut off at the end), a NUL byte (UTF-16, a spreadsheet,
    a binary file). UTF-16/UTF-32 and zip (.xlsx) files are named as such.
    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``, as :func:`read_csv` counts them.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvError(
            f"this is UTF-16 (or UTF-32) text, not UTF-8: {_SAVE_AS}",
            line=1,
            offset=0,
            name=name,
        )
    if data.startswith(b"PK\x03\x04"):
        raise CsvError(
            f"this is a zip file (an .xlsx workbook?), not CSV text: {_SAVE_AS}",
            line=1,
            offset=0,
            name=name,
        )
    skip = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    nul = data.find(b"\0")
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        bad = skip + error.start
        if not 0 <= nul < bad:
            if (
                error.end >= len(data) - skip
                and error.reason == "unexpected end of data"
            ):
                reason = "the file ends in the middle of a UTF-8 character"
            else:
                reason = f"byte 0x{data[bad]:02X} is not UTF-8 text"
            raise CsvError(
                f"{reason}: {_SAVE_AS}",
                line=_byte_line(data, bad),
                offset=bad,
                name=name,
            ) from None
        text = ""
    if nul >= 0:
        raise CsvError(
            "a NUL byte: this is not a CSV text file (UTF-16 text, or a "
            f"spreadsheet?): {_SAVE_AS}",
            line=_byte_line(data, nul),
            offset=nul,
            name=name,
        )
    return text


def _byte_line(data: bytes, offset: int) -> int:
    return len(_BYTE_NEWLINE.findall(data, 0, offset)) + 1


def read_text_file(path: str | os.PathLike[str]) -> str:
    """The text of a CSV or ID file on disk, through :func:`decode_csv_bytes`.

    A file that cannot be read (missing, a directory, permission denied) is a
    :class:`CsvError` too, with ``line`` None, so a caller catches one exception
    for "nothing from this file may be sent".
    """
    name = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CsvError("no such file", name=name) from None
    except IsADirectoryError:
        raise CsvError("this is a directory, not a file", name=name) from None
    except PermissionError:
        raise CsvError(
            "permission denied: check the file's owner and mode", name=name
        ) from None
    except OSError as error:
        raise CsvError(
            f"cannot be read: {error.strerror or type(error).__name__}", name=name
        ) from None
    return decode_csv_bytes(data, name)


@dataclass(frozen=True)
class CsvTable:
    header: tuple[str, ...]
    #: (line number in the file, cells)
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def read_csv(text: str, *, name: str = "") -> CsvTable:
    """The header and the non-empty rows, each with the line it starts on.

    The header is the first non-blank line. The file is refused as a whole, with
    a :class:`CsvError` naming the line, before any row is returned, when:

    * a quoted field is never closed, or text follows a closing quote;
    * two columns have the same name, compared as the mapping compares them
      (case, spaces and punctuation ignored); blank names may repeat;
    * a row has more *or fewer* cells than the header has columns. A short row
      is refused too, even when only trailing cells are missing: a missing
      comma in the middle looks the same and would shift every later cell
      into the wrong column. Write an empty cell as nothing between commas;
    * a field is longer than :data:`MAX_FIELD` characters;
    * the text holds a NUL character.

    Blank lines (nothing but commas and spaces) are skipped whatever their cell
    count. Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``; a BOM left at the
    start is dropped. Decode bytes with :func:`decode_csv_bytes` first.
    """
    text = text.removeprefix("\ufeff")
    rows: list[tuple[int, tuple[str, ...]]] = []
    header: tuple[str, ...] | None = None
    header_line = 0
    for line, cells in csv_records(text, name=name):
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = tuple(c.strip() for c in cells)
            header_line = line
            _refuse_repeated_names(header, line, name)
            continue
        if len(cells) != len(header):
            raise CsvError(
                _width_problem(len(cells), len(header), header_line),
                line=line,
                name=name,
            )
        rows.append((line, tuple(cells)))
    return CsvTable(header or (), tuple(rows))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def _width_problem(cells: int, columns: int, header_line: int) -> str:
    what = (
        f"{_plural(cells, 'cell')}, but the header (line {header_line}) has "
        f"{_plural(columns, 'column')}"
    )
    if cells > columns:
        return f"{what}: a comma too many, or a value with a comma and no quotes?"
    return (
        f"{what}: a comma missing? Every row needs one cell per column "
        "(an empty cell is nothing between two commas)"
    )


def _refuse_repeated_names(header: tuple[str, ...], line: int, name: str) -> None:
    seen: dict[str, int] = {}
    for index, column in enumerate(header):
        if not column:
            continue
        key = _norm(column) or column.casefold()
        if key in seen:
            first = seen[key]
            same = (
                f'both named "{column}"'
                if header[first] == column
                else f'named "{header[first]}" and "{column}", the same name to leadtui'
            )
            raise CsvError(
                f"columns {first + 1} and {index + 1} are {same}; rename or remove one",
                line=line,
                name=name,
            )
        seen[key] = index


class _Lines:
    """The lines of a text, each with its ending (\\n, \\r\\n or a lone \\r), and
    how many characters have been handed out so far."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self.offset = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.offset += len(line)
        return line


def csv_records(text: str, *, name: str = "") -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, cells) for every record of ``text``, blank
    ones included (as ``[]``), read strictly: an unclosed quote, text after a
    closing quote, a field over :data:`MAX_FIELD` characters or a NUL character
    raises :class:`CsvError` with the line. Nothing checks the cell counts.
    """
    nul = text.find("\0")
    if nul >= 0:
        raise CsvError(
            "a NUL character: this is not a CSV text file",
            line=_line_at(text, nul),
            name=name,
        )
    lines = _Lines(text)
    reader = csv.reader(lines, strict=True)
    while True:
        line = reader.line_num + 1
        start = lines.offset
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _explain_csv_error(text, start, line, str(error), name) from None
        for index, cell in enumerate(cells):
            if len(cell) > MAX_FIELD:
                raise CsvError(
                    f"column {index + 1}: {_too_long(len(cell))}", line=line, name=name
                )
        yield line, cells


def _too_long(length: int) -> str:
    return f"a field of {length:,} characters; the most accepted is {MAX_FIELD:,}"


_NEWLINE = re.compile(r"\r\n|\r|\n")
_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')
_UNQUOTED = re.compile(r"[^,\r\n]*")
NEVER_CLOSED = "a quoted field is never closed"


def _line_at(text: str, index: int) -> int:
    """The 1-based line of ``text[index]``."""
    return len(_NEWLINE.findall(text, 0, index)) + 1


def _explain_csv_error(
    text: str, start: int, line: int, message: str, name: str
) -> CsvError:
    """What the csv module tripped on in the record at ``text[start:]`` (on
    ``line``), found again by scanning it field by field."""
    pos = start
    column = 1
    while pos < len(text):
        opened = line
        if text.startswith('"', pos):
            match = _QUOTED.match(text, pos)
            if match is None:
                return CsvError(NEVER_CLOSED, line=opened, name=name)
            inside = match.end() - pos - 2
            length = inside - text.count('"', pos + 1, match.end() - 1) // 2
            line += len(_NEWLINE.findall(text, pos, match.end()))
        else:
            match = _UNQUOTED.match(text, pos)
            assert match is not None  # the pattern matches the empty string
            length = match.end() - pos
        if length > MAX_FIELD:
            return CsvError(
                f"column {column}: {_too_long(length)}", line=opened, name=name
            )
        pos = match.end()
        if pos >= len(text):
            break
        if text[pos] == ",":
            pos += 1
            column += 1
        elif text[pos] in "\r\n":
            pos += 2 if text.startswith("\r\n", pos) else 1
            line += 1
            column = 1
        elif line == opened:
            return CsvError(
                "text after the closing quote of a quoted field (a quote inside "
                'a quoted field is written twice: "")',
                line=line,
                name=name,
            )
        else:
            return CsvError(
                f"a quoted field opens here and runs to line {line}, where text "
                "follows its closing quote: is a quote here never closed?",
                line=opened,
                name=name,
            )
    return CsvError(f"not a well-formed CSV row ({message})", line=line, name=name)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


_ALIASES = {
    "lead": "lead_id",
    "leadid": "lead_id",
    "id": "lead_id",
    "phone": "phone_number",
    "list": "list_id_field",
    "list_id": "list_id_field",
    "user": "user_field",
    "dnc": "do_not_call",
}


def guess_mapping(header: tuple[str, ...], kind: str) -> dict[str, str]:
    """CSV column → field, where the header names a known field.

    When two columns name the same field (``phone`` and ``phone_number``), the
    one that spells the field exactly gets it (else the first), and the others
    are ignored: :func:`validate_rows` refuses two columns on one field.
    """
    known = (
        set(VAW_FIELDS) if kind == "voiceaiwrapper" else {*FIELDS_BY_PARAM, "lead_id"}
    )
    mapping = {}
    exact: dict[str, bool] = {}
    for column in header:
        plain = _norm(column)
        name = _ALIASES.get(plain, plain)
        named = column.strip()
        if kind != "voiceaiwrapper" and named[:7].lower() in ("custom:", "custom_"):
            # VICIdial matches a custom label as spelled: keep its case
            name = CUSTOM_PREFIX + named[7:]
        if kind != "voiceaiwrapper" and name in FIELDS_BY_COLUMN and name not in known:
            name = FIELDS_BY_COLUMN[name].param
        if kind == "voiceaiwrapper" and name.startswith("custom_"):
            name = CUSTOM_PREFIX + name.removeprefix("custom_")
        mapping[column] = (
            name if name in known or name.startswith(CUSTOM_PREFIX) else IGNORE
        )
        exact[column] = plain == name or name.startswith(CUSTOM_PREFIX)
    for target in set(mapping.values()) - {IGNORE}:
        columns = [column for column in header if mapping[column] == target]
        keep = next((c for c in columns if exact[c]), columns[0])
        for column in columns:
            if column != keep:
                mapping[column] = IGNORE
    return mapping


@dataclass
class CsvRow:
    line: int
    #: lead ID (VICIdial) or E.164 phone number (VoiceAIWrapper)
    key: str
    #: field → value as it will be sent
    values: dict[str, str] = field(default_factory=dict)
    #: VoiceAIWrapper only: the validated item
    item: LeadUpdate | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def key_field(kind: str) -> str:
    return "phone_number" if kind == "voiceaiwrapper" else "lead_id"


def validate_rows(
    table: CsvTable, mapping: dict[str, str], kind: str, *, region: str = "US"
) -> list[CsvRow]:
    key = key_field(kind)
    columns = {i: mapping.get(name, IGNORE) for i, name in enumerate(table.header)}
    if key not in columns.values():
        raise ValueError(f"map one column to {key}: it identifies the lead")
    first: dict[str, int] = {}
    for i, target in columns.items():
        if target and target in first:
            j = first[target]
            raise ValueError(
                f"columns {j + 1} ({table.header[j] or 'no name'}) and {i + 1} "
                f"({table.header[i] or 'no name'}) are both mapped to {target}: map one of "
                "them to nothing"
            )
        first[target] = i
    rows: list[CsvRow] = []
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        data = {
            columns[i]: cells[i].strip() if i < len(cells) else ""
            for i in columns
            if columns[i]
        }
        row = (
            _vaw_row(line, data, region)
            if kind == "voiceaiwrapper"
            else _vicidial_row(line, data)
        )
        if row.ok and row.key in seen:
            row.problems.append(f"{key} {row.key} is already on line {seen[row.key]}")
        elif row.ok:
            seen[row.key] = line
        rows.append(row)
    return rows


def checked_values(data: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The VICIdial values of a row that the server would store (empty cells
    change nothing; ``custom:LABEL`` columns are custom fields), and the
    problems of the others."""
    values: dict[str, str] = {}
    problems: list[str] = []
    for param, value in data.items():
        if value == "":
            continue
        if is_custom(param):
            label = label_of(param)
            why = (
                custom_label_problem(label) or would_store_custom(param, value).refused
            )
            if why:
                problems.append(f"{label} (custom): {why}")
            else:
                values[param] = value
            continue
        preview = would_store(param, value)
        title = FIELDS_BY_PARAM[param].title
        if preview.refused:
            problems.append(f"{title}: {preview.refused}")
        elif preview.stored is None:
            problems.append(f"{title}: {value!r} is empty after the server's filter")
        else:
            values[param] = value
    return values, problems


def _vicidial_row(line: int, data: dict[str, str]) -> CsvRow:
    token = data.pop("lead_id", "")
    row = CsvRow(line=line, key=token)
    why = explain_token(token) if token else "no lead ID"
    if why:
        row.problems.append(f"lead ID {token!r}: {why}")
    row.values, problems = checked_values(data)
    row.problems += problems
    if not row.values and not row.problems:
        row.problems.append("nothing to change")
    if row.ok:
        row.key = str(int(token))
    return row


def _vaw_row(line: int, data: dict[str, str], region: str) -> CsvRow:
    fields: dict[str, object] = {}
    custom: dict[str, object] = {}
    row = CsvRow(line=line, key=data.get("phone_number", ""))
    for name, value in data.items():
        if value == "" and name != "phone_number":
            continue
        if name.startswith(CUSTOM_PREFIX):
            custom[name.removeprefix(CUSTOM_PREFIX)] = value
        elif name in ("do_not_call", "mark_as_unanswered"):
            flag = value.lower()
            if flag not in _TRUE | _FALSE:
                row.problems.append(f"{name}: {value!r} is not yes/no")
                continue
            fields[name] = flag in _TRUE
        else:
            fields[name] = value
    if custom:
        fields["custom_fields"] = custom
    if row.problems:
        return row
    try:
        item = LeadUpdate.from_fields(fields, region=region)
    except ValidationError as error:
        row.problems += [
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
            for e in error.errors()
        ]
        return row
    row.item = item
    row.key = item.phone_number
    row.values = {k: str(v) for k, v in item.payload().items() if k != "phone_number"}
    if not item.changes:
        row.problems.append("nothing to change")
    return row
