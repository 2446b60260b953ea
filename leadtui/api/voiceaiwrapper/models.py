"""What leadtui sends to and reads from the VoiceAIWrapper bulk lead endpoints.

``LeadUpdate`` is one item of ``PATCH .../leads/update/bulk``; fields left
unset are omitted from the JSON (``payload()``), never sent as null, so the
server cannot mistake "not given" for "clear it".

Phone numbers are normalised to E.164. Numbers without ``+`` are read in the
region given as validation context (``LeadUpdate.from_fields(row,
region="GB")`` or ``model_validate(row, context={"region": "GB"})``),
``"US"`` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Generic, Self, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from leadtui.api.voiceaiwrapper.validators import (
    DEFAULT_REGION,
    normalise_email,
    normalise_phone,
)

#: The validation-context key naming the default phone region.
REGION_CONTEXT = "region"

CustomValue = str | int | float | bool | None


def _phone(value: str, info: ValidationInfo) -> str:
    context = info.context if isinstance(info.context, Mapping) else {}
    return normalise_phone(value, str(context.get(REGION_CONTEXT, DEFAULT_REGION)))


class _Item(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    @classmethod
    def from_fields(
        cls, fields: Mapping[str, Any], *, region: str = DEFAULT_REGION
    ) -> Self:
        """Validate ``fields``, reading phone numbers without ``+`` as ``region`` numbers."""
        return cls.model_validate(dict(fields), context={REGION_CONTEXT: region})

    def payload(self) -> dict[str, Any]:
        """The JSON object for the request body: unset (None) fields left out."""
        return self.model_dump(mode="json", exclude_none=True)


class LeadUpdate(_Item):
    """One lead to update, identified by its phone number."""

    phone_number: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    #: True opts the lead out of all future calls; False opts it back in.
    do_not_call: bool | None = None
    #: Merged into the lead's custom fields (assumption: keys not given are kept).
    custom_fields: dict[str, CustomValue] | None = None
    #: Reset the answered status and re-queue; the server ignores it for
    #: leads not currently marked answered.
    mark_as_unanswered: bool | None = None

    @field_validator("phone_number")
    @classmethod
    def _check_phone(cls, value: str, info: ValidationInfo) -> str:
        return _phone(value, info)

    @field_validator("email")
    @classmethod
    def _check_email(cls, value: str | None) -> str | None:
        return None if value is None else normalise_email(value)

    @field_validator("first_name", "last_name")
    @classmethod
    def _check_name(cls, value: str | None) -> str | None:
        if value is not None and any(not ch.isprintable() for ch in value):
            raise ValueError(
                "names cannot hold line breaks, tabs or control characters"
            )
        return value

    @field_validator("custom_fields")
    @classmethod
    def _check_custom_keys(
        cls, value: dict[str, CustomValue] | None
    ) -> dict[str, CustomValue] | None:
        if value is not None and any(not key.strip() for key in value):
            raise ValueError("custom field names cannot be empty")
        return value

    @property
    def key(self) -> tuple[str, str]:
        """The identifying field and its value."""
        return "phone_number", self.phone_number

    @property
    def changes(self) -> frozenset[str]:
        """Names of the fields this update sets (everything but the phone number)."""
        return frozenset(self.payload()) - {"phone_number"}


class LeadRemoval(_Item):
    """One lead to remove, by phone number or by campaign lead ID (exactly one)."""

    phone_number: str | None = None
    campaign_lead_id: str | None = None

    @field_validator("phone_number")
    @classmethod
    def _check_phone(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else _phone(value, info)

    @field_validator("campaign_lead_id")
    @classmethod
    def _check_id(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("campaign_lead_id is empty")
        return value

    @model_validator(mode="after")
    def _one_key(self) -> Self:
        if (self.phone_number is None) == (self.campaign_lead_id is None):
            raise ValueError("give exactly one of phone_number and campaign_lead_id")
        return self

    @property
    def key(self) -> tuple[str, str]:
        """The identifying field and its value."""
        if self.phone_number is not None:
            return "phone_number", self.phone_number
        return "campaign_lead_id", self.campaign_lead_id or ""


class ItemOutcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    #: The server's answer holds no usable result for the item: it may or
    #: may not have been applied.
    UNKNOWN = "unknown"


class ItemResult(BaseModel):
    """What happened to one item of a bulk request, by its index in the request."""

    model_config = ConfigDict(frozen=True)

    index: int = Field(ge=0)
    #: None when the server's answer had no (usable) entry for the item.
    success: bool | None
    message: str

    @property
    def outcome(self) -> ItemOutcome:
        if self.success is None:
            return ItemOutcome.UNKNOWN
        return ItemOutcome.SUCCEEDED if self.success else ItemOutcome.FAILED


class LeadResult(ItemResult):
    #: The number as leadtui sent it (E.164), not as the server echoed it.
    phone_number: str


class RemovalResult(ItemResult):
    phone_number: str | None = None
    campaign_lead_id: str | None = None


ResultT = TypeVar("ResultT", bound=ItemResult)


class BulkResponse(BaseModel, Generic[ResultT]):
    """The server's answer, with exactly one result per request item, in request order."""

    model_config = ConfigDict(frozen=True)

    status: str
    message: str
    results: tuple[ResultT, ...]

    def _with(self, outcome: ItemOutcome) -> list[ResultT]:
        return [result for result in self.results if result.outcome is outcome]

    @property
    def succeeded(self) -> list[ResultT]:
        return self._with(ItemOutcome.SUCCEEDED)

    @property
    def failed(self) -> list[ResultT]:
        return self._with(ItemOutcome.FAILED)

    @property
    def unknown(self) -> list[ResultT]:
        return self._with(ItemOutcome.UNKNOWN)

    @property
    def all_known(self) -> bool:
        return not self.unknown


class BulkUpdateResponse(BulkResponse[LeadResult]):
    """Answer of ``PATCH .../leads/update/bulk``."""


class BulkRemoveResponse(BulkResponse[RemovalResult]):
    """Answer of ``DELETE .../leads/remove/bulk``."""
