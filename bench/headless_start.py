"""Child of bench/startup.py: start an app headless until its first frame, then end.

    python -X importtime bench/headless_start.py leadtui|bare

As ``leadtui --demo`` starts (or the bare app), without a terminal: Textual
draws on stderr, where ``-X importtime`` writes its report. The process ends
(``os._exit``) at the first frame (Textual's Ready), so the report is what
the first frame imported, not what loads after it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import NoReturn

from textual.app import App


def build(which: str) -> App[None]:
    if which == "bare":
        from bare_app import BareApp

        class FirstFrame(BareApp):
            def on_ready(self) -> None:
                end()

        return FirstFrame()
    from leadtui.cli_parser import launch_args
    from leadtui.tui.app import LeadApp
    from leadtui.tui.launch import Launch

    # (a subclass here would look for the app's CSS files beside this script)
    LeadApp.on_ready = lambda self: end()  # type: ignore[method-assign]
    args = launch_args(["--demo"])
    assert args is not None
    # as run_app starts it: the first screen, then the config and the demo dialer
    return LeadApp(launch=Launch.from_args(args))


def end() -> NoReturn:
    sys.stderr.flush()
    os._exit(0)


async def run(which: str) -> None:
    app = build(which)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(30)  # end() ends it at the first frame
    raise TimeoutError("no first frame")


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1]))
