"""Reconciliation on the transcripts' partial-batch and records-cap cases."""

from __future__ import annotations

from leadtui.api.vicidial.parse_writes import parse_batch_update_lead
from leadtui.ops.before_images import BeforeImage, ImageState
from leadtui.ops.journal_models import LeadOutcome
from leadtui.ops.reconcile import reconcile_batch
from tests.transcripts import public_steps

STEPS = public_steps()


def test_partial_batch_from_the_transcript() -> None:
    step = STEPS[("batch_mixed_missing", 0)]
    sent = [int(i) for i in step.params["lead_ids"].split(",")]
    outcome = parse_batch_update_lead(step.body, step.status)
    verdicts = reconcile_batch(
        sent, outcome.found_ids, records=1000, predicted={"status": "DNC"}
    )
    assert {i: v[0] for i, v in verdicts.items()} == {
        1102: LeadOutcome.MATCHED,
        99998: LeadOutcome.NOT_FOUND,
        1103: LeadOutcome.MATCHED,
        99999: LeadOutcome.NOT_FOUND,
    }


def test_records_cap_from_the_transcript() -> None:
    step = STEPS[("batch_records_cap", 0)]
    sent = [int(i) for i in step.params["lead_ids"].split(",")]
    outcome = parse_batch_update_lead(step.body, step.status)
    verdicts = reconcile_batch(
        sent, outcome.found_ids, records=3, predicted={"status": "NA"}
    )
    assert [i for i, v in verdicts.items() if v[0] is LeadOutcome.OVER_CAP] == [
        1110,
        1111,
        1112,
    ]
    assert {v[0] for i, v in verdicts.items() if i >= 1113} == {LeadOutcome.MATCHED}


def test_duplicates_collapse() -> None:
    step = STEPS[("batch_duplicate_ids", 0)]
    sent = [int(i) for i in step.params["lead_ids"].split(",")]
    outcome = parse_batch_update_lead(step.body, step.status)
    verdicts = reconcile_batch(
        sent, outcome.found_ids, records=1000, predicted={"status": "DNC"}
    )
    assert sorted(verdicts) == [1104, 1105]


def _image(lead_id: int, state: ImageState, status: str | None = None) -> BeforeImage:
    values = None if status is None else {"status": status}
    return BeforeImage(lead_id=lead_id, state=state, values=values)


def test_before_images_tell_updated_unchanged_missing_and_not_allowed() -> None:
    before = {
        1: _image(1, ImageState.FULL, "NEW"),
        2: _image(2, ImageState.FULL, "DNC"),
        3: _image(3, ImageState.MISSING),
        4: _image(4, ImageState.FULL, "NEW"),
    }
    verdicts = reconcile_batch(
        [1, 2, 3, 4], [2, 1], records=1000, predicted={"status": "DNC"}, before=before
    )
    assert verdicts[1][0] is LeadOutcome.UPDATED
    assert verdicts[2][0] is LeadOutcome.UNCHANGED
    assert verdicts[3][0] is LeadOutcome.NOT_FOUND
    assert verdicts[4][0] is LeadOutcome.NOT_ALLOWED


def test_no_field_answer_matches_everyone() -> None:
    verdicts = reconcile_batch([1, 2], None, records=1000, predicted={})
    assert {v[0] for v in verdicts.values()} == {LeadOutcome.MATCHED}
