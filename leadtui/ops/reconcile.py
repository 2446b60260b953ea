"""Reconciliation: which of the leads sent were really changed, and why not.

``batch_update_lead`` answers with the IDs it matched; everything else was
dropped without a word: unknown IDs, IDs in lists the API user may not touch
(api_list_restrict), and IDs beyond ``records`` (the server keeps the
highest). Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from leadtui.ops.before_images import BeforeImage, ImageState
from leadtui.ops.journal_models import LeadOutcome

Verdict = tuple[LeadOutcome, str]


def matched_outcome(
    before: BeforeImage | None, predicted: Mapping[str, str]
) -> Verdict:
    """A matched lead: updated, or already holding every new value."""
    if before is None or before.values is None:
        return LeadOutcome.MATCHED, ""
    differs = [c for c, new in predicted.items() if before.values.get(c) != new]
    if differs:
        return LeadOutcome.UPDATED, "changed: " + ", ".join(differs)
    return LeadOutcome.UNCHANGED, ""


def reconcile_batch(
    sent: Sequence[int],
    found: Sequence[int] | None,
    *,
    records: int,
    predicted: Mapping[str, str],
    before: Mapping[int, BeforeImage] | None = None,
) -> dict[int, Verdict]:
    """Label every sent lead. ``found`` None means the server matched all of them
    but printed nothing (no field to set)."""
    before = before or {}
    distinct = list(dict.fromkeys(sent))
    matched = set(distinct if found is None else found)
    lowest_kept = min(matched) if matched else None
    capped = len(matched) >= records and len(distinct) > records
    verdicts: dict[int, Verdict] = {}
    for lead_id in distinct:
        image = before.get(lead_id)
        if lead_id in matched:
            verdicts[lead_id] = matched_outcome(image, predicted)
        elif (
            capped
            and lowest_kept is not None
            and lead_id < lowest_kept
            and (image is None or image.state is not ImageState.MISSING)
        ):
            verdicts[lead_id] = (
                LeadOutcome.OVER_CAP,
                f"the server kept the {records} highest IDs of the request",
            )
        elif image is not None and image.state is ImageState.MISSING:
            verdicts[lead_id] = (LeadOutcome.NOT_FOUND, "no such lead")
        elif image is not None and (image.readable or image.state is ImageState.HIDDEN):
            verdicts[lead_id] = (
                LeadOutcome.NOT_ALLOWED,
                "the lead exists but the server did not match it "
                "(its list is not allowed for this API user)",
            )
        else:
            verdicts[lead_id] = (LeadOutcome.NOT_FOUND, "not matched by the server")
    return verdicts


def count_outcomes(verdicts: Mapping[int, Verdict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome, _ in verdicts.values():
        counts[outcome.value] = counts.get(outcome.value, 0) + 1
    return counts
