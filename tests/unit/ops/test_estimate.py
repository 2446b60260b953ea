"""The composer's estimate reads as a range an operator can check."""

from __future__ import annotations

import pytest

from leadtui.ops.estimate import Estimate


def estimate(**changes: object) -> Estimate:
    values: dict[str, object] = {
        "reads": 10_000,
        "seconds_per_read": 0.012,
        "reads_at_once": 2,
        "reads_at_most": 8,
        "batches": 10,
        "lead_ids": 10_000,
        "seconds_per_batch": 0.012,
        "seconds_per_id": 0.000033,
        "per_id_measured": False,
    }
    values.update(changes)
    return Estimate(**values)  # type: ignore[arg-type]


def test_reads_between_the_pace_now_and_the_ceiling() -> None:
    found = estimate()
    assert found.shortest == pytest.approx(10_000 * 0.012 / 8 + (0.12 + 0.33) / 2)
    assert found.longest == pytest.approx(10_000 * 0.012 / 2 + (0.12 + 0.33) / 2)
    assert found.headline() == "about 15–60 s"
    assert found.drivers() == (
        "10,000 reads × 12 ms, 2–8 at once; 10 batch requests × 12 ms "
        "+ 33 ms per 1,000 IDs (assumed until a batch has run)"
    )


@pytest.mark.parametrize(
    ("changes", "headline"),
    [
        ({"reads": 0, "batches": 1, "lead_ids": 50}, "under 1 s"),
        ({"reads_at_once": 8}, "about 15 s"),
        ({"reads": 100_000}, "about 3–10 min"),
        ({"reads": 1_000_000, "seconds_per_read": 0.05}, "about 1.7–6.9 h"),
    ],
)
def test_headlines(changes: dict[str, object], headline: str) -> None:
    assert estimate(**changes).headline() == headline


def test_a_measured_cost_per_id_is_not_called_assumed() -> None:
    found = estimate(per_id_measured=True, reads=0)
    assert found.drivers() == "10 batch requests × 12 ms + 33 ms per 1,000 IDs"


def test_a_measured_read_pace_replaces_the_latency_model() -> None:
    found = estimate(reads_per_second=250.0)
    reads = 10_000 / 250
    writes = (0.12 + 0.33) / 2
    assert found.shortest == pytest.approx(reads * 0.85 + writes)
    assert found.longest == pytest.approx(reads * 1.15 + writes)
    assert found.drivers().startswith("10,000 reads at 250/s (measured on this server)")
