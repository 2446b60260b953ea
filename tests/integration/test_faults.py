"""Faults mid-operation, through a loopback fault proxy in front of the server.

For every fault: exactly the affected request is journaled as unknown, nothing
unconfirmed is reported as success, and resume re-reads the leads and finishes
the job without sending any lead twice or leaving one out.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from leadtui.api.vicidial.client import VicidialClient
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.edit import save_edit
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import ChunkState, LeadOutcome, OperationState
from leadtui.ops.lead_actions import delete_leads
from leadtui.ops.resume import prepare_resume, run_resume
from leadtui.ops.search import read_full_lead
from leadtui.ops.session import Session
from tests.faults import Fault, FaultProxy

FAULTS = list(Fault)
SessionFactory = Callable[[Fault, str, int], Session]


@pytest.fixture
async def faulty(vicidial_url: str, journal: Journal) -> AsyncIterator[SessionFactory]:
    """``faulty(fault, function, nth)``: a session whose nth ``function`` call breaks."""
    proxies: list[FaultProxy] = []
    clients: list[VicidialClient] = []

    def make(fault: Fault, function: str, nth: int) -> Session:
        proxy = FaultProxy(vicidial_url, hang_seconds=2.0).__enter__()
        proxy.arm(fault, function=function, nth=nth)
        client = VicidialClient(
            proxy.url, "6666", "1234", source="test", timeout=1.0, concurrency=1
        )
        proxies.append(proxy)
        clients.append(client)
        return Session(client=client, journal=journal, profile="faults", concurrency=1)

    yield make
    for client in clients:
        await client.aclose()
    for proxy in proxies:
        proxy.__exit__(None, None, None)


def sent_in_last_run(journal: Journal, operation_id: int) -> set[int]:
    """The leads the operation's last run (its resume) sent."""
    last = journal.runs(operation_id)[-1].id
    return {
        i for c in journal.chunks(operation_id) if c.run_id == last for i in c.lead_ids
    }


async def statuses(client: VicidialClient, ids: tuple[int, ...]) -> set[str]:
    return {(await client.lead_field_info(i, "status")).value for i in ids}


@pytest.mark.parametrize("fault", FAULTS, ids=[f.value for f in FAULTS])
async def test_fault_mid_batch(faulty: SessionFactory, fault: Fault) -> None:
    session = faulty(fault, "batch_update_lead", 2)
    ids = tuple(range(1200, 1230))
    result = await run_batch(
        session, BatchPlan(lead_ids=ids, values={"status": "XFER"}, records=10)
    )
    journal = session.journal
    assert [c.state for c in journal.chunks(result.operation_id)] == [
        ChunkState.DONE,
        ChunkState.UNKNOWN,
        ChunkState.DONE,
    ]
    unknown = {
        i
        for i, (outcome, _) in result.verdicts.items()
        if outcome is LeadOutcome.UNKNOWN
    }
    assert unknown == set(ids[10:20])
    assert {o for i, (o, _) in result.verdicts.items() if i not in unknown} == {
        LeadOutcome.UPDATED
    }
    assert result.state is OperationState.PARTIAL

    plan = prepare_resume(session, result.operation_id)
    assert plan.lead_count == 10  # only the lost request's leads: nothing else
    resumed = await run_resume(session, plan)
    sent_again = sent_in_last_run(journal, result.operation_id)
    if fault.applies:
        assert resumed.run.get("applied") == 10 and not sent_again
    else:
        assert sent_again == set(ids[10:20]) and not resumed.run.get("applied")
    assert await statuses(session.client, ids) == {"XFER"}
    assert resumed.state is OperationState.DONE
    assert journal.operation(result.operation_id).state is OperationState.DONE


@pytest.mark.parametrize("fault", FAULTS, ids=[f.value for f in FAULTS])
async def test_fault_on_a_single_update(faulty: SessionFactory, fault: Fault) -> None:
    session = faulty(fault, "update_lead", 1)
    seen = (await read_full_lead(session.client, 1131)).lead
    saved = await save_edit(session, seen, {"status": "XFER", "first_name": "Faulty"})
    assert saved.result.verdicts[1131][0] is LeadOutcome.UNKNOWN
    plan = prepare_resume(session, saved.result.operation_id)
    resumed = await run_resume(session, plan)
    sent_again = sent_in_last_run(session.journal, saved.result.operation_id)
    assert bool(resumed.run.get("applied")) is fault.applies
    assert bool(sent_again) is not fault.applies
    assert resumed.state is OperationState.DONE
    lead = (await read_full_lead(session.client, 1131)).lead
    assert (lead.status, lead.first_name) == ("XFER", "Faulty")


@pytest.mark.parametrize("fault", FAULTS, ids=[f.value for f in FAULTS])
async def test_fault_on_a_delete(faulty: SessionFactory, fault: Fault) -> None:
    session = faulty(fault, "update_lead", 1)
    result = await delete_leads(session, [1140])
    assert result.verdicts[1140][0] is LeadOutcome.UNKNOWN
    row = session.journal.leads(result.operation_id)[0]
    assert (
        row.before and row.before["phone_number"] == "3125550140"
    )  # kept before sending
    plan = prepare_resume(session, result.operation_id)
    resumed = await run_resume(session, plan)
    assert bool(resumed.run.get("applied")) is fault.applies
    assert resumed.verdicts[1140][0] is LeadOutcome.DELETED
    assert resumed.state is OperationState.DONE
    from leadtui.api.vicidial import errors as e

    with pytest.raises(e.LeadNotFound):
        await session.client.lead_all_info(lead_id=1140)
