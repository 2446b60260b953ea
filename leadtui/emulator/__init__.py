"""A VICIdial-compatible Non-Agent API server (the twin of ``non_agent_api.php`` 2.14-202).

Used by ``leadtui --demo`` and by the tests::

    emu = Emulator.from_dataset("tests/fixtures/dataset.json", now=FixedClock("2026-11-24 10:00:00"))
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://emulator") as c:
        r = await c.get("/vicidial/non_agent_api.php", params={"function": "version"})

    with EmulatorServer(Emulator.demo()) as srv:   # real loopback socket
        httpx.get(srv.url, params={"function": "version"})

It imports nothing from the client (``leadtui.api``/``ops``/``tui``): a bug shared by client and
emulator would pass every test.
"""

from leadtui.emulator.emulator import (
    API_PATH,
    Clock,
    Emulator,
    FixedClock,
    Handler,
    Response,
)
from leadtui.emulator.server import EmulatorServer
from leadtui.emulator.store import load_dataset

__all__ = [
    "API_PATH",
    "Clock",
    "Emulator",
    "EmulatorServer",
    "FixedClock",
    "Handler",
    "Response",
    "load_dataset",
]
