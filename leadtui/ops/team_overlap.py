"""Two operators, same leads: what the team journal says others are doing to
the leads an operation is about to change, in words for the confirmation."""

from __future__ import annotations

import time
from collections.abc import Iterable

from leadtui.ops.journal import Journal
from leadtui.ops.team_journal import TeamJournal, TeamJournalError
from leadtui.ops.wording import operation_kind

#: another operator's operation this recent (or still running) is shown
RECENT_HOURS = 2


def others_on_these_leads(
    team: TeamJournal,
    journal: Journal,
    server: str,
    lead_ids: Iterable[int],
    *,
    hours: float = RECENT_HOURS,
    now: float | None = None,
) -> list[str]:
    """One line per other operator's running or recent operation on any of the
    leads; a line saying the check could not be made when the team is away."""
    since = time.strftime(
        "%Y-%m-%d %H:%M:%S", time.localtime((now or time.time()) - hours * 3600)
    )
    try:
        found = team.overlapping(
            own_journal=journal.journal_id,
            server=server,
            lead_ids=lead_ids,
            since=since,
        )
    except TeamJournalError as error:
        return [f"could not check other operators' work on these leads: {error}"]
    lines = []
    for other, shared in found:
        op = other.operation
        when = (
            f"running since {op.started_at}"
            if op.state.value == "running"
            else f"{op.state.value}, {op.finished_at or op.started_at}"
        )
        lines.append(
            f"{other.operator} — {operation_kind(op)}, operation {op.id} of journal "
            f"{other.journal_id[:8]} ({when}): {shared:,} of these leads. "
            f"{op.describe()}"
        )
    return lines
