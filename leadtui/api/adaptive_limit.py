"""How many requests a client keeps in flight: as many as make the server
answer faster, up to a ceiling the operator sets.

The limit climbs a hill of throughput. It starts at two and measures answers
per second over an epoch (at least a quarter of a second, and four answers per
allowed request) while every allowed request is busy. Then it tries a step:
up by half as many again, kept if that epoch answered at least 3 % more per
second; or down by a third, kept if it answered less than 3 % less. A kept
step is followed by another the same way; a step that did not pay is undone,
and the limit holds for a while before it tries the other way. So it settles
where fewer requests would answer slower and more would only queue at the
server (latency grows, throughput does not): the pace the server allows, and
no more load than that on a server shared with agents' screens.

It backs off on its own when the server gets slower: an epoch that answers
under 70 % of the reference rate lowers the limit by a quarter; and it halves
at once on trouble (once for the requests that were out together): an
overloaded gateway (502/503/504, 429) or a connection that failed. A crash answer (HTTP 500, as VICIdial gives for some leads) is
not trouble: it says nothing about load. Nothing on the wire is cancelled: a
lower limit only holds back the requests not yet started.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

#: a step up is kept only if answers per second rose at least this much, a step
#: down only if they fell less than this much: the same margin both ways, so
#: noise in the epochs' rates walks the limit neither down nor up (a wider margin
#: for a step down drifted it down to 3 on an 8-worker server where 8 was best)
MARGIN = 1.03
#: an epoch this far under the reference rate: the server got slower
COLLAPSE = 0.7
#: how a step up grows the limit
STEP = 1.5
#: epochs to stay put after a step up that did not pay
HOLD_EPOCHS = 12
#: an epoch lasts at least this long, and this many answers per allowed request
EPOCH_SECONDS = 0.5
EPOCH_ANSWERS = 4
#: statuses that mean "too much": a gateway or the server shedding load
OVERLOAD_STATUSES = frozenset({429, 502, 503, 504})


@dataclass
class Slot:
    """One request's place; the client says how it went before releasing it."""

    started: float = field(default_factory=time.monotonic)
    trouble: bool = False

    def overloaded(self) -> None:
        self.trouble = True


class AdaptiveLimit:
    """An asyncio limit on requests in flight that adapts to the answers."""

    def __init__(
        self, ceiling: int, *, start: int | None = None, adaptive: bool = True
    ) -> None:
        self.ceiling = max(1, ceiling)
        self.adaptive = adaptive
        first = (self.ceiling + 1) // 2 if start is None else start
        self.limit = min(self.ceiling, first) if adaptive else self.ceiling
        self.in_flight = 0
        self.peak = 0
        self._waiting: deque[asyncio.Future[None]] = deque()
        # the epoch being measured
        self._epoch_start: float | None = None
        self._epoch_answers = 0
        self._epoch_busy = 0
        # the hill climb
        self._rate: float | None = None  # answers per second at the current limit
        #: (limit, rate, direction) before the step this epoch measures
        self._before: tuple[int, float, int] | None = None
        self._next = 1  # the direction of the next step tried
        self._hold = 0
        self._answers = 0
        self._calm_until = 0

    @property
    def allowed(self) -> int:
        return max(1, self.limit)

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
        slot = Slot()
        try:
            yield slot
        except BaseException:  # no answer: a failed connection, or cancelled
            slot.trouble = True
            raise
        finally:
            busy = self.in_flight >= self.allowed or bool(self._waiting)
            self.in_flight -= 1
            self.observe(slot.trouble, busy=busy)
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

    def observe(self, trouble: bool, *, busy: bool, now: float | None = None) -> None:
        """Count one answer: whether it was trouble, and whether every allowed
        request was taken when it came (only such epochs measure the server)."""
        if not self.adaptive:
            return
        now = time.monotonic() if now is None else now
        self._answers += 1
        if trouble:
            # the requests already out when it halved met the same trouble:
            # their answers do not halve it again
            if self._answers >= self._calm_until:
                self._calm_until = self._answers + self.allowed
                self._set(self.allowed // 2)
                self._before, self._rate, self._hold = None, None, HOLD_EPOCHS
            return
        if self._epoch_start is None:
            self._epoch_start = now
            return
        self._epoch_answers += 1
        self._epoch_busy += busy
        elapsed = now - self._epoch_start
        if (
            elapsed < EPOCH_SECONDS
            or self._epoch_answers < EPOCH_ANSWERS * self.allowed
        ):
            return
        rate = self._epoch_answers / elapsed
        saturated = self._epoch_busy * 2 >= self._epoch_answers
        self._epoch_start, self._epoch_answers, self._epoch_busy = now, 0, 0
        if saturated:
            self._climb(rate)

    def _climb(self, rate: float) -> None:
        if self._before is not None:  # this epoch measured a step
            limit, before, direction = self._before
            self._before = None
            kept = rate >= before * MARGIN if direction > 0 else rate * MARGIN >= before
            if kept:  # worth it (up), or cost nothing (down): go on that way
                self._rate = rate
                self._step(direction, rate)
            else:
                self._set(limit)
                self._rate, self._hold = before, HOLD_EPOCHS
                self._next = -direction
            return
        if self._rate is not None and rate < self._rate * COLLAPSE:
            self._set(self.allowed - max(1, self.allowed // 4))
            self._rate, self._hold = None, HOLD_EPOCHS
            return
        self._rate = rate if self._rate is None else self._rate * 0.7 + rate * 0.3
        if self._hold > 0:
            self._hold -= 1
            return
        self._step(self._next, self._rate)
        self._next = -self._next

    def _step(self, direction: int, rate: float) -> None:
        """Try one step: up by half as many again, or down by a third."""
        if direction > 0:
            to = max(self.allowed + 1, round(self.allowed * STEP))
        else:
            to = min(self.allowed - 1, round(self.allowed / STEP))
        to = max(1, min(self.ceiling, to))
        if to == self.allowed:
            return
        self._before = (self.allowed, rate, direction)
        self._set(to)

    def _set(self, limit: int) -> None:
        self.limit = max(1, min(self.ceiling, limit))
        self._epoch_start, self._epoch_answers, self._epoch_busy = None, 0, 0
        self._wake()
