"""From a profile to a working session: client, journal, demo emulator.

Shared by the CLI and the TUI so both talk to the dialer the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadtui.config import Config, ConfigError, Profile, journal_path
from leadtui.ops.journal import Journal
from leadtui.paths import demo_journal_path, demo_state_path, reset_demo

if TYPE_CHECKING:
    import httpx
    from pydantic import SecretStr

    from leadtui.api.vicidial.client import VicidialClient
    from leadtui.ops.session import Session, VoiceSession

# The TUI's first frame imports this module for the demo's profile and the
# journal: the client, httpx and the emulator load in the functions that need them.

DEMO_URL = "http://emulator/vicidial/non_agent_api.php"
DEMO_USER = "6666"
DEMO_PASSWORD = "1234"


def demo_profile() -> Profile:
    return Profile(
        name="demo",
        url=DEMO_URL,
        user=DEMO_USER,
        source="leadtuidemo",
        records_cap=1000,
        concurrency=4,
        timeout=30,
    )


def demo_transport(*, reset: bool = False) -> httpx.AsyncBaseTransport:
    """The built-in VICIdial emulator with the demo dataset, in this process.

    Its state is kept in the user's data directory after every write, so demo
    operations can be inspected and undone across runs (the demo journal lives
    beside it); ``reset`` starts both again from the dataset.
    """
    from leadtui.emulator import Emulator
    from leadtui.saving_transport import SavingTransport

    if reset:
        reset_demo()
    state = demo_state_path()
    state.parent.mkdir(parents=True, exist_ok=True)
    emulator = Emulator.demo()
    if state.exists():
        emulator.restore(state)
    return SavingTransport(emulator.transport(), lambda: emulator.save(state))


def make_client(
    profile: Profile,
    password: SecretStr,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> VicidialClient:
    from leadtui.api.vicidial.client import VicidialClient

    return VicidialClient(
        profile.url,
        profile.user,
        password,
        source=profile.source,
        timeout=profile.timeout,
        concurrency=profile.in_flight,
        verify=profile.verify,
        transport=transport,
    )


def open_journal(config: Config, *, demo: bool = False) -> Journal:
    journal = Journal(demo_journal_path() if demo else journal_path(config))
    journal.mark_interrupted()
    return journal


def open_session(
    profile: Profile,
    password: SecretStr,
    journal: Journal,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Session:
    from leadtui.ops.session import Session

    return Session(
        client=make_client(profile, password, transport=transport),
        journal=journal,
        profile=profile.name or "adhoc",
        read_only=profile.read_only,
        records_cap=profile.records_cap,
        concurrency=profile.in_flight,
    )


DEMO_VOICE_URL = "http://voiceaiwrapper-emulator"


def demo_voice_profile() -> Profile:
    from leadtui.emulator.voiceaiwrapper import DEMO_CAMPAIGN_ID

    return Profile(
        name="demo-voice",
        kind="voiceaiwrapper",
        url=DEMO_VOICE_URL,
        campaign_id=DEMO_CAMPAIGN_ID,
        bulk_size=100,
        concurrency=2,
    )


def demo_voice_token() -> SecretStr:
    from pydantic import SecretStr

    from leadtui.emulator.voiceaiwrapper import DEMO_KEY

    return SecretStr(DEMO_KEY)


def demo_voice_transport() -> httpx.AsyncBaseTransport:
    """The VoiceAIWrapper emulator's demo campaign, in this process (fresh each run)."""
    from leadtui.emulator.voiceaiwrapper import VoiceAIWrapperEmulator

    return VoiceAIWrapperEmulator.demo().transport()


def open_voice_session(
    profile: Profile,
    token: SecretStr,
    journal: Journal,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> VoiceSession:
    from leadtui.api.voiceaiwrapper import VoiceAIWrapperClient
    from leadtui.ops.session import VoiceSession

    if not profile.campaign_id:
        raise ConfigError("No campaign", f"set campaign_id in profile {profile.name!r}")
    client = VoiceAIWrapperClient(
        profile.url,
        token,
        timeout=profile.timeout,
        concurrency=profile.in_flight,
        verify=profile.verify,
        transport=transport,
    )
    return VoiceSession(
        client=client,
        journal=journal,
        profile=profile.name,
        campaign_id=profile.campaign_id,
        bulk_size=profile.bulk_size,
        concurrency=profile.in_flight,
        read_only=profile.read_only,
    )


if TYPE_CHECKING:
    from leadtui.ops.team_journal import TeamJournal
    from leadtui.ops.team_push import TeamPusher


def team_journal(config: Config) -> TeamJournal | None:
    """The team journal the config names (psycopg loads here, only then)."""
    if not config.team_journal:
        return None
    from leadtui.config import resolve_team_password
    from leadtui.ops.team_journal import TeamJournal, TeamSettings, password_problem

    problem = password_problem(config.team_journal)
    if problem:
        raise ConfigError("team_journal", problem)
    return TeamJournal(
        TeamSettings(config.team_journal, password=resolve_team_password(config))
    )


def start_team_push(config: Config, journal: Journal) -> TeamPusher | None:
    """Push this journal to the team journal in the background, starting now."""
    team = team_journal(config)
    if team is None:
        return None
    from leadtui.ops.team_push import TeamPusher

    return TeamPusher(team, journal).start()
