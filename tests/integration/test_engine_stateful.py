"""A stateful property test of the operation engine against the emulator.

Rules are the operator's moves (batch, CSV, edit, delete, hopper, undo, resume,
Esc once or twice) and the world's (a fault on any request, a process that
dies at a request or at a journal commit, someone else changing a lead, a
session on another server). After every step the promises must hold:

* the journal passes ``integrity_check``;
* every lead settled as changed or matched holds the operation's values (unless
  something else has written it since), deleted and missing leads are absent,
  and a lead the run held back was not written at all;
* a before-image holds only values the server really had (never a gateway's
  page, never a guess);
* a resume run to the end leaves nothing open but what must not be repeated,
  and undo writes only before-image values;
* nothing is resumed or undone on another server, and nothing reaches any server
  when that is refused.

200 examples in the default run, 5,000 with ``-m slow``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    initialize,
    invariant,
    rule,
)

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.emulator import Emulator, FixedClock
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.csv_plan import VicidialCsvPlan
from leadtui.ops.csv_run import run_vicidial_csv
from leadtui.ops.edit import EditConflict, save_edit
from leadtui.ops.journal_errors import OperationBusy
from leadtui.ops.journal_models import (
    CLEAN,
    LeadOutcome,
    LeadPhase,
    OperationState,
)
from leadtui.ops.lead_actions import (
    delete_leads,
    hopper,
    remove_callbacks_of,
    reset_leads,
)
from leadtui.ops.ownership import OperationRefused
from leadtui.ops.resume import prepare_resume
from leadtui.ops.search import read_full_lead
from leadtui.ops.session import Session
from leadtui.ops.undo import prepare_undo, run_undo
from tests.fault_transport import Crash, Fault, FaultTransport
from tests.stateful_engine import JournaledMachine, Trouble, Work
from tests.transcripts import DATASET

pytestmark = pytest.mark.emulator_only

URL = "http://dialer.test/vicidial/non_agent_api.php"
ELSEWHERE = "http://staging.test/vicidial/non_agent_api.php"
#: 1209, 1219 and 1229 hold an apostrophe: their lead_all_info is a 500 and they
#: are read field by field with lead_field_info; 99991-2 do not exist
LEADS = (*range(1200, 1212), 1219, 1229, 99991, 99992)
TRACKED = ("status", "first_name", "list_id", "called_count", "phone_number")
STATUSES = ("XFER", "SALE", "NI", "DNC", "CALLBK")
#: reads by field are rarer than the others on the wire: weighted up
FUNCTIONS = (
    "batch_update_lead",
    "update_lead",
    "lead_all_info",
    "lead_field_info",
    "lead_field_info",
    "",
)
FAULTS = [f for f in Fault if f not in (Fault.CRASH_BEFORE, Fault.CRASH_AFTER)]
#: what can go wrong during one operator step, armed before it runs
TROUBLE = st.one_of(
    st.tuples(
        st.just("fault"),
        st.sampled_from(FAULTS),
        st.sampled_from(FUNCTIONS),
        st.integers(1, 6),
    ),
    st.tuples(
        st.just("dies at a request"),
        st.sampled_from([Fault.CRASH_BEFORE, Fault.CRASH_AFTER]),
        st.sampled_from(FUNCTIONS),
        st.integers(1, 6),
    ),
    st.tuples(st.just("dies at a commit"), st.integers(1, 12)),
    st.tuples(st.just("esc"), st.integers(1, 6), st.booleans()),
)
TROUBLES = st.lists(TROUBLE, max_size=2)

Snapshot = dict[int, dict[str, str] | None]


class EngineMachine(JournaledMachine):
    operations = Bundle("operations")

    def __init__(self) -> None:
        super().__init__("leadtui-stateful-")
        self.emulator = Emulator.from_dataset(
            DATASET, now=FixedClock("2026-11-24 10:00:00")
        )
        self.transport = FaultTransport(self.emulator.transport())
        self.session: Session = self.open_process()
        #: every value each (lead, column) has held: before-images must come from here
        self.history: dict[tuple[int, str], set[str]] = {}
        #: leads written by something other than the operation since it ran
        self.dirty: dict[int, set[int]] = {}
        self.known_ops: set[int] = set()
        self.cancel_after: tuple[int, bool] | None = None
        self.crash_after_commits: int | None = None
        self.remember(self.snapshot())

    # --- the world ---------------------------------------------------------------------

    def open_process(self, url: str = URL) -> Session:
        """A new leadtui process on the same journal (the last one died or quit)."""
        journal = self.new_journal()
        client = VicidialClient(
            url, "6666", "1234", source="test", transport=self.transport
        )
        self.clients.append(client)
        self.transport.on_crash = journal.crash
        return Session(
            client=client,
            journal=journal,
            profile="t",
            records_cap=4,
            concurrency=2,
        )

    def snapshot(self) -> Snapshot:
        found: Snapshot = {}
        for lead_id in LEADS:
            row = self.emulator.store.one("vicidial_list", "lead_id=?", [lead_id])
            found[lead_id] = (
                None
                if row is None
                else {c: "" if row[c] is None else str(row[c]) for c in TRACKED}
            )
        return found

    def remember(self, snap: Snapshot) -> None:
        for lead_id, values in snap.items():
            for column, value in (values or {}).items():
                self.history.setdefault((lead_id, column), set()).add(value)

    def mark_dirty(self, before: Snapshot, after: Snapshot, by: set[int]) -> None:
        changed = {i for i in LEADS if before[i] != after[i]}
        for op_id in self.known_ops - by:
            self.dirty.setdefault(op_id, set()).update(changed)

    # --- running one step of the operator ---------------------------------------------

    def arm(self, troubles: list[Trouble]) -> None:
        for trouble in troubles:
            kind = trouble[0]
            if kind in ("fault", "dies at a request"):
                fault, function, nth = trouble[1:]
                assert isinstance(fault, Fault) and isinstance(function, str)
                assert isinstance(nth, int)
                self.transport.arm(fault, function=function, nth=nth)
            elif kind == "dies at a commit":
                assert isinstance(trouble[1], int)
                self.crash_after_commits = trouble[1]
            else:
                after, twice = trouble[1:]
                assert isinstance(after, int) and isinstance(twice, bool)
                self.cancel_after = (after, twice)

    def execute(
        self, work: Work, troubles: list[Trouble], driven: int | None = None
    ) -> int | None:
        """Run ``work`` with ``troubles`` armed; check the run; the operation id."""
        self.arm(troubles)
        journal = self.journal
        assert journal is not None
        before = self.snapshot()
        existing = {op.id for op in journal.operations(limit=10_000)}
        open_before = {
            op: {r.lead_id for r in journal.leads(op) if r.phase.open}
            for op in existing
        }
        stop = StopFlag()
        if self.cancel_after is not None:
            count, twice = self.cancel_after
            seen = [0]

            def esc(function: str) -> None:
                seen[0] += 1
                if seen[0] == count:
                    stop.set()
                    if twice:
                        stop.set()

            self.transport.hooks.append(esc)
        if self.crash_after_commits is not None:
            journal.crash_at = journal.commits + self.crash_after_commits
        crashed = False
        try:
            self.loop.run_until_complete(work(self.session, stop))
        except Crash:
            crashed = True
        except (
            e.VicidialError,
            OperationRefused,
            OperationBusy,
            EditConflict,
        ):
            pass  # refused before anything was journaled or sent
        finally:
            # a refused login stays refused for that client (ten lock the account):
            # the operator starts leadtui again with the right password
            relogin = any(
                t.fired and t.fault is Fault.WRONG_PASSWORD
                for t in self.transport.traps
            )
            self.transport.disarm()
            self.cancel_after = None
            self.crash_after_commits = None
            journal.crash_at = None
        if crashed or relogin:
            self.session = self.open_process()
        journal = self.journal
        assert journal is not None
        after = self.snapshot()
        self.remember(after)
        new = sorted(
            op.id for op in journal.operations(limit=10_000) if op.id not in existing
        )
        ran = set(new) | ({driven} if driven else set())
        self.mark_dirty(before, after, ran)
        self.known_ops |= ran
        for n, op_id in enumerate(sorted(ran)):
            # a reset's hopper operation follows its batch in the same step: only
            # the first operation's held leads are known to be untouched
            self.check_run(
                op_id, before, after, open_before.get(op_id), held_untouched=n == 0
            )
        return new[0] if new else driven

    def check_run(
        self,
        op_id: int,
        before: Snapshot,
        after: Snapshot,
        open_before: set[int] | None,
        *,
        held_untouched: bool = True,
    ) -> None:
        journal = self.journal
        assert journal is not None
        op = journal.operation(op_id)
        assert op.state is not OperationState.RUNNING
        for row in journal.leads(op_id):
            touched_now = open_before is None or row.lead_id in open_before
            if not touched_now or row.lead_id not in before:
                continue
            if held_untouched and row.phase in (
                LeadPhase.PLANNED,
                LeadPhase.READY,
                LeadPhase.HELD,
            ):
                assert after[row.lead_id] == before[row.lead_id], (
                    f"lead {row.lead_id} was written but is {row.phase}: {row.detail}"
                )
            assert row.phase not in (LeadPhase.SENDING, LeadPhase.QUEUED), row

    # --- the operator ------------------------------------------------------------------

    @initialize()
    def start(self) -> None:
        pass

    @rule(
        target=operations,
        ids=st.lists(st.sampled_from(LEADS), min_size=1, max_size=8, unique=True),
        status=st.sampled_from(STATUSES),
        name=st.none() | st.sampled_from(["Zed", "Ann"]),
        records=st.integers(1, 4),
        images=st.booleans(),
        troubles=TROUBLES,
    )
    def batch(
        self,
        ids: list[int],
        status: str,
        name: str | None,
        records: int,
        images: bool,
        troubles: list[Trouble],
    ) -> int:
        values = {"status": status, **({"first_name": name} if name else {})}
        plan = BatchPlan(lead_ids=tuple(ids), values=values, records=records)
        return (
            self.execute(
                lambda s, stop: run_batch(s, plan, before_images=images, stop=stop),
                troubles,
            )
            or 0
        )

    @rule(
        target=operations,
        batch_ids=st.lists(
            st.sampled_from(LEADS[:8]), min_size=2, max_size=4, unique=True
        ),
        single=st.sampled_from(LEADS[8:]),
        status=st.sampled_from(STATUSES),
        troubles=TROUBLES,
    )
    def csv(
        self, batch_ids: list[int], single: int, status: str, troubles: list[Trouble]
    ) -> int:
        plan = VicidialCsvPlan(
            batches=[
                BatchPlan(
                    lead_ids=tuple(batch_ids), values={"status": status}, records=2
                )
            ],
            singles={
                single: UpdateLeadRequest(
                    query=LeadQuery(lead_id=single),
                    values={"status": status, "first_name": "Csv"},
                )
            },
        )
        return (
            self.execute(lambda s, stop: run_vicidial_csv(s, plan, stop=stop), troubles)
            or 0
        )

    @rule(
        target=operations,
        lead=st.sampled_from(LEADS[:14]),
        status=st.sampled_from(STATUSES),
        troubles=TROUBLES,
    )
    def edit(self, lead: int, status: str, troubles: list[Trouble]) -> int:
        async def work(session: Session, stop: StopFlag) -> object:
            seen = (await read_full_lead(session.client, lead)).lead
            return await save_edit(session, seen, {"status": status})

        return self.execute(work, troubles) or 0

    @rule(
        target=operations,
        ids=st.lists(st.sampled_from(LEADS), min_size=1, max_size=3, unique=True),
        troubles=TROUBLES,
    )
    def delete(self, ids: list[int], troubles: list[Trouble]) -> int:
        return (
            self.execute(lambda s, stop: delete_leads(s, ids, stop=stop), troubles) or 0
        )

    @rule(
        target=operations,
        ids=st.lists(st.sampled_from(LEADS), min_size=1, max_size=3, unique=True),
        troubles=TROUBLES,
    )
    def to_hopper(self, ids: list[int], troubles: list[Trouble]) -> int:
        return (
            self.execute(lambda s, stop: hopper(s, ids, add=True, stop=stop), troubles)
            or 0
        )

    @rule(
        target=operations,
        ids=st.lists(st.sampled_from(LEADS), min_size=1, max_size=4, unique=True),
        images=st.booleans(),
        troubles=TROUBLES,
    )
    def reset(self, ids: list[int], images: bool, troubles: list[Trouble]) -> int:
        async def work(session: Session, stop: StopFlag) -> object:
            return await reset_leads(
                session, ids, add_to_hopper=True, before_images=images, stop=stop
            )

        return self.execute(work, troubles) or 0

    @rule(
        target=operations,
        ids=st.lists(st.sampled_from(LEADS), min_size=1, max_size=3, unique=True),
        troubles=TROUBLES,
    )
    def remove_callbacks(self, ids: list[int], troubles: list[Trouble]) -> int:
        return (
            self.execute(
                lambda s, stop: remove_callbacks_of(s, ids, stop=stop), troubles
            )
            or 0
        )

    @rule(target=operations, op=operations, troubles=TROUBLES)
    def undo(self, op: int, troubles: list[Trouble]) -> int:
        if not op:
            return 0
        original = self.journal.leads(op) if self.journal else []
        befores = {r.lead_id: r.before or {} for r in original}

        async def work(session: Session, stop: StopFlag) -> object:
            plan = await prepare_undo(session, op)
            return await run_undo(session, plan, stop=stop)

        undo_id = self.execute(work, troubles)
        if undo_id and self.journal is not None:
            for row in self.journal.leads(undo_id):
                if row.outcome is LeadOutcome.UPDATED and row.after:
                    for column, value in row.after.items():
                        if column == "called_since_last_reset":
                            continue
                        assert befores[row.lead_id].get(column) == value, (
                            f"undo wrote {column}={value!r} into lead {row.lead_id}, "
                            f"not its before-image {befores[row.lead_id]}"
                        )
        return undo_id or 0

    @rule(op=operations, troubles=TROUBLES)
    def resume(self, op: int, troubles: list[Trouble]) -> None:
        self.resume_once(op, troubles)

    @rule(op=operations)
    def resume_to_the_end(self, op: int) -> None:
        """No faults: resume until nothing is open; every lead then says the truth."""
        self.transport.disarm()
        self.resume_until_settled(op)

    # --- the world's moves ---------------------------------------------------------------

    @rule(lead=st.sampled_from(LEADS[:14]), status=st.sampled_from(STATUSES))
    def someone_else_changes_a_lead(self, lead: int, status: str) -> None:
        before = self.snapshot()
        self.emulator.handle(
            "POST",
            "/vicidial/non_agent_api.php",
            f"source=other&user=6666&pass=1234&lead_id={lead}&status={status}"
            "&function=update_lead".encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        after = self.snapshot()
        self.remember(after)
        self.mark_dirty(before, after, set())

    @rule(op=operations)
    def another_server_tries_it(self, op: int) -> None:
        if not op or self.journal is None:
            return
        client = VicidialClient(
            ELSEWHERE, "6666", "1234", source="test", transport=self.transport
        )
        self.clients.append(client)
        other = Session(client=client, journal=self.journal, profile="staging")
        sent = len(self.transport.sent)
        with pytest.raises(OperationRefused):
            prepare_resume(other, op)
        with pytest.raises(OperationRefused):
            self.loop.run_until_complete(prepare_undo(other, op))
        assert len(self.transport.sent) == sent

    # --- the promises --------------------------------------------------------------------

    @invariant()
    def settled_leads_say_the_truth(self) -> None:
        journal = self.journal
        if journal is None:
            return
        now = self.snapshot()
        for op_id in self.known_ops:
            op = journal.operation(op_id)
            dirty = self.dirty.get(op_id, set())
            for row in journal.leads(op_id):
                if row.lead_id not in now or row.phase is not LeadPhase.SETTLED:
                    continue
                held = now[row.lead_id]
                if row.outcome in (LeadOutcome.DELETED, LeadOutcome.NOT_FOUND):
                    assert held is None, (op.kind, row)
                    continue
                if (
                    row.lead_id in dirty
                    or row.outcome not in CLEAN
                    or row.outcome is LeadOutcome.ADDED
                ):
                    continue
                if held is None:
                    # deleted later by another operation of ours: dirty covers it
                    raise AssertionError((op.kind, row, "lead vanished"))
                for column, value in (row.after or row.change).items():
                    if column in TRACKED:
                        assert held[column] == value, (op.kind, row, held)

    @invariant()
    def before_images_hold_only_what_the_server_held(self) -> None:
        journal = self.journal
        if journal is None:
            return
        for op_id in self.known_ops:
            for row in journal.leads(op_id):
                for column, value in (row.before or {}).items():
                    if column not in TRACKED or row.lead_id not in LEADS:
                        continue
                    assert value in self.history.get((row.lead_id, column), set()), (
                        f"lead {row.lead_id} before-image {column}={value!r} was never "
                        "on the server"
                    )


CI = settings(
    max_examples=200,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=True,
)
SLOW = settings(CI, max_examples=5000)


class TestEngine(EngineMachine.TestCase):  # type: ignore[misc,valid-type]
    settings = CI


@pytest.mark.slow
class TestEngineLong(EngineMachine.TestCase):  # type: ignore[misc,valid-type]
    settings = SLOW
