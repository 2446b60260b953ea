"""VoiceAIWrapper backend: the bulk lead update endpoint of its v2 API.

See ``/api/v2/voice-campaigns/{campaign_id}/leads/update/bulk`` in the
VoiceAIWrapper API reference; where the reference is silent (error bodies,
rate limits), the assumptions are listed in the README.
"""

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
