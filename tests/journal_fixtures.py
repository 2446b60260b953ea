"""Journals with operations in them, for tests that read journals (completion)."""

from __future__ import annotations

from pathlib import Path

from leadtui.ops.journal import Journal
from leadtui.ops.journal_operations import NewLead


def journal_with_operations(path: Path, count: int) -> None:
    """A journal at ``path`` holding ``count`` one-lead batch operations (1…count)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    journal = Journal(path)
    for _ in range(count):
        _, lock = journal.create_operation(
            kind="batch",
            profile="p",
            backend="vicidial",
            server="http://x",
            api_user="6666",
            params={"groups": [{"function": "batch_update_lead"}]},
            leads=[NewLead(1001, 0, {"status": "NI"})],
        )
        lock.release()
    journal.close()
