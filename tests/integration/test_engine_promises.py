"""Every way the operation engine broke its promise on the old main, as a test.

Each test names the hazard it attacks (issue 14's list). The emulator answers
in process, behind a transport that breaks exchanges the way networks and
servers do, and a journal that can "die" at any commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from leadtui.api.vicidial.client import VicidialClient
from leadtui.emulator import Emulator
from leadtui.ops import engine as engine_module
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.engine import drive
from leadtui.ops.journal import Journal
from leadtui.ops.journal_errors import JournalError, OperationBusy
from leadtui.ops.journal_models import (
    ChunkState,
    LeadOutcome,
    LeadPhase,
    OperationState,
)
from leadtui.ops.lead_actions import delete_leads
from leadtui.ops.ownership import OperationRefused
from leadtui.ops.resume import prepare_resume, run_resume
from leadtui.ops.session import Session
from leadtui.ops.undo import prepare_undo, run_undo
from tests.fault_transport import (
    AFTER_SENT,
    Crash,
    CrashingJournal,
    Fault,
    FaultTransport,
)

pytestmark = pytest.mark.emulator_only

URL = "http://dialer.test/vicidial/non_agent_api.php"
IDS = tuple(range(1200, 1212))  # 1209 holds an apostrophe: its lead_all_info is a 500


def value(emulator: Emulator, lead_id: int, column: str) -> str | None:
    """What the server holds (None: no such lead), bypassing every fault."""
    _, _, body = emulator.handle(
        "POST",
        "/vicidial/non_agent_api.php",
        f"source=test&user=6666&pass=1234&lead_id={lead_id}&field_name={column}"
        "&function=lead_field_info".encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    text = body.decode()
    return None if text.startswith("ERROR:") else text


@dataclass
class World:
    emulator: Emulator
    transport: FaultTransport
    path: Path
    journal: CrashingJournal
    session: Session
    clients: list[VicidialClient]

    def statuses(self, ids: tuple[int, ...] = IDS) -> set[str | None]:
        return {value(self.emulator, i, "status") for i in ids}

    def snapshot(self, ids: tuple[int, ...] = IDS) -> dict[int, str | None]:
        return {i: value(self.emulator, i, "status") for i in ids}

    def reopen(self, *, password: str = "1234", url: str = URL) -> Session:
        """A new process on the same journal file (the old one died or quit)."""
        journal = CrashingJournal(self.path)
        journal.mark_interrupted()
        self.journal = journal
        client = VicidialClient(
            url, "6666", password, source="test", transport=self.transport
        )
        self.clients.append(client)
        self.session = Session(
            client=client, journal=journal, profile="t", records_cap=3, concurrency=2
        )
        return self.session

    def batches_sent(self) -> int:
        return sum(1 for f, _ in self.transport.sent if f == "batch_update_lead")


@pytest.fixture
async def world(emulator: Emulator, tmp_path: Path) -> AsyncIterator[World]:
    transport = FaultTransport(emulator.transport())
    path = tmp_path / "journal.sqlite3"
    w = World(emulator, transport, path, CrashingJournal(path), None, [])  # type: ignore[arg-type]
    w.journal.close()
    w.reopen()
    yield w
    for client in w.clients:
        await client.aclose()


def xfer(ids: tuple[int, ...] = IDS, records: int = 3) -> BatchPlan:
    return BatchPlan(lead_ids=ids, values={"status": "XFER"}, records=records)


# --- killed during the before-image reads -------------------------------------------


async def test_a_kill_during_the_reads_leaves_every_lead_to_send(world: World) -> None:
    """Old main: no chunks yet, so resume said "0 to send" and settled the batch."""
    original = world.snapshot()
    world.transport.arm(Fault.CRASH_BEFORE, function="lead_all_info", nth=7)
    world.transport.on_crash = world.journal.crash
    with pytest.raises(Crash):
        await run_batch(world.session, xfer())
    assert world.snapshot() == original
    session = world.reopen()
    [op] = session.journal.operations()
    assert op.state is OperationState.INTERRUPTED
    plan = prepare_resume(session, op.id)
    assert plan.unsent == len(IDS) and not plan.empty
    result = await run_resume(session, plan)
    assert result.state is OperationState.DONE
    assert world.statuses() == {"XFER"}
    assert {v[0] for v in result.verdicts.values()} == {LeadOutcome.UPDATED}
    rows = session.journal.leads(op.id)
    assert {r.lead_id: (r.before or {}).get("status") for r in rows} == original


@pytest.mark.parametrize("commit", [2, 3, 4, 5, 6, 7, 8, 9])
async def test_a_crash_at_any_commit_is_finished_by_resume(
    world: World, commit: int
) -> None:
    original = world.snapshot()
    world.journal.crash_at = commit
    with pytest.raises(Crash):
        await run_batch(world.session, xfer())
    session = world.reopen()
    op_id = max([0, *(o.id for o in session.journal.operations())])
    if op_id == 0:  # died before the operation was journaled: nothing was sent
        assert world.snapshot() == original and world.batches_sent() == 0
        return
    result = await run_resume(session, prepare_resume(session, op_id))
    assert result.state is OperationState.DONE, result.verdicts
    assert world.statuses() == {"XFER"}


# --- connection failures mid-batch ----------------------------------------------------


async def test_a_refused_connection_mid_batch_holds_the_rest_for_resume(
    world: World,
) -> None:
    """Old main: chunks in state failed were not open for resume: never sent."""
    original = world.snapshot()
    world.transport.arm(Fault.REFUSED, function="batch_update_lead", nth=2)
    first = await run_batch(world.session, xfer(), before_images=False)
    assert first.state is OperationState.FAILED
    held = {i for i, (o, _) in first.verdicts.items() if o is LeadOutcome.SKIPPED}
    assert held and all(world.snapshot()[i] == original[i] for i in held)
    plan = prepare_resume(world.session, first.operation_id)
    assert plan.unsent == len(held)
    result = await run_resume(world.session, plan)
    assert result.state is OperationState.DONE
    assert world.statuses() == {"XFER"}


# --- foreign text answered to a read ----------------------------------------------------


@pytest.mark.parametrize("fault", [Fault.HTML_200, Fault.HTML_502])
async def test_an_html_page_answered_to_a_read_is_never_a_value(
    world: World, fault: Fault
) -> None:
    """Old main: a 502 page read with lead_field_info became a before-image, and
    undo then wrote it into the lead. Lead 1009 holds an apostrophe, so its
    lead_all_info is a 500 and its status is read with lead_field_info."""
    ids = (1009, 1010)
    original = {i: value(world.emulator, i, "status") for i in ids}
    world.transport.arm(fault, function="lead_field_info", nth=1)
    first = await run_batch(world.session, xfer(ids))
    rows = {r.lead_id: r for r in world.journal.leads(first.operation_id)}
    assert rows[1009].phase is LeadPhase.HELD  # unreadable: not written blind
    assert value(world.emulator, 1009, "status") == original[1009]
    for row in rows.values():
        assert "html" not in str(row.before).lower()
    await run_resume(world.session, prepare_resume(world.session, first.operation_id))
    assert world.statuses(ids) == {"XFER"}
    rows = {r.lead_id: r for r in world.journal.leads(first.operation_id)}
    assert {i: (r.before or {}).get("status") for i, r in rows.items()} == original
    undo = await prepare_undo(world.session, first.operation_id)
    await run_undo(world.session, undo)
    assert {i: value(world.emulator, i, "status") for i in ids} == original


# --- an empty 200 to a write -------------------------------------------------------------


async def test_an_empty_200_to_a_batch_is_unknown_and_verified_by_resume(
    world: World,
) -> None:
    """Old main: reconciled as "all matched" and reported updated."""
    world.transport.arm(Fault.EMPTY_200, function="batch_update_lead", nth=1)
    first = await run_batch(world.session, xfer(records=20))
    assert {o for o, _ in first.verdicts.values()} == {LeadOutcome.UNKNOWN}
    assert first.state is OperationState.PARTIAL
    sent = world.batches_sent()
    result = await run_resume(
        world.session, prepare_resume(world.session, first.operation_id)
    )
    assert result.run.get("applied") == len(IDS)  # read back: the request did apply
    assert world.batches_sent() == sent  # and nothing was sent twice
    assert result.state is OperationState.DONE


# --- Esc, twice; quitting ---------------------------------------------------------------


async def test_esc_twice_lets_the_requests_on_the_wire_finish_and_journals_them(
    world: World,
) -> None:
    """Old main: Esc cancelled requests on the wire and journaled them skipped."""
    stop = StopFlag()
    seen: list[str] = []

    def press_esc(function: str) -> None:
        seen.append(function)
        if function == "batch_update_lead" and seen.count(function) == 2:
            stop.set()
            assert not stop.set()  # the second Esc adds nothing

    world.transport.hooks.append(press_esc)
    result = await run_batch(world.session, xfer(), before_images=False, stop=stop)
    assert result.state is OperationState.CANCELLED
    chunks = world.journal.chunks(result.operation_id)
    done = [c for c in chunks if c.state is ChunkState.DONE]
    assert len(done) == world.batches_sent() == 2  # both on the wire: answered
    assert {c.state for c in chunks} <= {ChunkState.DONE, ChunkState.SKIPPED}
    for chunk in done:
        for lead_id in chunk.lead_ids:
            assert result.verdicts[lead_id][0] is LeadOutcome.MATCHED
            assert value(world.emulator, lead_id, "status") == "XFER"
    rows = world.journal.leads(result.operation_id)
    assert {r.phase for r in rows} <= {LeadPhase.SETTLED, LeadPhase.HELD}
    resumed = await run_resume(
        world.session, prepare_resume(world.session, result.operation_id)
    )
    assert resumed.state is OperationState.DONE and world.statuses() == {"XFER"}


async def test_a_cancelled_task_still_journals_the_request_on_the_wire(
    world: World,
) -> None:
    """The path Ctrl+Q and a cancelled worker took: the answer must be journaled."""
    gate = asyncio.Event()
    release = asyncio.Event()
    inner = world.transport.inner

    async def slow(request):
        response = await original(request)
        gate.set()
        await release.wait()
        return response

    original = inner.handle_async_request
    inner.handle_async_request = slow  # type: ignore[method-assign]
    task = asyncio.create_task(
        run_batch(world.session, xfer(records=20), before_images=False)
    )
    await gate.wait()  # the request was applied; its answer is on the way
    task.cancel()
    await asyncio.sleep(0.05)
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    [op] = world.journal.operations()
    rows = world.journal.leads(op.id)
    assert {r.outcome for r in rows} == {LeadOutcome.MATCHED}  # journaled, not lost
    assert world.journal.operation(op.id).state is not OperationState.RUNNING


# --- an operation belongs to its server and to one process --------------------------------


async def test_resume_and_undo_refuse_an_operation_of_another_server(
    world: World,
) -> None:
    """Old main: staging's batch resumed or undone on whatever session was current."""
    world.transport.arm(Fault.REFUSED, function="batch_update_lead", nth=2)
    first = await run_batch(world.session, xfer())
    other = world.reopen(url="http://production.test/vicidial/non_agent_api.php")
    sent = len(world.transport.sent)
    with pytest.raises(OperationRefused, match=r"dialer\.test"):
        prepare_resume(other, first.operation_id)
    with pytest.raises(OperationRefused):
        await drive(other, first.operation_id, resume=True)
    with pytest.raises(OperationRefused):
        await prepare_undo(other, first.operation_id)
    assert len(world.transport.sent) == sent  # nothing reached any server


