"""Adding numbers to a DNC list and taking them off, as journaled operations;
checking them; and the evidence of when each was done.

Plan → describe → confirm → run, as for every other write: the plan refuses
what cannot be sent before anything is journaled, the engine checks each number
first (its before-image), journals it, sends ``add_dnc_phone`` or
``delete_dnc_phone``, and journals the server's answer with the time. Undo takes
off only the numbers this operation put on (a number that was already listed
stays), or puts back the ones it took off.
"""

from __future__ import annotations

import asyncio
import getpass
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.dnc_lists import SYSTEM_LIST, DncListing
from leadtui.ops.backend import Group, Verify
from leadtui.ops.before_images import read_before_images
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.dnc_entries import (
    ADD_FUNCTION,
    DELETE_FUNCTION,
    LISTED,
    NOT_LISTED,
    describe_list,
    entry_key,
    key_phone,
    list_column,
    request_on,
)
from leadtui.ops.engine import execute
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import LeadOutcome
from leadtui.ops.op_plan import GroupPlan, OperationPlan
from leadtui.ops.ownership import OperationRefused
from leadtui.ops.results import OperationResult, ProgressCallback
from leadtui.ops.session import Session
from leadtui.ops.wording import plural

ADD, REMOVE = "dnc-add", "dnc-remove"
KINDS = (ADD, REMOVE)
_SEPARATORS = re.compile(r"[\s().\-]")


def phone_problem(text: str) -> tuple[str | None, str]:
    """(the number as the dialer stores it, "") or (None, why it is refused)."""
    if text.startswith("+"):
        return None, (
            "a leading + is a country code: a DNC list holds the number as the "
            "lead's phone_number, without its phone code"
        )
    digits = _SEPARATORS.sub("", text)
    if not digits.isdigit():
        return None, "not a phone number (digits, spaces, - ( ) . only)"
    if not 6 <= len(digits) <= 18:
        return None, f"{len(digits)} digits: a DNC number has 6 to 18"
    return digits, ""


@dataclass(frozen=True)
class DncPlan:
    """What a DNC operation will do, before anything is journaled or sent."""

    action: str  # ADD or REMOVE
    list_id: str
    phones: tuple[str, ...]
    #: (what was given, why it will not be sent)
    refused: tuple[tuple[str, str], ...] = ()
    duplicates: int = 0
    #: number → the leads it was taken from (``--ids``)
    sources: Mapping[str, Sequence[int]] = field(default_factory=dict)
    undo_of: int | None = None

    @property
    def where(self) -> str:
        return describe_list(self.list_id)

    def describe(self, limit: int = 10) -> list[str]:
        verb = "add to" if self.action == ADD else "take off"
        shown = ", ".join(self.phones[:limit])
        more = (
            f" … {len(self.phones) - limit:,} more" if len(self.phones) > limit else ""
        )
        lines = [f"{verb} {self.where}: {plural(len(self.phones), 'number')}"]
        if self.phones:
            lines.append(f"  {shown}{more}")
        if self.sources:
            leads = sum(len(ids) for ids in self.sources.values())
            lines.append(f"  the phone numbers of {plural(leads, 'lead')}")
        if self.duplicates:
            lines.append(f"  {plural(self.duplicates, 'repeated number')} sent once")
        for given, why in self.refused[:limit]:
            lines.append(f"  not sent: {given!r}: {why}")
        if len(self.refused) > limit:
            lines.append(f"  … {len(self.refused) - limit:,} more not sent")
        lines.append(
            "  each number is checked first; its answer is journaled with the time "
            "(`leadtui dnc evidence`)"
        )
        if self.action == ADD and self.list_id != SYSTEM_LIST:
            lines.append(
                f"  only campaign {self.list_id} honours this list (and campaigns "
                "that use its DNC list); the system list blocks every campaign "
                "that checks it"
            )
        return lines


def plan_dnc(
    action: str,
    given: Iterable[str],
    *,
    campaign_id: str | None = None,
    sources: Mapping[str, Sequence[int]] | None = None,
    undo_of: int | None = None,
) -> DncPlan:
    """Refuses what the server would mangle; repeated numbers are sent once."""
    if action not in KINDS:
        raise ValueError(action)
    list_id = campaign_id or SYSTEM_LIST
    phones: list[str] = []
    seen: set[str] = set()
    refused: list[tuple[str, str]] = []
    duplicates = 0
    for text in given:
        phone, why = phone_problem(text.strip())
        if phone is None:
            refused.append((text, why))
            continue
        try:
            request_on(phone, list_id).form()
        except e.RequestRefused as error:
            refused.append((text, error.message))
            continue
        if phone in seen:
            duplicates += 1
            continue
        seen.add(phone)
        phones.append(phone)
    return DncPlan(
        action=action,
        list_id=list_id,
        phones=tuple(phones),
        refused=tuple(refused),
        duplicates=duplicates,
        sources=dict(sources or {}),
        undo_of=undo_of,
    )


