"""What the emulated VoiceAIWrapper account holds: API keys, campaigns, leads."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

CustomValue = str | int | float | bool


@dataclass
class StoredLead:
    """One lead of a campaign, keyed by its E.164 phone number."""

    campaign_lead_id: str
    phone_number: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    do_not_call: bool = False
    custom_fields: dict[str, CustomValue] = field(default_factory=dict)
    #: True once a call was answered; ``mark_as_unanswered`` resets it.
    answered: bool = False
    #: When ``mark_as_unanswered`` last re-queued the lead (epoch seconds).
    requeued_at: float | None = None


@dataclass
class Campaign:
    campaign_id: str
    #: The workspace that owns it; keys of other tenants get 403.
    tenant: str
    name: str = ""
    leads: dict[str, StoredLead] = field(default_factory=dict)
    _next_id: int = 1

    def add(self, lead: StoredLead) -> StoredLead:
        self.leads[lead.phone_number] = lead
        return lead

    def next_lead_id(self) -> str:
        """A new campaign lead ID, shaped like the API's base64 global IDs."""
        raw = f"CampaignLeadNode:{self.campaign_id}:{self._next_id}".encode()
        self._next_id += 1
        return base64.b64encode(raw).decode()

    def by_lead_id(self, campaign_lead_id: str) -> StoredLead | None:
        for lead in self.leads.values():
            if lead.campaign_lead_id == campaign_lead_id:
                return lead
        return None


@dataclass(frozen=True)
class ApiKey:
    key: str
    tenant: str
    #: Shown in the emulator's request log instead of the key itself.
    name: str
    enabled: bool = True
