"""kill -9 at 20 random moments of a 3,000-ID batch on the upstream server, then
resume: the 500 leads of its dataset all hold the value, the 2,500 IDs it does
not have are reported as no such lead, and every before-image is what the
server printed before the batch."""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path

from leadtui.ops.journal import Journal
from tests.integration.kill_anywhere import KILLS, kill_anywhere
from tests.integration.test_kill_anywhere import IDS, check_the_journal

DATASET_LEADS = range(1000, 1500)


def statuses(url: str) -> dict[int, str | None]:
    found: dict[int, str | None] = dict.fromkeys(IDS)
    for lead_id in DATASET_LEADS:
        form = urllib.parse.urlencode(
            {
                "source": "test",
                "user": "6666",
                "pass": "1234",
                "lead_id": lead_id,
                "field_name": "status",
                "function": "lead_field_info",
            }
        ).encode()
        with urllib.request.urlopen(url, data=form, timeout=30) as answer:
            found[lead_id] = answer.read().decode()
    return found


def test_kill_9_at_20_random_moments_then_resume(
    vicidial_url: str, tmp_path: Path
) -> None:
    before = statuses(vicidial_url)
    assert sum(1 for v in before.values() if v is not None) == len(DATASET_LEADS)
    report = kill_anywhere(vicidial_url, IDS, tmp_path)
    assert len(report.kills) == KILLS, report
    assert {"reading", "sending"} <= set(report.kills), report
    assert report.operation_id is not None
    journal = Journal(tmp_path / "journal.sqlite3")
    after = statuses(vicidial_url)
    check_the_journal(journal, report.operation_id, before, after, report)
