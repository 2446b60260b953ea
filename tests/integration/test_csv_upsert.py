"""CRM sync by upsert, attacked: every row classified before anything is sent,
inserts that never happen twice whatever answer is lost, undo that deletes what
was inserted and restores what was updated."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.search_location import SearchLocation
from leadtui.emulator import Emulator
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.csv_rows import guess_mapping, read_csv
from leadtui.ops.csv_upsert import (
    RowKind,
    UpsertPlan,
    UpsertSpec,
    classify,
    upsert_operation,
    upsert_rows,
)
from leadtui.ops.engine import execute
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.recovery import propose_undo
from leadtui.ops.resume import prepare_resume, run_resume
from leadtui.ops.session import Session
from tests.fault_transport import AFTER_SENT, CrashingJournal, Fault, FaultTransport

pytestmark = pytest.mark.emulator_only

FIXTURES = Path(__file__).parents[1] / "fixtures"
URL = "http://dialer.test/vicidial/non_agent_api.php"
# V00020 → lead 1020 only; V00000 → leads 1000 and 1480; CRM-1, CRM-2 match nothing
CRM = """vendor_lead_code,phone_number,first_name,status
V00020,3125550020,Josefina,SALE
V00000,3125550000,Ambiguous,SALE
CRM-1,3125559001,Grace,NEW
CRM-2,,Alan,NEW
V00020,3125550020,Again,SALE
"""


@dataclass
class World:
    emulator: Emulator
    transport: FaultTransport
    path: Path
    journal: CrashingJournal | None = None
    clients: list[VicidialClient] = field(default_factory=list)

    def session(self) -> Session:
        if self.journal is not None:
            self.journal.close()
        self.journal = CrashingJournal(self.path)
        self.journal.mark_interrupted()
        client = VicidialClient(
            URL, "6666", "1234", source="test", transport=self.transport
        )
        self.clients.append(client)
        return Session(client=client, journal=self.journal, profile="t", concurrency=2)

    def leads_with(self, vendor_code: str) -> list[dict[str, object]]:
        """What the server's table holds, bypassing every fault."""
        return list(
            self.emulator.store.select(
                "vicidial_list", "vendor_lead_code=?", [vendor_code]
            )
        )

    def lead(self, lead_id: int) -> dict[str, object] | None:
        return self.emulator.store.one("vicidial_list", "lead_id=?", [lead_id])


@pytest.fixture
async def world(emulator: Emulator, tmp_path: Path) -> AsyncIterator[World]:
    w = World(emulator, FaultTransport(emulator.transport()), tmp_path / "j.sqlite3")
    yield w
    for client in w.clients:
        await client.aclose()
    if w.journal is not None:
        w.journal.close()


async def plan_of(session: Session, text: str, spec: UpsertSpec) -> UpsertPlan:
    table = read_csv(text)
    rows = upsert_rows(table, guess_mapping(table.header, "vicidial"), spec)
    return await classify(session, rows, spec)


INSERTING = UpsertSpec(match=("vendor_lead_code",), insert_list=101)


async def test_every_row_is_classified_before_anything_is_sent(world: World) -> None:
    session = world.session()
    plan = await plan_of(session, CRM, INSERTING)
    kinds = {r.line: (r.kind, set(r.lead_ids)) for r in plan.rows}
    assert kinds == {
        2: (RowKind.UPDATE, {1020}),
        3: (RowKind.AMBIGUOUS, {1000, 1480}),
        4: (RowKind.INSERT, set()),
        5: (RowKind.REFUSED, set()),
        6: (RowKind.REFUSED, set()),
    }
    reasons = {r.line: r.reason for r in plan.rows}
    assert "2 leads match" in reasons[3] and "--records 2" in reasons[3]
    assert "needs a phone number" in reasons[5]
    assert "the same key as line 2" in reasons[6]
    writes = [f for f, _ in world.transport.sent if f in ("batch_update_lead",)]
    assert writes == [] and world.leads_with("CRM-1") == []
    assert session.journal.operations() == []
    # without --insert-missing a row that matches nothing is not sent
    plain = await plan_of(session, CRM, UpsertSpec(match=("vendor_lead_code",)))
    assert plain.rows[2].kind is RowKind.NO_MATCH


async def test_records_lets_a_row_change_every_lead_it_matches(world: World) -> None:
    session = world.session()
    spec = UpsertSpec(match=("vendor_lead_code",), records=2)
    plan = await plan_of(session, CRM, spec)
    assert plan.rows[1].kind is RowKind.UPDATE
    assert set(plan.rows[1].lead_ids) == {1000, 1480}
    result = await execute(session, upsert_operation(plan, records=1000))
    assert result.state is OperationState.DONE
    assert {world.lead(i)["first_name"] for i in (1000, 1480)} == {"Ambiguous"}  # type: ignore[index]


