"""Shared by the benchmark scripts: datasets, servers under test, statistics, output.

Not part of leadtui; no test imports it (``tests/bench`` runs the scripts). Every script in ``bench/``
runs as ``.venv/bin/python bench/NAME.py`` from the repository root.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
SOURCE_DATASET = ROOT / "tests" / "fixtures" / "dataset.json"
SERVE = ROOT.parent / "shared" / "vicidial" / "serve"
API_PATH = "/vicidial/non_agent_api.php"
FIRST_LEAD_ID = 100_000

# --- datasets ------------------------------------------------------------------------


def make_dataset(leads: int, source: Path = SOURCE_DATASET) -> dict[str, Any]:
    """``leads`` leads in the shape of the transcript dataset's 500, deterministically.

    Lead ``i`` copies original lead ``i % 500`` (names, lists, statuses, dates: the
    1 in 10 ``O'Brien`` leads included, whose ``lead_all_info`` crashes the real
    server) with a new lead ID (100000 + i), phone number and vendor code. Phone
    numbers and vendor codes repeat within each copy of 500 exactly as in the
    original (the same searches find the same number of leads).
    """
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    originals: list[dict[str, Any]] = data["leads"]
    rows = []
    for i in range(leads):
        copy, original = divmod(i, len(originals))
        row = dict(originals[original])
        phone = str(row["phone_number"])
        vendor = str(row["vendor_lead_code"])
        row["lead_id"] = str(FIRST_LEAD_ID + i)
        row["phone_number"] = f"{phone[:3]}{(600 + copy) % 1000:03d}{phone[6:]}"
        row["vendor_lead_code"] = f"B{copy:03d}{vendor[1:]}"
        rows.append(row)
    data["leads"] = rows
    data["about"] = (
        f"bench/benchlib.make_dataset({leads}): {data['about']}"
        if isinstance(data.get("about"), str)
        else f"bench/benchlib.make_dataset({leads})"
    )
    return data


def without_apostrophes(dataset: dict[str, Any]) -> dict[str, Any]:
    """The dataset with every apostrophe taken out (``O'Brien`` → ``OBrien``):
    every lead's ``lead_all_info`` then answers on the real server."""
    dataset["leads"] = [
        {k: v.replace("'", "") if isinstance(v, str) else v for k, v in row.items()}
        for row in dataset["leads"]
    ]
    return dataset


def lead_ids_of(dataset: Mapping[str, Any]) -> list[int]:
    return [int(row["lead_id"]) for row in dataset["leads"]]


def apostrophe_leads(dataset: Mapping[str, Any]) -> int:
    return sum(
        1 for row in dataset["leads"] if any("'" in str(v) for v in row.values())
    )


def write_dataset(dataset: Mapping[str, Any], folder: Path) -> Path:
    path = folder / "dataset.json"
    path.write_text(json.dumps(dataset), encoding="utf-8")
    return path


# --- servers -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A server under test: its URL and API user, and a way back to the dataset."""

    kind = "server"
    url = ""
    user = "6666"
    password = "1234"

    def reset(self) -> None:
        """Restore the dataset (a no-op where there is no way to)."""

    def close(self) -> None:
        """Stop what this object started."""

    def describe(self) -> str:
        return f"{self.kind} at {self.url}"


class EmulatorProcess(Server):
    """``leadtui.emulator.EmulatorServer`` on a loopback port in a child process.

    A child process, not a thread of the benchmark: the emulator and the client
    under test must not share one interpreter lock, or the client's own work
    would slow the server down and hide in its times. ``reset()`` asks the child
    to restore the dataset (``Emulator.reset``) over its stdin.
    """

    kind = "emulator"

    def __init__(self, dataset: Path) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, str(BENCH / "emulator_child.py"), str(dataset)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        self.url = self._answer()

    def _answer(self) -> str:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline().strip()
        if not line:
            raise RuntimeError(f"the emulator child exited ({self._proc.poll()})")
        return line

    def reset(self) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.write("reset\n")
        self._proc.stdin.flush()
        if self._answer() != "ok":
            raise RuntimeError("the emulator child did not reset")

    def close(self) -> None:
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            with contextlib.suppress(BrokenPipeError):
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()


class RealServer(Server):
    """The unmodified upstream VICIdial (``../shared/vicidial/serve``) on its own
    free port and state directory, loaded with ``dataset``; stopped by ``close()``."""

    kind = "real"

    def __init__(self, dataset: Path, *, workers: int = 2, state: Path) -> None:
        if not SERVE.exists():
            raise RuntimeError(f"{SERVE} not found: the real server is not available")
        self.state = state
        self.port = free_port()
        self.workers = workers
        self.url = f"http://127.0.0.1:{self.port}{API_PATH}"
        self._started = False
        command = [
            str(SERVE),
            "start",
            "--workers",
            str(workers),
            "--dataset",
            str(dataset),
            "--state",
            str(state),
            "--port",
            str(self.port),
        ]
        self._started = True  # a failed start may leave a database running: stop it
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            self.close()
            raise RuntimeError(f"serve start failed: {done.stderr[-2000:]}")

    def _serve(self, action: str) -> None:
        done = subprocess.run(
            [str(SERVE), action, "--state", str(self.state)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"serve {action} failed: {done.stderr[-2000:]}")

    def reset(self) -> None:
        self._serve("reset")

    def close(self) -> None:
        if self._started:
            self._started = False
            self._serve("stop")

    def describe(self) -> str:
        return (
            f"upstream VICIdial 2.14-202 (php -S, {self.workers} workers) at {self.url}"
        )


class GivenServer(Server):
    """Any server: ``--url``/``--user``, password from ``LEADTUI_PASSWORD``;
    ``reset_command`` (a shell command) restores its data, if given."""

    kind = "url"

    def __init__(self, url: str, user: str, reset_command: str | None) -> None:
        password = os.environ.get("LEADTUI_PASSWORD")
        if not password:
            raise SystemExit("--url needs the API password in LEADTUI_PASSWORD")
        self.url, self.user, self.password = url, user, password
        self.reset_command = reset_command

    def reset(self) -> None:
        if self.reset_command:
            subprocess.run(self.reset_command, shell=True, check=True)


@contextlib.contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    """A private temporary folder, removed afterwards (short path: unix sockets)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- numbers and output --------------------------------------------------------------


def summary(samples: Sequence[float]) -> dict[str, float]:
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
    }


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1), nearest rank."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))
    return ordered[rank]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table (Markdown pipe syntax, so it pastes into a README)."""
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return (
            "| "
            + " | ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
            + " |"
        )

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def machine() -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "platform": sys.platform,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def publish(text: str, report: Mapping[str, Any], path: str | None) -> None:
    """The tables for people, then the JSON report (see :func:`emit`)."""
    print()
    print(text)
    print()
    emit(report, path)


def emit(report: Mapping[str, Any], path: str | None) -> None:
    """The JSON report: to ``path`` if given, and always as the last line of stdout."""
    text = json.dumps(report, sort_keys=True)
    if path:
        Path(path).write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    print(text, flush=True)
