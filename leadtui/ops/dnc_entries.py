"""DNC list entries as the operation engine's rows.

A DNC operation adds numbers to one list (the system's or one campaign's) or
takes them off. Each number is one journal row, keyed by the digits of the
number behind a leading 1 (so ``0044…`` keeps its zeros), and its state on the
list is one column, ``dnc:LIST``: ``listed`` or ``not listed``. Its before-image
is what ``check_phone_number`` said before the change, so a lost answer is
settled by checking again, and undo knows which numbers this operation put on
the list (a number that was already listed is never taken off by an undo).
"""

from __future__ import annotations

from leadtui.api.vicidial.dnc_lists import (
    SYSTEM_LIST,
    DncChange,
    DncListing,
    DncOutcome,
    DncRequest,
)
from leadtui.ops.backend import Judgement
from leadtui.ops.before_images import BeforeImage, ImageState
from leadtui.ops.journal_models import LeadOutcome

ADD_FUNCTION = "add_dnc_phone"
DELETE_FUNCTION = "delete_dnc_phone"
FUNCTIONS = (ADD_FUNCTION, DELETE_FUNCTION)
LISTED = "listed"
NOT_LISTED = "not listed"
_PREFIX = "dnc:"


def entry_key(phone: str) -> int:
    """The journal row key of a number of 6 to 18 digits."""
    return int("1" + phone)


def key_phone(key: int) -> str:
    return str(key)[1:]


def list_column(list_id: str) -> str:
    """The image column that holds a number's state on ``list_id``."""
    return _PREFIX + list_id


def column_list(column: str) -> str | None:
    """The list a ``dnc:LIST`` column names, or None for a lead column."""
    return column[len(_PREFIX) :] if column.startswith(_PREFIX) else None


def listing_image(key: int, listing: DncListing) -> BeforeImage:
    state = LISTED if listing.listed else NOT_LISTED
    return BeforeImage(
        lead_id=key,
        state=ImageState.FULL,
        values={list_column(listing.list_id): state},
    )


def judge_dnc(outcome: DncOutcome, where: str) -> Judgement:
    """What one add/delete answer means for its row (after-image: the list state)."""
    column = list_column(outcome.list_id)
    state = LISTED if outcome.holds else NOT_LISTED
    after = {column: state}
    if outcome.change is DncChange.ADDED:
        return LeadOutcome.UPDATED, f"added to {where}", after
    if outcome.change is DncChange.DELETED:
        return LeadOutcome.UPDATED, f"taken off {where}", after
    if outcome.change is DncChange.ALREADY_LISTED:
        return LeadOutcome.UNCHANGED, f"already on {where}", after
    return LeadOutcome.UNCHANGED, f"was not on {where}", after


def request_on(phone: str, list_id: str) -> DncRequest:
    return DncRequest(
        phone_number=phone, campaign_id=None if list_id == SYSTEM_LIST else list_id
    )


def describe_list(list_id: str) -> str:
    if list_id == SYSTEM_LIST:
        return "the system DNC list"
    return f"campaign {list_id}'s DNC list"
