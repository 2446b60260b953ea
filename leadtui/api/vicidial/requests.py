"""Request models for the write functions, and the form pairs they send.

Every model refuses (``RequestRefused``) what the server would silently turn
into something else or crash on: a search scope the server would widen to the
whole system, a value ending in a backslash, a batch larger than its
``records`` cap. Nothing refused is ever sent.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from leadtui.api.vicidial.errors import RequestRefused
from leadtui.api.vicidial.fields import (
    FIELDS_BY_COLUMN,
    FIELDS_BY_PARAM,
    LEAD_FIELDS,
    custom_label_problem,
)
from leadtui.api.vicidial.preview import would_store, would_store_custom
from leadtui.api.vicidial.search_location import SearchLocation

FormPairs = list[tuple[str, str]]

_PHONE = re.compile(r"\d{6,18}")
DEFAULT_BATCH_RECORDS = 1000


#: Parameters of update_lead that are neither search keys nor lead fields.
_CONTROL = frozenset(
    {
        "search_method",
        "search_location",
        "no_update",
        "reset_lead",
        "delete_lead",
        "delete_cf_data",
        "custom_fields",
        "force_entry_list_id",
        "list_exists_check",
        "insert_if_not_found",
        "add_to_hopper",
        "remove_from_hopper",
        "hopper_priority",
        "hopper_local_call_time_check",
        "update_phone_number",
        "callback",
        "callback_datetime",
        "callback_status",
        "callback_type",
        "callback_user",
        "callback_comments",
        "campaign_id",
    }
)


class LeadQuery(BaseModel):
    """Which leads ``update_lead`` matches (§5.2.3): one or more keys, a scope, a limit.

    Keys are tried in the server's fixed order lead_id → vendor code → phone;
    a later key is used only when the earlier ones found nothing.
    """

    model_config = ConfigDict(frozen=True)

    lead_id: int | None = Field(default=None, gt=0)
    vendor_lead_code: str | None = None
    phone_number: str | None = None
    location: SearchLocation = SearchLocation.SYSTEM
    list_id: int | None = Field(default=None, ge=0)
    records: int = Field(default=1, ge=1)

    @property
    def search_method(self) -> str:
        keys = [
            ("LEAD_ID", self.lead_id is not None),
            ("VENDOR_LEAD_CODE", self.vendor_lead_code is not None),
            ("PHONE_NUMBER", self.phone_number is not None),
        ]
        return "_".join(name for name, used in keys if used)

    def form(self) -> FormPairs:
        if not self.search_method:
            raise RequestRefused("give a lead ID, a vendor code or a phone number")
        pairs: FormPairs = []
        if self.lead_id is not None:
            pairs.append(("lead_id", str(self.lead_id)))
        if self.vendor_lead_code is not None:
            pairs.append(("vendor_lead_code", self._checked_vendor_code()))
        if self.phone_number is not None:
            if not _PHONE.fullmatch(self.phone_number):
                raise RequestRefused(
                    "a phone number to search for must be 6 to 18 digits, nothing else"
                )
            pairs.append(("phone_number", self.phone_number))
        pairs.append(("search_method", self.search_method))
        if self.location is not SearchLocation.SYSTEM:
            # the server silently widens the scope to SYSTEM for a short list ID
            if self.list_id is None or self.list_id < 99 or len(str(self.list_id)) < 3:
                raise RequestRefused(
                    f"a {self.location.value} search needs a list ID of 99 or more; "
                    "the server would search the whole system instead"
                )
            pairs.append(("search_location", self.location.value))
        if self.list_id is not None:
            pairs.append(("list_id", str(self.list_id)))
        pairs.append(("records", str(self.records)))
        return pairs

    def _checked_vendor_code(self) -> str:
        code = self.vendor_lead_code or ""
        stored = would_store("vendor_lead_code", code)
        if code != stored.stored:
            raise RequestRefused(
                "the vendor code to search for holds characters the server changes "
                f"({'; '.join(n.detail for n in stored.notes)})"
            )
        if "'" in code:
            # pasted inside '...' in the search SQL: the server answers HTTP 500
            raise RequestRefused(
                "a vendor code holding an apostrophe cannot be searched"
            )
        if "\\" in code:
            raise RequestRefused("a vendor code holding a backslash cannot be searched")
        return code


def _value_pairs(values: dict[str, str], *, batch: bool) -> FormPairs:
    pairs: FormPairs = []
    for param, value in values.items():
        field = FIELDS_BY_PARAM.get(param) or FIELDS_BY_COLUMN.get(param)
        if field is None or field.param == "phone_number":
            raise RequestRefused(f"{param!r} is not a field leadtui can set this way")
        if batch and not field.in_batch:
            raise RequestRefused(f"batch_update_lead cannot set {field.param}")
        outcome = would_store(field.param, value)
        if outcome.refused:
            raise RequestRefused(f"{field.title}: {outcome.refused}")
        pairs.append((field.param, value))
    return pairs


def _kept(value: str, pattern: str) -> str:
    return re.sub(pattern, "", value)


def expects_output(function: str, pairs: FormPairs) -> bool:
    """True when the server prints at least one line for this write request.

    ``function`` is ``update_lead`` or ``batch_update_lead``; ``pairs`` the form
    as sent. An empty body is then not a valid answer (the answer was lost),
    while for a request that sets nothing an empty body means "found, nothing
    to do" (protocol reference §1 item 12, §5.2.5, §5.3). Parameters are
    judged after the server's input filters (§2.4): ``reset_lead=y`` is not
    ``Y``. Values are judged with the Latin-only filters, which keep less than
    the ``use_non_latin`` ones: "writes" is never claimed for a value that a
    server might filter to nothing.

    update_lead prints a line for a found lead when it writes a column (a
    stored value, ``reset_lead``, a phone change, ``entry_list_id`` without
    ``custom_fields``, and the vendor code it was searched by), deletes the
    lead or its custom data, schedules or removes callbacks, previews
    (``no_update``) or changes the hopper; and always when nothing matched.
    Custom fields print only when the list has such a field (or no table), so
    they promise nothing.
    """
    data = dict(pairs)  # the server keeps a repeated parameter's last value

    def switch(name: str, keep: str = r"[^A-Z]") -> str:
        return _kept(data.get(name, ""), keep)

    batch = function == "batch_update_lead"
    for field in LEAD_FIELDS:
        if field.param in ("phone_number", "entry_list_id"):
            continue  # handled below; batch_update_lead reads neither
        if batch and not field.in_batch:
            continue
        value = data.get(field.param, "")
        if value and would_store(field.param, value).stored is not None:
            return True
    if switch("reset_lead") == "Y":
        return True
    if batch:
        return False
    if switch("update_phone_number") == "Y" and _kept(
        data.get("phone_number", ""), r"[^0-9,]"
    ):
        return True
    entry = _kept(data.get("entry_list_id", ""), r"[^0-9]")
    force = _kept(data.get("force_entry_list_id", ""), r"[^0-9]")
    if len(force) > 1:
        entry = force
    if entry and switch("custom_fields", r"[^A-Za-z0-9]") != "Y":
        return True
    return (
        switch("no_update") == "Y"
        or switch("delete_lead") == "Y"
        or switch("delete_cf_data") == "Y"
        or switch("callback") in ("Y", "REMOVE")
        or switch("add_to_hopper") == "Y"
        or switch("remove_from_hopper", r"[^A-Za-z0-9]") == "Y"
    )


class CallbackSpec(BaseModel):
    """``callback=Y``: add a scheduled callback, or update the lead's existing one."""

    model_config = ConfigDict(frozen=True)

    datetime: str = Field(
        pattern=r"^(NOW|\d+DAYS|\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?)$"
    )
    campaign_id: str = Field(pattern=r"^[-_0-9A-Za-z]{1,8}$")
    status: str = Field(default="CALLBK", pattern=r"^[-_0-9A-Za-z]{1,6}$")
    recipient: Literal["ANYONE", "USERONLY"] = "ANYONE"
    user: str = Field(default="", pattern=r"^[-_0-9A-Za-z]{0,20}$")
    comments: str = Field(default="", pattern=r"^[- .:/@_0-9A-Za-z]{0,255}$")

    def form(self) -> FormPairs:
        pairs = [
            ("callback", "Y"),
            ("callback_datetime", self.datetime),
            ("campaign_id", self.campaign_id),
            ("callback_status", self.status),
            ("callback_type", self.recipient),
        ]
        if self.user:
            pairs.append(("callback_user", self.user))
        if self.comments:
            pairs.append(("callback_comments", self.comments))
        return pairs


