"""Records the Non-Agent API returns: leads, lists, versions, search hits."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from leadtui.api.vicidial.fields import LEAD_ALL_INFO_COLUMNS

_INT_COLUMNS = frozenset({"lead_id", "list_id", "entry_list_id"})


class Lead(BaseModel):
    """One ``vicidial_list`` row, values as the database prints them.

    ``lead_all_info`` prints NULL as an empty string, so "" stands for both.
    ``entry_date``, ``modify_date`` and ``called_since_last_reset`` are not in
    ``lead_all_info``; they are ``None`` unless read with ``lead_field_info``.
    """

    model_config = ConfigDict(frozen=True)

    lead_id: int
    list_id: int = 0
    entry_list_id: int = 0
    status: str = ""
    user: str = ""
    vendor_lead_code: str = ""
    source_id: str = ""
    gmt_offset_now: str = ""
    phone_code: str = ""
    phone_number: str = ""
    title: str = ""
    first_name: str = ""
    middle_initial: str = ""
    last_name: str = ""
    address1: str = ""
    address2: str = ""
    address3: str = ""
    city: str = ""
    state: str = ""
    province: str = ""
    postal_code: str = ""
    country_code: str = ""
    gender: str = ""
    date_of_birth: str = ""
    alt_phone: str = ""
    email: str = ""
    security_phrase: str = ""
    comments: str = ""
    called_count: str = ""
    last_local_call_time: str = ""
    rank: str = ""
    owner: str = ""
    entry_date: str | None = None
    modify_date: str | None = None
    called_since_last_reset: str | None = None
    custom_fields: dict[str, str] = Field(default_factory=dict)

    def value(self, column: str) -> str:
        """The column as text, the way the server prints it ("" for NULL)."""
        if column in self.custom_fields:
            return self.custom_fields[column]
        raw = getattr(self, column)
        return "" if raw is None else str(raw)

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @classmethod
    def from_columns(
        cls, values: dict[str, str], custom: dict[str, str] | None = None
    ) -> Lead:
        data: dict[str, object] = {}
        for column, text in values.items():
            data[column] = int(text) if column in _INT_COLUMNS and text else text
        if not data.get("lead_id"):
            raise ValueError("a lead record without lead_id")
        data["custom_fields"] = dict(custom or {})
        return cls.model_validate(data)


#: The ``vicidial_list`` columns a lead record carries (all of Lead but custom).
LEAD_COLUMNS: tuple[str, ...] = (
    *LEAD_ALL_INFO_COLUMNS,
    "entry_date",
    "modify_date",
    "called_since_last_reset",
)


class LeadRecord(BaseModel):
    """A lead parsed from ``lead_all_info``, and which columns could not be split.

    Values in vendor_lead_code, source_id and comments are not escaped by the
    server; when a delimiter inside them makes the split ambiguous, the
    affected columns are listed in ``uncertain`` and should be re-read one by
    one with ``lead_field_info``.
    """

    model_config = ConfigDict(frozen=True)

    lead: Lead
    uncertain: frozenset[str] = frozenset()


class VersionInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: str
    build: str
    date: str
    epoch: int
    dst: str
    tz: str
    tz_now: str


class ListInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    list_id: int
    list_name: str
    campaign_id: str
    active: str
    list_changedate: str = ""
    list_lastcalldate: str = ""
    expiration_date: str = ""
    resets_today: str = ""
    all_leads_count: int | None = None
    new_leads_count: int | None = None
    dialable_count: int | None = None
    #: the list's custom field labels (``list_custom_fields``), table order
    custom_fields: tuple[str, ...] = ()


class PhoneSearchHit(BaseModel):
    """One line of ``lead_search``: a searched key and the leads holding it."""

    model_config = ConfigDict(frozen=True)

    key: str
    count: int
    lead_ids: tuple[int, ...]


class FieldValue(BaseModel):
    """A ``lead_field_info`` answer.

    ``server_crashed_after`` is True when the server answered HTTP 500 after
    printing the value (its API log insert breaks on an apostrophe): the value
    is complete, the server merely failed to log the read.
    """

    model_config = ConfigDict(frozen=True)

    lead_id: int
    field: str
    value: str
    server_crashed_after: bool = False


class CallbackInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    lead_id: int
    callback_type: str
    recipient: str
    callback_status: str
    lead_status: str
    callback_date: str
    entry_date: str
    user: str
    list_id: str
    campaign_id: str
    user_group: str
    customer_timezone: str
    customer_time: str
    comments: str
