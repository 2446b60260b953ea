"""The lead fields the Non-Agent API reads and writes, with the server's input filters.

Filters are protocol reference §2.4 (non_agent_api.php L924-1240); column types
and lengths are §7.1 (the ``vicidial_list`` schema).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class ColumnKind(StrEnum):
    TEXT = "text"  # VARCHAR(length)
    ENUM = "enum"
    DATE = "date"
    DECIMAL = "decimal"  # DECIMAL(4,2)
    INTEGER = "integer"  # SMALLINT / BIGINT, clamped to [0, maximum]


@dataclass(frozen=True, slots=True)
class CharFilter:
    """Which characters survive the server's ``preg_replace`` for one parameter.

    Either a whitelist (letters and/or digits plus ``extra``) or, for the three
    free-text fields, a blacklist (``deny``).
    """

    letters: bool = False
    upper_only: bool = False
    digits: bool = True
    extra: str = ""
    deny: str | None = None
    plus_to_space: bool = False

    def keeps(self, char: str, *, non_latin: bool = False) -> bool:
        if self.deny is not None:
            return char not in self.deny
        if char in self.extra:
            return True
        if self.digits and "0" <= char <= "9":
            return True
        if not self.letters:
            return False
        if self.upper_only:
            return "A" <= char <= "Z"
        if non_latin:
            # PHP's \p{L} under /u: every Unicode letter, which is what isalpha() tests
            return char.isalpha()
        return ("a" <= char <= "z") or ("A" <= char <= "Z")

    def apply(self, value: str, *, non_latin: bool = False) -> str:
        kept = "".join(c for c in value if self.keeps(c, non_latin=non_latin))
        return kept.replace("+", " ") if self.plus_to_space else kept


def _allow(extra: str, *, plus: bool = False) -> CharFilter:
    return CharFilter(letters=True, extra=extra, plus_to_space=plus)


DIGITS = CharFilter()
FREE_TEXT = CharFilter(deny=';#"', plus_to_space=True)


@dataclass(frozen=True, slots=True)
class LeadField:
    """One writable lead field: its request parameter and the column it lands in."""

    param: str
    column: str
    filter: CharFilter
    kind: ColumnKind
    length: int = 0  # VARCHAR length
    maximum: int = 0  # INTEGER upper clamp
    enum_values: tuple[str, ...] = ()
    in_batch: bool = True  # batch_update_lead accepts it too
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or self.column.replace("_", " ").capitalize()

    @property
    def keeps_dash(self) -> bool:
        """``--BLANK--`` clears the field only when its filter keeps ``-`` (§2.5)."""
        return self.filter.deny is not None or "-" in self.filter.extra

    @property
    def may_hold_backslash(self) -> bool:
        return self.filter.deny is not None and "\\" not in self.filter.deny


_NAME = "- '+_."
_ADDRESS = "- '+.:/@_"

LEAD_FIELDS: tuple[LeadField, ...] = (
    LeadField("user_field", "user", _allow("-_"), ColumnKind.TEXT, 20, label="User"),
    LeadField(
        "list_id_field",
        "list_id",
        DIGITS,
        ColumnKind.INTEGER,
        maximum=2**64 - 1,
        label="List ID",
    ),
    LeadField("status", "status", _allow("-_"), ColumnKind.TEXT, 6),
    LeadField("vendor_lead_code", "vendor_lead_code", FREE_TEXT, ColumnKind.TEXT, 20),
    LeadField("source_id", "source_id", FREE_TEXT, ColumnKind.TEXT, 50),
    LeadField(
        "gmt_offset_now",
        "gmt_offset_now",
        CharFilter(extra="-_."),
        ColumnKind.DECIMAL,
        label="GMT offset",
    ),
    LeadField("title", "title", _allow("- '_."), ColumnKind.TEXT, 4),
    LeadField(
        "first_name", "first_name", _allow(_NAME, plus=True), ColumnKind.TEXT, 30
    ),
    LeadField("middle_initial", "middle_initial", _allow("-_"), ColumnKind.TEXT, 1),
    LeadField("last_name", "last_name", _allow(_NAME, plus=True), ColumnKind.TEXT, 30),
    LeadField(
        "address1", "address1", _allow(_ADDRESS, plus=True), ColumnKind.TEXT, 100
    ),
    LeadField(
        "address2", "address2", _allow(_ADDRESS, plus=True), ColumnKind.TEXT, 100
    ),
    LeadField(
        "address3", "address3", _allow(_ADDRESS, plus=True), ColumnKind.TEXT, 100
    ),
    LeadField("city", "city", _allow(_ADDRESS, plus=True), ColumnKind.TEXT, 50),
    LeadField("state", "state", _allow("- "), ColumnKind.TEXT, 2),
    LeadField("province", "province", _allow("- '+._", plus=True), ColumnKind.TEXT, 50),
    LeadField(
        "postal_code", "postal_code", _allow("- '+", plus=True), ColumnKind.TEXT, 10
    ),
    LeadField("country_code", "country_code", _allow("-_"), ColumnKind.TEXT, 3),
    LeadField(
        "gender",
        "gender",
        CharFilter(letters=True, upper_only=True, digits=False),
        ColumnKind.ENUM,
        enum_values=("M", "F", "U"),
    ),
    LeadField(
        "date_of_birth",
        "date_of_birth",
        CharFilter(extra="-"),
        ColumnKind.DATE,
        label="Date of birth",
    ),
    LeadField("alt_phone", "alt_phone", _allow(_NAME, plus=True), ColumnKind.TEXT, 12),
    LeadField("email", "email", _allow("- '+.:/@%_", plus=True), ColumnKind.TEXT, 70),
    LeadField(
        "security_phrase",
        "security_phrase",
        _allow(_ADDRESS, plus=True),
        ColumnKind.TEXT,
        100,
    ),
    LeadField("comments", "comments", FREE_TEXT, ColumnKind.TEXT, 255),
    LeadField("rank", "rank", DIGITS, ColumnKind.INTEGER, maximum=32767),
    LeadField("owner", "owner", _allow(_ADDRESS, plus=True), ColumnKind.TEXT, 20),
    LeadField(
        "called_count", "called_count", DIGITS, ColumnKind.INTEGER, maximum=65535
    ),
    LeadField("phone_code", "phone_code", DIGITS, ColumnKind.TEXT, 10),
    LeadField(
        "phone_number",
        "phone_number",
        CharFilter(extra=","),
        ColumnKind.TEXT,
        18,
        in_batch=False,
    ),
    LeadField(
        "entry_list_id",
        "entry_list_id",
        DIGITS,
        ColumnKind.INTEGER,
        maximum=2**64 - 1,
        in_batch=False,
        label="Entry list ID",
    ),
)

FIELDS_BY_PARAM: dict[str, LeadField] = {f.param: f for f in LEAD_FIELDS}
FIELDS_BY_COLUMN: dict[str, LeadField] = {f.column: f for f in LEAD_FIELDS}
BATCH_FIELDS: tuple[LeadField, ...] = tuple(f for f in LEAD_FIELDS if f.in_batch)

#: ``lead_all_info`` columns, in the order the server prints them (§5.4).
LEAD_ALL_INFO_COLUMNS: tuple[str, ...] = (
    "status",
    "user",
    "vendor_lead_code",
    "source_id",
    "list_id",
    "gmt_offset_now",
    "phone_code",
    "phone_number",
    "title",
    "first_name",
    "middle_initial",
    "last_name",
    "address1",
    "address2",
    "address3",
    "city",
    "state",
    "province",
    "postal_code",
    "country_code",
    "gender",
    "date_of_birth",
    "alt_phone",
    "email",
    "security_phrase",
    "comments",
    "called_count",
    "last_local_call_time",
    "rank",
    "owner",
    "entry_list_id",
    "lead_id",
)

#: The only columns that can carry the delimiter through the API (§5.4).
FREE_TEXT_COLUMNS = frozenset({"vendor_lead_code", "source_id", "comments"})

BLANK = "--BLANK--"

_DIGITS_ONLY = re.compile(r"\d+")


def is_lead_id(token: str) -> bool:
    """A lead ID as the server would use it unchanged: 1-10 ASCII digits, not 0."""
    return (
        bool(_DIGITS_ONLY.fullmatch(token))
        and token.isascii()
        and 0 < int(token) <= 4294967295
    )


_DATETIME = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"

#: The non-VARCHAR columns of ``vicidial_list`` (schema §7.1) and the text the
#: database prints for a non-NULL value of each (NULL prints as "").
COLUMN_FORMATS: dict[str, re.Pattern[str]] = {
    "lead_id": re.compile(r"\d{1,10}"),
    "entry_date": re.compile(_DATETIME),
    "modify_date": re.compile(_DATETIME),
    "last_local_call_time": re.compile(_DATETIME),
    "list_id": re.compile(r"\d{1,20}"),
    "entry_list_id": re.compile(r"\d{1,20}"),
    "gmt_offset_now": re.compile(r"-?\d{1,2}\.\d{2}"),
    "called_since_last_reset": re.compile(r"Y|N|Y[1-9]|Y10|D"),
    "gender": re.compile(r"[MFU]"),
    "date_of_birth": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "called_count": re.compile(r"\d{1,5}"),
    "rank": re.compile(r"-?\d{1,5}"),
}

#: Length of each VARCHAR column of ``vicidial_list`` (schema §7.1).
VARCHAR_LENGTHS: dict[str, int] = {
    f.column: f.length for f in LEAD_FIELDS if f.kind is ColumnKind.TEXT
}

#: Most characters a column the client does not know can hold (a custom field of
#: type AREA is TEXT, HIDEBLOB is BLOB: 65,535 bytes).
UNKNOWN_COLUMN_MAX = 65535

_HTML_START = re.compile(r"\s*<(!doctype|html)", re.I)
_HTML_END = re.compile(r"</(html|body)\s*>", re.I)
#: What PHP prints when display_errors is on, and mysqli's fatal exceptions.
_PHP_ERROR = re.compile(
    r"<b>(Fatal error|Warning|Notice|Deprecated|Parse error)</b>:"
    r"|Fatal error: +Uncaught |Uncaught mysqli_sql_exception|Stack trace:\n#0 "
)


def looks_like_html(text: str) -> bool:
    """An HTML document (a proxy's error page, a login portal), not a stored value."""
    return bool(_HTML_START.match(text) or _HTML_END.search(text))


def value_problem(column: str, value: str, *, custom: bool = False) -> str | None:
    """Why ``value`` cannot be what the database holds in ``column`` (None if it can).

    ``column`` is matched like MySQL matches column names (case-insensitively).
    A custom field, or a name the client does not know, is only checked for an
    HTML page, PHP error text and a generous length.
    """
    if looks_like_html(value):
        return "it is an HTML page"
    if _PHP_ERROR.search(value):
        return "it holds a PHP error message"
    name = column.lower()
    if not custom:
        length = VARCHAR_LENGTHS.get(name)
        if length is not None and len(value) > length:
            return f"{len(value)} characters, but {column} holds at most {length}"
        pattern = COLUMN_FORMATS.get(name)
        if pattern is not None and value and not pattern.fullmatch(value):
            return f"it is not a {column} value"
        if length is not None or pattern is not None:
            return None
    if len(value) > UNKNOWN_COLUMN_MAX:
        return f"{len(value)} characters, more than any column holds"
    return None


_CUSTOM_LABEL = re.compile(r"[A-Za-z0-9_]{1,50}")


def custom_label_problem(label: str) -> str | None:
    """Why ``label`` cannot name a custom field update_lead writes, or None: the
    server matches labels as ``&label=`` in the request and skips a label equal
    to a standard column (§5.2.9)."""
    if not _CUSTOM_LABEL.fullmatch(label):
        return f"{label!r} is not a custom field label (letters, digits, _)"
    if label in FIELDS_BY_COLUMN:
        return f"{label!r} is a standard field: the server never writes it as custom"
    return None
