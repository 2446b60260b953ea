#!/usr/bin/env python3
"""Randomized differential test: the same random requests to the emulator and to the real server,
from the same starting data; compares every answer and, after each session, the stored rows.

usage: diff_fuzz.py [--sessions 100] [--steps 25] [--seed 1] [--url URL] --reset-cmd CMD
                    --db-cmd CMD [--dataset tests/fixtures/dataset.json]
                    [--found tools/fuzz_found.json]

Every divergence is printed and appended (as a request-only case: the session's steps up to the
divergence) to ``--found``, so tools/record_cases.py can record it as a regression case.
Exit status 0 if nothing diverged. Not part of the default test run (needs the real server).
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuzz_requests import Step, gen
from record_cases import DEFAULT_URL, extras_sql, send

from leadtui.emulator import Emulator, FixedClock, load_dataset
from leadtui.emulator.schema import TABLES
from tests.emulator.cases import normalise, request_of

TABLE_QUERIES = {
    # every column but modify_date (stamped by each server's own clock)
    "vicidial_list": (
        "lead_id",
        [
            f.name
            for f in TABLES["vicidial_list"].fields
            if f.name not in ("lead_id", "modify_date")
        ],
    ),
    "vicidial_hopper": (
        "hopper_id",
        [
            "lead_id",
            "campaign_id",
            "status",
            "list_id",
            "gmt_offset_now",
            "state",
            "priority",
            "source",
            "vendor_lead_code",
        ],
    ),
    "vicidial_callbacks": (
        "callback_id",
        [
            "lead_id",
            "list_id",
            "campaign_id",
            "status",
            "callback_time",
            "user",
            "recipient",
            "comments",
            "user_group",
            "lead_status",
        ],
    ),
    "vicidial_callbacks_archive": ("callback_id", ["lead_id", "campaign_id", "status"]),
    "vicidial_users": ("user", ["failed_login_count"]),
}


def real_rows(db_cmd: str) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table, (key, cols) in TABLE_QUERIES.items():
        exprs = [f"IFNULL(HEX(CAST(`{c}` AS CHAR)),'N')" for c in cols]
        q = f"SELECT `{key}`, {', '.join(exprs)} FROM {table} ORDER BY `{key}`"
        proc = subprocess.run(
            [
                *shlex.split(db_cmd),
                "-N",
                "-B",
                "--default-character-set=utf8mb4",
                "-e",
                q,
            ],
            capture_output=True,
            check=True,
        )
        rows = []
        for line in proc.stdout.decode().splitlines():
            k, *vals = line.split("\t")
            rows.append(
                (k, *(None if v == "N" else bytes.fromhex(v).decode() for v in vals))
            )
        out[table] = rows
    return out


def emu_rows(emu: Emulator) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table, (key, cols) in TABLE_QUERIES.items():
        rows = emu.store.select(table, tail=f'ORDER BY "{key}"')
        out[table] = [(str(r[key]), *(r[c] for c in cols)) for r in rows]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sessions", type=int, default=100)
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--reset-cmd", required=True)
    ap.add_argument("--db-cmd", required=True)
    ap.add_argument("--dataset", default="tests/fixtures/dataset.json")
    ap.add_argument("--found", default="tools/fuzz_found.json")
    a = ap.parse_args()
    data = load_dataset(a.dataset)
    raw = json.loads(Path(a.dataset).read_text())
    setup = (
        extras_sql({k: v for k, v in raw.items() if k not in ("extends", "about")})
        if "extends" in raw
        else ""
    )
    clock = FixedClock("2026-11-24 10:00:00")
    emu = Emulator(data, now=clock)
    rng = random.Random(a.seed)
    found: list[dict[str, Any]] = []
    total = 0
    for session in range(a.sessions):
        subprocess.run(a.reset_cmd, shell=True, check=True, capture_output=True)
        if setup:
            subprocess.run(
                shlex.split(a.db_cmd),
                input=setup.encode(),
                check=True,
                capture_output=True,
            )
        emu.reset()
        steps: list[Step] = []
        diverged = False
        for _ in range(a.steps):
            step = gen(rng)
            steps.append(step)
            total += 1
            status, body, now = send(a.url, step)
            clock.set(now)
            e_status, _, e_body = emu.handle(*request_of(step))
            got = e_body.decode("utf-8", "replace")
            if (status, normalise(body)) != (e_status, normalise(got)):
                print(
                    f"DIVERGENCE session {session} step {len(steps) - 1}: {step}\n"
                    f"  real {status} {body[:300]!r}\n  emu  {e_status} {got[:300]!r}"
                )
                diverged = True
                break
        if not diverged:
            real, mine = real_rows(a.db_cmd), emu_rows(emu)
            for table in TABLE_QUERIES:
                if real[table] != mine[table]:
                    diff = [
                        (x, y)
                        for x, y in zip(real[table], mine[table], strict=False)
                        if x != y
                    ][:3]
                    print(
                        f"ROW DIVERGENCE session {session} table {table}: "
                        f"{len(real[table])} vs {len(mine[table])} rows; {diff}"
                    )
                    diverged = True
        if diverged:
            found.append({"name": f"fuzz_{a.seed}_{session}", "steps": steps})
    if found:
        path = Path(a.found)
        doc = json.loads(path.read_text()) if path.exists() else {"cases": []}
        names = {c["name"] for c in doc["cases"]}
        doc["cases"] += [c for c in found if c["name"] not in names]
        path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"{total} requests in {a.sessions} sessions, {len(found)} divergent sessions")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
