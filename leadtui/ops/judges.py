"""What an ``update_lead`` answer means for the lead, by the kind of request.

Judges are named (the name is journaled with the operation's group), so a
resume in another process judges answers exactly as the first run would have.
"""

from __future__ import annotations

from collections.abc import Callable

from leadtui.api.vicidial.outcomes import (
    CallbackChanged,
    CustomFieldsNotice,
    HopperChanged,
    UpdateLeadOutcome,
)
from leadtui.ops.backend import Judgement, Verify
from leadtui.ops.custom_fields import ALL_CUSTOM, CLEARED, is_custom
from leadtui.ops.journal_models import LeadOutcome
from leadtui.ops.wording import plural

Judge = Callable[[int, UpdateLeadOutcome, dict[str, str]], Judgement]


def judge_update(
    lead_id: int, outcome: UpdateLeadOutcome, change: dict[str, str]
) -> Judgement:
    """UPDATED with the change as after-image when the server changed the row."""
    if any(is_custom(c) for c in change):
        return _judge_custom(outcome, change)
    updated = outcome.updated
    if updated and updated[0].affected > 0:
        return LeadOutcome.UPDATED, "changed: " + ", ".join(change), dict(change)
    if updated:
        return LeadOutcome.UNCHANGED, "already held these values", dict(change)
    return LeadOutcome.UNCHANGED, "nothing to write", None


def _judge_custom(outcome: UpdateLeadOutcome, change: dict[str, str]) -> Judgement:
    """A change with custom fields: the CUSTOM FIELDS line says what happened to
    them (the server sets entry_list_id to the list it wrote, or to 0 when it
    deleted the lead's custom data); the lead was written if either part was."""
    notices = outcome.of(CustomFieldsNotice)
    if not notices:
        # the lead was read first and holds these fields: a line was due
        return (
            LeadOutcome.UNKNOWN,
            "the server printed no custom-field line: read the lead again to know",
            None,
        )
    notice = notices[0]
    standard = any(u.affected > 0 for u in outcome.updated)
    after = dict(change)
    if notice.refused:
        written = "; other fields were written" if standard else ""
        return (
            LeadOutcome.FAILED,
            f"custom fields not written: {notice.detail}{written}",
            None,
        )
    wrote = notice.wrote
    if wrote and notice.table_list is not None:
        after["entry_list_id"] = str(notice.table_list)
    if notice.detail == "data has been deleted":
        wrote = bool(notice.affected or notice.entry_reset)
        after["entry_list_id"] = "0"
    if wrote or standard:
        return LeadOutcome.UPDATED, "changed: " + ", ".join(change), after
    return LeadOutcome.UNCHANGED, "already held these values", after


def judge_clear_custom(
    lead_id: int, outcome: UpdateLeadOutcome, change: dict[str, str]
) -> Judgement:
    """``delete_cf_data=Y``: the lead's row leaves its entry list's custom table
    and its entry list becomes 0."""
    notices = [
        n for n in outcome.of(CustomFieldsNotice) if n.detail == "data has been deleted"
    ]
    if not notices:
        return LeadOutcome.FAILED, "the server printed no custom-data line", None
    notice = notices[0]
    after = {ALL_CUSTOM: CLEARED, "entry_list_id": "0"}
    if notice.affected:
        return (
            LeadOutcome.UPDATED,
            f"custom data of list {notice.table_list} deleted; entry list set to 0",
            after,
        )
    if notice.entry_reset:
        return (
            LeadOutcome.UPDATED,
            f"no custom data in list {notice.table_list}; entry list set to 0",
            after,
        )
    return LeadOutcome.UNCHANGED, "no custom data to clear", after


def judge_restore(
    lead_id: int, outcome: UpdateLeadOutcome, change: dict[str, str]
) -> Judgement:
    verdict, detail, after = judge_update(lead_id, outcome, change)
    if verdict is LeadOutcome.UPDATED:
        detail = "restored: " + ", ".join(change)
    return verdict, detail, after


