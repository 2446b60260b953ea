"""Which operations a live process is running: one advisory file lock per operation.

A process that runs an operation holds an exclusive ``flock`` on
``<journal>.locks/<operation id>``. The kernel drops the lock when the process
dies, however it dies, so a lock survives nothing: not a reboot, not a reused
PID, not a container whose every process is PID 1. ``flock`` locks belong to
an open file, so two journals opened in one process exclude each other too.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import os
import socket
import tempfile
from pathlib import Path


class OperationLock:
    """A held lock; ``release()`` (or the process's death) frees it."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> OperationLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class LockDirectory:
    """The lock files of one journal."""

    def __init__(self, journal_path: Path | None) -> None:
        if journal_path is None:
            self._temp: tempfile.TemporaryDirectory[str] | None = (
                tempfile.TemporaryDirectory(prefix="leadtui-locks-")
            )
            self.path = Path(self._temp.name)
        else:
            self._temp = None
            self.path = journal_path.with_name(journal_path.name + ".locks")
            self.path.mkdir(mode=0o700, exist_ok=True)

    def close(self) -> None:
        if self._temp is not None:
            self._temp.cleanup()

    def acquire(self, operation_id: int) -> OperationLock | None:
        """The operation's lock, or None when another holder has it."""
        path = self.path / str(operation_id)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return OperationLock(path, fd)

    def held_elsewhere(self, operation_id: int) -> bool:
        """Whether another open file (this process's or another's) holds the lock."""
        lock = self.acquire(operation_id)
        if lock is None:
            return True
        lock.release()
        return False


def process_alive(pid: int) -> bool:
    """For journals written before operation locks: is that PID still running?"""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def host_name() -> str:
    return socket.gethostname()


def os_user() -> str:
    """Who runs this leadtui, as the operating system knows them."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else ""
