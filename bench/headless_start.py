"""Child of bench/startup.py: start an app headless until its ready screen, then quit.

    python -X importtime bench/headless_start.py leadtui|bare

As ``leadtui --demo`` starts (or the bare app), without a terminal: Textual
draws on stderr, where ``-X importtime`` writes its report.
"""

from __future__ import annotations

import asyncio
import sys

from textual.app import App


def build(which: str) -> App[None]:
    if which == "bare":
        from bare_app import BareApp

        return BareApp()
    from leadtui.cli import build_parser
    from leadtui.tui.app import LeadApp
    from leadtui.tui.launch import Launch

    # as run_app starts it: the first screen, then the config and the demo dialer
    return LeadApp(launch=Launch.from_args(build_parser().parse_args(["--demo"])))


async def run(which: str) -> None:
    app = build(which)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3000):
            await pilot.pause(0.01)
            if which == "bare" or type(app.screen).__name__ == "SearchScreen":
                return
    raise TimeoutError("no ready screen")


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1]))
