"""Operations against the emulator over loopback: batch, reconciliation, undo, resume."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from leadtui.api.vicidial.requests import BatchUpdateRequest, LeadQuery
from leadtui.emulator import Emulator, Handler, Response
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.before_images import read_before_images
from leadtui.ops.edit import save_edit
from leadtui.ops.estimate import (
    ASSUMED_JOURNAL_SECONDS_PER_LEAD,
    ASSUMED_SECONDS_PER_ID,
)
from leadtui.ops.journal_models import ChunkState, LeadOutcome, OperationState
from leadtui.ops.lead_actions import (
    delete_leads,
    hopper,
    remove_callbacks_of,
    reset_leads,
)
from leadtui.ops.preflight import Capability, preflight
from leadtui.ops.resume import prepare_resume, run_resume
from leadtui.ops.search import find_leads, read_full_lead
from leadtui.ops.session import Session
from leadtui.ops.undo import UndoPlan, prepare_undo, run_undo
from tests.conftest import ClientFactory


def outcomes(result: object) -> dict[int, LeadOutcome]:
    return {i: v[0] for i, v in result.verdicts.items()}  # type: ignore[attr-defined]


async def test_batch_reconciles_every_lead(session: Session) -> None:
    plan = BatchPlan(
        lead_ids=(1102, 99998, 1103, 1107), values={"status": "DNC"}, records=1000
    )
    result = await run_batch(session, plan)
    assert result.state is OperationState.PARTIAL
    assert outcomes(result) == {
        1102: LeadOutcome.UPDATED,
        99998: LeadOutcome.NOT_FOUND,
        1103: LeadOutcome.UPDATED,
        1107: LeadOutcome.UNCHANGED,  # already DNC in the dataset
    }
    rows = {r.lead_id: r for r in session.journal.leads(result.operation_id)}
    assert rows[1102].before and rows[1102].before["status"] == "NEW"
    assert rows[1102].after == {"status": "DNC"}


async def test_batch_without_before_images_still_explains_unmatched(
    session: Session,
) -> None:
    plan = BatchPlan(lead_ids=(1102, 99998), values={"status": "NA"})
    result = await run_batch(session, plan, before_images=False)
    assert outcomes(result) == {1102: LeadOutcome.MATCHED, 99998: LeadOutcome.NOT_FOUND}


async def test_restricted_user_batch_labels_not_allowed(
    make_client: ClientFactory, journal: object
) -> None:
    from leadtui.ops.journal import Journal

    assert isinstance(journal, Journal)
    session = Session(client=make_client(user="8888"), journal=journal, profile="r")
    result = await run_batch(
        session,
        BatchPlan(lead_ids=(1000, 1002), values={"status": "X"}),
        before_images=False,
    )
    # 1002 is in list 138 (ALTCAMP), outside the RESTRICT group's campaigns
    assert outcomes(result) == {
        1000: LeadOutcome.MATCHED,
        1002: LeadOutcome.NOT_ALLOWED,
    }


async def test_chunks_respect_the_cap(session: Session) -> None:
    plan = BatchPlan(
        lead_ids=tuple(range(1100, 1130)), values={"status": "NA"}, records=7
    )
    result = await run_batch(session, plan, before_images=False)
    chunks = session.journal.chunks(result.operation_id)
    assert [len(c.lead_ids) for c in chunks] == [7, 7, 7, 7, 2]
    assert all(("records", "7") in c.request for c in chunks)
    assert set(outcomes(result).values()) == {LeadOutcome.MATCHED}


async def test_undo_round_trip(session: Session) -> None:
    ids = tuple(range(1100, 1200))
    before = await read_before_images(
        session.client, ids, ["status", "list_id", "comments"]
    )
    plan = BatchPlan(
        lead_ids=ids,
        values={"status": "XFER", "list_id_field": "102", "comments": "moved"},
    )
    result = await run_batch(session, plan)
    undo = await prepare_undo(session, result.operation_id)
    assert isinstance(undo, UndoPlan)
    assert not undo.impossible
    assert len(undo.groups) <= 6 * 3  # grouped by old values, not one request per lead
    restored = await run_undo(session, undo)
    assert restored.state is OperationState.DONE
    after = await read_before_images(
        session.client, ids, ["status", "list_id", "comments"]
    )
    assert {i: a.values for i, a in after.items()} == {
        i: b.values for i, b in before.items()
    }


async def test_undo_leaves_leads_changed_since_alone(session: Session) -> None:
    result = await run_batch(
        session, BatchPlan(lead_ids=(1130, 1131), values={"status": "XFER"})
    )
    seen = (await read_full_lead(session.client, 1131)).lead
    await save_edit(session, seen, {"status": "SALE"})
    undo = await prepare_undo(session, result.operation_id)
    assert isinstance(undo, UndoPlan)
    assert 1131 in undo.left_alone and "someone else" in undo.left_alone[1131]
    assert [ids for _, ids in undo.groups] == [(1130,)]


async def test_delete_then_undo_recreates(session: Session) -> None:
    deleted = await delete_leads(session, [1040])
    assert outcomes(deleted) == {1040: LeadOutcome.DELETED}
    undo = await prepare_undo(session, deleted.operation_id)
    recreated = await run_undo(session, undo)
    outcome, detail = recreated.verdicts[1040]
    assert outcome is LeadOutcome.ADDED and "was 1040" in detail
    new_id = int(detail.split("lead ")[1].split(" ")[0])
    lead = (await read_full_lead(session.client, new_id)).lead
    assert (lead.phone_number, lead.first_name, lead.list_id) == (
        "3125550040",
        "Wei",
        102,
    )


async def test_reset_with_hopper_and_callbacks(session: Session) -> None:
    results = await reset_leads(
        session, [1044, 1045], called_count=0, add_to_hopper=True, remove_callbacks=True
    )
    assert [r.state for r in results] == [OperationState.DONE] * 3
    assert (await session.client.lead_field_info(1044, "called_count")).value == "0"
    again = await hopper(session, [1044], add=True)
    assert outcomes(again) == {1044: LeadOutcome.UNCHANGED}
    removed = await remove_callbacks_of(session, [1044])
    assert outcomes(removed) == {1044: LeadOutcome.UNCHANGED}


async def test_search_orders_matches_like_the_server(session: Session) -> None:
    result = await find_leads(
        session.client, LeadQuery(phone_number="3125550010", records=1)
    )
    assert [f.lead.lead_id for f in result.leads] == [1470, 1010]
    assert result.would_update == (1470,)


class LoseAnswer:
    """The server applies the request, then the answer never arrives (the nth batch)."""

    def __init__(self, nth: int) -> None:
        self.nth = nth
        self.seen = 0

    def __call__(self, inner: Handler) -> Handler:
        def handler(
            method: str, path: str, body: bytes, headers: Mapping[str, str]
        ) -> Response:
            response = inner(method, path, body, headers)
            if b"function=batch_update_lead" in body:
                self.seen += 1
                if self.seen == self.nth:
                    return 500, {}, b""
            return response

        return handler


@pytest.mark.emulator_only
async def test_resume_after_a_lost_answer_changes_nothing_twice(
    emulator: Emulator, session: Session
) -> None:
    emulator.wrap(LoseAnswer(nth=2))
    session.concurrency = 1
    ids = tuple(range(1200, 1230))
    result = await run_batch(
        session, BatchPlan(lead_ids=ids, values={"status": "XFER"}, records=10)
    )
    chunks = session.journal.chunks(result.operation_id)
    assert [c.state for c in chunks] == [
        ChunkState.DONE,
        ChunkState.UNKNOWN,
        ChunkState.DONE,
    ]
    assert {i for i, o in outcomes(result).items() if o is LeadOutcome.UNKNOWN} == set(
        ids[10:20]
    )
    plan = prepare_resume(session, result.operation_id)
    assert plan.lead_count == 10
    resumed = await run_resume(session, plan)
    assert resumed.run.get("applied") == 10 and not resumed.run.get("sent_leads")
    assert resumed.state is OperationState.DONE
    assert session.journal.operation(result.operation_id).state is OperationState.DONE


async def test_preflight_per_user(make_client: ClientFactory) -> None:
    full = await preflight(make_client())
    # 6666 may do everything but take numbers off a DNC list
    assert [c.capability for c in full.checks if not c.allowed] == [
        Capability.DNC_REMOVE
    ]
    [remove] = [c for c in full.checks if c.capability is Capability.DNC_REMOVE]
    assert "'Delete From DNC Lists' = 1" in remove.reason
    low = await preflight(make_client(user="7777"))
    assert not low.allowed(Capability.DNC_CHECK) and not low.allowed(Capability.DNC_ADD)
    limited = await preflight(make_client(user="4444"))
    assert limited.allowed(Capability.READ) and not limited.allowed(Capability.BATCH)
    reader = await preflight(make_client(user="5555"))
    assert reader.allowed(Capability.SEARCH) and not reader.allowed(Capability.EDIT)


async def test_estimate_after_preflight_scales_with_the_work(session: Session) -> None:
    assert session.estimate(1000, 1000, 1) is None  # nothing measured yet
    await preflight(session.client)
    read = session.client.latency["lead_all_info"]
    pace = session.client.pace
    few = session.estimate(100, 100, 1)
    many = session.estimate(10_000, 10_000, 10)
    assert few is not None and many is not None
    # reads: from the pace allowed now to the ceiling
    assert many.longest - many.shortest == pytest.approx(
        10_000 * read / pace.allowed - 10_000 * read / pace.ceiling
    )
    assert many.longest > few.longest
    # writes: a fixed cost per request and a cost per ID, assumed until measured
    writes = session.estimate(0, 10_000, 10)
    assert writes is not None and not writes.per_id_measured
    assert "(assumed until a batch has run)" in writes.drivers()
    assert writes.longest == pytest.approx(
        (10 * read + 10_000 * ASSUMED_SECONDS_PER_ID) / min(10, pace.allowed)
        + 10_000 * ASSUMED_JOURNAL_SECONDS_PER_LEAD
    )


async def test_a_real_batch_replaces_the_assumed_cost_per_id(session: Session) -> None:
    await preflight(session.client)
    request = BatchUpdateRequest(
        lead_ids=tuple(range(1001, 1101)), values={"status": "NI"}, records=100
    )
    await session.client.batch_update_lead(request)
    measured = session.client.seconds_per_batch_id
    assert measured is not None and measured > 0
    estimate = session.estimate(0, 1000, 1)
    assert estimate is not None and estimate.per_id_measured
    assert estimate.seconds_per_id == measured
    assert "assumed" not in estimate.drivers()
