"""Fault knobs for tests: throttling, server errors, lost answers, missing results.

``rate_limit`` applies to the next N authenticated requests to a campaign the
key may use; every other knob is one-shot and applies to the next such
request that is not throttled and has a valid body.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

When = Literal["before", "after"]


@dataclass(frozen=True)
class Shot:
    """The one-shot faults taken for one request."""

    fail: When | None = None
    fail_status: int = 500
    hang_up: When | None = None
    delay: float = 0.0
    drop: frozenset[int] = frozenset()


@dataclass
class Faults:
    throttled: int = 0
    #: Seconds for ``Retry-After``; None leaves the header out.
    retry_after: float | None = 1.0
    #: Send ``Retry-After`` as an HTTP-date instead of seconds.
    retry_after_as_date: bool = False
    _next: Shot = field(default_factory=Shot)

    def rate_limit(
        self, times: int, retry_after: float | None = 1.0, *, as_date: bool = False
    ) -> None:
        """Answer the next ``times`` requests with 429 (nothing applied)."""
        self.throttled = times
        self.retry_after = retry_after
        self.retry_after_as_date = as_date

    def fail_next(self, *, applied: bool, status: int = 500) -> None:
        """Answer ``status`` to the next request, after applying it or without."""
        self._next = replace(
            self._next, fail="after" if applied else "before", fail_status=status
        )

    def hang_up_next(self, *, applied: bool) -> None:
        """Close the next connection without an answer, after applying or without."""
        self._next = replace(self._next, hang_up="after" if applied else "before")

    def delay_next(self, seconds: float) -> None:
        """Apply the next request, then wait ``seconds`` before answering."""
        self._next = replace(self._next, delay=seconds)

    def drop_results(self, *indexes: int) -> None:
        """Leave these items out of the next answer's ``results`` (still applied)."""
        self._next = replace(self._next, drop=frozenset(indexes))

    def take(self) -> Shot:
        """The pending one-shot faults, cleared."""
        shot, self._next = self._next, Shot()
        return shot
