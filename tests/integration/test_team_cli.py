"""Several operators, one team journal: the installed CLI on the emulator over
loopback, pushing to a throwaway PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.team_postgres import ThrowawayPostgres


class Operator:
    """One operator's leadtui: own journal, the shared config naming the team."""

    def __init__(
        self, root: Path, name: str, url: str, config: Path, user: str = "6666"
    ) -> None:
        self.journal = root / name / "journal.sqlite3"
        self.url = url
        self.user = user
        self.env = {
            **os.environ,
            "LEADTUI_PASSWORD": "1234",
            "LEADTUI_CONFIG": str(config),
            "LEADTUI_JOURNAL": str(self.journal),
        }

    def command(self, *args: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "leadtui",
            "--url",
            self.url,
            "--user",
            "6666",
            *args,
        ]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args),
            capture_output=True,
            text=True,
            env=self.env,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command(*args),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
            stdin=subprocess.DEVNULL,
        )

    def entries(self) -> int:
        import sqlite3

        with sqlite3.connect(self.journal) as db:
            return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])


@pytest.fixture
def config(
    tmp_path: Path, team_postgres: ThrowawayPostgres, team_database: str
) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'team_journal = "{team_postgres.dsn(team_database, "leadtui_app")}"\n',
        encoding="utf-8",
    )
    return path


def _in_team(server: ThrowawayPostgres, database: str) -> tuple[int, int]:
    total, distinct = server.sql(
        "SELECT count(*), count(DISTINCT (journal_id, seq)) FROM leadtui_entries",
        database,
    ).split("|")
    return int(total), int(distinct)


