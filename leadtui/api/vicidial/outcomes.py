"""Typed results of the write functions: one object per line the server printed."""

from __future__ import annotations

from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from leadtui.api.vicidial.errors import VicidialError

_L = TypeVar("_L", bound="_Line")


class _Line(BaseModel):
    model_config = ConfigDict(frozen=True)

    #: The line as the server printed it (credentials redacted).
    raw: str


class LeadsFound(_Line):
    """``no_update=Y`` preview: the first lead update_lead would hit.

    The server prints one line whatever the number of matches.
    """

    kind: Literal["leads-found"] = "leads-found"
    lead_id: int
    list_id: int
    entry_list_id: int


class NoMatchesNotice(_Line):
    """Nothing matched; printed as a NOTICE by previews and insert_if_not_found."""

    kind: Literal["no-matches"] = "no-matches"


class LeadUpdated(_Line):
    kind: Literal["updated"] = "updated"
    lead_id: int
    #: Rows changed: 0 = the lead already held these values; -1 = SQL failed.
    affected: int


class LeadDeleted(_Line):
    kind: Literal["deleted"] = "deleted"
    lead_id: int
    affected: int
    callbacks_deleted: int
    callbacks_archived: int


class LeadAdded(_Line):
    kind: Literal["added"] = "added"
    lead_id: int
    list_id: int
    phone_number: str
    gmt_offset: str


class CallbackChanged(_Line):
    """A SCHEDULED CALLBACK notice: added, updated, deleted or refused."""

    kind: Literal["callback"] = "callback"
    lead_id: int
    action: Literal["added", "updated", "deleted", "not-updated", "not-added"]
    detail: str
    deleted: int = 0


class HopperChanged(_Line):
    kind: Literal["hopper"] = "hopper"
    lead_id: int
    action: Literal["added", "removed", "not-added", "not-removed"]
    reason: str = ""


class CustomFieldsNotice(_Line):
    """A CUSTOM FIELDS notice. ``detail`` is its kind in lower case (``values
    updated``, ``entry deleted``, ``data has been deleted``, ``not added, no
    custom fields defined for this list`` …). ``table_list`` is the list whose
    ``custom_`` table was written or emptied; ``affected`` the custom rows
    changed (for ``data has been deleted``: rows deleted, None when the list
    had no table); ``entry_reset`` the lead rows whose entry list went to 0."""

    kind: Literal["custom-fields"] = "custom-fields"
    lead_id: int
    detail: str
    table_list: int | None = None
    affected: int | None = None
    entry_reset: int | None = None

    @property
    def wrote(self) -> bool:
        """The custom values were written (a row changed or was added)."""
        return self.detail in ("values updated", "values added") and bool(self.affected)

    @property
    def refused(self) -> bool:
        return self.detail.startswith("not added")


class OtherNotice(_Line):
    """A NOTICE this client knows but does not model further (e.g. alt phones)."""

    kind: Literal["notice"] = "notice"
    detail: str


UpdateLine = (
    LeadsFound
    | NoMatchesNotice
    | LeadUpdated
    | LeadDeleted
    | LeadAdded
    | CallbackChanged
    | HopperChanged
    | CustomFieldsNotice
    | OtherNotice
)


class UpdateLeadOutcome(BaseModel):
    """Everything one update_lead call printed, in order.

    ``error`` is set when the server stopped with an ERROR line after doing
    part of the work (e.g. api_list_restrict exits mid-loop, MyISAM keeps the
    leads updated before it). An empty ``lines`` with no error means the lead
    was found but nothing was writable — the server prints nothing then. The
    client only accepts that for a request that asks for nothing that prints
    a line; otherwise an empty answer raises ``EmptyResponse``.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    lines: tuple[UpdateLine, ...]
    error: VicidialError | None = None

    def of(self, kind: type[_L]) -> list[_L]:
        return [line for line in self.lines if isinstance(line, kind)]

    @property
    def preview(self) -> LeadsFound | None:
        found = self.of(LeadsFound)
        return found[0] if found else None

    @property
    def updated(self) -> list[LeadUpdated]:
        return self.of(LeadUpdated)

    @property
    def deleted(self) -> list[LeadDeleted]:
        return self.of(LeadDeleted)

    @property
    def added(self) -> LeadAdded | None:
        added = self.of(LeadAdded)
        return added[0] if added else None


class BatchUpdateOutcome(BaseModel):
    """``batch_update_lead`` SUCCESS line: which of the sent IDs the server matched.

    ``found_ids`` is None when the server printed nothing: the IDs matched but
    no field was given to set. (For a request that sets a field an empty
    answer raises ``EmptyResponse`` instead: it is outcome unknown.)
    """

    model_config = ConfigDict(frozen=True)

    raw: str
    affected: int = 0
    found_ids: tuple[int, ...] | None = None
