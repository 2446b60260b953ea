"""Status DNC blocks nothing by itself: every operation that sets it says so."""

from __future__ import annotations

import pytest

from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.dnc_note import status_blocks_nothing


@pytest.mark.parametrize("status", ["DNC", "DNCL"])
def test_a_dnc_status_is_said_to_block_nothing(status: str) -> None:
    note = status_blocks_nothing({"status": status, "list_id": "101"}, leads=2)
    assert note is not None
    assert f"Status {status} alone blocks nothing" in note
    assert "these leads' numbers" in note and "hopper" in note


@pytest.mark.parametrize(
    "stored", [{}, {"status": "NEW"}, {"status": "dnc"}, {"list_id": "DNC"}]
)
def test_other_values_say_nothing(stored: dict[str, str]) -> None:
    assert status_blocks_nothing(stored) is None


def test_rows_of_a_csv_name_each_dnc_status_once() -> None:
    rows = [
        {"status": "DNC"},
        {"status": "SALE"},
        {"status": "DNCL"},
        {"status": "DNC"},
    ]
    note = status_blocks_nothing(rows, leads=4)
    assert note is not None and note.startswith("Status DNC or DNCL alone")


def test_the_stored_value_decides_not_the_typed_one() -> None:
    """What the server stores is what dials or not: a value its filter turns into
    DNC warns, one it turns into something else does not."""
    plan = BatchPlan(lead_ids=(1, 2), values={"status": "D NC"})  # space removed
    assert plan.predicted["status"] == "DNC"
    assert status_blocks_nothing(plan.predicted, 2) is not None
    plan = BatchPlan(lead_ids=(1, 2), values={"status": "D-N-C"})  # kept as typed
    assert status_blocks_nothing(plan.predicted, 2) is None
