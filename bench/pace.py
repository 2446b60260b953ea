"""Before-image reads at fixed concurrencies beside the adaptive limit.

    .venv/bin/python bench/pace.py [--leads 2000] [--rounds 3] [--servers emulator,real2,real8]

For each server — the emulator in a child process, and the upstream VICIdial
(../shared/vicidial) with 2 and with 8 ``php -S`` workers — the same leads are
read as a batch's preview reads them (``read_before_images``, one
``lead_all_info`` a lead, ``lead_field_info`` where that fails) by a client at
a fixed concurrency of 1, 2, 4 and 8, and by the adaptive client under a
ceiling of 8 (the default profile). Settings alternate within each round; the
median of the rounds is compared. Target: adaptive within 1.10× the best fixed
setting on every server. Reads change nothing, so no reset is needed between
runs; one unmeasured pass warms the server up first.

Prints a table, then one JSON line (and to ``--json PATH``).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Sequence
from typing import Any

from benchlib import (
    EmulatorProcess,
    RealServer,
    Server,
    lead_ids_of,
    machine,
    make_dataset,
    publish,
    scratch,
    table,
    write_dataset,
)

from leadtui.api.vicidial.client import VicidialClient
from leadtui.ops.before_images import read_before_images

FIXED = (1, 2, 4, 8)
CEILING = 8
ADAPTIVE = "adaptive ≤8"
TARGET = 1.10
SERVERS = {
    "emulator": "emulator (child process)",
    "real2": "upstream VICIdial, 2 php workers",
    "real8": "upstream VICIdial, 8 php workers",
}


async def read_all(
    server: Server, ids: list[int], concurrency: int, adaptive: bool
) -> dict[str, float]:
    client = VicidialClient(
        server.url,
        server.user,
        server.password,
        source="bench",
        concurrency=concurrency,
        adaptive=adaptive,
        timeout=60,
    )
    async with client:
        started = time.perf_counter()
        images = await read_before_images(
            client, ids, ["status"], concurrency=concurrency
        )
        seconds = time.perf_counter() - started
    assert len(images) == len(ids)
    return {
        "seconds": seconds,
        "ended_at": client.pace.allowed,
        "peak": client.pace.peak,
        "requests": client.requests_sent,
    }


async def sweep(server: Server, ids: list[int], rounds: int) -> dict[str, Any]:
    settings: list[tuple[str, int, bool]] = [
        *((f"fixed {n}", n, False) for n in FIXED),
        (ADAPTIVE, CEILING, True),
    ]
    await read_all(server, ids[: max(200, len(ids) // 5)], 2, False)  # warm-up
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in settings}
    for round_number in range(rounds):
        order = settings if round_number % 2 == 0 else list(reversed(settings))
        for name, concurrency, adaptive in order:
            runs[name].append(await read_all(server, ids, concurrency, adaptive))
            print(
                f"  round {round_number + 1} {name}: {runs[name][-1]['seconds']:.2f} s",
                flush=True,
            )
    medians = {
        name: statistics.median(r["seconds"] for r in found)
        for name, found in runs.items()
    }
    best_name = min((n for n in medians if n != ADAPTIVE), key=medians.__getitem__)
    ratio = medians[ADAPTIVE] / medians[best_name]
    return {
        "medians": medians,
        "best_fixed": best_name,
        "adaptive_vs_best": ratio,
        "met": ratio <= TARGET,
        "adaptive_ended_at": [r["ended_at"] for r in runs[ADAPTIVE]],
        "adaptive_peak": [r["peak"] for r in runs[ADAPTIVE]],
        "requests": runs[ADAPTIVE][0]["requests"],
    }


def render(report: dict[str, Any]) -> str:
    headers = ["server", *(f"fixed {n}" for n in FIXED), ADAPTIVE, "÷ best", "ended at"]
    rows = []
    for key, found in report["servers"].items():
        medians = found["medians"]
        rows.append(
            [
                SERVERS[key],
                *(f"{medians[f'fixed {n}']:.2f} s" for n in FIXED),
                f"{medians[ADAPTIVE]:.2f} s",
                f"{found['adaptive_vs_best']:.2f}× "
                + ("(met)" if found["met"] else "(missed)"),
                "/".join(str(n) for n in found["adaptive_ended_at"]),
            ]
        )
    return (
        f"Before-image reads of {report['leads']:,} leads, median of "
        f"{report['rounds']} rounds (target: adaptive ≤ {TARGET:.2f}× the best fixed)\n"
        + table(headers, rows)
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--leads", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--servers", default=",".join(SERVERS))
    ap.add_argument("--json", metavar="PATH", help="also write the JSON report here")
    args = ap.parse_args(argv)
    unknown = set(args.servers.split(",")) - set(SERVERS)
    if unknown:
        ap.error(f"unknown servers: {', '.join(sorted(unknown))}")
    return args


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    dataset = make_dataset(args.leads)
    ids = lead_ids_of(dataset)
    found: dict[str, Any] = {}
    with scratch("ltp-") as folder:
        path = write_dataset(dataset, folder)
        for key in args.servers.split(","):
            server: Server
            if key == "emulator":
                server = EmulatorProcess(path)
            else:
                workers = int(key.removeprefix("real"))
                server = RealServer(path, workers=workers, state=folder / key)
            try:
                print(f"{server.describe()}: {len(ids):,} leads", flush=True)
                found[key] = await sweep(server, ids, args.rounds)
            finally:
                server.close()
    return {
        "bench": "pace",
        "leads": len(ids),
        "rounds": args.rounds,
        "servers": found,
        "machine": machine(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = asyncio.run(main_async(args))
    publish(render(report), report, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
