"""``python -m leadtui.emulator.voiceaiwrapper [--host H] [--port P] [--seed S]``:
serve the demo account on loopback until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import threading
from collections.abc import Sequence

from leadtui.emulator.voiceaiwrapper.demo import (
    DEMO_CAMPAIGN_ID,
    DEMO_KEY,
    DEMO_SEED,
    DISABLED_KEY,
)
from leadtui.emulator.voiceaiwrapper.emulator import VoiceAIWrapperEmulator
from leadtui.emulator.voiceaiwrapper.serve import VoiceAIWrapperServer


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m leadtui.emulator.voiceaiwrapper",
        description="Serve an emulated VoiceAIWrapper bulk lead API with demo data.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    parser.add_argument("--leads", type=int, default=500)
    args = parser.parse_args(argv)
    emulator = VoiceAIWrapperEmulator.demo(seed=args.seed, leads=args.leads)
    with VoiceAIWrapperServer(emulator, args.host, args.port) as server:
        print(f"VoiceAIWrapper emulator at {server.url}", flush=True)
        print(f"  API key:          {DEMO_KEY}", flush=True)
        print(f"  disabled key:     {DISABLED_KEY}", flush=True)
        print(
            f"  campaign ID:      {DEMO_CAMPAIGN_ID} ({args.leads} leads)", flush=True
        )
        print("Ctrl-C stops it.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
