"""DNC lists: ``add_dnc_phone``, ``delete_dnc_phone`` and ``check_phone_number``
— the requests, and each answer as a typed outcome.

``campaign_id=SYSTEM_INTERNAL`` is the system list; any other campaign id names
that campaign's list, and the server never checks that the campaign exists.
The server filters the phone to digits and commas and the campaign to
``[-_0-9A-Za-z]``, and stores them cut to 18 and 8 characters while it looks
them up as sent: a second add of a longer number or campaign crashes (an empty
500), and a phone with commas is stored with them. So a request carries only
what the server stores as sent: 6 to 18 digits, and a campaign of 1 to 8 such
characters; anything else is refused before it leaves (``RequestRefused``).
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.parse_common import (
    check_global_error,
    check_status,
    logical_lines,
    unrecognised,
)
from leadtui.api.vicidial.requests import FormPairs

SYSTEM_LIST = "SYSTEM_INTERNAL"
_PHONE = re.compile(r"[0-9]{6,18}")
#: check_phone_number refuses numbers over 16 digits
_CHECKABLE = re.compile(r"[0-9]{6,16}")
#: a call time every VICIdial ships with; ``tz_method=NONE`` asks for no time zone
#: lookup, so the answer does not depend on the time of day
CHECK_CALL_TIME = "24hours"
_CAMPAIGN = re.compile(r"[-_0-9A-Za-z]{1,8}")


class DncRequest(BaseModel):
    """One phone number on one DNC list: the system's (``campaign_id`` None) or a
    campaign's."""

    model_config = ConfigDict(frozen=True)

    phone_number: str
    campaign_id: str | None = None

    @property
    def list_id(self) -> str:
        """What the server calls the list: ``SYSTEM_INTERNAL`` or the campaign."""
        return SYSTEM_LIST if self.campaign_id is None else self.campaign_id

    @property
    def described(self) -> str:
        where = (
            "the system DNC list"
            if self.campaign_id is None
            else f"campaign {self.campaign_id}'s DNC list"
        )
        return f"{self.phone_number} on {where}"

    def form(self) -> FormPairs:
        if not _PHONE.fullmatch(self.phone_number):
            raise e.RequestRefused(
                f"{self.phone_number!r}: a DNC number must be 6 to 18 digits, nothing "
                "else (the server keeps commas and cuts longer numbers)"
            )
        if self.campaign_id is not None and not _CAMPAIGN.fullmatch(self.campaign_id):
            raise e.RequestRefused(
                f"campaign {self.campaign_id!r}: a campaign ID is 1 to 8 letters, "
                "digits, - or _ (the server cuts a longer one and then cannot find "
                "it again)"
            )
        return [("phone_number", self.phone_number), ("campaign_id", self.list_id)]

    def check_form(self) -> FormPairs:
        """``check_phone_number`` asking only whether the number is on this list."""
        self.form()
        if not _CHECKABLE.fullmatch(self.phone_number):
            raise e.RequestRefused(
                f"{self.phone_number}: the dialer checks numbers of 6 to 16 digits only"
            )
        pairs: FormPairs = [
            ("phone_number", self.phone_number),
            ("local_call_time", CHECK_CALL_TIME),
            ("tz_method", "NONE"),
        ]
        if self.campaign_id is None:
            return [*pairs, ("dnc_check", "Y")]
        return [*pairs, ("campaign_dnc_check", "Y"), ("campaign_id", self.campaign_id)]


class DncChange(StrEnum):
    ADDED = "added"
    ALREADY_LISTED = "already listed"
    DELETED = "deleted"
    NOT_LISTED = "not listed"


class DncOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    change: DncChange
    phone_number: str
    #: ``SYSTEM_INTERNAL`` or the campaign, as the server echoed it
    list_id: str
    user: str
    raw: str = ""

    @property
    def holds(self) -> bool:
        """The number is on the list afterwards."""
        return self.change in (DncChange.ADDED, DncChange.ALREADY_LISTED)