async def test_resume_refuses_an_operation_a_live_process_runs(world: World) -> None:
    world.transport.arm(Fault.REFUSED, function="batch_update_lead", nth=2)
    first = await run_batch(world.session, xfer())
    other_process = Journal(world.path)
    held = other_process.lock_operation(first.operation_id)
    try:
        with pytest.raises(OperationRefused, match="another leadtui"):
            prepare_resume(world.session, first.operation_id)
        with pytest.raises(OperationBusy):
            await drive(world.session, first.operation_id, resume=True)
        with pytest.raises(OperationRefused, match="still running"):
            await prepare_undo(world.session, first.operation_id)
    finally:
        held.release()
        other_process.close()
    assert (
        await run_resume(
            world.session, prepare_resume(world.session, first.operation_id)
        )
    ).state is OperationState.DONE


# --- a failure inside a worker stops the pool ------------------------------------------------


async def test_a_journal_failure_in_one_worker_stops_every_worker(world: World) -> None:
    """Old main: gather raised while the other tasks kept sending; op stayed running."""
    ids = tuple(range(1200, 1230))
    calls = 0
    original = world.journal.chunk_finished

    def broken(*args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise JournalError(world.path, "database is locked")
        original(*args, **kwargs)  # type: ignore[arg-type]

    world.journal.chunk_finished = broken  # type: ignore[method-assign]
    world.session.concurrency = 4
    with pytest.raises(JournalError):
        await run_batch(world.session, xfer(ids, records=2), before_images=False)
    # the failing worker's request and those already on the wire, nothing after
    assert world.batches_sent() <= 2 + 4
    [op] = world.journal.operations()
    assert op.state is OperationState.INTERRUPTED
    world.journal.chunk_finished = original  # type: ignore[method-assign]
    result = await run_resume(world.session, prepare_resume(world.session, op.id))
    assert result.state is OperationState.DONE
    assert world.statuses(ids) == {"XFER"}


async def test_a_bug_in_a_judge_stops_the_pool_and_leaves_it_resumable(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadtui.ops import backend_vicidial

    calls = 0
    real = backend_vicidial.reconcile_batch  # type: ignore[attr-defined]

    def buggy(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ValueError("a parser bug")
        return real(*args, **kwargs)

    monkeypatch.setattr(backend_vicidial, "reconcile_batch", buggy)
    world.session.concurrency = 1
    with pytest.raises(ValueError, match="parser bug"):
        await run_batch(world.session, xfer(), before_images=False)
    assert world.batches_sent() == 1
    [op] = world.journal.operations()
    assert op.state is OperationState.INTERRUPTED
    phases = world.journal.phase_counts(op.id)
    assert phases[LeadPhase.UNKNOWN] == 3  # its answer came but was never judged
    result = await run_resume(world.session, prepare_resume(world.session, op.id))
    assert result.state is OperationState.DONE and world.statuses() == {"XFER"}


# --- faults after the request left are unknown, then settled by resume ---------------------


@pytest.mark.parametrize("fault", AFTER_SENT, ids=[f.value for f in AFTER_SENT])
async def test_every_lost_answer_to_a_write_is_unknown_never_success(
    world: World, fault: Fault
) -> None:
    world.transport.arm(fault, function="batch_update_lead", nth=2)
    first = await run_batch(world.session, xfer())
    lost = {i for i, (o, _) in first.verdicts.items() if o is LeadOutcome.UNKNOWN}
    assert lost == set(IDS[3:6])
    assert {o for i, (o, _) in first.verdicts.items() if i not in lost} == {
        LeadOutcome.UPDATED
    }
    sent = world.batches_sent()
    result = await run_resume(
        world.session, prepare_resume(world.session, first.operation_id)
    )
    assert result.run.get("applied", 0) == (3 if fault.applies else 0)
    assert world.batches_sent() - sent == (0 if fault.applies else 1)
    assert world.statuses() == {"XFER"} and result.state is OperationState.DONE


@pytest.mark.parametrize("fault", AFTER_SENT, ids=[f.value for f in AFTER_SENT])
async def test_a_lost_answer_to_a_delete_is_settled_by_reading(
    world: World, fault: Fault
) -> None:
    world.transport.arm(fault, function="update_lead", nth=1)
    first = await delete_leads(world.session, [1205])
    assert first.verdicts[1205][0] is LeadOutcome.UNKNOWN
    result = await run_resume(
        world.session, prepare_resume(world.session, first.operation_id)
    )
    assert result.verdicts[1205][0] is LeadOutcome.DELETED
    assert value(world.emulator, 1205, "status") is None
    assert bool(result.run.get("applied")) is fault.applies


# --- credentials ---------------------------------------------------------------------------


def failed_logins(emulator: Emulator) -> int:
    row = emulator.store.one("vicidial_users", "user=?", ["6666"])
    assert row is not None
    return int(str(row["failed_login_count"]))


async def test_a_wrong_password_costs_one_failed_login_per_run(world: World) -> None:
    """Old main: one failed login per concurrent worker, four per run."""
    original = world.snapshot()
    session = world.reopen(password="wrong")
    session.concurrency = 4
    result = await run_batch(session, xfer(records=1))
    assert failed_logins(world.emulator) == 1
    assert len(world.transport.sent) == 1
    assert result.state is OperationState.FAILED
    assert world.snapshot() == original
    assert {o for o, _ in result.verdicts.values()} == {LeadOutcome.SKIPPED}


async def test_a_login_refused_mid_batch_stops_every_worker(world: World) -> None:
    world.transport.arm(Fault.WRONG_PASSWORD, function="batch_update_lead", nth=2)
    world.session.concurrency = 1
    result = await run_batch(world.session, xfer(), before_images=False)
    assert result.state is OperationState.FAILED
    assert world.batches_sent() == 2
    assert "Login refused" in result.error


# --- the engine's own contract ----------------------------------------------------------


async def test_duplicate_leads_in_one_operation_are_refused(world: World) -> None:
    from leadtui.ops.backend import Group
    from leadtui.ops.op_plan import GroupPlan, OperationPlan

    plan = OperationPlan(
        kind="batch",
        groups=[
            GroupPlan(Group(function="batch_update_lead", size=3), (1200, 1201)),
            GroupPlan(Group(function="batch_update_lead", size=3), (1201,)),
        ],
    )
    with pytest.raises(OperationRefused, match="1201"):
        await engine_module.execute(world.session, plan)
    assert world.journal.operations() == []


async def test_an_emptied_field_read_is_read_again_not_taken_as_a_blank(
    world: World,
) -> None:
    """Found by the stateful test: an empty 200 to lead_field_info (a proxy, a
    crash) was taken as an empty status, and undo would have cleared it."""
    original = value(world.emulator, 1009, "status")
    assert original
    world.transport.arm(Fault.EMPTY_200, function="lead_field_info", nth=1)
    first = await run_batch(world.session, xfer((1009,)))
    [row] = world.journal.leads(first.operation_id)
    assert row.before == {"status": original}
    await run_undo(world.session, await prepare_undo(world.session, first.operation_id))
    assert value(world.emulator, 1009, "status") == original
