"""``python -m leadtui.emulator --dataset FILE|demo [--host 127.0.0.1] [--port 8089] [--now ...]``

Serves the emulated Non-Agent API until Ctrl-C and prints its URL."""

from __future__ import annotations

import argparse
import sys
import threading

from leadtui.emulator.emulator import Emulator, FixedClock
from leadtui.emulator.server import EmulatorServer


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m leadtui.emulator",
        description="Serve a VICIdial-compatible Non-Agent API.",
    )
    ap.add_argument(
        "--dataset",
        default="demo",
        help="a dataset.json file, or 'demo' for the built-in demo data",
    )
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8089)
    ap.add_argument(
        "--now",
        default=None,
        help='fixed server clock, e.g. "2026-11-24 10:00:00" (UTC)',
    )
    a = ap.parse_args(argv)
    clock = FixedClock(a.now) if a.now else None
    emulator = (
        Emulator.demo(now=clock)
        if a.dataset == "demo"
        else Emulator.from_dataset(a.dataset, now=clock)
    )
    server = EmulatorServer(emulator, a.host, a.port).start()
    print(server.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
