"""The VICIdial Non-Agent API: requests, typed responses, an async client.

No Textual, no UI: this package is usable from scripts and the headless CLI.
"""

from typing import TYPE_CHECKING

from leadtui.lazy_face import lazy_face

if TYPE_CHECKING:
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
        UpdateLeadRequest,
    )
    from leadtui.api.vicidial.search_location import SearchLocation

# each name is imported when first used (see leadtui.lazy_face)
__getattr__ = lazy_face(
    __name__,
    {
        "BatchUpdateOutcome": "outcomes",
        "BatchUpdateRequest": "requests",
        "CallbackInfo": "models",
        "CallbackSpec": "requests",
        "FieldValue": "models",
        "Lead": "models",
        "LeadQuery": "requests",
        "ListInfo": "models",
        "PhoneSearchHit": "models",
        "SearchLocation": "search_location",
        "StoredValue": "preview",
        "UpdateLeadOutcome": "outcomes",
        "UpdateLeadRequest": "requests",
        "VersionInfo": "models",
        "VicidialClient": "client",
        "would_store": "preview",
    },
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
