"""The VICIdial Non-Agent API: requests, typed responses, an async client.

No Textual, no UI: this package is usable from scripts and the headless CLI.
"""

from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.models import (
    CallbackInfo,
    FieldValue,
    Lead,
    ListInfo,
    PhoneSearchHit,
    VersionInfo,
)
from leadtui.api.vicidial.outcomes import BatchUpdateOutcome, UpdateLeadOutcome
from leadtui.api.vicidial.preview import StoredValue, would_store
from leadtui.api.vicidial.requests import (
    BatchUpdateRequest,
    CallbackSpec,
    LeadQuery,
    SearchLocation,
    UpdateLeadRequest,
)

__all__ = [
    "BatchUpdateOutcome",
    "BatchUpdateRequest",
    "CallbackInfo",
    "CallbackSpec",
    "FieldValue",
    "Lead",
    "LeadQuery",
    "ListInfo",
    "PhoneSearchHit",
    "SearchLocation",
    "StoredValue",
    "UpdateLeadOutcome",
    "UpdateLeadRequest",
    "VersionInfo",
    "VicidialClient",
    "would_store",
]
