"""A lead whose answer was lost, read again: was the request applied?

Pure: the engine reads the lead, this says where the lead goes next and what
that counts as in the run's summary.
"""

from __future__ import annotations

from leadtui.ops.backend import Group, Verify
from leadtui.ops.before_images import BeforeImage, ImageState
from leadtui.ops.journal import ImageStep
from leadtui.ops.journal_models import LeadOutcome, LeadPhase, LeadRow
from leadtui.ops.reconcile import matched_outcome
from leadtui.ops.row_images import row_image


def settle_lost_answer(
    row: LeadRow, group: Group, image: BeforeImage
) -> tuple[ImageStep, str]:
    """(the lead's next step, applied | gone | still_unknown | resent)."""
    lead_id, state, values = row.lead_id, row.before_state, row.before

    def step(detail: str, phase: LeadPhase, outcome: LeadOutcome) -> ImageStep:
        return ImageStep(lead_id, state, values, detail, phase, outcome)

    if group.verify is Verify.ABSENT and image.state is ImageState.MISSING:
        return step(
            "deleted (its answer was lost; re-read: the lead is gone)",
            LeadPhase.SETTLED,
            LeadOutcome.DELETED,
        ), "applied"
    if image.state is ImageState.MISSING:
        return step(
            "no such lead (re-read after its answer was lost)",
            LeadPhase.SETTLED,
            LeadOutcome.NOT_FOUND,
        ), "gone"
    if image.state is ImageState.HIDDEN:
        return step(
            f"{image.detail} (re-read after its answer was lost)",
            LeadPhase.SETTLED,
            LeadOutcome.NOT_ALLOWED,
        ), "gone"
    if not image.readable or image.values is None:
        return step(
            f"its answer was lost and it cannot be re-read now ({image.detail})",
            LeadPhase.UNKNOWN,
            LeadOutcome.UNKNOWN,
        ), "still_unknown"
    change = {c: v for c, v in row.change.items() if c != "deleted"}
    if (
        group.verify is Verify.COMPARE
        and change
        and all(image.values.get(c) == v for c, v in change.items())
    ):
        outcome, _ = matched_outcome(row_image(row), change)
        return step(
            "applied before its answer was lost (read back)",
            LeadPhase.SETTLED,
            outcome,
        ), "applied"
    # not applied: it goes out again, with what it holds now as its before-image
    fresh = {**(values or {}), **image.values}
    kept = state if state not in ("none", "") else image.state.value
    return ImageStep(
        lead_id,
        kept,
        fresh,
        "its answer was lost and it does not hold the change: sent again",
        LeadPhase.READY,
        LeadOutcome.PENDING,
    ), "resent"
