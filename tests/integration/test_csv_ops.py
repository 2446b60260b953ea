"""Per-row CSV batches against both emulators: per-row results, journal, undo."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from leadtui.api.voiceaiwrapper import VoiceAIWrapperClient
from leadtui.emulator.voiceaiwrapper import (
    DEMO_CAMPAIGN_ID,
    DEMO_KEY,
    VoiceAIWrapperEmulator,
    VoiceAIWrapperServer,
)
from leadtui.ops.backend_voice import phone_key
from leadtui.ops.csv_plan import plan_vicidial, plan_voiceaiwrapper
from leadtui.ops.csv_rows import guess_mapping, read_csv, validate_rows
from leadtui.ops.csv_run import run_vicidial_csv, run_voice_updates
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.results import OperationResult
from leadtui.ops.session import Session, VoiceSession
from leadtui.ops.undo import prepare_undo, run_undo
from leadtui.ops.undo_voice import plan_voice_undo

pytestmark = pytest.mark.emulator_only


async def test_vicidial_csv_per_row_results_and_undo(session: Session) -> None:
    text = "lead_id,status,first_name\n1100,XFER,\n1101,XFER,\n1102,SALE,Ann\n99999,XFER,\n"
    table = read_csv(text)
    rows = validate_rows(table, guess_mapping(table.header, "vicidial"), "vicidial")
    plan = plan_vicidial(rows, records=1000)
    assert plan.requests == 2  # one batch for the three XFER rows, one update_lead
    result = await run_vicidial_csv(session, plan)
    verdicts = {i: v[0] for i, v in result.verdicts.items()}
    assert verdicts == {
        1100: LeadOutcome.UPDATED,
        1101: LeadOutcome.UPDATED,
        99999: LeadOutcome.NOT_FOUND,
        1102: LeadOutcome.UPDATED,
    }
    assert (await session.client.lead_field_info(1102, "first_name")).value == "Ann"
    await run_undo(session, await prepare_undo(session, result.operation_id))
    assert (await session.client.lead_field_info(1100, "status")).value == "NEW"
    assert (await session.client.lead_field_info(1102, "first_name")).value != "Ann"


@pytest.fixture
def voice() -> VoiceAIWrapperEmulator:
    return VoiceAIWrapperEmulator.demo(leads=40)


@pytest.fixture
async def voice_session(
    voice: VoiceAIWrapperEmulator, tmp_path: Path
) -> AsyncIterator[VoiceSession]:
    with VoiceAIWrapperServer(voice) as server:
        client = VoiceAIWrapperClient(server.url, SecretStr(DEMO_KEY))
        journal = Journal(tmp_path / "voice.sqlite3")
        yield VoiceSession(
            client=client,
            journal=journal,
            profile="voice",
            campaign_id=DEMO_CAMPAIGN_ID,
            bulk_size=2,
        )
        await client.aclose()


def phones(voice: VoiceAIWrapperEmulator, count: int) -> list[str]:
    return list(voice.campaigns[DEMO_CAMPAIGN_ID].leads)[:count]


async def apply(session: VoiceSession, text: str) -> OperationResult:
    table = read_csv(text)
    rows = validate_rows(
        table, guess_mapping(table.header, "voiceaiwrapper"), "voiceaiwrapper"
    )
    return await run_voice_updates(
        session, plan_voiceaiwrapper(rows, bulk_size=session.bulk_size)
    )


async def test_voice_csv_mixed_results(
    voice: VoiceAIWrapperEmulator, voice_session: VoiceSession
) -> None:
    a, b, c = phones(voice, 3)
    result = await apply(
        voice_session,
        f"phone,first_name,dnc\n{a},Zed,\n{b},,yes\n{c},Cy,\n+14155552671,Nobody,\n",
    )
    verdicts = {k: v[0] for k, v in result.verdicts.items()}
    assert verdicts == {
        phone_key(a): LeadOutcome.UPDATED,
        phone_key(b): LeadOutcome.UPDATED,
        phone_key(c): LeadOutcome.UPDATED,
        14155552671: LeadOutcome.NOT_FOUND,
    }
    leads = voice.campaigns[DEMO_CAMPAIGN_ID].leads
    assert leads[a].first_name == "Zed" and leads[b].do_not_call
    assert result.requests == 2


async def test_voice_rate_limit_is_waited_out(
    voice: VoiceAIWrapperEmulator, voice_session: VoiceSession
) -> None:
    [a] = phones(voice, 1)
    voice.faults.rate_limit(1, retry_after=0.01)
    result = await apply(voice_session, f"phone,first_name\n{a},Ratelimited\n")
    assert result.state is OperationState.DONE
    assert voice.campaigns[DEMO_CAMPAIGN_ID].leads[a].first_name == "Ratelimited"


async def test_voice_server_error_is_unknown(
    voice: VoiceAIWrapperEmulator, voice_session: VoiceSession
) -> None:
    [a] = phones(voice, 1)
    voice.faults.fail_next(applied=True)
    result = await apply(voice_session, f"phone,first_name\n{a},Maybe\n")
    assert result.verdicts[phone_key(a)][0] is LeadOutcome.UNKNOWN


async def test_voice_undo_uses_what_leadtui_wrote_before(
    voice: VoiceAIWrapperEmulator, voice_session: VoiceSession
) -> None:
    [a] = phones(voice, 1)
    first = await apply(voice_session, f"phone,first_name\n{a},One\n")
    second = await apply(voice_session, f"phone,first_name\n{a},Two\n")
    undo_second = plan_voice_undo(voice_session.journal, second.operation_id)
    assert [i.first_name for i in undo_second.items] == ["One"]
    undo_first = plan_voice_undo(voice_session.journal, first.operation_id)
    assert undo_first.items == [] and undo_first.impossible[0][1] == "first_name"
    from leadtui.ops.csv_plan import VoiceCsvPlan

    await run_voice_updates(
        voice_session, VoiceCsvPlan(chunks=[undo_second.items]), kind="undo"
    )
    assert voice.campaigns[DEMO_CAMPAIGN_ID].leads[a].first_name == "One"


async def test_token_never_reaches_the_journal(
    voice: VoiceAIWrapperEmulator, voice_session: VoiceSession
) -> None:
    [a] = phones(voice, 1)
    await apply(voice_session, f"phone,first_name\n{a},Safe\n")
    voice_session.journal.close()
    assert DEMO_KEY.encode() not in Path(voice_session.journal.path).read_bytes()
