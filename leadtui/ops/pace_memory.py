"""The pace each server's reads ran at, remembered between sessions.

An estimate made before anything has been read in this session (the composer's
first one) uses the read rate the last bulk read on the same server and API
user achieved, kept in ``pace.json`` beside the journal. A file that cannot be
read is as good as none: the estimate falls back to the latencies measured now.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class RememberedPace:
    #: leads read per second (None: no bulk read yet)
    reads_per_second: float | None = None
    #: how many leads the figure was measured over
    reads: int = 0
    #: seconds a batch_update_lead call took per lead ID
    seconds_per_batch_id: float | None = None
    #: seconds the journal took per lead of an operation
    journal_seconds_per_lead: float | None = None

    def blended(self, newer: RememberedPace) -> RememberedPace:
        """The newer figures averaged with these (one run varies ±20 %)."""

        def mix(old: float | None, new: float | None) -> float | None:
            if new is None:
                return old
            return new if old is None else (old + new) / 2

        return RememberedPace(
            reads_per_second=mix(self.reads_per_second, newer.reads_per_second),
            reads=max(self.reads, newer.reads),
            seconds_per_batch_id=mix(
                self.seconds_per_batch_id, newer.seconds_per_batch_id
            ),
            journal_seconds_per_lead=mix(
                self.journal_seconds_per_lead, newer.journal_seconds_per_lead
            ),
        )


def pace_file(journal_path: Path) -> Path | None:
    """``pace.json`` beside the journal (None for an in-memory journal)."""
    if str(journal_path) == ":memory:":
        return None
    return journal_path.with_name("pace.json")


def _load(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _positive(entry: dict[str, object], name: str) -> float | None:
    value = entry.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value > 0 else None


def recall(path: Path | None, key: str) -> RememberedPace | None:
    if path is None:
        return None
    entry = _load(path).get(key)
    if not isinstance(entry, dict):
        return None
    reads = entry.get("reads")
    pace = RememberedPace(
        reads_per_second=_positive(entry, "reads_per_second"),
        reads=reads if isinstance(reads, int) and reads > 0 else 0,
        seconds_per_batch_id=_positive(entry, "seconds_per_batch_id"),
        journal_seconds_per_lead=_positive(entry, "journal_seconds_per_lead"),
    )
    useful = (
        pace.reads_per_second,
        pace.seconds_per_batch_id,
        pace.journal_seconds_per_lead,
    )
    return pace if any(v is not None for v in useful) else None


def remember(path: Path | None, key: str, pace: RememberedPace) -> None:
    """Write atomically (0600); a failure to write loses only the figure."""
    if path is None:
        return
    data = _load(path)
    data[key] = asdict(pace)
    with contextlib.suppress(OSError):
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pace-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1, sort_keys=True)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
