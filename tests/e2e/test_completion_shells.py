"""The completion scripts in the shells themselves: bash, fish and zsh (in tmux),
completing commands, options, profile names and operation IDs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal
from tests.journal_fixtures import journal_with_operations

BIN = Path(sys.executable).parent


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Two profiles, two demo operations and three in the configured journal."""
    config = tmp_path / "config" / "leadtui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        '[profiles.staging]\nurl = "http://a/"\n[profiles.prod]\nurl = "http://b/"\n'
    )
    data = tmp_path / "data" / "leadtui"
    journal_with_operations(data / "demo" / "journal.sqlite3", 2)
    journal_with_operations(data / "journal.sqlite3", 3)
    return {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "TERM": "xterm",
    }


BASH_CASES = [
    (["leadtui", "res"], ["reset", "resume"]),
    (["leadtui", "undo", "--pro"], ["--profile"]),
    (["leadtui", "--profile", ""], ["staging", "prod"]),
    (["leadtui", "search", "-p", "s"], ["staging"]),
    (["leadtui", "undo", ""], ["3", "2", "1"]),
    (["leadtui", "--demo", "resume", ""], ["2", "1"]),
    (["leadtui", "hopper", ""], ["add", "remove"]),
    (["leadtui", "completion", ""], ["bash", "zsh", "fish"]),
]


@pytest.mark.parametrize(("words", "offered"), BASH_CASES)
def test_bash(env: dict[str, str], words: list[str], offered: list[str]) -> None:
    quoted = " ".join(f"'{word}'" for word in words)
    script = (
        "source <(leadtui completion bash)\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        'COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}\n'
        "_shtab_leadtui\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == offered, done.stderr


needs_fish = pytest.mark.skipif(
    shutil.which("fish") is None, reason="fish is not installed (CI installs it)"
)


@needs_fish
@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("leadtui res", ["reset", "resume"]),
        ("leadtui undo --pro", ["--profile"]),
        ("leadtui --profile ", ["staging", "prod"]),
        ("leadtui undo ", ["3", "2", "1"]),
        ("leadtui --demo resume ", ["2", "1"]),
        ("leadtui hopper ", ["add", "remove"]),
    ],
)
def test_fish(env: dict[str, str], line: str, offered: list[str]) -> None:
    script = f'leadtui completion fish | source; complete -C "{line}"'
    done = subprocess.run(
        ["fish", "--no-config", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found = [row.split("\t")[0] for row in done.stdout.splitlines()]
    assert found == offered, done.stderr


@pytest.mark.skipif(
    shutil.which("zsh") is None or shutil.which("tmux") is None,
    reason="zsh or tmux is not installed (CI installs both)",
)
def test_zsh(env: dict[str, str]) -> None:
    name = f"leadtui-zsh-{os.getpid()}"
    exports = " ".join(f"{key}={value}" for key, value in env.items())
    subprocess.run(
        [
            *["tmux", "new-session", "-d", "-x", "100", "-y", "20", "-s"],
            name,
            f"env -i {exports} zsh -f",
        ],
        check=True,
    )
    term = Terminal(name)
    try:
        term.keys(
            'autoload -U compinit && compinit -u && eval "$(leadtui completion zsh)"'
            " && echo COMPLETION-$((40 + 2))",
            "Enter",
        )
        term.wait_for("COMPLETION-42")
        for line, expected in (
            ("leadtui resu", "leadtui resume"),
            ("leadtui undo --pro", "leadtui undo --profile"),
            ("leadtui --profile st", "leadtui --profile staging"),
            ("leadtui --demo undo ", "1  2"),
            ("leadtui undo ", "1  2  3"),
        ):
            term.keys("C-u", line, "Tab")
            screen = term.wait_for(expected)
            assert "parse error" not in screen and "command not found" not in screen
            term.keys("C-u", "clear", "Enter")
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
