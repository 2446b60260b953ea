"""Every ``leadtui …`` line of the README's code blocks, run as written, in order.

The one change: the README's dialer (``--profile main``, or ``--url … --user``)
is the built-in demo dialer (``--demo``), so nothing leaves the machine. The
files the lines name (``ids.txt``, ``leads.csv``, ``crm.csv``, ``renewals.csv``) are made
from the fixtures;
``[OPTIONAL]`` parts run without and with; a ``> file`` redirection runs the
command and needs output from it; an operation number the README
names is the operation of that number the earlier lines made. Each line runs
in a pseudo-terminal, and its questions are answered as an operator would
(``y``; the count or lead ID it asks to type). A line fails the test on exit 2
(usage), on a traceback, or on a question nobody could answer.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import sys
import time
from pathlib import Path

import pytest

from tests.team_postgres import ThrowawayPostgres

ROOT = Path(__file__).resolve().parents[2]
LEADTUI = Path(sys.executable).with_name("leadtui")
DEMO = "--demo"

pytestmark = pytest.mark.emulator_only


def readme_lines() -> list[str]:
    """The ``leadtui …`` lines of the README's code blocks, comments dropped."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    # fences paired in order (a ```toml block must not shift the pairing)
    for language, block in re.findall(r"^```(\w*)\n(.*?)^```", text, re.S | re.M):
        if language not in ("", "sh", "bash", "console"):
            continue
        for line in block.splitlines():
            command = line.split("  #")[0].strip()
            if command.startswith("leadtui "):
                lines.append(command)
    return lines


def variants(line: str) -> list[str]:
    """``[OPTIONAL]`` parts: the line without them, then with each one in."""
    optional = re.findall(r"\[([^\]]+)\]", line)
    bare = re.sub(r"\s*\[[^\]]+\]", "", line)
    with_all = re.sub(r"\[([^\]]+)\]", r"\1", line)
    return [bare, with_all] if optional else [line]


def on_the_demo(line: str) -> list[str]:
    words = line.split()[1:]
    out: list[str] = []
    skip = 0
    for n, word in enumerate(words):
        if skip:
            skip -= 1
            continue
        if word in ("--profile", "-p", "--url", "--user") and n + 1 < len(words):
            skip = 1
            if DEMO not in out:
                out.append(DEMO)
            continue
        out.append(word)
    return out


def run_in_a_terminal(
    argv: list[str], cwd: Path, env: dict[str, str], timeout: float = 180
) -> tuple[int, str]:
    """Run ``argv`` on a pseudo-terminal; answer its questions; (exit code, output)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.chdir(cwd)
        os.execve(argv[0], argv, env)
    output = b""
    answered = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            output += data
        pending = output.decode(errors="replace")
        asked = re.findall(r"Type (\S+) to confirm:|\[y/N\]", pending)
        if len(asked) > answered:
            answer = asked[answered] or "y"
            os.write(fd, (answer + "\n").encode())
            answered += 1
    else:
        os.kill(pid, 9)
        raise AssertionError(f"{argv} did not finish: {output.decode()[-2000:]}")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


def test_every_readme_command_runs_on_the_demo_dialer(
    tmp_path: Path, team_postgres: ThrowawayPostgres
) -> None:
    assert LEADTUI.exists(), f"leadtui is not installed beside {sys.executable}"
    lines = readme_lines()
    assert len(lines) >= 10, lines
    (tmp_path / "ids.txt").write_text("\n".join(str(i) for i in range(1100, 1150)))
    shutil.copy(ROOT / "tests" / "fixtures" / "csv" / "leads.csv", tmp_path)
    shutil.copy(ROOT / "tests" / "fixtures" / "csv" / "crm.csv", tmp_path)
    shutil.copy(ROOT / "tests" / "fixtures" / "csv" / "renewals.csv", tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADTUI_")}
    env.update(
        {
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "TERM": "xterm",
            # "Working as a team": its PostgreSQL is the tests' throwaway one,
            # found through libpq's own variables (the README's addresses name
            # no host)
            "PGHOST": str(team_postgres.host),
            "PGPORT": str(team_postgres.port),
        }
    )
    team_postgres.fresh_database("leadtui")
    config = tmp_path / "config" / "leadtui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        'team_journal = "postgresql://leadtui_app@/leadtui"\n', encoding="utf-8"
    )
    ran = []
    for line in lines:
        for variant in variants(line):
            # a shell redirection (`> file`): the command runs; what it prints
            # must be there to redirect
            command, redirected, _ = variant.partition(" > ")
            argv = [str(LEADTUI), *on_the_demo(command)]
            argv = [
                a.replace("OPERATION_ID", "1") if a == "OPERATION_ID" else a
                for a in argv
            ]
            code, output = run_in_a_terminal(argv, tmp_path, env)
            assert "Traceback" not in output, (variant, output[-3000:])
            assert code != 2, (variant, code, output[-3000:])
            if redirected:
                assert code == 0 and output.strip(), (variant, code, output[-3000:])
            ran.append((variant, code))
    assert (tmp_path / "ops.csv").exists()  # log --export csv -o ops.csv wrote it
    # log --team --export csv -o audit.csv wrote it
    assert (tmp_path / "audit.csv").exists(), ran
    assert len(ran) >= 11, ran