class UpdateLeadRequest(BaseModel):
    """One ``update_lead`` call: who to match and what to do to each match."""

    model_config = ConfigDict(frozen=True)

    query: LeadQuery
    #: field parameter (or column) → value as typed; ``--BLANK--`` clears.
    values: dict[str, str] = Field(default_factory=dict)
    new_phone_number: str | None = None
    custom_fields: dict[str, str] | None = None
    #: the list whose custom table ``custom_fields`` (or ``delete_cf_data``) uses
    force_entry_list_id: int | None = Field(default=None, ge=10)
    no_update: bool = False
    reset_lead: bool = False
    delete_lead: bool = False
    delete_custom_data: bool = False
    list_exists_check: bool = False
    insert_if_not_found: bool = False
    add_to_hopper: bool = False
    remove_from_hopper: bool = False
    hopper_priority: int | None = Field(default=None, ge=-99, le=99)
    hopper_local_call_time_check: bool = False
    callback: CallbackSpec | None = None
    remove_callbacks: bool = False

    @property
    def is_read_only(self) -> bool:
        """A preview that changes nothing (no_update still runs hopper actions)."""
        return self.no_update and not (self.add_to_hopper or self.remove_from_hopper)

    @property
    def expects_output(self) -> bool:
        """The server prints at least one line for this request (see
        :func:`expects_output`); raises ``RequestRefused`` like :meth:`form`."""
        return expects_output("update_lead", self.form())

    def form(self) -> FormPairs:
        pairs = self.query.form()
        value_pairs = _value_pairs(self.values, batch=False)
        sets_vendor = dict(value_pairs).get("vendor_lead_code")
        if self.query.vendor_lead_code is not None and sets_vendor is not None:
            raise RequestRefused(
                "the vendor code is both the search key and the new value; "
                "search by lead ID to change it"
            )
        pairs += value_pairs
        if self.new_phone_number is not None:
            if self.query.phone_number is not None:
                raise RequestRefused(
                    "the phone number is both the search key and the new value; "
                    "search by lead ID to change it"
                )
            if not re.fullmatch(r"\d{1,18}", self.new_phone_number):
                raise RequestRefused("a new phone number must be 1 to 18 digits")
            pairs += [
                ("phone_number", self.new_phone_number),
                ("update_phone_number", "Y"),
            ]
        if self.custom_fields is not None:
            pairs += self._custom_pairs(self.custom_fields)
        if self.force_entry_list_id is not None:
            pairs.append(("force_entry_list_id", str(self.force_entry_list_id)))
        flags = [
            ("no_update", self.no_update),
            ("reset_lead", self.reset_lead),
            ("delete_lead", self.delete_lead),
            ("delete_cf_data", self.delete_custom_data),
            ("list_exists_check", self.list_exists_check),
            ("insert_if_not_found", self.insert_if_not_found),
            ("add_to_hopper", self.add_to_hopper),
            ("remove_from_hopper", self.remove_from_hopper),
            ("hopper_local_call_time_check", self.hopper_local_call_time_check),
        ]
        pairs += [(name, "Y") for name, on in flags if on]
        if self.hopper_priority is not None:
            pairs.append(("hopper_priority", str(self.hopper_priority)))
        if self.callback is not None and self.remove_callbacks:
            raise RequestRefused("add a callback or remove callbacks, not both")
        if self.callback is not None:
            pairs += self.callback.form()
        if self.remove_callbacks:
            pairs.append(("callback", "REMOVE"))
        return pairs

    @classmethod
    def from_form(cls, pairs: FormPairs) -> UpdateLeadRequest:
        """Rebuild a request from the pairs :meth:`form` produced (e.g. from the journal)."""
        data = dict(pairs)
        keys = data.get("search_method", "")
        query = LeadQuery(
            lead_id=int(data["lead_id"]) if "LEAD_ID" in keys else None,
            vendor_lead_code=data.get("vendor_lead_code") if "VENDOR" in keys else None,
            phone_number=data.get("phone_number") if "PHONE" in keys else None,
            location=SearchLocation(data.get("search_location", "SYSTEM")),
            list_id=int(data["list_id"]) if "list_id" in data else None,
            records=int(data.get("records", "1")),
        )
        flags = {name for name, value in pairs if value == "Y"}
        values = {
            k: v
            for k, v in pairs
            if k in FIELDS_BY_PARAM
            and k != "phone_number"
            and not (k == "vendor_lead_code" and query.vendor_lead_code is not None)
        }
        custom: dict[str, str] | None = None
        if "custom_fields" in flags:
            known = {k for k, _ in LeadQuery().model_dump().items()} | _CONTROL
            custom = {
                k: v for k, v in pairs if k not in FIELDS_BY_PARAM and k not in known
            }
        callback = None
        if data.get("callback") == "Y":
            callback = CallbackSpec(
                datetime=data["callback_datetime"],
                campaign_id=data["campaign_id"],
                status=data.get("callback_status", "CALLBK"),
                recipient=data.get("callback_type", "ANYONE"),
                user=data.get("callback_user", ""),
                comments=data.get("callback_comments", ""),
            )
        return cls(
            query=query,
            values=values,
            new_phone_number=data.get("phone_number")
            if "update_phone_number" in flags
            else None,
            custom_fields=custom,
            force_entry_list_id=int(data["force_entry_list_id"])
            if "force_entry_list_id" in data
            else None,
            no_update="no_update" in flags,
            reset_lead="reset_lead" in flags,
            delete_lead="delete_lead" in flags,
            delete_custom_data="delete_cf_data" in flags,
            list_exists_check="list_exists_check" in flags,
            insert_if_not_found="insert_if_not_found" in flags,
            add_to_hopper="add_to_hopper" in flags,
            remove_from_hopper="remove_from_hopper" in flags,
            hopper_priority=int(data["hopper_priority"])
            if "hopper_priority" in data
            else None,
            hopper_local_call_time_check="hopper_local_call_time_check" in flags,
            callback=callback,
            remove_callbacks=data.get("callback") == "REMOVE",
        )

    @staticmethod
    def _custom_pairs(values: dict[str, str]) -> FormPairs:
        pairs: FormPairs = [("custom_fields", "Y")]
        for label, value in values.items():
            problem = (
                custom_label_problem(label) or would_store_custom(label, value).refused
            )
            if problem:
                raise RequestRefused(f"{label}: {problem}")
            pairs.append((label, value))
        return pairs


