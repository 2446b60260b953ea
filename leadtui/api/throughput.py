"""Leads read per second over a stretch of reads: the pace bulk reads really
run at, with the server's workers, the network and the client's own cost (and
whatever its caller does between reads) in it.

The adaptive limit decides how many requests go out at once; this measures what
that gave. A stretch goes on while reads follow each other with pauses of at
most ``GAP`` seconds, and counts once it has at least ``bulk`` answers (a
search's handful of reads measures one round trip, not a pace).
"""

from __future__ import annotations

import time
from collections.abc import Callable

BULK = 200
GAP = 0.5


class ThroughputMeter:
    def __init__(
        self, clock: Callable[[], float] = time.monotonic, bulk: int = BULK
    ) -> None:
        self._clock = clock
        self.bulk = bulk
        self.in_flight = 0
        self._answers = 0  # in the stretch running now
        self._since = 0.0
        self._last_end: float | None = None
        #: (answers, seconds) of the latest stretch of at least ``bulk`` answers
        self.last: tuple[int, float] | None = None

    def started(self) -> None:
        now = self._clock()
        if self.in_flight == 0 and (
            self._last_end is None or now - self._last_end > GAP
        ):
            self._since, self._answers = now, 0  # a new stretch
        self.in_flight += 1

    def ended(self, counted: bool = True) -> None:
        """One read answered; ``counted`` False for a read that only completes
        another (a field read after a record the server could not print)."""
        now = self._clock()
        self.in_flight -= 1
        self._answers += counted
        self._last_end = now
        if self._answers >= self.bulk and now > self._since:
            self.last = (self._answers, now - self._since)

    @property
    def answers(self) -> int:
        """Answers the pace stands on (0: no bulk stretch yet)."""
        return self.last[0] if self.last else 0

    def per_second(self) -> float | None:
        if self.last is None:
            return None
        answers, seconds = self.last
        return answers / seconds
