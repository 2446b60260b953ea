"""The benchmark scripts still run and report what they measured, at toy sizes.

Nothing here is timed: each script runs once, small, and its JSON report is
checked for the work it says it did (every lead updated, every key seen).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def run(script: str, *args: str, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / f"{script}.json"
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args, "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, Any] = json.loads(out.read_text())
    assert json.loads(done.stdout.strip().splitlines()[-1]) == report
    return report


def test_bulk_runs_every_way_and_changes_every_lead(tmp_path: Path) -> None:
    report = run("bulk.py", "--leads", "60", "--rounds", "1", tmp_path=tmp_path)
    modes = report["modes"]
    assert set(modes) == {
        "per-lead loop",
        "bare batch",
        "bare reads",
        "bare complete reads",
        "leadtui no images",
        "leadtui + images",
    }
    assert modes["per-lead loop"]["requests"] == 60
    assert modes["bare batch"]["requests"] == 1
    with_images = modes["leadtui + images"]["runs"][0]["detail"]
    assert with_images["outcomes"] == {"updated": 60}
    crashing = report["dataset"]["apostrophe_leads"]  # lead_all_info answers 500
    assert crashing > 0
    assert with_images["images"] == {"full": 60 - crashing, "partial": crashing}
    # the complete floor reads again, one column, each lead the server cannot answer
    complete = modes["bare complete reads"]
    assert complete["requests"] == 60 + crashing
    # leadtui: those reads, and the one batch_update_lead
    assert modes["leadtui + images"]["requests"] == 60 + crashing + 1
    assert complete["runs"][0]["detail"]["http"] == {"200": 60, "500": crashing}
    assert modes["leadtui no images"]["runs"][0]["detail"]["outcomes"] == {
        "matched": 60
    }
    assert set(report["targets"]) == {
        "no_images_vs_bare_batch",
        "with_images_vs_bare_reads",
        "with_images_vs_bare_complete_reads",
        "with_images_vs_loop",
        "loop_vs_no_images",
        "estimate_within_30_percent",
    }
    # the composer's estimate against the measured median, in a session that
    # remembers the runs' pace and in a first one
    for key in ("estimate_error", "estimate_error_first_session"):
        assert set(report[key]) == {"leadtui no images", "leadtui + images"}


def test_ui_latency_sees_every_keystroke(tmp_path: Path) -> None:
    report = run("ui_latency.py", "--ids", "2000", tmp_path=tmp_path)
    for app in ("leadtui", "bare_textual"):
        assert report[app]["all_keys"]["keys"] == 62
        assert report[app]["peak_rss_mb"] > 0
    assert report["targets"]["keystroke_p95"] in ("met", "MISSED")


def test_table_pages_to_the_last_row(tmp_path: Path) -> None:
    report = run("table.py", "--rows", "300", tmp_path=tmp_path)
    tables = report["tables"]
    # leadtui's three tables, the bare DataTable, and textual-fastdatatable when
    # installed (the bench extra)
    assert len(tables) == 4 + report["fastdatatable"]
    assert all(t["rows"] == 300 and t["pagedowns"] > 0 for t in tables.values())
    ours = [
        t for name, t in tables.items() if "(peer)" not in name and "bare" not in name
    ]
    assert len(ours) == 3 and all(t["filter_ms"] > 0 for t in ours)
    assert set(report["targets"]) == {
        "first paint",
        "PageDown p95",
        "worst frame",
        "Ctrl+End",
        "/ filter",
        "memory",
    }
    assert all(t["memory_vs_data"] == t["memory_vs_data"] for t in tables.values())


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (CI installs it)")
def test_startup_sees_both_apps_ready(tmp_path: Path) -> None:
    if not (BENCH.parent / ".venv" / "bin" / "leadtui").exists():
        pytest.fail("leadtui is not installed in .venv (CI installs it there)")
    report = run("startup.py", "--runs", "1", tmp_path=tmp_path)
    assert set(report["startup"]) == {
        "leadtui --demo",
        "leadtui --demo, whole search form",
        "leadtui --demo, dialer connected",
        "bare Textual",
    }
    assert report["imports"]["leadtui --demo"]["modules"] > 100
    assert set(report["version"]) == {"leadtui --version", "python -c pass"}


def test_pace_sweeps_every_setting_on_the_emulator(tmp_path: Path) -> None:
    report = run(
        "pace.py",
        "--leads",
        "60",
        "--rounds",
        "1",
        "--servers",
        "emulator",
        tmp_path=tmp_path,
    )
    found = report["servers"]["emulator"]
    assert set(found["medians"]) == {
        "fixed 1",
        "fixed 2",
        "fixed 4",
        "fixed 8",
        "adaptive ≤8",
    }
    assert found["requests"] >= 60  # every lead read (a crash answer reads twice)
    assert 1 <= found["adaptive_peak"][0] <= 8


def test_journal_times_the_chain_beside_the_journal_without_it(
    tmp_path: Path, team_postgres: Any, team_database: str
) -> None:
    report = run(
        "journal.py",
        "--leads",
        "50",
        "--rounds",
        "1",
        "--postgres",
        team_postgres.dsn(team_database),
        tmp_path=tmp_path,
    )
    # 50 leads: created (operation + 50 leads), run begun (the run: the
    # operation row is as created), finished (operation, run, 50 settled leads)
    assert report["entries"] == 1 + 50 + 1 + 2 + 50
    assert (
        set(report["chain"])
        == set(report["floor"])
        == {
            "create",
            "begin run",
            "settle leads",
            "finish run",
            "total",
        }
    )
    assert report["push"] is not None and report["verify"]["median"] > 0
