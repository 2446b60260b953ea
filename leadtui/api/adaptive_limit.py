"""How many requests a client keeps in flight: as many as the server answers
without queueing them, up to a ceiling the operator sets.

An additive-increase, multiplicative-decrease limit in the manner of TCP Vegas
and of concurrency-limit libraries. The baseline is the fastest answer seen,
and the latency of a request that was alone on the wire (nothing of ours queued
ahead of it at the server) moves it, so a server that became slower is learnt
once the limit has come down to one. The limit starts low, rises by one request
per round while the answers come within 1.5× the baseline, eases by a tenth a
round when they take over twice it (the server is queueing our requests), and
halves on trouble: an overloaded gateway (502/503/504, 429) or a connection
that failed. Nothing on the wire is
cancelled: a lower limit only holds back the requests not yet started.

A crash answer (HTTP 500, as VICIdial gives for some leads) is not trouble: it
says nothing about load and is judged by its latency like any other answer.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

#: answers this much slower than the baseline mean the server is queueing them
SLOW = 2.0
#: answers within this of the baseline leave room for one more request
FAST = 1.5
#: how far one slow answer eases the limit (one per round at most)
EASE = 0.9
#: a request alone on the wire moves the baseline this far towards its latency
ALONE_WEIGHT = 0.2
#: statuses that mean "too much": a gateway or the server shedding load
OVERLOAD_STATUSES = frozenset({429, 502, 503, 504})


@dataclass
class Slot:
    """One request's place; the client says how it went before releasing it."""

    started: float = field(default_factory=time.monotonic)
    trouble: bool = False
    #: no other request of this client was in flight when it started
    alone: bool = False

    def overloaded(self) -> None:
        self.trouble = True


class AdaptiveLimit:
    """An asyncio limit on requests in flight that adapts to the answers."""

    def __init__(self, ceiling: int, *, start: int = 2, adaptive: bool = True) -> None:
        self.ceiling = max(1, ceiling)
        self.adaptive = adaptive
        self.limit = float(min(self.ceiling, start) if adaptive else self.ceiling)
        self.in_flight = 0
        self.peak = 0
        #: the fastest recent answer, seconds (None until the first)
        self.baseline: float | None = None
        # the answers to requests already out when the limit went down saw the
        # same queue: none of them lowers it again
        self._calm_until = 0
        self._completions = 0
        self._waiting: deque[asyncio.Future[None]] = deque()

    @property
    def allowed(self) -> int:
        return max(1, int(self.limit))

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[Slot]:
        while self.in_flight >= self.allowed:
            waiter = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter in self._waiting:  # cancelled while it waited
                    self._waiting.remove(waiter)
                elif not waiter.cancelled():  # woken, then cancelled: pass it on
                    self._wake()
                raise
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        slot = Slot(alone=self.in_flight == 1)
        try:
            yield slot
        except BaseException:  # no answer: a failed connection, or cancelled
            slot.trouble = True
            raise
        finally:
            busy = self.in_flight >= self.allowed
            self.in_flight -= 1
            self.observe(
                time.monotonic() - slot.started,
                slot.trouble,
                busy=busy,
                alone=slot.alone,
            )
            self._wake()

    def _wake(self) -> None:
        """Let as many waiting requests go as there is room for (no await: a
        release during a cancellation still wakes the next one)."""
        room = self.allowed - self.in_flight
        while room > 0 and self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                room -= 1

    def observe(
        self, seconds: float, trouble: bool, *, busy: bool = True, alone: bool = False
    ) -> None:
        """Adapt to one answer: its latency, whether it was trouble, whether every
        allowed request was in flight when it came (only then does a fast answer
        show room for more) and whether it was alone on the wire."""
        self._completions += 1
        if not self.adaptive:
            return
        if trouble:
            self._lower(self.limit / 2)
            return
        if self.baseline is None or seconds < self.baseline:
            self.baseline = seconds
        elif alone:
            self.baseline += (seconds - self.baseline) * ALONE_WEIGHT
        floor = max(self.baseline, 0.0005)
        if seconds > floor * SLOW:
            self._lower(self.limit * EASE)
        elif seconds <= floor * FAST and busy:
            self.limit = min(float(self.ceiling), self.limit + 1 / self.allowed)

    def _lower(self, to: float) -> None:
        if self._completions < self._calm_until:
            return
        self._calm_until = self._completions + self.allowed
        self.limit = max(1.0, to)
