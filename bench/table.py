"""100,000-row tables: first paint, every frame paging to the end, Ctrl+End, `/`.

    .venv/bin/python bench/table.py [--rows 100000]

Mounts each of leadtui's result tables on a screen of its own in the running
``LeadApp`` (80×24, demo dialer in process, as ``leadtui --demo``: the heap the
garbage collector walks is the app's), beside a bare Textual ``DataTable`` alone
in a bare app, and textual-fastdatatable's (when installed: ``pip install -e
'.[bench]'``), each filled with the same rows in one ``add_rows`` call. Every case
runs in a fresh process, all in the same run, with a driver that renders each
frame as a terminal driver would (bench/uikit.py):

* search results: ``LeadTable.show(leads)``;
* batch preview: ``BatchPreviewView.start(plan)`` then ``show_images(images)``;
* batch result: ``BatchResultView.show_result(result)``.

First paint = from the call that fills the table to the first frame written
with the rows in it. Then the table takes focus and PageDown is pressed, a key every
60 ms (a brisk, steady finger), 400 times or until the cursor is on the last
row: each keystroke → frame is one scroll frame.
Then Ctrl+End from the top (one jump), and for leadtui's tables a ``/`` filter
for the rarest cell of a middle row (until the frame shows the rows found).
Memory: the process's RSS growth from the fill to the first frame (after a
full collection), against the rows' own data (each lead's six shown values as
a tuple of strings).
Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from benchlib import lead_ids_of, machine, make_dataset, percentile, publish, table
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable
from ui_latency import leadtui_app, open_composer
from uikit import FrameDriver, frame_where, send_key

try:  # the benchmark peer: pip install -e '.[bench]'
    from textual_fastdatatable import DataTable as FastDataTable
except ImportError:  # pragma: no cover - reported as absent
    FastDataTable = None

from leadtui.api.vicidial.models import Lead
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.before_images import BeforeImage, ImageState
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.results import OperationResult
from leadtui.tui.widgets.batch_views import BatchPreviewView, BatchResultView
from leadtui.tui.widgets.lead_table import LeadTable
from leadtui.tui.widgets.line_table import LineTable

SIZE = (80, 24)
BARE = "bare Textual DataTable"
FAST = "textual-fastdatatable (peer)"
COLUMNS = ["lead", "list", "status", "phone", "name", "vendor code"]
#: the peers run in a bare app, leadtui's tables in the running LeadApp
PEERS = {BARE, FAST}
REPEAT = 0.06  # seconds from one PageDown to the next (16 a second)
#: PageDowns measured (from the top; 100,000 rows would take 4,500 and 5 minutes)
PAGES = 400


@dataclass
class Case:
    name: str
    make: Callable[[], Widget]
    #: fills the table; returns how many rows it should then show
    fill: Callable[[Widget], int]
    #: the size of the rows it shows, as tuples of strings (the memory floor)
    data_bytes: int = 0


def leads_of(rows: int) -> list[Lead]:
    records = make_dataset(rows)["leads"]
    leads = []
    for row in records:
        values = {k: "" if v is None else str(v) for k, v in row.items()}
        leads.append(Lead.from_columns(values))
    return leads


def cases(rows: int) -> list[Case]:
    dataset = make_dataset(rows)
    ids = lead_ids_of(dataset)
    leads = leads_of(rows)
    plan = BatchPlan(lead_ids=tuple(ids), values={"status": "DNC"}, records=1000)
    images = {
        i: BeforeImage(
            lead_id=i,
            state=ImageState.FULL,
            values={"status": str(row["status"]), "list_id": str(row["list_id"])},
        )
        for i, row in zip(ids, dataset["leads"], strict=True)
    }
    result = OperationResult(
        operation_id=1,
        state=OperationState.DONE,
        verdicts={i: (LeadOutcome.UPDATED, "changed: status") for i in ids},
        requests=10,
    )

    def bare(widget: Widget) -> int:
        assert isinstance(widget, DataTable)
        widget.add_columns("lead", "list", "status", "phone", "name", "vendor code")
        widget.add_rows(
            [
                (str(x.lead_id), str(x.list_id), x.status, x.phone_number, x.name, "")
                for x in leads
            ]
        )
        return len(leads)

    def fast(widget: Widget) -> int:
        widget.add_rows(  # type: ignore[attr-defined]
            (str(x.lead_id), str(x.list_id), x.status, x.phone_number, x.name, "")
            for x in leads
        )
        return len(leads)

    def search(widget: Widget) -> int:
        assert isinstance(widget, LeadTable)
        widget.show(leads, targets=set(ids[:1]))
        return len(leads)

    def preview(widget: Widget) -> int:
        assert isinstance(widget, BatchPreviewView)
        widget.start(plan)
        widget.show_images(images)
        return widget.query_one(LineTable).row_count

    def result_view(widget: Widget) -> int:
        assert isinstance(widget, BatchResultView)
        widget.start(plan)
        widget.show_result(result)
        return widget.query_one(LineTable).row_count

    # the rows' own data: what every table shows of a lead, as tuples of strings
    floor = data_bytes(
        (str(x.lead_id), str(x.list_id), x.status, x.phone_number, x.name, "")
        for x in leads
    )
    found = [
        Case(
            BARE,
            lambda: DataTable(cursor_type="row", zebra_stripes=True),
            bare,
        ),
        *(
            [
                Case(
                    FAST,
                    lambda: FastDataTable(
                        cursor_type="row", zebra_stripes=True, column_labels=COLUMNS
                    ),
                    fast,
                )
            ]
            if FastDataTable is not None
            else []
        ),
        Case("search results (LeadTable)", lambda: LeadTable(), search),
        Case("batch preview (BatchPreviewView)", lambda: BatchPreviewView(), preview),
        Case("batch result (BatchResultView)", lambda: BatchResultView(), result_view),
    ]
    for case in found:
        case.data_bytes = floor
    return found


class BareHarness(App[None]):
    """The floor: a bare Textual app holding the table alone."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


