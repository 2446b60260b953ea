"""The operation engine's VICIdial backend: batch_update_lead and update_lead."""

from __future__ import annotations

from collections.abc import Sequence

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.outcomes import BatchUpdateOutcome
from leadtui.api.vicidial.requests import BatchUpdateRequest, UpdateLeadRequest
from leadtui.ops.backend import (
    ChunkAnswer,
    Disposition,
    Group,
    Identity,
    Judgement,
    LeadWork,
    SendError,
)
from leadtui.ops.before_images import BeforeImage, read_before_image
from leadtui.ops.dnc_entries import (
    ADD_FUNCTION,
    FUNCTIONS,
    column_list,
    describe_list,
    judge_dnc,
    key_phone,
    listing_image,
    request_on,
)
from leadtui.ops.journal_models import CLEAN, LeadOutcome
from leadtui.ops.judges import JUDGES
from leadtui.ops.reconcile import reconcile_batch

BATCH = "batch_update_lead"
SINGLE = "update_lead"
_FLAGS = ("reset_lead", "list_exists_check", "records", "lead_ids")


def refusal(error: e.VicidialError) -> SendError:
    """What a failed request means for the operation."""
    if not error.outcome_known:
        return SendError(Disposition.UNKNOWN, error.explain(), error.raw)
    if isinstance(error, e.ConnectionFailed | e.DatabaseUnavailable):
        return SendError(Disposition.NOT_SENT, error.explain(), error.raw)
    return SendError(Disposition.REFUSED, error.explain(), error.raw)


def batch_form(
    values: dict[str, str], *, reset_lead: bool, list_exists_check: bool
) -> list[tuple[str, str]]:
    """A batch group's shared form: the values and flags, without IDs or records."""
    form = list(values.items())
    if reset_lead:
        form.append(("reset_lead", "Y"))
    if list_exists_check:
        form.append(("list_exists_check", "Y"))
    return form


def batch_request(group: Group, lead_ids: Sequence[int]) -> BatchUpdateRequest:
    form = dict(group.form)
    return BatchUpdateRequest(
        lead_ids=tuple(lead_ids),
        values={k: v for k, v in group.form if k not in _FLAGS},
        reset_lead=form.get("reset_lead") == "Y",
        list_exists_check=form.get("list_exists_check") == "Y",
        records=group.size,
    )


class VicidialBackend:
    can_read = True

    def __init__(self, client: VicidialClient, *, concurrency: int = 4) -> None:
        self.client = client
        self.concurrency = concurrency

    @property
    def identity(self) -> Identity:
        return Identity("vicidial", self.client.url, self.client.user)

    @property
    def requests_sent(self) -> int:
        return self.client.requests_sent

    def width(self) -> int:
        # the client's adaptive limit: the pace the server answers at
        return self.client.pace.allowed

    async def read_image(self, lead_id: int, columns: Sequence[str]) -> BeforeImage:
        lists = [found for c in columns if (found := column_list(c)) is not None]
        try:
            if lists:  # a DNC entry: whether the number is on its list
                request = request_on(key_phone(lead_id), lists[0])
                listing = await self.client.check_dnc_phone(request)
                return listing_image(lead_id, listing)
            return await read_before_image(self.client, lead_id, columns)
        except e.VicidialError as error:
            raise refusal(error) from None

    def request_of(
        self, group: Group, leads: Sequence[LeadWork]
    ) -> list[tuple[str, str]]:
        if group.function == BATCH:
            return batch_request(group, [w.lead_id for w in leads]).form()
        return [(str(k), str(v)) for k, v in leads[0].request]

    async def send(self, group: Group, leads: Sequence[LeadWork]) -> ChunkAnswer:
        if group.function == BATCH:
            return await self._batch(group, leads)
        if group.function == SINGLE and len(leads) == 1:
            return await self._single(group, leads[0])
        if group.function in FUNCTIONS and len(leads) == 1:
            return await self._dnc(group, leads[0])
        raise SendError(
            Disposition.REFUSED, f"leadtui cannot send {group.function} to VICIdial"
        )

    async def _batch(self, group: Group, leads: Sequence[LeadWork]) -> ChunkAnswer:
        ids = [w.lead_id for w in leads]
        try:
            request = batch_request(group, ids)
            outcome = await self.client.batch_update_lead(request)
        except e.NoMatches as error:
            outcome = BatchUpdateOutcome(raw=error.raw, found_ids=())
        except e.VicidialError as error:
            raise refusal(error) from None
        images = {w.lead_id: w.before for w in leads if w.before is not None}
        verdicts = reconcile_batch(
            ids,
            outcome.found_ids,
            records=group.size,
            predicted=group.target,
            before=images,
        )
        unmatched = [
            i for i, v in verdicts.items() if i not in images and v[0] not in CLEAN
        ]
        if unmatched:
            # without before-images: read each unmatched lead to say why it was skipped
            probes = {}
            for lead_id in unmatched:
                try:
                    probes[lead_id] = await read_before_image(
                        self.client, lead_id, ["list_id"]
                    )
                except e.VicidialError:
                    break
            refined = reconcile_batch(
                ids,
                outcome.found_ids,
                records=group.size,
                predicted=group.target,
                before={**images, **probes},
            )
            verdicts = {
                i: refined[i] if i in probes else v for i, v in verdicts.items()
            }
        judged: dict[int, Judgement] = {
            i: (o, d, dict(group.target) if o in CLEAN else None)
            for i, (o, d) in verdicts.items()
        }
        return ChunkAnswer(judged, outcome.raw)

    async def _single(self, group: Group, lead: LeadWork) -> ChunkAnswer:
        try:
            request = UpdateLeadRequest.from_form([tuple(p) for p in lead.request])
            outcome = await self.client.update_lead(request)
        except e.NoMatches as error:
            return ChunkAnswer(
                {lead.lead_id: (LeadOutcome.NOT_FOUND, error.explain(), None)},
                error.raw,
            )
        except e.NotAllowedList as error:
            return ChunkAnswer(
                {lead.lead_id: (LeadOutcome.NOT_ALLOWED, error.explain(), None)},
                error.raw,
            )
        except e.InvalidInsertData as error:
            return ChunkAnswer(
                {lead.lead_id: (LeadOutcome.FAILED, error.explain(), None)},
                error.raw,
            )
        except e.VicidialError as error:
            raise refusal(error) from None
        verdict, detail, after = JUDGES[group.judge](
            lead.lead_id, outcome, dict(lead.change)
        )
        if outcome.error is not None:
            detail = "; ".join(p for p in (detail, outcome.error.explain()) if p)
        response = "\n".join(line.raw for line in outcome.lines)
        return ChunkAnswer({lead.lead_id: (verdict, detail, after)}, response)

    async def _dnc(self, group: Group, lead: LeadWork) -> ChunkAnswer:
        form = dict((str(k), str(v)) for k, v in lead.request)
        request = request_on(form["phone_number"], form["campaign_id"])
        try:
            if group.function == ADD_FUNCTION:
                outcome = await self.client.add_dnc_phone(request)
            else:
                outcome = await self.client.delete_dnc_phone(request)
        except e.VicidialError as error:
            raise refusal(error) from None
        judgement = judge_dnc(outcome, describe_list(request.list_id))
        return ChunkAnswer({lead.lead_id: judgement}, outcome.raw)
