"""Keystroke latency in the batch composer with 100,000 lead IDs pasted.

    .venv/bin/python bench/ui_latency.py [--ids 100000] [--dataset demo|transcript]

Runs ``LeadApp`` headless (80×24, against the in-process emulator, as the TUI
tests do) with a driver that renders every frame to terminal sequences like a
real terminal driver, goes to the batch composer, pastes the IDs into the ID
box as one bracketed-paste event, then types and deletes characters in the ID
box and in a field value. Beside it, in the same run, the same keystrokes go to
a bare Textual app holding the same widgets (a TextArea, a label, an Input).
Each app runs in its own process, so each peak RSS is its own.

Reported: keystroke → first frame showing the keystroke (p50/p95/max), the
longest event-loop stall while typing, paste → text shown and → live count
correct on screen, and RSS. Then one JSON line (and ``--json PATH``).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from benchlib import machine, percentile, publish, table
from textual.app import App, ComposeResult
from textual.widgets import Input, Static, TextArea
from uikit import (
    FrameDriver,
    StallMonitor,
    frame_where,
    peak_rss_mb,
    rss_mb,
    send_key,
    send_paste,
)

from leadtui.config import Config
from leadtui.connect import demo_profile
from leadtui.emulator import Emulator, FixedClock
from leadtui.ops.journal import Journal
from leadtui.tui.app import LeadApp
from leadtui.tui.screens.batch import RECOUNT_DELAY

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPT_DATASET = ROOT / "tests" / "fixtures" / "dataset.json"
FROZEN = "2026-11-24 10:00:00"
SIZE = (80, 24)
FAST = 0.08  # seconds from key to key: a fast typist (12 keys/s)
PAUSE = 0.4  # after every 5 fast keys: long enough for the composer's recount
#: from key to key when each key should land while the composer recounts the IDs
#: the previous key changed (the recount starts RECOUNT_DELAY after a keystroke)
IN_RECOUNT = RECOUNT_DELAY + 0.015

Gaps = Callable[[int], float]
SCENARIOS = {
    "id_box": "ID box, typing",
    "id_box_recount": "ID box, each key during a recount",
    "value": "field value, typing",
}


def fast_typing(count: int) -> float:
    return PAUSE if count % 5 == 0 else FAST


def in_recount(count: int) -> float:
    return IN_RECOUNT


def pasted_ids(count: int) -> str:
    """``count`` distinct lead IDs, one per line, as copied from a spreadsheet."""
    return "\n".join(str(200_000 + 7 * i) for i in range(count)) + "\n"


# --- the two apps -------------------------------------------------------------------


def leadtui_app(folder: Path, dataset: str) -> LeadApp:
    clock = FixedClock(FROZEN)
    emulator = (
        Emulator.demo(now=clock)
        if dataset == "demo"
        else Emulator.from_dataset(TRANSCRIPT_DATASET, now=clock)
    )
    app = LeadApp(
        Config(),
        profile=demo_profile(),
        demo=True,
        journal=Journal(folder / "journal.sqlite3", clock=lambda: FROZEN),
        transport=emulator.transport(),
        config_file=folder / "config.toml",
    )
    app.driver_class = FrameDriver
    return app


class BareApp(App[None]):
    """The bare Textual floor: the composer's text widgets, a line count."""

    CSS = "TextArea { height: 1fr; } Input { height: 1; }"

    def compose(self) -> ComposeResult:
        yield TextArea(id="ids", soft_wrap=False, compact=True)
        yield Static("0 lines", id="id-count")
        yield Input(compact=True, classes="value-input")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        count = event.text_area.document.line_count
        self.query_one("#id-count", Static).update(f"{count:,} lines")


async def open_composer(app: App[Any], pilot: Any) -> None:
    """leadtui: wait for the demo connection, then F3 (the batch composer)."""
    assert isinstance(app, LeadApp)
    for _ in range(500):
        await pilot.pause(0.02)
        if app.session is not None and type(app.screen).__name__ == "SearchScreen":
            break
    else:
        raise RuntimeError("the app did not connect to the demo dialer")
    await pilot.press("f3")
    await pilot.pause(0.3)


# --- typing -------------------------------------------------------------------------


async def type_keys(
    app: App[Any],
    keys: Sequence[str],
    expect: Sequence[Any],
    state: Callable[[], Any],
    gaps: Gaps,
) -> list[float]:
    """Send ``keys`` one by one, ``gaps(n)`` seconds apart (key to key); after
    each, wait for a frame where ``state()`` equals the matching ``expect``.
    Returns each key's latency in seconds."""
    latencies: list[float] = []
    for count, (key, wanted) in enumerate(zip(keys, expect, strict=True), start=1):
        started = time.perf_counter()
        send_key(app, key)
        seen = await frame_where(partial(_shows, state, wanted))
        latencies.append(seen - started)
        await asyncio.sleep(max(0.0, started + gaps(count) - time.perf_counter()))
    return latencies


