"""Per-row batches from a CSV: read it, map columns to fields, validate every row.

Every problem is reported with its line number; a row with a problem is not
sent. Values are checked the way each backend would treat them: for VICIdial,
what the server would store (a value the filters empty, or one that would
crash the server, is refused); for VoiceAIWrapper, E.164 phone numbers and
e-mail addresses.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from leadtui.api.vicidial.fields import FIELDS_BY_COLUMN, FIELDS_BY_PARAM
from leadtui.api.vicidial.preview import would_store
from leadtui.api.voiceaiwrapper.models import LeadUpdate
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


@dataclass(frozen=True)
class CsvTable:
    header: tuple[str, ...]
    #: (line number in the file, cells)
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def read_csv(text: str) -> CsvTable:
    """The header and the non-empty rows, with their line numbers (header = line 1)."""
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, tuple[str, ...]]] = []
    header: tuple[str, ...] = ()
    for cells in reader:
        line = reader.line_num
        if not header:
            header = tuple(c.strip() for c in cells)
            continue
        if any(c.strip() for c in cells):
            rows.append((line, tuple(cells)))
    return CsvTable(header, tuple(rows))


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
    """CSV column → field, where the header names a known field."""
    known = (
        set(VAW_FIELDS) if kind == "voiceaiwrapper" else {*FIELDS_BY_PARAM, "lead_id"}
    )
    mapping = {}
    for column in header:
        name = _norm(column)
        name = _ALIASES.get(name, name)
        if kind != "voiceaiwrapper" and name in FIELDS_BY_COLUMN and name not in known:
            name = FIELDS_BY_COLUMN[name].param
        if kind == "voiceaiwrapper" and name.startswith("custom_"):
            name = CUSTOM_PREFIX + name.removeprefix("custom_")
        mapping[column] = (
            name if name in known or name.startswith(CUSTOM_PREFIX) else IGNORE
        )
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


def _vicidial_row(line: int, data: dict[str, str]) -> CsvRow:
    token = data.pop("lead_id", "")
    row = CsvRow(line=line, key=token)
    why = explain_token(token) if token else "no lead ID"
    if why:
        row.problems.append(f"lead ID {token!r}: {why}")
    for param, value in data.items():
        if value == "":
            continue
        preview = would_store(param, value)
        title = FIELDS_BY_PARAM[param].title
        if preview.refused:
            row.problems.append(f"{title}: {preview.refused}")
        elif preview.stored is None:
            row.problems.append(
                f"{title}: {value!r} is empty after the server's filter"
            )
        else:
            row.values[param] = value
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
