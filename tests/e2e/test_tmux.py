"""The installed ``leadtui --demo`` in a real terminal (tmux): keys in, screen out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal

LEADTUI = Path(sys.executable).with_name("leadtui")

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)"
)


@pytest.fixture(params=["color", "no-color"])
def terminal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Terminal]:
    assert LEADTUI.exists(), f"leadtui is not installed beside {sys.executable}"
    name = f"leadtui-e2e-{os.getpid()}-{request.param}"
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
    }
    if request.param == "no-color":
        env["NO_COLOR"] = "1"
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "80",
            "-y",
            "24",
            f"env {exports} {LEADTUI} --demo",
        ],
        check=True,
    )
    term = Terminal(name)
    yield term
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_demo_search_open_help_quit(terminal: Terminal) -> None:
    screen = terminal.wait_for("DEMO")
    assert "Search" in screen
    terminal.keys("1", "0", "0", "2", "Enter")
    screen = terminal.wait_for("update_lead hits lead 1002")
    assert "3055553750" in screen
    terminal.keys("Enter")
    terminal.wait_for("Lead 1002 · list")
    screen = terminal.wait_for("First name")
    assert "Last name" in screen
    terminal.keys("F1")
    terminal.wait_for("— keys")
    terminal.keys("Escape")
    terminal.keys("Escape")
    terminal.wait_for("update_lead hits lead 1002")
    terminal.keys("C-q")
    deadline = time.monotonic() + 10
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive(), "leadtui did not quit on Ctrl+Q"


@pytest.mark.parametrize("terminal", ["color"], indirect=True)
def test_f5_then_f6_at_once_on_3000_ids_writes_nothing(
    terminal: Terminal, tmp_path: Path
) -> None:
    """F6 pressed while the preview still reads 3,000 leads sends nothing; once the
    preview is complete, F6 asks for the count typed, and only then applies."""
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(str(i) for i in range(1000, 4000)) + "\n")
    journal = tmp_path / "data" / "leadtui" / "demo" / "journal.sqlite3"
    terminal.wait_for("DEMO")
    deadline = time.monotonic() + 30
    while "Lead IDs" not in terminal.screen() and time.monotonic() < deadline:
        terminal.keys("F3")  # the batch screen opens once the demo dialer answers
        time.sleep(0.5)
    terminal.wait_for("Lead IDs")
    terminal.keys("Tab")  # the IDs → the field
    time.sleep(0.3)
    terminal.keys("Tab")  # → its value
    time.sleep(0.3)
    terminal.keys("N", "I")
    terminal.wait_for("stores NI")
    terminal.keys("C-o")
    terminal.wait_for("Load lead IDs")
    terminal.keys(str(ids), "Enter")
    terminal.wait_for("3,000 valid")
    terminal.keys("F5", "F6")
    terminal.wait_for("Reading")
    terminal.keys("F6", "F6")
    time.sleep(1.0)
    assert operations(journal) == 0, terminal.screen()
    terminal.wait_for("F6 applies exactly this", timeout=120)
    terminal.keys("F6")
    terminal.wait_for("Type 3000")
    terminal.keys("3", "0", "0", "0", "Enter")
    terminal.wait_for("Operation 1 done", timeout=120)
    assert operations(journal) == 1


def operations(journal: Path) -> int:
    import sqlite3

    if not journal.exists():
        return 0
    with sqlite3.connect(f"file:{journal}?mode=ro", uri=True) as db:
        return int(db.execute("SELECT count(*) FROM operations").fetchone()[0])


def test_a_broken_config_ends_the_tui_with_its_reason_and_exit_2(
    tmp_path: Path,
) -> None:
    """The TUI reads its config after the first frame; a config that does not
    load still ends it with the reason on the terminal and exit code 2."""
    config = tmp_path / "config.toml"
    config.write_text("profiles = [\n", encoding="utf-8")
    name = f"leadtui-e2e-config-{os.getpid()}"
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "80",
            "-y",
            "24",
            f"env XDG_DATA_HOME={tmp_path / 'data'} {LEADTUI} --config {config}; "
            "echo EXIT=$?; sleep 30",
        ],
        check=True,
    )
    try:
        screen = Terminal(name).wait_for("EXIT=")
        assert "EXIT=2" in screen
        unwrapped = screen.replace("\n", "")  # the path is longer than a line
        assert f"leadtui: {config} is not valid TOML" in unwrapped
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
