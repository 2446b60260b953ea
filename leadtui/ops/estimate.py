"""How long a batch will take, and what that figure is made of.

An estimate an operator can check: the reads (how many, how long each, how many
at once), the batch requests (how many, their fixed cost and their cost per
lead ID), and which of those numbers were measured on this server and which are
assumed. Reads run under the client's adaptive limit, so their time is a range:
from the pace the server allows now to the profile's ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass

#: seconds per lead ID in a batch_update_lead call, until one has been timed:
#: the upstream VICIdial 2.14-202 (php -S, MariaDB) took 33 ms per 1,000 IDs
ASSUMED_SECONDS_PER_ID = 0.000033
#: seconds the journal takes per lead of an operation (rows written with
#: synchronous=FULL, outcomes, the summary), until one has been timed here
ASSUMED_JOURNAL_SECONDS_PER_LEAD = 0.00008
#: how far a measured read pace is taken to vary from one run to the next
PACE_SPREAD = 0.15


@dataclass(frozen=True)
class Estimate:
    reads: int
    seconds_per_read: float
    #: reads in flight now, and at most (the adaptive limit and its ceiling)
    reads_at_once: int
    reads_at_most: int
    batches: int
    lead_ids: int
    seconds_per_batch: float
    seconds_per_id: float
    #: the per-ID cost was measured on this server (not assumed)
    per_id_measured: bool
    #: the pace bulk reads ran at on this server (this session or the last)
    reads_per_second: float | None = None
    #: seconds the journal takes per lead (writing the operation, its outcomes)
    journal_seconds_per_lead: float = 0.0

    def _reads(self, at_once: int) -> float:
        return self.reads * self.seconds_per_read / max(1, at_once)

    def _read_time(self, fast: bool) -> float:
        if self.reads_per_second:
            # a measured pace: the next run varies about as much as runs do
            spread = 1 - PACE_SPREAD if fast else 1 + PACE_SPREAD
            return self.reads / self.reads_per_second * spread
        return self._reads(self.reads_at_most if fast else self.reads_at_once)

    def _writes(self) -> float:
        at_once = max(1, min(self.batches, self.reads_at_once))
        total = (
            self.batches * self.seconds_per_batch + self.lead_ids * self.seconds_per_id
        )
        return total / at_once + self.lead_ids * self.journal_seconds_per_lead

    @property
    def shortest(self) -> float:
        return self._read_time(fast=True) + self._writes()

    @property
    def longest(self) -> float:
        return self._read_time(fast=False) + self._writes()

    def headline(self) -> str:
        """``about 40 s``, ``about 2–8 min``, ``under 1 s``."""
        low, high = self.shortest, self.longest
        if high < 1:
            return "under 1 s"
        if _duration(low) == _duration(high):
            return f"about {_duration(high)}"
        return f"about {_range(low, high)}"

    def drivers(self) -> str:
        """What the headline is made of, in one line."""
        parts = []
        if self.reads and self.reads_per_second:
            parts.append(
                f"{self.reads:,} reads at {self.reads_per_second:,.0f}/s "
                "(measured on this server)"
            )
        elif self.reads:
            at_once = (
                f"{self.reads_at_once} at once"
                if self.reads_at_once == self.reads_at_most
                else f"{self.reads_at_once}–{self.reads_at_most} at once"
            )
            parts.append(
                f"{self.reads:,} reads × {_ms(self.seconds_per_read)}, {at_once}"
            )
        if self.batches:
            per_id = _ms(self.seconds_per_id * 1000) + " per 1,000 IDs"
            if not self.per_id_measured:
                per_id += " (assumed until a batch has run)"
            parts.append(
                f"{self.batches:,} batch request"
                + ("" if self.batches == 1 else "s")
                + f" × {_ms(self.seconds_per_batch)} + {per_id}"
            )
        if self.lead_ids and self.journal_seconds_per_lead:
            journal = self.lead_ids * self.journal_seconds_per_lead
            parts.append(f"journal {_ms(journal)}")
        return "; ".join(parts)


def _ms(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.001 else "<1 ms"
    return f"{seconds:.1f} s"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def _range(low: float, high: float) -> str:
    a, b = _duration(low), _duration(high)
    unit_a, unit_b = a.split()[1], b.split()[1]
    if unit_a == unit_b:
        return f"{a.split()[0]}–{b}"
    return f"{a} – {b}"
