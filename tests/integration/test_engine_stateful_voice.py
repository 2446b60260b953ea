"""The same engine, the same promises, on VoiceAIWrapper: CSV updates, undo and
resume, with faults on any request, deaths at a request or a commit, Esc, and
someone else changing leads. VoiceAIWrapper cannot be read, so a lost answer is
settled by sending the item again; the checks are the emulator's leads."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, invariant, rule
from pydantic import SecretStr

from leadtui.api.voiceaiwrapper import errors as ve
from leadtui.api.voiceaiwrapper.client import VoiceAIWrapperClient
from leadtui.api.voiceaiwrapper.models import LeadUpdate
from leadtui.emulator.voiceaiwrapper import (
    DEMO_CAMPAIGN_ID,
    DEMO_KEY,
    VoiceAIWrapperEmulator,
)
from leadtui.ops.backend_voice import phone_key
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.csv_plan import VoiceCsvPlan
from leadtui.ops.csv_run import run_voice_updates
from leadtui.ops.journal_errors import OperationBusy
from leadtui.ops.journal_models import LeadOutcome, LeadPhase, OperationState
from leadtui.ops.ownership import OperationRefused
from leadtui.ops.session import VoiceSession
from leadtui.ops.undo import prepare_undo, run_undo
from tests.fault_transport import Crash, Fault, FaultTransport
from tests.stateful_engine import JournaledMachine, Trouble, Work

pytestmark = pytest.mark.emulator_only

BASE = "http://voice.test"
NAMES = ("Zed", "Ann", "Bo", "Cy")
HTTP_FAULTS = [f for f in Fault if f is not Fault.WRONG_PASSWORD]
TROUBLE = st.one_of(
    st.tuples(st.just("fault"), st.sampled_from(HTTP_FAULTS), st.integers(1, 4)),
    st.tuples(st.just("dies at a commit"), st.integers(1, 10)),
    st.tuples(st.just("esc"), st.integers(1, 4)),
)
TROUBLES = st.lists(TROUBLE, max_size=2)


class VoiceMachine(JournaledMachine):
    operations = Bundle("voice_operations")

    def __init__(self) -> None:
        super().__init__("leadtui-voice-")
        self.voice = VoiceAIWrapperEmulator.demo(leads=8)
        self.leads = self.voice.campaigns[DEMO_CAMPAIGN_ID].leads
        self.phones = sorted(self.leads)
        self.transport = FaultTransport(self.voice.transport())
        self.session: VoiceSession = self.open_process()
        self.known: set[int] = set()
        self.dirty: dict[int, set[int]] = {}

    def open_process(self) -> VoiceSession:
        journal = self.new_journal()
        client = VoiceAIWrapperClient(
            BASE, SecretStr(DEMO_KEY), transport=self.transport, max_retry_after=0.01
        )
        self.clients.append(client)
        self.transport.on_crash = journal.crash
        return VoiceSession(
            client=client,
            journal=journal,
            profile="voice",
            campaign_id=DEMO_CAMPAIGN_ID,
            bulk_size=2,
            concurrency=2,
        )

    def names(self) -> dict[int, str]:
        return {phone_key(p): lead.first_name for p, lead in self.leads.items()}

    def execute(
        self, work: Work, troubles: list[Trouble], driven: int | None = None
    ) -> int | None:
        journal = self.journal
        assert journal is not None
        stop = StopFlag()
        for trouble in troubles:
            if trouble[0] == "fault":
                fault, nth = trouble[1:]
                assert isinstance(fault, Fault) and isinstance(nth, int)
                self.transport.arm(fault, nth=nth)
            elif trouble[0] == "dies at a commit":
                assert isinstance(trouble[1], int)
                journal.crash_at = journal.commits + trouble[1]
            else:
                count, seen = trouble[1], [0]

                def esc(
                    function: str, count: object = count, seen: list[int] = seen
                ) -> None:
                    seen[0] += 1
                    if seen[0] == count:
                        stop.set()

                self.transport.hooks.append(esc)
        before = self.names()
        existing = {op.id for op in journal.operations(limit=10_000)}
        open_before = {
            op: {r.lead_id for r in journal.leads(op) if r.phase.open}
            for op in existing
        }
        crashed = False
        try:
            self.loop.run_until_complete(work(self.session, stop))
        except Crash:
            crashed = True
        except (ve.VoiceAIWrapperError, OperationRefused, OperationBusy):
            pass
        finally:
            self.transport.disarm()
            journal.crash_at = None
        if crashed:
            self.session = self.open_process()
        journal = self.journal
        assert journal is not None
        after = self.names()
        new = sorted(
            o.id for o in journal.operations(limit=10_000) if o.id not in existing
        )
        ran = set(new) | ({driven} if driven else set())
        changed = {k for k in after if after[k] != before[k]}
        for op_id in self.known - ran:
            self.dirty.setdefault(op_id, set()).update(changed)
        self.known |= ran
        for op_id in ran:
            assert journal.operation(op_id).state is not OperationState.RUNNING
            touched = open_before.get(op_id)
            for row in journal.leads(op_id):
                if touched is not None and row.lead_id not in touched:
                    continue
                if row.phase in (LeadPhase.PLANNED, LeadPhase.READY, LeadPhase.HELD):
                    assert after.get(row.lead_id) == before.get(row.lead_id), row
        return new[0] if new else driven

    @rule(
        target=operations,
        picks=st.lists(st.integers(0, 7), min_size=1, max_size=5, unique=True),
        name=st.sampled_from(NAMES),
        unknown=st.booleans(),
        troubles=TROUBLES,
    )
    def update(
        self, picks: list[int], name: str, unknown: bool, troubles: list[Trouble]
    ) -> int:
        items = [
            LeadUpdate.from_fields({"phone_number": self.phones[i], "first_name": name})
            for i in picks
        ]
        if unknown:
            items.append(
                LeadUpdate.from_fields(
                    {"phone_number": "+14155552671", "first_name": name}
                )
            )
        plan = VoiceCsvPlan(chunks=[items[i : i + 2] for i in range(0, len(items), 2)])
        return (
            self.execute(
                lambda s, stop: run_voice_updates(s, plan, stop=stop), troubles
            )
            or 0
        )

    @rule(target=operations, op=operations, troubles=TROUBLES)
    def undo(self, op: int, troubles: list[Trouble]) -> int:
        if not op or self.journal is None:
            return 0

        async def work(session: VoiceSession, stop: StopFlag) -> object:
            plan = await prepare_undo(session, op)
            return await run_undo(session, plan, stop=stop)

        return self.execute(work, troubles) or 0

    @rule(op=operations, troubles=TROUBLES)
    def resume(self, op: int, troubles: list[Trouble]) -> None:
        self.resume_once(op, troubles)

    @rule(op=operations)
    def resume_to_the_end(self, op: int) -> None:
        self.resume_until_settled(op)

    @rule(pick=st.integers(0, 7), name=st.sampled_from(NAMES))
    def someone_else_changes_a_lead(self, pick: int, name: str) -> None:
        self.leads[self.phones[pick]].first_name = name + "-web"
        for op_id in self.known:
            self.dirty.setdefault(op_id, set()).add(phone_key(self.phones[pick]))

    @invariant()
    def settled_leads_say_the_truth(self) -> None:
        if self.journal is None:
            return
        names = self.names()
        for op_id in self.known:
            dirty = self.dirty.get(op_id, set())
            for row in self.journal.leads(op_id):
                if row.phase is not LeadPhase.SETTLED or row.lead_id in dirty:
                    continue
                if row.outcome is LeadOutcome.UPDATED:
                    assert names[row.lead_id] == row.change["first_name"], row
                if row.outcome is LeadOutcome.NOT_FOUND:
                    assert row.lead_id not in names, row


VOICE_CI = settings(
    max_examples=200,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class TestVoiceEngine(VoiceMachine.TestCase):  # type: ignore[misc,valid-type]
    settings = VOICE_CI


@pytest.mark.slow
class TestVoiceEngineLong(VoiceMachine.TestCase):  # type: ignore[misc,valid-type]
    settings = settings(VOICE_CI, max_examples=5000)
