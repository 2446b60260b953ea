"""A VoiceAIWrapper-compatible server for the bulk lead endpoints (the twin of
``api.voiceaiwrapper.app``), used by the tests and for demos::

    emu = VoiceAIWrapperEmulator.demo(clock=lambda: 1_795_000_000.0)
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://emulator") as c:
        ...

    with VoiceAIWrapperServer(emu) as srv:   # real loopback socket
        ...  # srv.url is the API base URL

``python -m leadtui.emulator.voiceaiwrapper --port P`` serves the demo account.
It imports nothing from ``leadtui.api``.
"""

from leadtui.emulator.voiceaiwrapper.demo import (
    DEMO_CAMPAIGN_ID,
    DEMO_KEY,
    DEMO_SEED,
    DEMO_TENANT,
    DISABLED_KEY,
    OTHER_CAMPAIGN_ID,
    demo_campaign,
)
from leadtui.emulator.voiceaiwrapper.emulator import (
    Reply,
    SeenRequest,
    VoiceAIWrapperEmulator,
)
from leadtui.emulator.voiceaiwrapper.faults import Faults
from leadtui.emulator.voiceaiwrapper.serve import (
    VoiceAIWrapperServer,
    in_process_transport,
)
from leadtui.emulator.voiceaiwrapper.state import ApiKey, Campaign, StoredLead

__all__ = [
    "DEMO_CAMPAIGN_ID",
    "DEMO_KEY",
    "DEMO_SEED",
    "DEMO_TENANT",
    "DISABLED_KEY",
    "OTHER_CAMPAIGN_ID",
    "ApiKey",
    "Campaign",
    "Faults",
    "Reply",
    "SeenRequest",
    "StoredLead",
    "VoiceAIWrapperEmulator",
    "VoiceAIWrapperServer",
    "demo_campaign",
    "in_process_transport",
]
