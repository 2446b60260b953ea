"""A supervisor's undo of a colleague's operation starts here: the operation, as
the team journal holds it, copied into this journal (once) so the ordinary
undo can plan, confirm and journal it as this operator's own."""

from __future__ import annotations

from leadtui.ops.dnc_operations import KINDS as DNC_KINDS
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import OperationState
from leadtui.ops.team_journal import TeamJournal, TeamJournalError


def adopt(
    team: TeamJournal, journal: Journal, journal_id: str, operation_id: int
) -> int:
    """The local id of another journal's operation copied in; refusals in words."""
    if journal_id == journal.journal_id:
        raise TeamJournalError(
            f"that is this journal's own operation: `leadtui undo {operation_id}` "
            "(or U in its log)"
        )
    op, leads = team.operation_leads(journal_id, operation_id)
    if op.state is OperationState.RUNNING:
        raise TeamJournalError(
            f"operation {operation_id} of {op.operator} is still running (as far as the "
            "team journal knows): undo it when it ends"
        )
    if op.kind in DNC_KINDS:
        raise TeamJournalError(
            "a DNC operation is undone from its operator's own leadtui (its numbers "
            "are journaled there, not in the team journal)"
        )
    return journal.adopt_operation(
        op, leads, {"journal_id": journal_id, "operation_id": operation_id}
    )