def operator() -> str:
    """The OS user running leadtui (evidence of who did it, with the API user)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def dnc_operation(plan: DncPlan) -> OperationPlan:
    column = list_column(plan.list_id)
    target = LISTED if plan.action == ADD else NOT_LISTED
    keys = [entry_key(p) for p in plan.phones]
    function = ADD_FUNCTION if plan.action == ADD else DELETE_FUNCTION
    group = GroupPlan(
        Group(function=function, size=1, verify=Verify.COMPARE, judge=plan.action),
        tuple(keys),
        changes={k: {column: target} for k in keys},
        requests={
            entry_key(p): [list(pair) for pair in request_on(p, plan.list_id).form()]
            for p in plan.phones
        },
    )
    params: dict[str, Any] = {
        "list": plan.list_id,
        "numbers": len(plan.phones),
        "operator": operator(),
    }
    if plan.sources:
        params["sources"] = {p: list(ids) for p, ids in plan.sources.items()}
    return OperationPlan(
        kind=plan.action,
        groups=[group],
        params=params,
        read_images=True,
        image_columns=[column],
        undo_of=plan.undo_of,
    )


async def run_dnc(
    session: Session,
    plan: DncPlan,
    *,
    on_progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
) -> OperationResult:
    session.require_writable()
    if not plan.phones:
        raise OperationRefused("no number to send")
    return await execute(
        session, dnc_operation(plan), stop=stop, on_progress=on_progress
    )


async def check_numbers(
    session: Session, phones: Sequence[str], list_id: str
) -> dict[str, DncListing | e.VicidialError]:
    """Whether each number is on the list (reads only, nothing journaled)."""
    gate = asyncio.Semaphore(max(1, session.concurrency))
    found: dict[str, DncListing | e.VicidialError] = {}

    async def one(phone: str) -> None:
        async with gate:
            try:
                found[phone] = await session.client.check_dnc_phone(
                    request_on(phone, list_id)
                )
            except e.VicidialError as error:
                found[phone] = error

    await asyncio.gather(*(one(p) for p in phones))
    return {p: found[p] for p in phones}


async def _lead_numbers(
    session: Session, lead_ids: Sequence[int], columns: list[str]
) -> tuple[dict[int, dict[str, str]], list[tuple[int, str]]]:
    """``columns`` of each lead with a phone number, and the leads without one."""
    images = await read_before_images(
        session.client,
        lead_ids,
        ["phone_number", *columns],
        concurrency=session.concurrency,
    )
    found: dict[int, dict[str, str]] = {}
    missing: list[tuple[int, str]] = []
    for lead_id in lead_ids:
        image = images[lead_id]
        values = image.values or {}
        if not image.readable:
            missing.append((lead_id, image.detail or image.state.value))
        elif not values.get("phone_number"):
            missing.append((lead_id, "no phone number"))
        else:
            found[lead_id] = values
    return found, missing


async def phones_of_leads(
    session: Session, lead_ids: Sequence[int]
) -> tuple[dict[str, list[int]], list[tuple[int, str]]]:
    """Each lead's phone_number (number → leads), and the leads without one."""
    found, missing = await _lead_numbers(session, lead_ids, [])
    numbers: dict[str, list[int]] = {}
    for lead_id, values in found.items():
        numbers.setdefault(values["phone_number"], []).append(lead_id)
    return numbers, missing


async def plan_dnc_for_leads(
    session: Session, lead_ids: Sequence[int], action: str, campaign_id: str | None
) -> tuple[DncPlan, list[tuple[int, str]]]:
    """The plan for the leads' phone numbers (read first), and the leads without one."""
    sources, missing = await phones_of_leads(session, lead_ids)
    plan = plan_dnc(action, list(sources), campaign_id=campaign_id, sources=sources)
    return plan, missing


async def plans_by_lead_campaign(
    session: Session, lead_ids: Sequence[int], action: str
) -> tuple[list[DncPlan], list[tuple[int, str]]]:
    """One plan per campaign: each lead's number on its own campaign's list
    (the campaign of the lead's list), and the leads that have none."""
    found, missing = await _lead_numbers(session, lead_ids, ["list_id"])
    campaign_of: dict[str, str] = {}
    for listed_in in sorted({v.get("list_id", "") for v in found.values()}):
        if not listed_in.isdigit():
            continue
        try:  # list_info needs what add_dnc_phone needs: Modify Lists
            info = await session.client.list_info(int(listed_in), leads_counts=False)
        except (e.ListNotFound, e.NotAllowedList, e.InvalidParameters):
            continue
        campaign_of[listed_in] = info.campaign_id
    by_campaign: dict[str, dict[str, list[int]]] = {}
    for lead_id, values in found.items():
        listed_in = values.get("list_id", "")
        campaign = campaign_of.get(listed_in)
        if not campaign:
            missing.append(
                (lead_id, f"its list {listed_in} is in no campaign this user sees")
            )
            continue
        numbers = by_campaign.setdefault(campaign, {})
        numbers.setdefault(values["phone_number"], []).append(lead_id)
    plans = [
        plan_dnc(action, list(sources), campaign_id=campaign, sources=sources)
        for campaign, sources in sorted(by_campaign.items())
    ]
    return plans, missing


def plan_dnc_undo(journal: Journal, operation_id: int) -> DncPlan:
    """The opposite operation for the numbers this one changed.

    Only numbers the server said it added (or removed), and those whose answer
    was lost and stayed unknown; a number that was already listed (or was not
    on the list) is left as it is."""
    op = journal.operation(operation_id)
    if op.kind not in KINDS:
        raise ValueError(f"operation {operation_id} is not a DNC operation")
    phones = [
        key_phone(row.lead_id)
        for row in journal.leads(operation_id)
        if row.outcome in (LeadOutcome.UPDATED, LeadOutcome.UNKNOWN)
    ]
    list_id = str(op.params.get("list") or SYSTEM_LIST)
    return plan_dnc(
        REMOVE if op.kind == ADD else ADD,
        phones,
        campaign_id=None if list_id == SYSTEM_LIST else list_id,
        undo_of=operation_id,
    )