class TableScreen(Screen[None]):
    """leadtui's widget on a screen of its own, pushed on the running LeadApp."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


Grid = Any  # DataTable, LineTable or textual-fastdatatable's DataTable


def _moved_past(grid: Grid, row: int) -> bool:
    return grid.cursor_row > row


async def measure(case: Case, bare: bool, folder: str) -> dict[str, Any]:
    """Fill the table, wait for its first frame, then page to the end."""
    widget = case.make()
    app: App[Any]
    if bare:
        app = BareHarness(widget)
        app.driver_class = FrameDriver
    else:  # the real app (demo dialer in process, as leadtui --demo), its heap too
        app = leadtui_app(Path(folder), "demo")
    async with app.run_test(headless=False, size=SIZE) as pilot:
        if not bare:
            await open_composer(app, pilot)
            await app.push_screen(TableScreen(widget))
        await pilot.pause(0.2)
        grid: Grid
        if isinstance(widget, DataTable | LineTable) or (
            FastDataTable is not None and isinstance(widget, FastDataTable)
        ):
            grid = widget
        elif widget.query(LineTable):
            grid = widget.query_one(LineTable)
        else:
            grid = widget.query_one(DataTable)
        gc.collect()
        rss_before = _rss()
        started = time.perf_counter()
        expected = case.fill(widget)
        filled = time.perf_counter()
        painted = await frame_where(
            lambda: grid.row_count == expected and grid.is_on_screen
        )
        while isinstance(grid, LineTable) and not grid.complete:
            await asyncio.sleep(0.01)  # memory once every lazy row is built
        gc.collect()
        grown = _rss() - rss_before
        grid.focus()
        await pilot.pause(0.2)
        frames: list[float] = []
        last = grid.row_count - 1
        while grid.cursor_row < last and len(frames) < PAGES:
            before = grid.cursor_row
            sent = time.perf_counter()
            send_key(app, "pagedown")
            seen = await frame_where(partial(_moved_past, grid, before))
            frames.append(seen - sent)
            await asyncio.sleep(max(0.0, sent + REPEAT - time.perf_counter()))
        grid.move_cursor(row=0)
        await pilot.pause(0.3)
        sent = time.perf_counter()
        send_key(app, "ctrl+end")
        jumped = await frame_where(lambda: grid.scroll_y >= grid.max_scroll_y > 0)
        filter_ms = None
        if isinstance(grid, LineTable):  # `/`: the rows holding a text, shown
            lines = ["\t".join(row).lower() for row in grid.rows]
            needle = min(  # the rarest cell of a middle row
                (cell for cell in grid.row_at(grid.row_count // 2) if cell.strip()),
                key=lambda cell: sum(cell.lower() in line for line in lines),
            )
            await pilot.pause(0.3)
            typed = time.perf_counter()
            grid.apply_filter(needle)
            shown = await frame_where(
                lambda: grid.filter_text == needle and 0 < grid.row_count < expected
            )
            filter_ms = (shown - typed) * 1000
    return {
        "rows": expected,
        "fill_ms": (filled - started) * 1000,
        "first_paint_ms": (painted - started) * 1000,
        "pagedowns": len(frames),
        "scroll_p50_ms": percentile(frames, 0.5) * 1000,
        "scroll_p95_ms": percentile(frames, 0.95) * 1000,
        "worst_frame_ms": max(frames) * 1000,
        "jump_to_end_ms": (jumped - sent) * 1000,
        "filter_ms": filter_ms,
        "memory_mb": grown / 2**20,
        "memory_vs_data": grown / case.data_bytes,
    }


def _rss() -> int:
    """This process's resident memory, bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def data_bytes(rows: Iterable[Sequence[str]]) -> int:
    """The rows' own data as Python holds it: a tuple of strings a row."""
    total = 0
    for row in rows:
        total += sys.getsizeof(row) + sum(sys.getsizeof(cell) for cell in row)
    return total


