"""Permission preflight: what this API user may do, checked with harmless calls.

``version`` proves the URL answers; one read proves the login (a failed login
stops everything: there is no retry). Then one probe per capability, each of
which changes nothing even when allowed: a ``no_update`` preview of lead 0, a
``batch_update_lead`` of lead 0 with no field, reads of lead 0, a DNC check of
0000000000, and DNC additions and deletions of a one-digit number (refused
after the permission check).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.dnc_lists import DncRequest
from leadtui.api.vicidial.models import VersionInfo
from leadtui.api.vicidial.requests import (
    BatchUpdateRequest,
    LeadQuery,
    UpdateLeadRequest,
)


class Capability(StrEnum):
    PREVIEW = "preview"  # update_lead no_update=Y: find leads like an update would
    READ = "read"  # lead_all_info: full records (and before-images)
    FIELD = "field"  # lead_field_info: one field (fallback reads)
    SEARCH = "search"  # lead_search: every lead with a phone or vendor code
    EDIT = "edit"  # update_lead: edit, delete, reset, hopper, callbacks
    BATCH = "batch"  # batch_update_lead
    LISTS = "lists"  # list_info
    DNC_CHECK = "dnc-check"  # check_phone_number: is a number on a DNC list
    DNC_ADD = "dnc-add"  # add_dnc_phone
    DNC_REMOVE = "dnc-remove"  # delete_dnc_phone


WHAT = {
    Capability.PREVIEW: "find leads as update_lead matches them",
    Capability.READ: "read full lead records",
    Capability.FIELD: "read single fields",
    Capability.SEARCH: "list every lead holding a phone number or vendor code",
    Capability.EDIT: "edit, delete, reset and queue single leads",
    Capability.BATCH: "batch-update many leads",
    Capability.LISTS: "see lists and campaigns",
    Capability.DNC_CHECK: "check numbers against DNC lists",
    Capability.DNC_ADD: "put numbers on DNC lists",
    Capability.DNC_REMOVE: "take numbers off DNC lists (and undo DNC additions)",
}


class CapabilityCheck(BaseModel):
    model_config = ConfigDict(frozen=True)

    capability: Capability
    allowed: bool
    #: when refused: what the server said, in words (which flag to change)
    reason: str = ""


class Preflight(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: VersionInfo
    user: str
    checks: tuple[CapabilityCheck, ...]

    def allowed(self, capability: Capability) -> bool:
        return any(c.capability is capability and c.allowed for c in self.checks)

    def summary(self) -> list[str]:
        lines = []
        for check in self.checks:
            mark = "yes" if check.allowed else "no "
            line = f"{mark}  {WHAT[check.capability]}"
            if not check.allowed:
                line += f" — {check.reason}"
            lines.append(line)
        return lines


_NO_LEAD = 4294967295  # the largest lead ID the schema allows
_NO_NUMBER = "0000000000"  # a number no one dials

_PROBES: dict[Capability, Callable[[VicidialClient], Awaitable[object]]] = {
    Capability.PREVIEW: lambda c: c.update_lead(
        UpdateLeadRequest(query=LeadQuery(phone_number="0000000000"), no_update=True)
    ),
    Capability.READ: lambda c: c.lead_all_info(lead_id=1),
    Capability.FIELD: lambda c: c.lead_field_info(1, "lead_id"),
    Capability.SEARCH: lambda c: c.lead_search(phone_numbers=["0000000000"]),
    # update_lead checks its permission before it looks at no_update, so a
    # preview proves the right to edit without risking a write
    Capability.EDIT: lambda c: c.update_lead(
        UpdateLeadRequest(query=LeadQuery(lead_id=_NO_LEAD), no_update=True)
    ),
    # no field to set: even if the lead existed, nothing would be written
    Capability.BATCH: lambda c: c.batch_update_lead(
        BatchUpdateRequest(lead_ids=(_NO_LEAD,), records=1)
    ),
    Capability.LISTS: lambda c: c.list_info(_NO_LEAD, leads_counts=False),
    Capability.DNC_CHECK: lambda c: c.check_dnc_phone(
        DncRequest(phone_number=_NO_NUMBER)
    ),
    # the server checks the permission, then refuses a one-digit number: no write
    Capability.DNC_ADD: lambda c: c.probe_dnc("add_dnc_phone"),
    Capability.DNC_REMOVE: lambda c: c.probe_dnc("delete_dnc_phone"),
}

#: probes whose "invalid parameters" answer comes after the permission passed
_PASSED_WITH_INVALID = (Capability.DNC_ADD, Capability.DNC_REMOVE)

#: Answers that prove the permission check passed (the probe itself found nothing).
_PASSED = (e.NoMatches, e.LeadNotFound, e.ListNotFound, e.FieldNotFound)


async def _probe(client: VicidialClient, capability: Capability) -> CapabilityCheck:
    try:
        await _PROBES[capability](client)
    except _PASSED:
        pass
    except e.InvalidParameters as error:
        if capability not in _PASSED_WITH_INVALID:
            return CapabilityCheck(
                capability=capability, allowed=False, reason=error.explain()
            )
    except (e.PermissionDenied, e.FunctionNotAllowed, e.CustomFieldsDisabled) as error:
        return CapabilityCheck(
            capability=capability, allowed=False, reason=error.explain()
        )
    except (e.LoginFailed, e.AccountLocked, e.IpBlocked, e.ConnectionFailed):
        raise
    except e.VicidialError as error:
        return CapabilityCheck(
            capability=capability, allowed=False, reason=error.explain()
        )
    return CapabilityCheck(capability=capability, allowed=True)


_ALONE = (Capability.FIELD, Capability.READ)


async def preflight(client: VicidialClient) -> Preflight:
    """Raise on an unreachable server or a failed login; else list what is allowed.

    No probe can write: the update_lead probes are ``no_update`` previews and
    the batch probe sets no field.
    """
    version = await client.version()
    # one at a time first: the field read proves the login; the record read
    # alone measures the latency the batch composer's estimate is built on
    alone = [await _probe(client, c) for c in _ALONE]
    rest = await asyncio.gather(
        *(_probe(client, c) for c in Capability if c not in _ALONE)
    )
    checks = sorted((*alone, *rest), key=lambda c: list(Capability).index(c.capability))
    return Preflight(version=version, user=client.user, checks=tuple(checks))
