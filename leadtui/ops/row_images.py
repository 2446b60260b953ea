"""A lead's before-image: where reading it leaves the lead, and the image a
journal row holds."""

from __future__ import annotations

from leadtui.ops.before_images import BeforeImage, ImageState
from leadtui.ops.journal_models import LeadOutcome, LeadPhase, LeadRow


def image_phase(image: BeforeImage) -> tuple[LeadPhase, LeadOutcome, str]:
    """Where a lead goes once its before-image is read."""
    if image.readable:
        return LeadPhase.READY, LeadOutcome.PENDING, image.detail
    if image.state is ImageState.MISSING:
        return LeadPhase.SETTLED, LeadOutcome.NOT_FOUND, "no such lead: not sent"
    if image.state is ImageState.HIDDEN:
        return (
            LeadPhase.SETTLED,
            LeadOutcome.NOT_ALLOWED,
            f"{image.detail}: not sent",
        )
    return (
        LeadPhase.HELD,
        LeadOutcome.SKIPPED,
        f"before-image unreadable, not written ({image.detail})",
    )


def row_image(row: LeadRow) -> BeforeImage | None:
    if row.before_state in ("none", "") or row.before is None:
        if row.before_state in (ImageState.MISSING, ImageState.HIDDEN):
            return BeforeImage(lead_id=row.lead_id, state=ImageState(row.before_state))
        return None
    try:
        state = ImageState(row.before_state)
    except ValueError:
        state = ImageState.PARTIAL
    # the row's fields are validated already (a dict of str, an int): not again
    return BeforeImage.model_construct(
        lead_id=row.lead_id, state=state, values=row.before
    )