def judge_delete(
    lead_id: int, outcome: UpdateLeadOutcome, change: dict[str, str]
) -> Judgement:
    deleted = outcome.deleted
    if deleted and deleted[0].affected > 0:
        archived = deleted[0].callbacks_archived
        extra = (
            f"; {plural(archived, 'callback')} moved to the archive" if archived else ""
        )
        return LeadOutcome.DELETED, "deleted" + extra, {}
    return LeadOutcome.FAILED, "the server did not delete it", None


def judge_hopper(
    lead_id: int, outcome: UpdateLeadOutcome, change: dict[str, str]
) -> Judgement:
    lines = outcome.of(HopperChanged)
    if not lines:
        return LeadOutcome.FAILED, "the server printed no hopper line", None
    line = lines[0]
    if line.action in ("added", "removed"):
        where = "to" if line.action == "added" else "from"
        return LeadOutcome.UPDATED, f"{line.action} {where} the hopper", None
    return LeadOutcome.UNCHANGED, line.reason, None


def judge_callbacks(
    lead_id: int, outcome: UpdateLeadOutcome, change: dict[str, str]
) -> Judgement:
    lines = [line for line in outcome.of(CallbackChanged) if line.action == "deleted"]
    if not lines:
        return LeadOutcome.FAILED, "the server printed no callback line", None
    if lines[0].deleted:
        return (
            LeadOutcome.UPDATED,
            f"{plural(lines[0].deleted, 'callback')} moved to the archive",
            None,
        )
    return LeadOutcome.UNCHANGED, "no scheduled callback", None


def judge_recreate(
    lead_id: int, outcome: UpdateLeadOutcome, change: dict[str, str]
) -> Judgement:
    added = outcome.added
    if added is None:
        return LeadOutcome.FAILED, "the server did not insert it", None
    return (
        LeadOutcome.ADDED,
        f"re-created as lead {added.lead_id} (was {lead_id}; the server assigns new IDs)",
        {"lead_id": str(added.lead_id)},
    )


def judge_insert(
    lead_id: int, outcome: UpdateLeadOutcome, change: dict[str, str]
) -> Judgement:
    """``insert_if_not_found=Y``: inserted (ADDED, its new lead ID as the
    after-image), or found by the server's own search and updated instead."""
    added = outcome.added
    if added is not None:
        return (
            LeadOutcome.ADDED,
            f"inserted as lead {added.lead_id}",
            {**change, "lead_id": str(added.lead_id)},
        )
    updated = outcome.updated
    if updated:
        found = updated[0].lead_id
        verdict = LeadOutcome.UPDATED if updated[0].affected else LeadOutcome.UNCHANGED
        return (
            verdict,
            f"the server found lead {found} when it was sent (an earlier attempt "
            "or someone else had added it): updated, not inserted",
            {**change, "lead_id": str(found)},
        )
    return LeadOutcome.FAILED, "the server neither inserted nor updated it", None


JUDGES: dict[str, Judge] = {
    "update": judge_update,
    "restore": judge_restore,
    "delete": judge_delete,
    "hopper": judge_hopper,
    "callbacks": judge_callbacks,
    "recreate": judge_recreate,
    "insert": judge_insert,
    "clear-custom": judge_clear_custom,
}

#: how a lost answer of each kind of request is settled
VERIFY: dict[str, Verify] = {
    "update": Verify.COMPARE,
    "restore": Verify.COMPARE,
    "delete": Verify.ABSENT,
    "hopper": Verify.RESEND,  # adding twice prints ALREADY IN HOPPER
    "callbacks": Verify.RESEND,  # removing twice finds none the second time
    "recreate": Verify.NEVER,  # inserting twice makes two leads
    # insert_if_not_found: the server searches first, so a second send updates
    # the lead the first one made
    "insert": Verify.RESEND,
    # read it: entry list 0 means the custom data was deleted
    "clear-custom": Verify.COMPARE,
}
