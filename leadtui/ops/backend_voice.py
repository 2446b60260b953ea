"""The operation engine's VoiceAIWrapper backend: bulk lead updates.

VoiceAIWrapper cannot read a lead, so it takes no before-images from the server
(a lead's before-image is what leadtui itself last wrote, from the journal) and
a lead whose answer was lost is sent again: a bulk update sets absolute values.
Leads are keyed in the journal by the digits of their E.164 number.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from leadtui.api.voiceaiwrapper import errors as ve
from leadtui.api.voiceaiwrapper.client import VoiceAIWrapperClient
from leadtui.api.voiceaiwrapper.models import ItemOutcome, LeadUpdate
from leadtui.ops.backend import (
    ChunkAnswer,
    Disposition,
    Group,
    Identity,
    Judgement,
    LeadWork,
    SendError,
)
from leadtui.ops.before_images import BeforeImage
from leadtui.ops.journal_models import LeadOutcome

BULK_UPDATE = "voiceaiwrapper.bulk_update"
#: refusals every request of the operation would meet
_STOPS = (ve.AuthenticationFailed, ve.Forbidden, ve.CampaignNotFound)


def phone_key(e164: str) -> int:
    return int(e164.lstrip("+"))


def key_phone(key: int) -> str:
    return f"+{key}"


def item_changes(item: LeadUpdate) -> dict[str, str]:
    """The fields an item sets, as journal text (custom fields as custom:NAME)."""
    changes: dict[str, str] = {}
    for name, value in item.payload().items():
        if name == "phone_number":
            continue
        if name == "custom_fields" and isinstance(value, dict):
            changes.update({f"custom:{k}": json.dumps(v) for k, v in value.items()})
        else:
            changes[name] = json.dumps(value) if not isinstance(value, str) else value
    return changes


def refusal(error: ve.VoiceAIWrapperError) -> SendError:
    if not error.outcome_known:
        return SendError(Disposition.UNKNOWN, error.explain(), error.raw)
    if isinstance(error, ve.ConnectionFailed | ve.RateLimited):
        return SendError(Disposition.NOT_SENT, error.explain(), error.raw)
    return SendError(Disposition.REFUSED, error.explain(), error.raw)


class VoiceBackend:
    can_read = False

    def __init__(self, client: VoiceAIWrapperClient, campaign_id: str) -> None:
        self.client = client
        self.campaign_id = campaign_id

    @property
    def identity(self) -> Identity:
        return Identity(
            "voiceaiwrapper",
            f"{self.client.base_url}#campaign={self.campaign_id}",
            self.campaign_id,
        )

    @property
    def requests_sent(self) -> int:
        return self.client.requests_sent

    def width(self) -> int:
        return self.client.concurrency

    async def read_image(self, lead_id: int, columns: Sequence[str]) -> BeforeImage:
        raise SendError(Disposition.REFUSED, "VoiceAIWrapper cannot read a lead")

    def request_of(
        self, group: Group, leads: Sequence[LeadWork]
    ) -> list[tuple[str, str]]:
        return [("items", json.dumps([w.request for w in leads], ensure_ascii=False))]

    async def send(self, group: Group, leads: Sequence[LeadWork]) -> ChunkAnswer:
        try:
            items = [LeadUpdate.from_fields(w.request) for w in leads]
            answer = await self.client.bulk_update(self.campaign_id, items)
        except ve.VoiceAIWrapperError as error:
            if isinstance(error, ve.ValidationFailed | ve.RequestRejected):
                # the whole request refused: nothing of it applied, the others may pass
                detail = error.explain()
                return ChunkAnswer(
                    {w.lead_id: (LeadOutcome.FAILED, detail, None) for w in leads},
                    error.raw,
                )
            if isinstance(error, _STOPS) or error.outcome_known:
                raise refusal(error) from None
            raise refusal(error) from None
        verdicts: dict[int, Judgement] = {}
        for work, line in zip(leads, answer.results, strict=True):
            if line.outcome is ItemOutcome.SUCCEEDED:
                verdicts[work.lead_id] = (
                    LeadOutcome.UPDATED,
                    line.message,
                    dict(work.change),
                )
            elif line.outcome is ItemOutcome.UNKNOWN:
                verdicts[work.lead_id] = (
                    LeadOutcome.UNKNOWN,
                    line.message or "no result for this lead: re-check it",
                    None,
                )
            elif "not found" in line.message.lower():
                verdicts[work.lead_id] = (LeadOutcome.NOT_FOUND, line.message, None)
            else:
                verdicts[work.lead_id] = (LeadOutcome.FAILED, line.message, None)
        raw = json.dumps({"status": answer.status, "message": answer.message})
        return ChunkAnswer(verdicts, raw)
