"""The worker pool: it follows the width the client allows now, never starts an
item after a stop, and lets the items already started finish."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtui.ops.cooperative import StopFlag, run_pool


@settings(max_examples=80, deadline=None)
@given(
    items=st.integers(0, 40),
    concurrency=st.integers(1, 8),
    widths=st.lists(st.integers(1, 10), min_size=1, max_size=30),
)
def test_never_more_running_than_the_width_of_the_moment(
    items: int, concurrency: int, widths: list[int]
) -> None:
    """The width changes as items finish (as the client's limit does)."""

    async def run() -> None:
        running = 0
        done: list[int] = []
        width = [widths[0]]

        async def work(item: int) -> None:
            nonlocal running
            running += 1
            assert running <= min(concurrency, max(1, width[0])) or running == 1
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            running -= 1
            done.append(item)
            width[0] = widths[len(done) % len(widths)]

        await run_pool(
            range(items),
            work,
            concurrency=concurrency,
            stopped=lambda: False,
            width=lambda: width[0],
        )
        assert sorted(done) == list(range(items))

    asyncio.run(run())


async def test_an_item_waiting_for_room_does_not_start_after_a_stop() -> None:
    stop = StopFlag()
    started: list[int] = []
    release = asyncio.Event()

    async def work(item: int) -> None:
        started.append(item)
        await release.wait()

    pool = asyncio.create_task(
        run_pool(range(10), work, concurrency=4, stopped=stop.is_set, width=lambda: 2)
    )
    while len(started) < 2:
        await asyncio.sleep(0)
    await asyncio.sleep(0.01)
    assert started == [0, 1]  # two workers wait for room, holding nothing
    stop.set()
    release.set()
    await pool
    assert started == [0, 1]


async def test_a_failure_stops_the_waiting_workers_and_is_raised() -> None:
    started: list[int] = []

    async def work(item: int) -> None:
        started.append(item)
        await asyncio.sleep(0.001)
        if item == 1:
            raise RuntimeError("database is locked")

    with pytest.raises(RuntimeError, match="database is locked"):
        await run_pool(
            range(50), work, concurrency=4, stopped=lambda: False, width=lambda: 2
        )
    assert len(started) <= 4
