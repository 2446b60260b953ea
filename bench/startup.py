"""Start-up: process start to the first interactive screen, beside a bare Textual app.

    .venv/bin/python bench/startup.py [--runs 7]

Each app starts in a real terminal (tmux, 80×24, on a private tmux socket),
and ``tmux capture-pane`` is polled until the screen shows that the app is
ready: for ``leadtui --demo`` its search screen's key box, which takes keys at
once, and the prompt under it (``Type a lead ID, vendor code or phone
number``; the prompt alone could be drawn a frame before the box), and,
measured in the same start, the whole search form on the screen (its scope row
and footer, mounted right after the first frame) and the moment the demo
dialer answered (the session bar's "starting the demo dialer…" gone); for the
bare app its one label. Runs alternate between the two, after one unmeasured warm-up of each
(the first demo run creates the demo dialer's state). The demo keeps its state
and journal in a temporary ``XDG_DATA_HOME``, never in yours.

leadtui's bytecode is compiled first (``compileall``), as pip compiles an
installed wheel's: a shell with ``PYTHONDONTWRITEBYTECODE`` would otherwise
have every start compile leadtui's modules from source, while Textual's come
compiled from site-packages.

Then one more start of each with ``python -X importtime`` gives the
import-time breakdown of everything imported before the first frame, and
``leadtui --version`` is timed beside ``python -c pass`` (alternating, each a
fresh process; the issue's target is 2×).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchlib import BENCH, ROOT, machine, publish, scratch, summary, table

LEADTUI = ROOT / ".venv" / "bin" / "leadtui"
PROMPT = "Type a lead ID, vendor code or phone number"
KEY_BOX = "lead ID (digits)"  # the key box's placeholder: the box is drawn
STARTING = "starting the demo dialer"
FOOTER = "f1 Help"
#: what each app's screen shows at each moment measured (the first is "ready")
MARKS: dict[str, dict[str, Callable[[str], bool]]] = {
    "leadtui --demo": {
        "first interactive screen": lambda screen: (
            PROMPT in screen and KEY_BOX in screen
        ),
        "whole search form": lambda screen: (
            KEY_BOX in screen and "SYSTEM" in screen and FOOTER in screen
        ),
        "demo dialer connected": lambda screen: (
            PROMPT in screen and STARTING not in screen
        ),
    },
    "bare Textual": {
        "first interactive screen": lambda screen: "bare textual app ready" in screen,
    },
}
CONNECTED = "leadtui --demo, dialer connected"
FORM = "leadtui --demo, whole search form"
#: the report's row for each later moment of a start
LATER_ROWS = {"whole search form": FORM, "demo dialer connected": CONNECTED}
WIDTH, HEIGHT = 80, 24
POLL = 0.004  # seconds between screen captures


class Tmux:
    """A private tmux server (its own socket): only ever touches its own sessions."""

    def __init__(self, folder: Path) -> None:
        if shutil.which("tmux") is None:
            raise SystemExit("tmux is not installed")
        self.socket = str(folder / "tmux.sock")

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-S", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, name: str, command: str) -> None:
        self.run(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            command,
        )

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name, check=False)

    def stop(self, name: str) -> None:
        self.run("kill-session", "-t", name, check=False)

    def close(self) -> None:
        self.run("kill-server", check=False)


def commands(folder: Path) -> dict[str, str]:
    prefix = " ".join(f"{k}={v}" for k, v in environment(folder).items())
    python = ROOT / ".venv" / "bin" / "python"
    return {
        "leadtui --demo": f"env {prefix} {LEADTUI} --demo",
        "bare Textual": f"env {prefix} {python} {BENCH / 'bare_app.py'}",
    }


def environment(folder: Path) -> dict[str, str]:
    """The demo's data and config in ``folder``, never the operator's."""
    return {
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
    }


def start_once(
    tmux: Tmux, name: str, command: str, timeout: float = 60
) -> dict[str, float]:
    """Seconds from starting ``command`` to each of its marks on the screen."""
    session = f"s{os.getpid()}"
    marks = MARKS[name]
    seen: dict[str, float] = {}
    started = time.perf_counter()
    tmux.start(session, command)
    try:
        while len(seen) < len(marks):
            screen = tmux.screen(session)
            now = time.perf_counter() - started
            for mark, shows in marks.items():
                if mark not in seen and shows(screen):
                    seen[mark] = now
            if now > timeout:
                raise TimeoutError(f"{name} never showed {set(marks) - set(seen)}")
            time.sleep(POLL)
        return seen
    finally:
        tmux.stop(session)
        time.sleep(0.2)  # let the app exit before the next start


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def import_times(path: Path) -> list[tuple[str, int, int, int]]:
    """(module, self µs, cumulative µs, nesting depth) from -X importtime output."""
    rows = []
    for line in path.read_text(errors="replace").splitlines():
        found = _IMPORT_LINE.match(line)
        if found:
            depth = (len(found[3]) - 1) // 2
            rows.append((found[4], int(found[1]), int(found[2]), depth))
    return rows


def import_report(path: Path, top: int) -> dict[str, Any]:
    rows = import_times(path)
    by_package: dict[str, int] = {}
    for module, own, _, _ in rows:
        package = module.split(".")[0]
        by_package[package] = by_package.get(package, 0) + own
    slowest = sorted(rows, key=lambda r: r[1], reverse=True)[:top]
    heavy_roots = sorted(
        (r for r in rows if r[3] == 0), key=lambda r: r[2], reverse=True
    )[:top]
    return {
        "modules": len(rows),
        "total_ms": sum(r[1] for r in rows) / 1000,
        "by_package_ms": {
            k: v / 1000
            for k, v in sorted(by_package.items(), key=lambda kv: -kv[1])[:top]
        },
        "slowest_self_ms": {r[0]: r[1] / 1000 for r in slowest},
        "slowest_top_level_cumulative_ms": {r[0]: r[2] / 1000 for r in heavy_roots},
    }


def label(name: str, mark: str) -> str:
    """One row per app and moment: the first moment carries the app's name."""
    return name if mark == next(iter(MARKS[name])) else LATER_ROWS[mark]