_ANSWERS = {
    "add_dnc_phone": (
        (
            re.compile(r"SUCCESS: add_dnc_phone DNC NUMBER HAS BEEN ADDED - "),
            DncChange.ADDED,
        ),
        (
            re.compile(r"ERROR: add_dnc_phone DNC NUMBER ALREADY EXISTS: \|"),
            DncChange.ALREADY_LISTED,
        ),
    ),
    "delete_dnc_phone": (
        (
            re.compile(r"SUCCESS: delete_dnc_phone DNC NUMBER HAS BEEN DELETED - "),
            DncChange.DELETED,
        ),
        (
            re.compile(r"ERROR: delete_dnc_phone DNC NUMBER DOES NOT EXIST: \|"),
            DncChange.NOT_LISTED,
        ),
    ),
}
_REQUIRED = re.compile(r"ERROR: (?P<fn>\w+) YOU MUST USE ALL REQUIRED FIELDS: \|.*")


def parse_dnc_answer(
    function: str, body: str, status: int, request: DncRequest
) -> DncOutcome:
    """The outcome of one ``add_dnc_phone``/``delete_dnc_phone`` call for
    ``request``; every other answer is a typed error (an answer about another
    number or list is not this request's outcome)."""
    check_status(status, body, function=function)
    lines = logical_lines(body)
    if not lines:
        raise e.EmptyResponse(f"The dialer answered {function} with nothing", raw=body)
    check_global_error(lines, body)
    if len(lines) == 1 and _REQUIRED.fullmatch(lines[0]):
        raise e.InvalidParameters(
            f"The dialer did not take {request.described} (it filtered the number "
            "or the campaign to nothing it accepts)",
            raw=body,
        )
    for pattern, change in _ANSWERS[function]:
        match = pattern.match(lines[0]) if len(lines) == 1 else None
        if match is None:
            continue
        parts = lines[0][match.end() :].split("|")
        if len(parts) != 3:
            break
        user, phone, list_id = parts
        if phone != request.phone_number or list_id != request.list_id:
            break
        return DncOutcome(
            change=change, phone_number=phone, list_id=list_id, user=user, raw=body
        )
    raise unrecognised(function, body)


class DncListing(BaseModel):
    """Whether one number is on one list, as ``check_phone_number`` answered.

    A campaign whose ``use_other_campaign_dnc`` names another campaign is checked
    against that campaign's list: the list its dialing honours."""

    model_config = ConfigDict(frozen=True)

    phone_number: str
    list_id: str
    listed: bool
    raw: str = ""


_CHECK = "check_phone_number"
_IN_SYSTEM = re.compile(
    r"ERROR: check_phone_number PHONE NUMBER IN DNC - (?P<phone>[0-9]+)\|[^|]*"
)
_IN_CAMPAIGN = re.compile(
    r"ERROR: check_phone_number PHONE NUMBER IN CAMPAIGN DNC - "
    r"(?P<phone>[0-9]+)\|(?P<campaign>[^|]*)\|[^|]*"
)
_CLEAR = re.compile(r"PHONE: (?P<phone>[0-9]+)\|[0-9]*\|\|\|\|")
_CALL_TIME = re.compile(
    r"ERROR: check_phone_number THIS IS NOT A VALID CALL TIME: \|[^|]*\|[^|]*\|"
)


def parse_dnc_check(body: str, status: int, request: DncRequest) -> DncListing:
    """Listed or not, for ``request`` (built by :meth:`DncRequest.check_form`)."""
    check_status(status, body, function=_CHECK)
    lines = logical_lines(body)
    if not lines:
        raise e.EmptyResponse(f"The dialer answered {_CHECK} with nothing", raw=body)
    check_global_error(lines, body)
    if len(lines) == 1:
        line = lines[0]
        if _CALL_TIME.fullmatch(line):
            raise e.InvalidParameters(
                f"The dialer has no call time {CHECK_CALL_TIME!r}, which leadtui "
                "needs to ask whether a number is on a DNC list",
                raw=body,
            )
        listed = None
        if (m := _CLEAR.fullmatch(line)) is not None:
            listed = False
        elif request.campaign_id is None and (m := _IN_SYSTEM.fullmatch(line)):
            listed = True
        elif (m := _IN_CAMPAIGN.fullmatch(line)) is not None:
            listed = m["campaign"] == request.campaign_id or None
        if listed is not None and m is not None and m["phone"] == request.phone_number:
            return DncListing(
                phone_number=request.phone_number,
                list_id=request.list_id,
                listed=listed,
                raw=body,
            )
    raise unrecognised(_CHECK, body)
