"""VoiceAIWrapper backend: the bulk lead update endpoint of its v2 API.

See ``/api/v2/voice-campaigns/{campaign_id}/leads/update/bulk`` in the
VoiceAIWrapper API reference; where the reference is silent (error bodies,
rate limits), the assumptions are listed in the README.
"""

from typing import TYPE_CHECKING

from leadtui.lazy_face import lazy_face

if TYPE_CHECKING:
    from leadtui.api.voiceaiwrapper.client import VoiceAIWrapperClient
    from leadtui.api.voiceaiwrapper.errors import (
        AnswerLost,
        AuthenticationFailed,
        CampaignNotFound,
        ConnectionFailed,
        Forbidden,
        OutcomeUnknown,
        RateLimited,
        RequestRefused,
        RequestRejected,
        ServerError,
        UnrecognisedResponse,
        ValidationFailed,
        VoiceAIWrapperError,
    )
    from leadtui.api.voiceaiwrapper.models import (
        BulkRemoveResponse,
        BulkUpdateResponse,
        ItemOutcome,
        LeadRemoval,
        LeadResult,
        LeadUpdate,
        RemovalResult,
    )
    from leadtui.api.voiceaiwrapper.validators import (
        DEFAULT_REGION,
        normalise_email,
        normalise_phone,
    )

# each name is imported when first used (see leadtui.lazy_face)
__getattr__ = lazy_face(
    __name__,
    {
        "AnswerLost": "errors",
        "AuthenticationFailed": "errors",
        "BulkRemoveResponse": "models",
        "BulkUpdateResponse": "models",
        "CampaignNotFound": "errors",
        "ConnectionFailed": "errors",
        "DEFAULT_REGION": "validators",
        "Forbidden": "errors",
        "ItemOutcome": "models",
        "LeadRemoval": "models",
        "LeadResult": "models",
        "LeadUpdate": "models",
        "OutcomeUnknown": "errors",
        "RateLimited": "errors",
        "RemovalResult": "models",
        "RequestRefused": "errors",
        "RequestRejected": "errors",
        "ServerError": "errors",
        "UnrecognisedResponse": "errors",
        "ValidationFailed": "errors",
        "VoiceAIWrapperClient": "client",
        "VoiceAIWrapperError": "errors",
        "normalise_email": "validators",
        "normalise_phone": "validators",
    },
)

__all__ = [
    "DEFAULT_REGION",
    "AnswerLost",
    "AuthenticationFailed",
    "BulkRemoveResponse",
    "BulkUpdateResponse",
    "CampaignNotFound",
    "ConnectionFailed",
    "Forbidden",
    "ItemOutcome",
    "LeadRemoval",
    "LeadResult",
    "LeadUpdate",
    "OutcomeUnknown",
    "RateLimited",
    "RemovalResult",
    "RequestRefused",
    "RequestRejected",
    "ServerError",
    "UnrecognisedResponse",
    "ValidationFailed",
    "VoiceAIWrapperClient",
    "VoiceAIWrapperError",
    "normalise_email",
    "normalise_phone",
]
