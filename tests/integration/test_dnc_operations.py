"""DNC operations attacked: every lost answer, a death after the server applied
an add, a refused permission, input the server would mangle, and undo that must
never take off a number this operation did not put on.

The emulator (dataset-dnc.json: 3125550099 already on the system list, user
6667 may delete DNC numbers, 6666 may not) answers in process behind a
transport that breaks exchanges.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.dnc_lists import DncRequest
from leadtui.emulator import Emulator
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.dnc_entries import entry_key, key_phone
from leadtui.ops.dnc_evidence import evidence_rows
from leadtui.ops.dnc_operations import (
    ADD,
    REMOVE,
    dnc_operation,
    plan_dnc,
    plan_dnc_undo,
    run_dnc,
)
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.ownership import OperationRefused
from leadtui.ops.recovery import propose_undo
from leadtui.ops.resume import prepare_resume, run_resume
from leadtui.ops.session import Session
from tests.fault_transport import (
    AFTER_SENT,
    Crash,
    CrashingJournal,
    Fault,
    FaultTransport,
)

pytestmark = pytest.mark.emulator_only

FIXTURES = Path(__file__).parents[1] / "fixtures"
URL = "http://dialer.test/vicidial/non_agent_api.php"
LISTED_BEFORE = "3125550099"  # on the system list in the dataset
NEW = ("3125550060", "3125550061", "3125550062")


@dataclass
class World:
    emulator: Emulator
    transport: FaultTransport
    path: Path
    journal: CrashingJournal | None = None
    clients: list[VicidialClient] = field(default_factory=list)

    def session(self, user: str = "6667") -> Session:
        """A new process on the same journal file."""
        if self.journal is not None:
            self.journal.close()
        self.journal = CrashingJournal(self.path)
        self.journal.mark_interrupted()
        client = VicidialClient(
            URL, user, "1234", source="test", transport=self.transport
        )
        self.clients.append(client)
        return Session(client=client, journal=self.journal, profile="t", concurrency=2)

    def listed(self, phone: str, campaign: str | None = None) -> bool:
        """What the server's tables hold, bypassing every fault."""
        if campaign is None:
            found = self.emulator.store.count("vicidial_dnc", "phone_number=?", [phone])
        else:
            found = self.emulator.store.count(
                "vicidial_campaign_dnc",
                "phone_number=? AND campaign_id=?",
                [phone, campaign],
            )
        return found > 0

    def sent(self, function: str) -> int:
        return sum(1 for f, _ in self.transport.sent if f == function)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    emulator = Emulator.from_dataset(FIXTURES / "dataset-dnc.json")
    w = World(emulator, FaultTransport(emulator.transport()), tmp_path / "j.sqlite3")
    yield w
    for client in w.clients:
        await client.aclose()
    if w.journal is not None:
        w.journal.close()


async def test_an_add_journals_what_the_list_held_and_the_answer_with_its_time(
    world: World,
) -> None:
    session = world.session("6666")
    result = await run_dnc(session, plan_dnc(ADD, [NEW[0], LISTED_BEFORE]))
    assert result.state is OperationState.DONE
    assert result.verdicts[entry_key(NEW[0])][0] is LeadOutcome.UPDATED
    assert result.verdicts[entry_key(LISTED_BEFORE)][0] is LeadOutcome.UNCHANGED
    assert world.listed(NEW[0]) and world.listed(LISTED_BEFORE)
    rows = {key_phone(r.lead_id): r for r in session.journal.leads(result.operation_id)}
    column = "dnc:SYSTEM_INTERNAL"
    assert rows[NEW[0]].before == {column: "not listed"}
    assert rows[NEW[0]].after == {column: "listed"}
    assert rows[LISTED_BEFORE].before == {column: "listed"}
    evidence = {r["phone_number"]: r for r in evidence_rows(session.journal, [1])}
    added = evidence[NEW[0]]
    assert added["server_answer"] == (
        "SUCCESS: add_dnc_phone DNC NUMBER HAS BEEN ADDED - "
        f"6666|{NEW[0]}|SYSTEM_INTERNAL"
    )
    assert added["answered_at"] and added["sent_at"]
    assert added["api_user"] == "6666" and added["operator"]
    assert added["list"] == "SYSTEM_INTERNAL" and added["action"] == "add"
    assert evidence[LISTED_BEFORE]["outcome"] == "unchanged"


async def test_undo_takes_off_only_the_numbers_the_operation_put_on(
    world: World,
) -> None:
    session = world.session()
    added = await run_dnc(session, plan_dnc(ADD, [*NEW, LISTED_BEFORE]))
    proposal = await propose_undo(session, added.operation_id)
    assert proposal.leads == len(NEW)
    assert proposal.typed_count == len(NEW)  # taking numbers off: type the count
    undone = await proposal.run(StopFlag(), None)
    assert undone.state is OperationState.DONE
    assert not any(world.listed(p) for p in NEW)
    assert world.listed(LISTED_BEFORE)  # it was listed before: it stays
    # undoing the undo puts them back (and needs no typed count: it adds)
    again = await propose_undo(session, undone.operation_id)
    assert again.typed_count is None and again.leads == len(NEW)
    await again.run(StopFlag(), None)
    assert all(world.listed(p) for p in NEW)


