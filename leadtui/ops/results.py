"""What an operation's run reports: progress while it runs, the result after."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.reconcile import Verdict


@dataclass(frozen=True, slots=True)
class Progress:
    phase: str  # "verifying", "reading" (before-images) or "sending"
    done: int
    total: int
    failed: int = 0


ProgressCallback = Callable[[Progress], None]


@dataclass
class OperationResult:
    operation_id: int
    state: OperationState = OperationState.RUNNING
    verdicts: dict[int, Verdict] = field(default_factory=dict)
    requests: int = 0
    error: str = ""
    notes: list[str] = field(default_factory=list)
    #: what this run did (verified, applied, read, sent, held …)
    run: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for outcome, _ in self.verdicts.values():
            counts[outcome.value] = counts.get(outcome.value, 0) + 1
        return counts

    def not_changed(self) -> dict[int, Verdict]:
        """Every lead the operation did not change, and why."""
        return {
            lead_id: verdict
            for lead_id, verdict in self.verdicts.items()
            if not verdict[0].changed and verdict[0] is not LeadOutcome.MATCHED
        }