def test_two_operators_batch_in_parallel_and_the_team_sees_both(
    tmp_path: Path,
    vicidial_url: str,
    config: Path,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    day = Operator(tmp_path, "day", vicidial_url, config)
    night = Operator(tmp_path, "night", vicidial_url, config)
    both = [
        day.start("--yes", "batch", "--ids", "1102,1103,1104", "--set", "status=DNC"),
        night.start("--yes", "batch", "--ids", "1104,1105", "--set", "status=NI"),
    ]
    for process in both:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "team journal" not in err  # pushed, nothing to report
    assert (
        _in_team(team_postgres, team_database) == (day.entries() + night.entries(),) * 2
    )
    listed = json.loads(day.run("--json", "log", "--team").stdout)
    assert len(listed) == 2 and {op["counts"]["updated"] for op in listed} == {2, 3}
    touched = day.run("log", "--team", "--lead", "1104")
    assert touched.returncode == 0
    assert "status → DNC" in touched.stdout or "DNC" in touched.stdout
    assert "NI" in touched.stdout and "2 changes by leadtui" in touched.stdout
    export = tmp_path / "audit.csv"
    done = night.run("log", "--team", "--export", "csv", "--output", str(export))
    assert done.returncode == 0, done.stderr
    lines = export.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("journal_id,operation_id,os_user") and len(lines) == 6
    verified = night.run("log", "--verify", "--team")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.count("the chain holds") == 3  # local + two team chains


def test_postgresql_stopped_mid_batch_leaves_the_batch_whole_and_loses_nothing(
    tmp_path: Path,
    vicidial_url: str,
    config: Path,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    operator = Operator(tmp_path, "op", vicidial_url, config)
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(str(i) for i in range(1000, 2500)), encoding="utf-8")
    batch = operator.start(
        "--yes", "batch", "--ids-file", str(ids), "--set", "status=DNC"
    )
    deadline = time.monotonic() + 60
    while _in_team(team_postgres, team_database)[0] == 0:  # the creation is pushed
        assert time.monotonic() < deadline and batch.poll() is None
        time.sleep(0.02)
    team_postgres.stop()
    try:
        _out, err = batch.communicate(timeout=180)
    finally:
        team_postgres.start()
    assert batch.returncode in (0, 1), err  # 1: ids the dataset does not have
    assert "not everything was pushed" in err and "next leadtui start" in err
    assert "Traceback" not in err
    local = operator.entries()
    pushed = operator.run("team", "push")
    assert pushed.returncode == 0, pushed.stderr
    assert _in_team(team_postgres, team_database) == (local, local)
    again = operator.run("--json", "team", "push")
    assert json.loads(again.stdout)["pushed"] == 0
    assert operator.run("log", "--verify", "--team").returncode == 0


def test_a_row_altered_in_postgresql_fails_verify_and_is_named(
    tmp_path: Path,
    vicidial_url: str,
    config: Path,
    team_postgres: ThrowawayPostgres,
    team_database: str,
) -> None:
    operator = Operator(tmp_path, "op", vicidial_url, config)
    done = operator.run("--yes", "batch", "--ids", "1102,1103", "--set", "status=DNC")
    assert done.returncode == 0, done.stderr
    team_postgres.sql(
        "SET session_replication_role = replica; UPDATE leadtui_entries SET body ="
        " replace(body, 'DNC', 'NEW') WHERE seq = 2",
        team_database,
    )
    verified = operator.run("log", "--verify", "--team")
    assert verified.returncode == 1
    assert "does NOT hold: entry 2: its content does not match its hash" in (
        verified.stdout
    )
    assert verified.stdout.splitlines()[0].endswith("the chain holds")  # local


def test_a_locally_altered_journal_fails_verify(
    tmp_path: Path, vicidial_url: str, config: Path
) -> None:
    operator = Operator(tmp_path, "op", vicidial_url, config)
    assert (
        operator.run(
            "--yes", "batch", "--ids", "1102", "--set", "status=DNC"
        ).returncode
        == 0
    )
    import sqlite3

    with sqlite3.connect(operator.journal) as db:
        db.execute('UPDATE leads SET after=\'{"status":"NEW"}\'')
    verified = operator.run("--json", "log", "--verify")
    assert verified.returncode == 1
    problem = json.loads(verified.stdout)["journal"]["problem"]
    assert "lead row 1 of operation 1 no longer holds" in problem


def test_without_a_team_journal_psycopg_is_never_imported(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from leadtui.cli import main\n"
        "try:\n"
        "    main(['--demo', '--yes', 'batch', '--ids', '1102', '--set', 'status=NI'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'psycopg'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_team_commands_without_a_team_journal_say_how_to_set_one(
    tmp_path: Path, vicidial_url: str
) -> None:
    empty = tmp_path / "config.toml"
    empty.write_text("", encoding="utf-8")
    operator = Operator(tmp_path, "op", vicidial_url, empty)
    done = operator.run("log", "--team")
    assert done.returncode == 2 and "set team_journal in the config" in done.stderr
    leaked = tmp_path / "leaky.toml"
    leaked.write_text(
        'team_journal = "postgresql://app:hunter2@db/leadtui"\n', encoding="utf-8"
    )
    operator = Operator(tmp_path, "op2", vicidial_url, leaked)
    done = operator.run("log", "--team")
    assert done.returncode == 2 and "must not contain a password" in done.stderr
    assert "hunter2" not in done.stderr + done.stdout


def test_before_writing_an_operator_sees_anothers_recent_work_on_the_same_leads(
    tmp_path: Path, vicidial_url: str, config: Path
) -> None:
    day = Operator(tmp_path, "day", vicidial_url, config)
    night = Operator(tmp_path, "night", vicidial_url, config)
    done = day.run("--yes", "batch", "--ids", "1102,1103", "--set", "status=DNC")
    assert done.returncode == 0, done.stderr
    own = day.run("--yes", "batch", "--ids", "1103", "--set", "status=NI")
    assert "another operator" not in own.stderr  # one's own work is not a warning
    later = night.run("--yes", "update", "1103", "--set", "status=CALLBK")
    assert later.returncode == 0, later.stderr
    warned = [line for line in later.stderr.splitlines() if "another operator" in line]
    assert len(warned) == 2, later.stderr  # both of day's batches touched 1103
    assert all("1 of these leads" in line and "batch" in line for line in warned)
    untouched = night.run("--yes", "update", "1110", "--set", "status=CALLBK")
    assert "another operator" not in untouched.stderr


def _status(operator: Operator, lead_id: int) -> str:
    shown = operator.run("--json", "show", str(lead_id))
    assert shown.returncode == 0, shown.stderr
    return str(json.loads(shown.stdout)["status"])


def test_a_supervisor_undoes_another_operators_batch_leaving_leads_changed_since(
    tmp_path: Path, vicidial_url: str, config: Path
) -> None:
    night = Operator(tmp_path, "night", vicidial_url, config)
    # the supervisor logs in with an API user of their own
    supervisor = Operator(tmp_path, "supervisor", vicidial_url, config, user="5555")
    before = {i: _status(night, i) for i in (1102, 1103)}
    assert "NI" not in before.values()
    done = night.run("--yes", "batch", "--ids", "1102,1103", "--set", "status=NI")
    assert done.returncode == 0, done.stderr
    journal_id = json.loads(night.run("--json", "team", "push").stdout)["journal_id"]
    # someone changes 1103 again afterwards: the undo must leave it alone
    assert (
        night.run("--yes", "update", "1103", "--set", "status=CALLBK").returncode == 0
    )
    undone = supervisor.run("--json", "--yes", "undo", "1", "--team", journal_id[:8])
    assert undone.returncode in (0, 1), undone.stderr
    assert "copied into this journal as operation 1" in undone.stderr
    assert _status(supervisor, 1102) == before[1102]
    assert _status(supervisor, 1103) == "CALLBK"
    # journaled as the supervisor's own undo, and pushed
    listed = json.loads(supervisor.run("--json", "log").stdout)
    assert listed[0]["kind"] == "undo"
    assert listed[0]["undo_of"] == 1
    team = json.loads(supervisor.run("--json", "log", "--team").stdout)
    assert {op["kind"] for op in team} >= {"batch", "undo"}
    again = supervisor.run("--yes", "undo", "1", "--team", "ffffffff")
    assert again.returncode == 2 and "no such journal" in again.stderr
    own = night.run("--yes", "undo", "1", "--team", journal_id)
    assert own.returncode == 2 and "this journal's own operation" in own.stderr
    # the copy is for undoing: resuming a colleague's operation is theirs to do
    resumed = supervisor.run("--yes", "resume", "1")
    assert resumed.returncode != 0 and "its resume is theirs" in resumed.stderr


def test_a_command_that_writes_nothing_does_not_wait_for_an_unreachable_team(
    tmp_path: Path, vicidial_url: str
) -> None:
    away = tmp_path / "away.toml"
    # a socket directory nobody listens in: unreachable at once
    away.write_text(
        f'team_journal = "postgresql://app@/leadtui?host={tmp_path}&port=1"\n',
        encoding="utf-8",
    )
    operator = Operator(tmp_path, "op", vicidial_url, away)
    started = time.monotonic()
    shown = operator.run("show", "1102")
    assert shown.returncode == 0 and "team journal" not in shown.stderr
    assert time.monotonic() - started < 8
    wrote = operator.run("--yes", "batch", "--ids", "1102", "--set", "status=NI")
    assert wrote.returncode == 0
    assert "team journal: not everything was pushed" in wrote.stderr
    assert "could not check other operators' work" in wrote.stderr
