"""The ``Retry-After`` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date."""

from __future__ import annotations

import math
from email.utils import parsedate_to_datetime


def _epoch(http_date: str) -> float | None:
    try:
        moment = parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # "-0000": HTTP-dates are always UTC
        return None
    return moment.timestamp()


def retry_after_seconds(
    value: str | None, *, date: str | None = None, now: float
) -> float | None:
    """Seconds to wait, or None if ``value`` is absent or unreadable.

    An HTTP-date is measured from the answer's own ``Date`` header when it has
    one (so a skewed local clock does not matter), else from ``now`` (epoch
    seconds). A date in the past means 0.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(seconds, 0.0) if math.isfinite(seconds) else None
    until = _epoch(text)
    if until is None:
        return None
    sent = _epoch(date) if date else None
    return max(until - (sent if sent is not None else now), 0.0)