async def test_upsert_then_undo(world: World) -> None:
    session = world.session()
    plan = await plan_of(session, CRM, INSERTING)
    result = await execute(session, upsert_operation(plan, records=1000))
    assert result.state is OperationState.DONE
    [inserted] = world.leads_with("CRM-1")
    assert inserted["list_id"] == "101" and inserted["first_name"] == "Grace"
    assert inserted["phone_code"] == "1" and inserted["status"] == "NEW"
    assert result.verdicts[-4] == (
        LeadOutcome.ADDED,
        f"inserted as lead {inserted['lead_id']}",
    )
    assert world.lead(1020)["first_name"] == "Josefina"  # type: ignore[index]
    proposal = await propose_undo(session, result.operation_id)
    assert proposal.typed_count == 2  # deletes an inserted lead: type the count
    assert any("DELETES the 1 lead" in line for line in proposal.lines)
    undone = await proposal.run(StopFlag(), None)
    assert undone.state is OperationState.DONE
    assert world.leads_with("CRM-1") == []
    assert world.lead(1020)["first_name"] == "Jose"  # type: ignore[index]


@pytest.mark.parametrize("fault", AFTER_SENT, ids=[f.value for f in AFTER_SENT])
async def test_a_lost_answer_to_an_insert_never_makes_two_leads(
    world: World, fault: Fault
) -> None:
    session = world.session()
    only_insert = "vendor_lead_code,phone_number,first_name\nCRM-1,3125559001,Grace\n"
    plan = await plan_of(session, only_insert, INSERTING)
    world.transport.arm(fault, function="update_lead", nth=1)
    first = await execute(session, upsert_operation(plan, records=1000))
    assert first.verdicts[-2][0] is LeadOutcome.UNKNOWN
    assert len(world.leads_with("CRM-1")) == (1 if fault.applies else 0)
    result = await run_resume(session, prepare_resume(session, first.operation_id))
    assert result.state is OperationState.DONE
    [lead] = world.leads_with("CRM-1")  # exactly one, whatever was lost
    outcome, detail = result.verdicts[-2]
    if fault.applies:  # the server found the first attempt's lead
        assert outcome is LeadOutcome.UNCHANGED and str(lead["lead_id"]) in detail
    else:
        assert outcome is LeadOutcome.ADDED


async def test_a_list_scope_inserts_into_that_list(world: World) -> None:
    """V00020 is lead 1020 in list 138: searched in list 101, it matches nothing."""
    session = world.session()
    spec = UpsertSpec(
        match=("vendor_lead_code",),
        location=SearchLocation.LIST,
        list_id=101,
        insert_list=101,
    )
    plan = await plan_of(
        session, "vendor_lead_code,phone_number\nV00020,3125550020\n", spec
    )
    assert plan.rows[0].kind is RowKind.INSERT
    result = await execute(session, upsert_operation(plan, records=1000))
    assert result.verdicts[-2][0] is LeadOutcome.ADDED
    lists = sorted(str(lead["list_id"]) for lead in world.leads_with("V00020"))
    assert lists == ["101", "138"]


@pytest.mark.parametrize(
    ("spec", "why"),
    [
        (UpsertSpec(match=()), "--match"),
        (UpsertSpec(match=("email",)), "--match"),
        (
            UpsertSpec(match=("phone_number",), location=SearchLocation.LIST),
            "--list-id",
        ),
        (UpsertSpec(match=("phone_number",), insert_list=12), "3 digits"),
        (
            UpsertSpec(
                match=("phone_number",),
                location=SearchLocation.LIST,
                list_id=101,
                insert_list=102,
            ),
            "go into --list-id",
        ),
    ],
)
def test_a_spec_the_server_would_not_honour_is_refused(
    spec: UpsertSpec, why: str
) -> None:
    assert any(why in p for p in spec.problems())


def test_a_key_column_must_be_mapped() -> None:
    table = read_csv("first_name\nAda\n")
    with pytest.raises(ValueError, match="vendor_lead_code"):
        upsert_rows(table, {"first_name": "first_name"}, INSERTING)


async def test_an_export_names_the_csv_line_of_an_insert(world: World) -> None:
    from leadtui.ops.export import export_rows

    session = world.session()
    plan = await plan_of(session, CRM, INSERTING)
    result = await execute(session, upsert_operation(plan, records=1000))
    rows = {
        r["lead_id"] or f"line {r['csv_line']}": r
        for r in export_rows(session.journal, [result.operation_id])
    }
    assert set(rows) == {1020, "line 4"}
    [inserted] = world.leads_with("CRM-1")
    assert rows["line 4"]["after"]["lead_id"] == str(inserted["lead_id"])


def test_a_formatted_phone_key_is_taken_as_its_digits() -> None:
    spec = UpsertSpec(match=("phone_number",))
    table = read_csv("phone,first_name\n(312) 555-0020,Jo\n+1 312 555 0020,Al\n")
    rows = upsert_rows(table, guess_mapping(table.header, "vicidial"), spec)
    assert rows[0].keys == {"phone_number": "3125550020"}
    assert rows[0].kind is RowKind.NO_MATCH  # checked, to be looked up
    assert rows[1].kind is RowKind.REFUSED and "country code" in rows[1].reason
