"""Custom fields, attacked: every lost answer of a custom edit, of clearing
custom data and of their undo is settled by resume without losing the
before-image; undo leaves alone what someone changed since; a value the column
cut is still recognised as the change's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.emulator import Emulator, FixedClock
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.edit import diff_edit, save_edit
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.lead_actions import clear_custom_data
from leadtui.ops.recovery import propose_undo
from leadtui.ops.results import OperationResult
from leadtui.ops.resume import prepare_resume, run_resume
from leadtui.ops.search import read_full_lead
from leadtui.ops.session import Session
from tests.conftest import FROZEN
from tests.fault_transport import AFTER_SENT, Fault, FaultTransport

pytestmark = pytest.mark.emulator_only

EXTRAS = Path(__file__).parents[1] / "fixtures" / "dataset-extras.json"
URL = "http://dialer.test/vicidial/non_agent_api.php"
HELD = {
    "lead_id": 1000,
    "cf_text": "hello",
    "cf_area": "multi\nline",
    "cf_pick": "A",
    "cf_date": "2020-02-02",
}


class World:
    def __init__(self, tmp_path: Path) -> None:
        self.emulator = Emulator.from_dataset(EXTRAS, now=FixedClock(FROZEN))
        self.transport = FaultTransport(self.emulator.transport())
        self.client = VicidialClient(
            URL, "6666", "1234", source="test", transport=self.transport
        )
        self.journal = Journal(tmp_path / "j.sqlite3")
        self.session = Session(
            client=self.client, journal=self.journal, profile="t", concurrency=2
        )

    def row(self, lead_id: int) -> dict[str, object] | None:
        """The lead's row in list 101's custom table, bypassing every fault."""
        return self.emulator.store.one("custom_101", "lead_id=?", [lead_id])

    def entry_list(self, lead_id: int) -> object:
        lead = self.emulator.store.one("vicidial_list", "lead_id=?", [lead_id])
        assert lead is not None
        return int(str(lead["entry_list_id"]))

    async def undo(self, operation_id: int) -> OperationResult:
        proposal = await propose_undo(self.session, operation_id)
        return await proposal.run(StopFlag(), None)

    async def settle(self, result: OperationResult) -> OperationResult:
        """Resume with every fault disarmed: the run must end DONE."""
        self.transport.disarm()
        plan = prepare_resume(self.session, result.operation_id)
        resumed = await run_resume(self.session, plan)
        assert resumed.state is OperationState.DONE, resumed
        return resumed


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    w = World(tmp_path)
    yield w
    await w.client.aclose()
    w.journal.close()


def norm(row: dict[str, object] | None) -> dict[str, object] | None:
    return None if row is None else {k: str(v or "") for k, v in row.items()}


@pytest.mark.parametrize("fault", AFTER_SENT, ids=[f.value for f in AFTER_SENT])
async def test_a_lost_answer_to_a_custom_edit_is_settled_and_undone(
    world: World, fault: Fault
) -> None:
    seen = await read_full_lead(world.client, 1000)
    world.transport.arm(fault, function="update_lead", nth=1)
    saved = await save_edit(world.session, seen.lead, {"custom:cf_text": "crm"})
    assert saved.result.verdicts[1000][0] is LeadOutcome.UNKNOWN
    assert world.row(1000)["cf_text"] == ("crm" if fault.applies else "hello")  # type: ignore[index]
    resumed = await world.settle(saved.result)
    assert resumed.verdicts[1000][0] is LeadOutcome.UPDATED
    assert world.row(1000)["cf_text"] == "crm"  # type: ignore[index]
    undone = await world.undo(saved.result.operation_id)
    assert undone.state is OperationState.DONE
    assert norm(world.row(1000)) == norm(HELD)


@pytest.mark.parametrize("fault", AFTER_SENT, ids=[f.value for f in AFTER_SENT])
async def test_a_lost_answer_to_clearing_keeps_the_values_undo_needs(
    world: World, fault: Fault
) -> None:
    """The resume re-reads a lead whose clear may have applied: its journaled
    before-image must still hold the values that were deleted."""
    world.transport.arm(fault, function="update_lead", nth=1)
    first = await clear_custom_data(world.session, [1000])
    assert first.verdicts[1000][0] is LeadOutcome.UNKNOWN
    assert (world.row(1000) is None) is fault.applies
    resumed = await world.settle(first)
    assert resumed.verdicts[1000][0] is LeadOutcome.UPDATED
    assert world.row(1000) is None and world.entry_list(1000) == 0
    undone = await world.undo(first.operation_id)
    assert undone.state is OperationState.DONE
    assert norm(world.row(1000)) == norm(HELD)
    assert world.entry_list(1000) == 101


@pytest.mark.parametrize("fault", AFTER_SENT, ids=[f.value for f in AFTER_SENT])
async def test_a_lost_answer_to_the_undo_of_a_first_custom_write(
    world: World, fault: Fault
) -> None:
    """Lead 1003 had no row and entry list 0: the undo deletes the row the edit
    made (delete_cf_data); its lost answer is settled by reading the lead."""
    await world.client.update_lead(
        UpdateLeadRequest(query=LeadQuery(lead_id=1003), values={"entry_list_id": "0"})
    )
    seen = await read_full_lead(world.client, 1003)
    saved = await save_edit(world.session, seen.lead, {"custom:cf_pick": "B"})
    assert world.row(1003) is not None and world.entry_list(1003) == 101
    proposal = await propose_undo(world.session, saved.result.operation_id)
    world.transport.arm(fault, function="update_lead", nth=1)
    undone = await proposal.run(StopFlag(), None)
    assert undone.verdicts[1003][0] is LeadOutcome.UNKNOWN
    resumed = await world.settle(undone)
    assert resumed.verdicts[1003][0] is LeadOutcome.UPDATED
    assert world.row(1003) is None and world.entry_list(1003) == 0


async def test_undo_leaves_alone_a_custom_value_someone_changed_since(
    world: World,
) -> None:
    seen = await read_full_lead(world.client, 1000)
    saved = await save_edit(
        world.session, seen.lead, {"custom:cf_text": "ours", "custom:cf_pick": "B"}
    )
    await world.client.update_lead(
        UpdateLeadRequest(
            query=LeadQuery(lead_id=1000), custom_fields={"cf_text": "theirs"}
        )
    )
    proposal = await propose_undo(world.session, saved.result.operation_id)
    assert proposal.leads == 0
    assert "custom:cf_text" in proposal.left_alone[1000]
    assert world.row(1000)["cf_text"] == "theirs"  # type: ignore[index]


async def test_a_value_the_column_cut_is_still_the_change(world: World) -> None:
    """cf_text is VARCHAR(10): the server keeps 'new value '; undo still knows
    the lead holds the change (the API does not say the column's length)."""
    seen = await read_full_lead(world.client, 1000)
    saved = await save_edit(
        world.session, seen.lead, {"custom:cf_text": "new value long"}
    )
    assert saved.after is not None
    assert saved.after.lead.custom_fields["cf_text"] == "new value "
    undone = await world.undo(saved.result.operation_id)
    assert undone.state is OperationState.DONE
    assert norm(world.row(1000)) == norm(HELD)


async def test_an_edit_refuses_what_the_server_would_not_store(world: World) -> None:
    seen = (await read_full_lead(world.client, 1000)).lead
    changes = {
        c.column: c
        for c in diff_edit(
            seen,
            {
                "custom:cf_text": 'a+b;"c',
                "custom:cf_area": "--BLANK--",
                "custom:cf_date": "x\\y",
                "custom:note": "n",
            },
        )
    }
    assert changes["custom:cf_text"].stored == "a bc"
    assert changes["custom:cf_area"].stored == ""
    assert "backslash" in (changes["custom:cf_date"].refused or "")
    assert "not a custom field of this lead's list" in (
        changes["custom:note"].refused or ""
    )
    sent = len(world.transport.sent)
    with pytest.raises(Exception, match="backslash"):
        await save_edit(world.session, seen, {"custom:cf_date": "x\\y"})
    assert len(world.transport.sent) == sent  # nothing left for the server
