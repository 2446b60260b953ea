"""The composer's estimate takes the pace the last bulk read ran at on this
server: in the same session, and in the next one (remembered beside the journal)."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtui.api.vicidial.client import VicidialClient
from leadtui.emulator import Emulator
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.journal import Journal
from leadtui.ops.session import Session

pytestmark = pytest.mark.emulator_only

URL = "http://dialer.test/vicidial/non_agent_api.php"


def session_on(emulator: Emulator, journal: Path, user: str = "6666") -> Session:
    client = VicidialClient(
        URL, user, "1234", source="test", transport=emulator.transport()
    )
    return Session(client=client, journal=Journal(journal), profile="t")


async def test_a_bulk_read_sets_the_pace_for_this_session_and_the_next(
    emulator: Emulator, tmp_path: Path
) -> None:
    journal = tmp_path / "journal.sqlite3"
    first = session_on(emulator, journal)
    await first.client.version()
    await first.client.lead_all_info(lead_id=1000)
    cold = first.estimate(300, 300, 1)
    assert cold is not None and cold.reads_per_second is None
    plan = BatchPlan(lead_ids=tuple(range(1000, 1300)), values={"status": "NI"})
    await run_batch(first, plan)
    warm = first.estimate(300, 300, 1)
    assert warm is not None and warm.reads_per_second
    assert "measured on this server" in warm.drivers()
    await first.client.aclose()
    first.journal.close()
    assert (tmp_path / "pace.json").exists()

    later = session_on(emulator, journal)
    await later.client.lead_all_info(lead_id=1000)
    remembered = later.estimate(300, 300, 1)
    assert remembered is not None
    assert remembered.reads_per_second == pytest.approx(warm.reads_per_second)
    # another API user on the same server has its own pace
    other = session_on(emulator, journal, user="5555")
    await other.client.lead_all_info(lead_id=1000)
    assert other.estimate(300, 300, 1).reads_per_second is None  # type: ignore[union-attr]
    for session in (later, other):
        await session.client.aclose()
        session.journal.close()