def measure(runs: int, log: Any) -> tuple[dict[str, list[float]], dict[str, Any]]:
    names = list(MARKS)
    times: dict[str, list[float]] = {
        label(name, mark): [] for name in names for mark in MARKS[name]
    }
    compile_bytecode()
    with scratch("ltstart-") as folder:
        tmux = Tmux(folder)
        try:
            lines = commands(folder)
            for name in names:  # warm-up: caches, the demo dialer's state
                start_once(tmux, name, lines[name])
            for number in range(runs):
                order = names if number % 2 == 0 else names[::-1]
                for name in order:
                    for mark, seconds in start_once(tmux, name, lines[name]).items():
                        times[label(name, mark)].append(seconds)
                        log(
                            f"  run {number + 1}/{runs}  {name:<15} {mark:<25}"
                            f" {seconds * 1000:7.0f} ms"
                        )
        finally:
            tmux.close()
        imports = {name: traced_imports(name, folder) for name in names}
    return times, imports


def version_times(runs: int) -> dict[str, list[float]]:
    """Seconds for ``leadtui --version`` and for ``python -c pass``, alternating."""
    lines = {
        "leadtui --version": [str(LEADTUI), "--version"],
        "python -c pass": [str(ROOT / ".venv" / "bin" / "python"), "-c", "pass"],
    }
    times: dict[str, list[float]] = {name: [] for name in lines}
    for _ in range(runs):
        for name, line in lines.items():
            started = time.perf_counter()
            subprocess.run(line, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    return times


def compile_bytecode() -> None:
    """leadtui's modules compiled, as an installed wheel's are (see the top)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "leadtui")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def traced_imports(name: str, folder: Path) -> dict[str, Any]:
    """Import times (``python -X importtime``) of one start until its first
    frame, headless: Textual draws on stderr, where -X importtime writes too,
    so not in the terminal."""
    which = "leadtui" if name.startswith("leadtui") else "bare"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(BENCH / "headless_start.py"), which],
        capture_output=True,
        text=True,
        env={**os.environ, **environment(folder)},
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"headless start of {name} failed: {done.stderr[-2000:]}")
    trace = folder / f"importtime-{which}.txt"
    trace.write_text(done.stderr)
    return import_report(trace, top=15)


def render(report: dict[str, Any]) -> str:
    rows = [
        [
            name,
            f"{data['median'] * 1000:.0f}",
            f"{data['min'] * 1000:.0f}",
            f"{data['max'] * 1000:.0f}",
            f"{report['imports'].get(name, {}).get('total_ms', 0):.0f}"
            if name in report["imports"]
            else "",
            report["imports"][name]["modules"] if name in report["imports"] else "",
        ]
        for name, data in report["startup"].items()
    ]
    lead = report["imports"]["leadtui --demo"]
    package_rows = [[k, f"{v:.0f}"] for k, v in lead["by_package_ms"].items()]
    root_rows = [
        [k, f"{v:.0f}"] for k, v in lead["slowest_top_level_cumulative_ms"].items()
    ]
    self_rows = [[k, f"{v:.1f}"] for k, v in lead["slowest_self_ms"].items()]
    ratio = report["ratio"]
    return "\n".join(
        [
            f"start → first interactive screen (and → whole form, → demo dialer "
            "connected), "
            f"tmux {WIDTH}×{HEIGHT}, {report['runs']} runs each",
            "",
            table(
                ["app", "median ms", "min ms", "max ms", "imports ms", "modules"],
                rows,
            ),
            "",
            f"leadtui --demo / bare Textual (medians): {ratio:.2f}× "
            f"(target ≤ 1.3×: {'met' if ratio <= 1.3 else 'MISSED'}); "
            f"until the whole form: {report['ratio_form']:.2f}×; "
            f"until the demo dialer answered: {report['ratio_connected']:.2f}×",
            "",
            f"leadtui --version: {report['version']['leadtui --version']['median'] * 1000:.0f}"
            f" ms, python -c pass: {report['version']['python -c pass']['median'] * 1000:.0f}"
            f" ms (medians): {report['version_ratio']:.2f}× (target ≤ 2×: "
            f"{'met' if report['version_ratio'] <= 2 else 'MISSED'})",
            "",
            "leadtui --demo, imported before its first frame, by package "
            "(self times summed):",
            table(["package", "ms"], package_rows),
            "",
            "slowest top-level imports (cumulative):",
            table(["module", "ms"], root_rows),
            "",
            "slowest modules (self):",
            table(["module", "ms"], self_rows),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", metavar="PATH", help="also write the JSON report here")
    args = ap.parse_args(argv)
    if not LEADTUI.exists():
        raise SystemExit(f"{LEADTUI} not found: install leadtui in .venv first")
    times, imports = measure(args.runs, lambda text: print(text, flush=True))
    version = version_times(max(args.runs, 15))
    version_ratio = statistics.median(version["leadtui --version"]) / statistics.median(
        version["python -c pass"]
    )
    startup = {name: {**summary(t), "seconds": t} for name, t in times.items()}
    ratio = statistics.median(times["leadtui --demo"]) / statistics.median(
        times["bare Textual"]
    )
    connected = statistics.median(times[CONNECTED]) / statistics.median(
        times["bare Textual"]
    )
    form = statistics.median(times[FORM]) / statistics.median(times["bare Textual"])
    report = {
        "benchmark": "startup",
        "ratio_form": form,
        "version": {name: summary(t) for name, t in version.items()},
        "version_ratio": version_ratio,
        "version_target": {"ratio": "≤ 2", "met": version_ratio <= 2},
        "ratio_connected": connected,
        "runs": args.runs,
        "terminal": f"tmux {WIDTH}x{HEIGHT}",
        "startup": startup,
        "ratio": ratio,
        "target": {"ratio": "≤ 1.3", "met": ratio <= 1.3},
        "imports": imports,
        "machine": machine(),
        "python_executable": sys.executable,
    }
    publish(render(report), report, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
