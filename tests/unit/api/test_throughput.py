"""The read pace: answers per second over a stretch of reads without a break,
counted only once the stretch is bulk."""

from __future__ import annotations

import pytest

from leadtui.api.throughput import ThroughputMeter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_few_reads_measure_no_pace() -> None:
    clock = Clock()
    meter = ThroughputMeter(clock, bulk=10)
    for _ in range(5):
        meter.started()
        clock.now += 0.5
        meter.ended()
    assert meter.per_second() is None and meter.answers == 0


def test_a_bulk_stretch_measures_its_wall_pace() -> None:
    clock = Clock()
    meter = ThroughputMeter(clock, bulk=10)
    for _ in range(4):  # four at once, then one answer each 10 ms
        meter.started()
    for n in range(20):
        clock.now += 0.01
        meter.ended()
        if n < 16:
            meter.started()
    assert meter.in_flight == 0
    assert meter.per_second() == pytest.approx(100)
    # a later search of a few reads, after a pause, does not replace it
    clock.now += 5
    meter.started()
    clock.now += 1
    meter.ended()
    assert meter.per_second() == pytest.approx(100)


def test_the_pace_of_a_stretch_still_running() -> None:
    clock = Clock()
    meter = ThroughputMeter(clock, bulk=3)
    meter.started()
    meter.started()
    for _ in range(3):
        clock.now += 0.1
        meter.ended()
        meter.started()
    assert meter.per_second() == pytest.approx(10) and meter.answers == 3


def test_short_pauses_between_reads_belong_to_the_stretch() -> None:
    """One read at a time with the caller's work between them: the wall pace."""
    clock = Clock()
    meter = ThroughputMeter(clock, bulk=10)
    for _ in range(10):
        meter.started()
        clock.now += 0.01
        meter.ended()
        clock.now += 0.01  # journaling, parsing
    assert meter.per_second() == pytest.approx(10 / 0.19)