def _shows(state: Callable[[], Any], wanted: Any) -> bool:
    return bool(state() == wanted)


@dataclass
class Script:
    keys: list[str]
    expect: list[Any]
    state: Callable[[], Any]


def id_box_script(area: TextArea, digits: str = "5551234", times: int = 2) -> Script:
    """Type a new ID at the end of the last line, then delete it; ``times`` over."""
    row = area.document.line_count - 1
    base = area.document[row]
    keys: list[str] = []
    expect: list[tuple[int, str]] = []
    for _ in range(times):
        typed = ""
        for digit in digits:
            keys.append(digit)
            typed += digit
            expect.append((row, base + typed))
        for _ in digits:
            keys.append("backspace")
            typed = typed[:-1]
            expect.append((row, base + typed))

    def state() -> tuple[int, str]:
        cursor_row = area.cursor_location[0]
        return cursor_row, area.document[cursor_row]

    return Script(keys, expect, state)


def value_script(field: Input) -> Script:
    """Type a status, delete it, type another, delete it."""
    keys: list[str] = []
    expect: list[str] = []
    value = field.value
    for word in ("DNC", "CALLBK"):
        for char in word:
            keys.append(char)
            value += char
            expect.append(value)
        for _ in word:
            keys.append("backspace")
            value = value[:-1]
            expect.append(value)
    return Script(keys, expect, lambda: field.value)


async def measure_typing(app: App[Any], script: Script, gaps: Gaps) -> dict[str, Any]:
    monitor = StallMonitor()
    monitor.start()
    latencies = await type_keys(app, script.keys, script.expect, script.state, gaps)
    stall = await monitor.stop()
    return {"latencies": latencies, "longest_stall": stall}


# --- one app, one process -----------------------------------------------------------


async def run_app(which: str, ids: int, dataset: str) -> dict[str, Any]:
    text = pasted_ids(ids)
    with tempfile.TemporaryDirectory(prefix="ltui-") as folder:
        app: App[Any]
        if which == "leadtui":
            app = leadtui_app(Path(folder), dataset)
            counted_text = f"{ids:,} valid"
        else:
            app = BareApp()
            app.driver_class = FrameDriver
            counted_text = f"{ids + 1:,} lines"  # the final newline opens a line
        FrameDriver.frames = []
        async with app.run_test(headless=False, size=SIZE) as pilot:
            if which == "leadtui":
                await open_composer(app, pilot)
            else:
                await pilot.pause(0.2)
            screen = app.screen
            area = screen.query_one("#ids", TextArea)
            count = screen.query_one("#id-count", Static)
            area.focus()
            await pilot.pause(0.1)
            gc.collect()
            rss_before = rss_mb()

            monitor = StallMonitor()
            monitor.start()
            started = time.perf_counter()
            send_paste(app, text)
            shown = await frame_where(lambda: area.document.line_count > ids)
            counted = await frame_where(lambda: counted_text in str(count.content))
            paste_stall = await monitor.stop()
            await pilot.pause(0.5)

            runs = {
                "id_box": await measure_typing(app, id_box_script(area), fast_typing),
            }
            await pilot.pause(0.5)
            runs["id_box_recount"] = await measure_typing(
                app, id_box_script(area, digits="42", times=4), in_recount
            )
            await pilot.pause(0.5)
            field = screen.query_one(".value-input", Input)
            field.focus()
            await pilot.pause(0.2)
            runs["value"] = await measure_typing(app, value_script(field), fast_typing)
            await pilot.pause(0.3)
            rss_after = rss_mb()
    return {
        "runs": runs,
        "paste_to_text_shown": shown - started,
        "paste_to_count_correct": counted - started,
        "paste_longest_stall": paste_stall,
        "rss_before_paste_mb": rss_before,
        "rss_after_mb": rss_after,
        "peak_rss_mb": peak_rss_mb(),
    }


# --- report -------------------------------------------------------------------------


def latency_stats(samples: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": percentile(samples, 0.5) * 1000,
        "p95_ms": percentile(samples, 0.95) * 1000,
        "max_ms": max(samples) * 1000,
        "keys": len(samples),
    }


def summarise(raw: dict[str, Any]) -> dict[str, Any]:
    runs = raw["runs"]
    every = [s for run in runs.values() for s in run["latencies"]]
    out: dict[str, Any] = {
        "all_keys": latency_stats(every),
        "paste_to_text_shown_ms": raw["paste_to_text_shown"] * 1000,
        "paste_to_count_correct_ms": raw["paste_to_count_correct"] * 1000,
        "paste_longest_stall_ms": raw["paste_longest_stall"] * 1000,
        "rss_before_paste_mb": raw["rss_before_paste_mb"],
        "rss_after_mb": raw["rss_after_mb"],
        "peak_rss_mb": raw["peak_rss_mb"],
    }
    for name, run in runs.items():
        out[name] = {
            **latency_stats(run["latencies"]),
            "longest_stall_ms": run["longest_stall"] * 1000,
            "raw_ms": [s * 1000 for s in run["latencies"]],
        }
    return out


