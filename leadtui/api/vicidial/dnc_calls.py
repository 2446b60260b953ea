"""The client's DNC list calls: ``add_dnc_phone``, ``delete_dnc_phone``,
``check_phone_number``, and a permission probe that writes nothing."""

from __future__ import annotations

from leadtui.api.vicidial.calls_base import Calls
from leadtui.api.vicidial.dnc_lists import (
    DncListing,
    DncOutcome,
    DncRequest,
    parse_dnc_answer,
    parse_dnc_check,
)
from leadtui.api.vicidial.requests import FormPairs


class DncCalls(Calls):
    """Mixed into :class:`~leadtui.api.vicidial.client.VicidialClient`, whose
    ``_call`` sends and parses every request."""

    async def add_dnc_phone(self, request: DncRequest) -> DncOutcome:
        """Put one number on the system's or a campaign's DNC list (``ADDED``, or
        ``ALREADY_LISTED``)."""
        return await self._dnc("add_dnc_phone", request)

    async def delete_dnc_phone(self, request: DncRequest) -> DncOutcome:
        """Take one number off a DNC list (``DELETED``, or ``NOT_LISTED``)."""
        return await self._dnc("delete_dnc_phone", request)

    async def check_dnc_phone(self, request: DncRequest) -> DncListing:
        """Whether the number is on the list (``check_phone_number``, a read)."""

        def parse(body: str, status: int) -> DncListing:
            return parse_dnc_check(body, status, request)

        pairs = request.check_form()
        return await self._call("check_phone_number", pairs, parse, read=True)

    async def probe_dnc(self, function: str) -> None:
        """Whether this user may call ``add_dnc_phone``/``delete_dnc_phone``,
        without writing: the server checks the function and the permission
        first, then refuses a one-digit number (``InvalidParameters``: allowed).
        Raises ``FunctionNotAllowed`` or ``PermissionDenied`` when it is not."""
        probe = DncRequest(phone_number="1")
        pairs: FormPairs = [("phone_number", "1"), ("campaign_id", probe.list_id)]

        def parse(body: str, status: int) -> None:
            parse_dnc_answer(function, body, status, probe)

        await self._call(function, pairs, parse, read=False)

    async def _dnc(self, function: str, request: DncRequest) -> DncOutcome:
        def parse(body: str, status: int) -> DncOutcome:
            return parse_dnc_answer(function, body, status, request)

        return await self._call(function, request.form(), parse, read=False)
