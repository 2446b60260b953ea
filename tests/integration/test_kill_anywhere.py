"""kill -9 at 20 random moments of a 3,000-lead batch with before-images (reads and
sends), a resume after each, and one to the end: every lead is right."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtui.emulator import Emulator, EmulatorServer
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import LeadOutcome, LeadPhase, OperationState
from tests.integration.kill_anywhere import KILLS, kill_anywhere

IDS = list(range(1000, 4000))


def check_the_journal(
    journal: Journal,
    operation_id: int,
    before: dict[int, str | None],
    after: dict[int, str | None],
    report: object,
) -> None:
    assert journal.integrity_ok()
    op = journal.operation(operation_id)
    missing = any(v is None for v in before.values())
    # IDs that are no lead on the server leave the batch partial, nothing else does
    expected = OperationState.PARTIAL if missing else OperationState.DONE
    assert op.state is expected, (report, op.summary)
    rows = {r.lead_id: r for r in journal.leads(operation_id)}
    assert set(rows) == set(before)
    for lead_id, row in rows.items():
        assert row.phase is LeadPhase.SETTLED, (report, row)
        if before[lead_id] is None:
            assert row.outcome is LeadOutcome.NOT_FOUND, (report, row)
            continue
        assert after[lead_id] == "XFER", (report, lead_id)
        if before[lead_id] == "XFER":
            assert row.outcome in (LeadOutcome.UNCHANGED, LeadOutcome.UPDATED), row
        else:
            assert row.outcome is LeadOutcome.UPDATED, (report, row)
        # the before-image is what the lead held before the batch, kills or not
        assert row.before is not None and row.before["status"] == before[lead_id], (
            report,
            row,
        )


def statuses(emulator: Emulator) -> dict[int, str | None]:
    found: dict[int, str | None] = dict.fromkeys(IDS)
    for row in emulator.store.select("vicidial_list"):
        if row["lead_id"] in found:
            found[int(row["lead_id"])] = str(row["status"])
    return found


@pytest.mark.emulator_only
def test_kill_9_at_20_random_moments_then_resume(tmp_path: Path) -> None:
    emulator = Emulator.demo()
    before = statuses(emulator)
    assert all(before.values()) and len(before) == 3000
    with EmulatorServer(emulator) as server:
        report = kill_anywhere(server.url, IDS, tmp_path)
    assert len(report.kills) == KILLS, report
    assert {"reading", "sending"} <= set(report.kills), report
    assert report.operation_id is not None
    journal = Journal(tmp_path / "journal.sqlite3")
    runs = journal.runs(report.operation_id)
    assert len(runs) >= 2, report
    check_the_journal(journal, report.operation_id, before, statuses(emulator), report)