def render(report: dict[str, Any]) -> str:
    lead, bare = report["leadtui"], report["bare_textual"]

    def ms(value: float) -> str:
        return f"{value:.1f}"

    rows = []
    for key, label in SCENARIOS.items():
        for name, data in (("leadtui", lead), ("bare Textual", bare)):
            stats = data[key]
            rows.append(
                [
                    f"{label}: {name}",
                    ms(stats["p50_ms"]),
                    ms(stats["p95_ms"]),
                    ms(stats["max_ms"]),
                    ms(stats["longest_stall_ms"]),
                    stats["keys"],
                ]
            )
    for name, data in (("leadtui", lead), ("bare Textual", bare)):
        stats = data["all_keys"]
        rows.append(
            [
                f"all keys: {name}",
                ms(stats["p50_ms"]),
                ms(stats["p95_ms"]),
                ms(stats["max_ms"]),
                "",
                stats["keys"],
            ]
        )
    paste_rows = [
        [
            name,
            ms(data["paste_to_text_shown_ms"]),
            ms(data["paste_to_count_correct_ms"]),
            ms(data["paste_longest_stall_ms"]),
            f"{data['rss_before_paste_mb']:.0f}",
            f"{data['rss_after_mb']:.0f}",
            f"{data['peak_rss_mb']:.0f}",
        ]
        for name, data in (("leadtui", lead), ("bare Textual", bare))
    ]
    targets = report["targets"]
    return "\n".join(
        [
            f"{report['ids']:,} IDs pasted · {SIZE[0]}×{SIZE[1]} · dataset "
            f"{report['dataset']} · typing {FAST * 1000:.0f} ms key to key with a "
            f"{PAUSE * 1000:.0f} ms pause every 5; 'during a recount' "
            f"{IN_RECOUNT * 1000:.0f} ms",
            "",
            table(
                ["keystroke → frame", "p50 ms", "p95 ms", "max ms", "stall ms", "keys"],
                rows,
            ),
            "",
            table(
                [
                    "paste",
                    "text shown ms",
                    "count correct ms",
                    "stall ms",
                    "RSS before MB",
                    "after MB",
                    "peak MB",
                ],
                paste_rows,
            ),
            "",
            "stall = longest time the event loop went without running (1 ms heartbeat);",
            "leadtui's process holds the app and its in-process demo emulator.",
            f"leadtui p95 / bare Textual p95 (all keys): "
            f"{report['ratio_p95_leadtui_vs_bare']:.2f}×",
            f"keystroke p95 ≤ 16 ms: {targets['keystroke_p95']} · "
            f"peak RSS ≤ 200 MB: {targets['peak_rss']}",
        ]
    )


def run_child(which: str, args: argparse.Namespace) -> dict[str, Any]:
    """One app in a fresh process, so that its peak RSS is its own."""
    command = [
        sys.executable,
        __file__,
        "--child",
        which,
        "--ids",
        str(args.ids),
        "--dataset",
        args.dataset,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{which} run failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def build_report(
    args: argparse.Namespace, lead: dict[str, Any], bare: dict[str, Any]
) -> dict[str, Any]:
    p95 = lead["all_keys"]["p95_ms"]
    return {
        "benchmark": "ui_latency",
        "ids": args.ids,
        "dataset": args.dataset,
        "size": list(SIZE),
        "typing": {"fast_ms": FAST * 1000, "pause_ms": PAUSE * 1000},
        "in_recount_ms": IN_RECOUNT * 1000,
        "leadtui": lead,
        "bare_textual": bare,
        "ratio_p95_leadtui_vs_bare": p95 / max(bare["all_keys"]["p95_ms"], 1e-9),
        "targets": {
            "keystroke_p95": "met" if p95 <= 16 else "MISSED",
            "peak_rss": "met" if lead["peak_rss_mb"] <= 200 else "MISSED",
        },
        "machine": machine(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ids", type=int, default=100_000)
    ap.add_argument("--dataset", choices=("demo", "transcript"), default="demo")
    ap.add_argument("--json", metavar="PATH", help="also write the JSON report here")
    ap.add_argument("--child", choices=("bare", "leadtui"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        raw = asyncio.run(run_app(args.child, args.ids, args.dataset))
        print(json.dumps(summarise(raw)), flush=True)
        return 0
    bare = run_child("bare", args)
    lead = run_child("leadtui", args)
    report = build_report(args, lead, bare)
    publish(render(report), report, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
