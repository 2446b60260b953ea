"""The adaptive limit on requests in flight: it finds the server's capacity,
backs off when answers slow down or the server sheds load, never passes the
ceiling, and never lets more requests out than it allows."""

from __future__ import annotations

import asyncio
import contextlib
import random

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtui.api.adaptive_limit import AdaptiveLimit
from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient

LAST_NAME = "Lee"  # lead_field_info's answer: the bare value


class Model:
    """A server with ``capacity`` workers and 10 ms of work a request, on a
    clock of its own: ``allowed`` requests in flight come back at
    min(allowed, capacity) per 10 ms."""

    def __init__(self, limit: AdaptiveLimit) -> None:
        self.limit = limit
        self.now = 0.0

    def run(self, capacity: int, rounds: int = 400) -> list[tuple[int, float]]:
        """(allowed, answers per second) of each round."""
        seen = []
        for _ in range(rounds):
            allowed = self.limit.allowed
            latency = 0.010 * max(1.0, allowed / capacity)
            for _ in range(allowed):
                self.now += latency / allowed
                self.limit.observe(False, busy=True, now=self.now)
            seen.append((allowed, allowed / latency))
        return seen


def throughput(seen: list[tuple[int, float]]) -> float:
    """Answers per second over these rounds (each round is ``allowed`` answers)."""
    answers = sum(allowed for allowed, _ in seen)
    seconds = sum(allowed / rate for allowed, rate in seen)
    return answers / seconds


