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


def settle(limit: AdaptiveLimit, capacity: int, rounds: int = 400) -> list[int]:
    """A server with ``capacity`` workers, 10 ms a request: ``allowed`` requests
    in flight come back in 10 ms × max(1, allowed / capacity). Returns the
    allowed count after each round. The first request goes alone (the client
    proves its login with one request before it sends more)."""
    limit.observe(0.010, False, busy=False, alone=True)
    seen = []
    for _ in range(rounds):
        allowed = limit.allowed
        latency = 0.010 * max(1.0, allowed / capacity)
        for _ in range(allowed):
            limit.observe(latency, False, busy=True, alone=allowed == 1)
        seen.append(limit.allowed)
    return seen


@pytest.mark.parametrize("capacity", [1, 2, 4, 8, 24])
def test_it_settles_at_the_servers_capacity(capacity: int) -> None:
    limit = AdaptiveLimit(64)
    seen = settle(limit, capacity)
    last = seen[-100:]
    # no queueing below capacity, and never more than twice its queue
    assert min(last) >= capacity and max(last) <= 2 * capacity, (capacity, last)


def test_it_never_passes_the_ceiling_however_fast_the_server() -> None:
    limit = AdaptiveLimit(6)
    assert max(settle(limit, capacity=100)) == 6


def test_it_starts_low() -> None:
    assert AdaptiveLimit(32).allowed == 2
    assert AdaptiveLimit(1).allowed == 1


def test_it_follows_a_server_that_gets_busier() -> None:
    limit = AdaptiveLimit(64)
    settle(limit, capacity=16)
    assert limit.allowed >= 16
    seen = settle(limit, capacity=2, rounds=600)
    assert max(seen[-100:]) <= 4


def test_shed_load_halves_it_once_a_round_and_never_below_one() -> None:
    limit = AdaptiveLimit(64)
    settle(limit, capacity=16)
    before = limit.allowed
    for _ in range(before):  # one round of 503s
        limit.observe(0.010, True)
    assert limit.allowed == before // 2
    for _ in range(500):
        limit.observe(0.010, True)
    assert limit.allowed == 1


def test_a_fast_answer_from_an_idle_pool_is_no_reason_to_grow() -> None:
    """One lead edited now and then: every answer fast, never all slots busy."""
    limit = AdaptiveLimit(16)
    for _ in range(1000):
        limit.observe(0.010, False, busy=False)
    assert limit.allowed == 2


def test_a_fixed_limit_never_moves() -> None:
    limit = AdaptiveLimit(4, adaptive=False)
    for _ in range(100):
        limit.observe(5.0, True)
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
        client.pace.limit = 8.0
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