class BatchUpdateRequest(BaseModel):
    """One ``batch_update_lead`` call: one set of values for up to ``records`` leads."""

    model_config = ConfigDict(frozen=True)

    lead_ids: tuple[int, ...]
    values: dict[str, str] = Field(default_factory=dict)
    reset_lead: bool = False
    list_exists_check: bool = False
    records: int = Field(default=DEFAULT_BATCH_RECORDS, ge=1)

    @property
    def expects_output(self) -> bool:
        """The request sets at least one column, so the server prints a line (see
        :func:`expects_output`); raises ``RequestRefused`` like :meth:`form`."""
        return expects_output("batch_update_lead", self.form())

    def form(self) -> FormPairs:
        if not self.lead_ids:
            raise RequestRefused("no lead IDs")
        if any(i <= 0 for i in self.lead_ids):
            raise RequestRefused("lead IDs are positive numbers")
        if len(set(self.lead_ids)) != len(self.lead_ids):
            raise RequestRefused(
                "the lead IDs repeat; the server would count them once"
            )
        if len(self.lead_ids) > self.records:
            raise RequestRefused(
                f"{len(self.lead_ids)} IDs but records={self.records}: the server would "
                f"silently skip {len(self.lead_ids) - self.records} of them"
            )
        pairs: FormPairs = [("lead_ids", ",".join(str(i) for i in self.lead_ids))]
        pairs += _value_pairs(self.values, batch=True)
        if self.reset_lead:
            pairs.append(("reset_lead", "Y"))
        if self.list_exists_check:
            pairs.append(("list_exists_check", "Y"))
        pairs.append(("records", str(self.records)))
        return pairs