@pytest.mark.parametrize("capacity", [1, 2, 3, 4, 8, 24])
def test_it_finds_the_servers_capacity_and_stays_near_it(capacity: int) -> None:
    limit = AdaptiveLimit(64)
    seen = Model(limit).run(capacity, rounds=1500)
    last = seen[-500:]
    best = capacity / 0.010
    assert throughput(last) >= 0.95 * best, (capacity, [a for a, _ in last])
    # no more requests queued at the server than it takes, most of the time
    allowed = sorted(a for a, _ in last)
    assert allowed[len(allowed) // 2] <= max(capacity + 1, 1.5 * capacity)


def test_it_never_passes_the_ceiling_however_fast_the_server() -> None:
    limit = AdaptiveLimit(6)
    assert max(a for a, _ in Model(limit).run(capacity=100)) == 6


def test_it_starts_at_half_the_ceiling() -> None:
    assert AdaptiveLimit(8).allowed == 4
    assert AdaptiveLimit(5).allowed == 3
    assert AdaptiveLimit(1).allowed == 1


def test_it_follows_a_server_that_gets_busier() -> None:
    limit = AdaptiveLimit(64)
    model = Model(limit)
    model.run(capacity=16, rounds=1000)
    assert limit.allowed >= 16
    seen = model.run(capacity=2, rounds=1500)
    allowed = sorted(a for a, _ in seen[-300:])
    assert allowed[len(allowed) // 2] <= 4


def test_shed_load_halves_it_at_once_and_never_below_one() -> None:
    limit = AdaptiveLimit(64)
    Model(limit).run(capacity=16, rounds=1000)
    before = limit.allowed
    limit.observe(True, busy=True)
    assert limit.allowed == before // 2
    # the other requests that were out with it bring the same news: no more halving
    for _ in range(before // 2 - 1):
        limit.observe(True, busy=True)
    assert limit.allowed == before // 2
    for _ in range(60):
        limit.observe(True, busy=True)
    assert limit.allowed == 1


def test_a_pool_that_never_fills_its_slots_is_no_reason_to_grow() -> None:
    """One lead edited now and then: every answer fast, never all slots busy."""
    limit = AdaptiveLimit(16)
    for n in range(5000):
        limit.observe(False, busy=False, now=n * 0.01)
    assert limit.allowed == 8


def test_a_fixed_limit_never_moves() -> None:
    limit = AdaptiveLimit(4, adaptive=False)
    for _ in range(100):
        limit.observe(True, busy=True)
    assert limit.allowed == 4


@settings(max_examples=60, deadline=None)
@given(
    ceiling=st.integers(1, 12),
    workers=st.integers(1, 20),
    answers=st.lists(
        st.tuples(st.floats(0, 0.003), st.booleans(), st.booleans()),
        min_size=1,
        max_size=80,
    ),
)
def test_never_more_in_flight_than_allowed(
    ceiling: int, workers: int, answers: list[tuple[float, bool, bool]]
) -> None:
    """Any mix of latencies, trouble and failures, any number of workers: the
    requests in flight never pass what the limit allows, or the ceiling."""

    async def run() -> None:
        limit = AdaptiveLimit(ceiling)
        queue = list(answers)
        worst = 0

        async def worker() -> None:
            nonlocal worst
            while queue:
                seconds, trouble, fails = queue.pop()
                try:
                    async with limit.slot() as slot:
                        worst = max(worst, limit.in_flight - limit.allowed)
                        assert limit.in_flight <= ceiling
                        await asyncio.sleep(seconds)
                        if trouble:
                            slot.overloaded()
                        if fails:
                            raise OSError("reset")
                except OSError:
                    pass

        await asyncio.gather(*(worker() for _ in range(workers)))
        assert limit.in_flight == 0
        assert limit.peak <= ceiling
        # the limit may drop below the requests already out; none start meanwhile
        assert worst <= ceiling

    asyncio.run(run())


async def test_requests_cancelled_while_they_wait_hold_up_nobody() -> None:
    limit = AdaptiveLimit(2, adaptive=False)
    release = asyncio.Event()
    finished: list[int] = []

    async def request(n: int) -> None:
        async with limit.slot():
            await release.wait()
            finished.append(n)

    tasks = [asyncio.create_task(request(n)) for n in range(8)]
    await asyncio.sleep(0.01)
    assert limit.in_flight == 2
    release.set()
    await asyncio.sleep(0)  # the first two finish and wake two waiters …
    for task in tasks[2:5]:  # … which are cancelled before they run
        task.cancel()
    # a lost wake-up would leave 5, 6 and 7 waiting for ever
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 5)
    assert sorted(finished) == [0, 1, 5, 6, 7]
    assert limit.in_flight == 0


# --- through the client ------------------------------------------------------------


def _client(answer: httpx.MockTransport, concurrency: int = 16) -> VicidialClient:
    """A client on a server that answers in 2 ms, as many at once as asked."""
    return VicidialClient(
        "http://dialer.test/vicidial/non_agent_api.php",
        "6666",
        "1234",
        source="test",
        read_retries=0,
        concurrency=concurrency,
        transport=answer,
    )


async def _read_many(client: VicidialClient, count: int) -> None:
    async def one(lead_id: int) -> None:
        with contextlib.suppress(e.VicidialError):
            await client.lead_field_info(lead_id, "last_name")

    pending = list(range(count))
    await asyncio.gather(*(one(i) for i in pending))


async def test_the_client_grows_on_a_fast_server_and_halves_on_503() -> None:
    shed = {"on": False}

    async def answer(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.002)
        if shed["on"]:
            return httpx.Response(503, text="<html>Service Unavailable</html>")
        return httpx.Response(200, text=LAST_NAME)

    async with _client(httpx.MockTransport(answer)) as client:
        await _read_many(client, 400)
        grown = client.pace.allowed
        assert grown > 2
        shed["on"] = True
        await _read_many(client, 40)
        assert client.pace.allowed < grown / 2 + 1


async def test_a_crash_answer_is_not_taken_for_load() -> None:
    """VICIdial answers HTTP 500 for a lead with an apostrophe: a fact about the
    lead, not the server's load."""

    async def answer(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.002)
        if random.random() < 0.3:
            return httpx.Response(500, text="")
        return httpx.Response(200, text=LAST_NAME)

    async with _client(httpx.MockTransport(answer)) as client:
        await _read_many(client, 400)
        assert client.pace.allowed > 2


async def test_a_connection_that_fails_is_trouble() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset by peer", request=request)

    async with _client(httpx.MockTransport(answer), concurrency=8) as client:
        client.pace.limit = 8
        await _read_many(client, 40)
        assert client.pace.allowed == 1


async def test_a_fixed_client_keeps_its_concurrency() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, text="busy")

    client = VicidialClient(
        "http://dialer.test/vicidial/non_agent_api.php",
        "6666",
        "1234",
        read_retries=0,
        concurrency=4,
        adaptive=False,
        transport=httpx.MockTransport(answer),
    )
    async with client:
        await _read_many(client, 40)
        assert client.pace.allowed == 4