@pytest.mark.parametrize("fault", AFTER_SENT, ids=[f.value for f in AFTER_SENT])
async def test_a_lost_answer_to_an_add_is_settled_by_checking_the_list(
    world: World, fault: Fault
) -> None:
    session = world.session()
    world.transport.arm(fault, function="add_dnc_phone", nth=2)
    first = await run_dnc(session, plan_dnc(ADD, list(NEW)))
    lost = [k for k, (o, _) in first.verdicts.items() if o is LeadOutcome.UNKNOWN]
    assert lost == [entry_key(NEW[1])]
    assert world.listed(NEW[1]) is fault.applies
    adds = world.sent("add_dnc_phone")
    result = await run_resume(session, prepare_resume(session, first.operation_id))
    assert result.verdicts[entry_key(NEW[1])][0] is LeadOutcome.UPDATED
    # applied: read back, never sent twice; not applied: sent once more
    assert world.sent("add_dnc_phone") - adds == (0 if fault.applies else 1)
    assert bool(result.run.get("applied")) is fault.applies
    assert all(world.listed(p) for p in NEW)
    # and the number whose answer was lost is this operation's to undo
    assert NEW[1] in plan_dnc_undo(session.journal, first.operation_id).phones


async def test_a_death_after_the_server_added_a_number_is_finished_by_resume(
    world: World,
) -> None:
    session = world.session()
    world.transport.arm(Fault.CRASH_AFTER, function="add_dnc_phone", nth=1)
    with pytest.raises(Crash):
        await run_dnc(session, plan_dnc(ADD, list(NEW)))
    assert world.listed(NEW[0])
    session = world.session()  # the next process
    (operation,) = session.journal.resumable()
    result = await run_resume(session, prepare_resume(session, operation.id))
    assert result.state is OperationState.DONE
    assert {o for o, _ in result.verdicts.values()} == {LeadOutcome.UPDATED}
    # every number added exactly once: what was applied is read back, not resent
    assert world.sent("add_dnc_phone") == len(NEW)
    assert all(world.listed(p) for p in NEW)


async def test_a_page_answered_to_a_check_is_never_a_listing(world: World) -> None:
    session = world.session()
    world.transport.arm(Fault.HTML_200, function="check_phone_number", nth=1)
    first = await run_dnc(session, plan_dnc(ADD, [NEW[0]]))
    assert first.state is not OperationState.DONE
    assert world.sent("add_dnc_phone") == 0 and not world.listed(NEW[0])
    result = await run_resume(session, prepare_resume(session, first.operation_id))
    assert result.state is OperationState.DONE and world.listed(NEW[0])


async def test_a_user_who_may_not_delete_is_told_what_is_missing(
    world: World,
) -> None:
    session = world.session("6666")
    result = await run_dnc(session, plan_dnc(REMOVE, [LISTED_BEFORE]))
    assert result.state is not OperationState.DONE
    assert "'Delete From DNC Lists' = 1" in result.error
    assert world.listed(LISTED_BEFORE)
    verdict = result.verdicts[entry_key(LISTED_BEFORE)][0]
    assert verdict is not LeadOutcome.UPDATED


async def test_a_campaign_list_is_not_the_system_list(world: World) -> None:
    session = world.session()
    result = await run_dnc(session, plan_dnc(ADD, [NEW[0]], campaign_id="ALTCAMP"))
    assert result.verdicts[entry_key(NEW[0])][0] is LeadOutcome.UPDATED
    assert world.listed(NEW[0], "ALTCAMP") and not world.listed(NEW[0])
    undo = plan_dnc_undo(session.journal, result.operation_id)
    assert undo.list_id == "ALTCAMP" and undo.action == REMOVE


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("+13125550060", "country code"),
        ("312-555-006O", "not a phone number"),
        ("31255", "6 to 18"),
        ("3125550060123456789", "6 to 18"),
    ],
)
def test_what_the_server_would_mangle_is_refused_before_the_journal(
    given: str, why: str
) -> None:
    plan = plan_dnc(ADD, [given])
    assert plan.phones == () and why in plan.refused[0][1]


async def test_nothing_is_journaled_or_sent_for_a_plan_with_no_number(
    world: World,
) -> None:
    session = world.session()
    with pytest.raises(OperationRefused):
        await run_dnc(session, plan_dnc(ADD, ["+1 312 555 0060"]))
    assert session.journal.operations() == [] and world.transport.sent == []


def test_separators_are_dropped_and_repeats_sent_once() -> None:
    plan = plan_dnc(ADD, ["(312) 555-0060", "312.555.0060", "3125550061"])
    assert plan.phones == ("3125550060", "3125550061") and plan.duplicates == 1
    assert plan_dnc(ADD, ["0044207946000"]).phones == ("0044207946000",)
    assert key_phone(entry_key("0044207946000")) == "0044207946000"


def test_a_campaign_id_the_server_would_cut_is_refused() -> None:
    plan = plan_dnc(ADD, [NEW[0]], campaign_id="LONGCAMPAIGN")
    assert plan.phones == () and "campaign" in plan.refused[0][1]


def test_the_journaled_request_is_exactly_what_the_client_sends() -> None:
    operation = dnc_operation(plan_dnc(REMOVE, [NEW[0]], campaign_id="TESTCAMP"))
    (group,) = operation.groups
    assert group.spec.function == "delete_dnc_phone"
    assert group.requests is not None
    assert [tuple(p) for p in group.requests[entry_key(NEW[0])]] == DncRequest(
        phone_number=NEW[0], campaign_id="TESTCAMP"
    ).form()
    assert operation.image_columns == ["dnc:TESTCAMP"]


async def test_an_export_names_numbers_not_keys(world: World) -> None:
    from leadtui.ops.export import export_rows

    session = world.session()
    result = await run_dnc(session, plan_dnc(ADD, ["0044207946000"]))
    [row] = export_rows(session.journal, [result.operation_id])
    assert row["number"] == "0044207946000" and row["lead_id"] is None
    assert row["after"] == {"dnc:SYSTEM_INTERNAL": "listed"}