def render(report: dict[str, Any]) -> str:
    rows = []
    for name, data in report["tables"].items():
        rows.append(
            [
                name,
                f"{data['rows']:,}",
                f"{data['first_paint_ms']:.0f}",
                f"{data['scroll_p50_ms']:.1f}",
                f"{data['scroll_p95_ms']:.1f}",
                f"{data['worst_frame_ms']:.1f}",
                f"{data['jump_to_end_ms']:.1f}",
                "" if data["filter_ms"] is None else f"{data['filter_ms']:.0f}",
                f"{data['memory_mb']:.0f} MB ({data['memory_vs_data']:.1f}×)",
            ]
        )
    lines = [
        f"{report['leads']:,} leads · {SIZE[0]}×{SIZE[1]} · PageDown to the last row",
        "",
        table(
            [
                "table",
                "rows shown",
                "first paint ms",
                "scroll p50 ms",
                "p95 ms",
                "worst ms",
                "Ctrl+End ms",
                "/ filter ms",
                "memory (÷ rows' data)",
            ],
            rows,
        ),
        "",
        "first paint vs the bare DataTable: "
        + ", ".join(f"{k} {v:.2f}×" for k, v in report["first_paint_ratio"].items()),
        "targets for leadtui's tables: first paint ≤ 100 ms, PageDown p95 ≤ 16 ms "
        "and worst ≤ 33 ms, Ctrl+End ≤ 16 ms, / filter ≤ 200 ms, memory ≤ 1.5× "
        "the rows' data: "
        + ", ".join(f"{k} {v}" for k, v in report["targets"].items()),
        ""
        if report["fastdatatable"]
        else "(textual-fastdatatable not installed: pip install -e '.[bench]')",
    ]
    return "\n".join(lines)


def run_child(index: int, rows: int) -> dict[str, Any]:
    """One table in a fresh process: each starts from the same heap."""
    done = subprocess.run(
        [sys.executable, __file__, "--rows", str(rows), "--child", str(index)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"table case {index} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def child(index: int, rows: int) -> dict[str, Any]:
    case = cases(rows)[index]
    with tempfile.TemporaryDirectory(prefix="lttable-") as folder:
        return asyncio.run(measure(case, bare=case.name in PEERS, folder=folder))


def build_report(rows: int, results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    bare = results[BARE]["first_paint_ms"]
    worst = max(r["worst_frame_ms"] for name, r in results.items() if name not in PEERS)
    return {
        "benchmark": "table",
        "leads": rows,
        "size": list(SIZE),
        "tables": results,
        "first_paint_ratio": {
            name: data["first_paint_ms"] / bare
            for name, data in results.items()
            if name != BARE
        },
        "fastdatatable": FastDataTable is not None,
        "worst_frame_ms": worst,
        "targets": _targets(results),
        "machine": machine(),
    }


def _targets(results: dict[str, dict[str, Any]]) -> dict[str, str]:
    ours = [r for name, r in results.items() if name not in PEERS]

    def met(ok: bool) -> str:
        return "met" if ok else "MISSED"

    return {
        "first paint": met(all(r["first_paint_ms"] <= 100 for r in ours)),
        "PageDown p95": met(all(r["scroll_p95_ms"] <= 16 for r in ours)),
        "worst frame": met(all(r["worst_frame_ms"] <= 33 for r in ours)),
        "Ctrl+End": met(all(r["jump_to_end_ms"] <= 16 for r in ours)),
        "/ filter": met(
            all(r["filter_ms"] is not None and r["filter_ms"] <= 200 for r in ours)
        ),
        "memory": met(all(r["memory_vs_data"] <= 1.5 for r in ours)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--json", metavar="PATH", help="also write the JSON report here")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.rows)), flush=True)
        return 0
    names = [case.name for case in cases(10)]
    results = {name: run_child(i, args.rows) for i, name in enumerate(names)}
    report = build_report(args.rows, results)
    publish(render(report), report, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
