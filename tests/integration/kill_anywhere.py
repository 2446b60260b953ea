"""kill -9 the installed CLI at random moments of a big batch, resume, repeat.

The kill moments are drawn from a seeded generator (the seed is printed with
any failure; ``LEADTUI_KILL_SEED`` replays one) and alternate between the
before-image reads and the requests: each kill waits for a random number of
new before-images, or for a request on the wire, then strikes. After the last
kill a resume runs to the end, and every lead must hold the batch's value, with
its before-image the value it held before and its outcome the truth.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

KILLS = 20


@dataclass
class KillReport:
    seed: int
    kills: list[str] = field(default_factory=list)
    operation_id: int | None = None
    final_exit: int | None = None
    final: object = None

    def __str__(self) -> str:
        return f"seed {self.seed}; kills: {', '.join(self.kills)}"


def _journal_count(path: Path, sql: str) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            row = db.execute(sql).fetchone()
    except sqlite3.Error:
        return 0
    return int(row[0]) if row and row[0] is not None else 0


def _cli(url: str, password: str, journal: Path, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "LEADTUI_PASSWORD": password,
        "LEADTUI_JOURNAL": str(journal),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "leadtui", "--url", url, "--user", "6666", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def _strike(
    process: subprocess.Popen[str], journal: Path, rng: random.Random, phase: str
) -> str | None:
    """Wait for a random moment of a randomly chosen phase, and kill -9 there.

    Reading: once a random number (1-500) of before-images more are journaled,
    or as soon as the reads are over. Sending: once a request is on the wire,
    after a random pause. Returns the phase struck, None if the process ended.
    """
    reads = "SELECT count(*) FROM leads WHERE before_state != 'none'"
    on_the_wire = "SELECT count(*) FROM chunks WHERE state = 'sending'"
    read_at_start = _journal_count(journal, reads)
    reads_wanted = rng.randint(1, 500)
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        sending = _journal_count(journal, on_the_wire)
        if phase == "reading":
            if _journal_count(journal, reads) - read_at_start >= reads_wanted:
                break
            if sending:  # the reads are over: strike in the requests
                phase = "sending"
        if phase == "sending" and sending:
            time.sleep(rng.uniform(0, 0.05))
            break
        time.sleep(0.003)
    if process.poll() is not None:
        return None
    process.kill()
    process.wait()
    return phase


def kill_anywhere(
    url: str,
    ids: list[int],
    tmp: Path,
    *,
    password: str = "1234",
    kills: int = KILLS,
    records: int = 25,
) -> KillReport:
    """Start the batch, kill it ``kills`` times (resuming after each), then resume to
    the end. Returns what happened; raises AssertionError if a run failed."""
    seed = int(os.environ.get("LEADTUI_KILL_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    report = KillReport(seed)
    journal = tmp / "journal.sqlite3"
    id_file = tmp / "ids.txt"
    id_file.write_text("\n".join(map(str, ids)) + "\n")
    batch = [
        "--yes",
        "batch",
        "--ids-file",
        str(id_file),
        "--set",
        "status=XFER",
        "--records",
        str(records),
    ]
    attempts = 0
    while len(report.kills) < kills and attempts < kills * 3:
        attempts += 1
        if report.operation_id is None:
            process = _cli(url, password, journal, *batch)
        else:
            process = _cli(
                url, password, journal, "--yes", "resume", str(report.operation_id)
            )
        # the first kills land in the reads (3,000 of them, a few hundred per run);
        # the rest in whichever phase the dice say
        wanted = (
            "reading" if len(report.kills) < 5 else rng.choice(["reading", "sending"])
        )
        phase = _strike(process, journal, rng, wanted)
        if phase is not None:
            report.kills.append(phase)
        else:
            out, err = process.communicate()
            assert process.returncode in (0, 1), f"{report}: {err[-2000:]}"
            assert "Traceback" not in err, f"{report}: {err[-2000:]}"
        if report.operation_id is None:
            first = _journal_count(journal, "SELECT min(id) FROM operations")
            report.operation_id = first or None
        if phase is None and report.operation_id is not None:
            open_leads = _journal_count(
                journal,
                f"SELECT count(*) FROM leads WHERE operation_id={report.operation_id}"
                " AND phase != 'settled'",
            )
            if not open_leads:
                break  # finished before the next kill could land
    assert report.operation_id is not None, f"{report}: no operation was ever journaled"
    final = _cli(
        url,
        password,
        journal,
        "--yes",
        "--json",
        "resume",
        str(report.operation_id),
    )
    out, err = final.communicate(timeout=600)
    # 1 when some IDs are not leads on this server ("not every lead was changed")
    assert final.returncode in (0, 1), f"{report}: {err[-2000:]}"
    assert "Traceback" not in err
    report.final_exit = final.returncode
    report.final = json.loads(out)  # a clean JSON answer
    # every kill landed between two commits: the hash chain holds all the same
    from leadtui.ops.journal import Journal

    record = Journal(journal)
    try:
        problem, entries = record.verify_chain()
    finally:
        record.close()
    assert problem is None, f"{report}: {problem.describe()}"
    assert entries > 0
    return report
