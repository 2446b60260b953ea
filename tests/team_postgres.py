"""A throwaway PostgreSQL for the team-journal tests: a cluster of its own in a
temporary directory, on a unix socket and a port of its own, trusted local
logins, stopped and restarted at will.

``.ci/run`` installs Debian's postgresql and starts one, exported as
LEADTUI_TEST_PGDATA (the cluster) and LEADTUI_TEST_PGHOST/PORT; a test
session without them starts its own with the same binaries. No PostgreSQL
binaries is an error, not a skip: the team journal must be tested.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def bin_dir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if versions:
        return Path(versions[-1]).parent
    raise RuntimeError(
        "PostgreSQL's server binaries are not installed (apt-get install postgresql):"
        " the team-journal tests need them; .ci/run installs them"
    )


def _as_owner() -> list[str]:
    """initdb and postgres refuse to run as root: run them as 'postgres' there."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"]
    return []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ThrowawayPostgres:
    data: Path
    host: Path  # the socket directory
    port: int

    def dsn(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql://{user}@/{database}?host={self.host}&port={self.port}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*_as_owner(), str(bin_dir() / "pg_ctl"), "-D", str(self.data), *args],
            check=True,
            capture_output=True,
            text=True,
        )

    def start(self) -> None:
        self._ctl(
            "-w",
            "-l",
            str(self.data / "server.log"),
            "-o",
            f"-p {self.port} -k {self.host} -c listen_addresses=''",
            "start",
        )

    def stop(self) -> None:
        self._ctl("-w", "-m", "immediate", "stop")

    def running(self) -> bool:
        done = subprocess.run(
            [str(bin_dir() / "pg_isready"), "-h", str(self.host), "-p", str(self.port)],
            capture_output=True,
        )
        return done.returncode == 0

    def sql(self, statement: str, database: str = "postgres") -> str:
        done = subprocess.run(
            [
                str(bin_dir() / "psql"),
                "-X",
                "-q",
                "-t",
                "-A",
                "-v",
                "ON_ERROR_STOP=1",
                self.dsn(database),
                "-c",
                statement,
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"psql: {done.stderr.strip()}")
        return done.stdout.strip()

    def fresh_database(self, name: str) -> str:
        self.sql(f'DROP DATABASE IF EXISTS "{name}"')
        self.sql(f'CREATE DATABASE "{name}"')
        return name


def from_environment() -> ThrowawayPostgres | None:
    data = os.environ.get("LEADTUI_TEST_PGDATA")
    if not data:
        return None
    return ThrowawayPostgres(
        Path(data),
        Path(os.environ["LEADTUI_TEST_PGHOST"]),
        int(os.environ["LEADTUI_TEST_PGPORT"]),
    )


def start_throwaway(base: Path | None = None) -> ThrowawayPostgres:
    root = Path(tempfile.mkdtemp(prefix="leadtui-pg-", dir=base))
    os.chmod(root, 0o755)
    data, host = root / "data", root / "run"
    data.mkdir()
    host.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
        shutil.chown(host, "postgres", "postgres")
    subprocess.run(
        [
            *_as_owner(),
            str(bin_dir() / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    server = ThrowawayPostgres(data, host, _free_port())
    server.start()
    deadline = time.monotonic() + 30
    while not server.running():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the throwaway PostgreSQL did not start: {data}")
        time.sleep(0.1)
    return server
