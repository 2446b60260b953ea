"""Regenerate screenshots/*.svg from the running app (the README shows them).

    .venv/bin/python tools/screenshots.py [--size 100x30]

Each image is a real export of a screen state from tests/tui/scenarios.py,
driven by Pilot against the in-process emulator: nothing is drawn by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.tui.scenarios import SCENARIOS, build_app  # noqa: E402

ORDER = [
    "connect",
    "search",
    "lead-editor",
    "lead-diff",
    "batch-compose",
    "batch-preview",
    "batch-result",
    "csv-preview",
    "delete-guard",
    "reset-guard",
    "log",
    "operation",
    "help",
]


async def shoot(name: str, size: tuple[int, int], out: Path) -> None:
    scenario, options = SCENARIOS[name]
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder), **options)  # type: ignore[arg-type]
        async with app.run_test(size=size) as pilot:
            await scenario(pilot)
            app.save_screenshot(filename=f"{name}.svg", path=str(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100x30")
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    for name in ORDER:
        asyncio.run(shoot(name, (width, height), out))
        print(out / f"{name}.svg")


if __name__ == "__main__":
    main()
