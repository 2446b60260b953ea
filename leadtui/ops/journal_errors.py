"""What can go wrong with the journal file, in words an operator can act on."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path


class JournalError(Exception):
    """The journal cannot be opened or written. ``str()`` is one line to show."""

    def __init__(self, path: Path | str, problem: str, remedy: str = "") -> None:
        self.path = str(path)
        self.problem = problem
        self.remedy = remedy
        text = f"journal {self.path}: {problem}"
        if remedy:
            text += f". {remedy}"
        super().__init__(text)


class JournalDamaged(JournalError):
    """quick_check failed, or the file is not a SQLite database."""


class OperationBusy(Exception):
    """Another live process (or another session of this one) runs the operation."""

    def __init__(self, operation_id: int, holder: str = "") -> None:
        who = f" ({holder})" if holder else ""
        super().__init__(
            f"operation {operation_id} is being run by another leadtui{who}; "
            "wait for it to finish"
        )
        self.operation_id = operation_id


def move_aside(path: Path | str) -> str:
    return (
        f"Move it aside (mv '{path}' '{path}.damaged'); leadtui then starts a new "
        f"journal. To save what it holds: sqlite3 '{path}.damaged' .recover"
    )


def explain_open_failure(path: Path, error: BaseException) -> JournalError:
    """Turn an OSError or sqlite3 error raised while opening ``path`` into a JournalError."""
    if path.is_dir():
        return JournalError(
            path,
            "is a directory, not a journal file",
            "Point LEADTUI_JOURNAL (or journal in the config) at a file path",
        )
    if isinstance(error, OSError):
        return explain_os_error(path, error)
    text = str(error).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return JournalDamaged(
            path, "is not a readable leadtui journal", move_aside(path)
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return JournalError(
            path,
            "cannot be opened for writing (read-only file or directory)",
            "Check the permissions of the file and its directory, or set LEADTUI_JOURNAL",
        )
    if "disk is full" in text or "disk i/o" in text:
        return JournalError(path, "the disk is full or failing", "Free some space")
    if "locked" in text or "busy" in text:
        return JournalError(
            path,
            "is locked by another program for too long",
            "Close the other program and try again",
        )
    return JournalError(path, f"cannot be used ({error})")


def explain_os_error(path: Path, error: OSError) -> JournalError:
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return JournalError(
            path,
            "cannot be created or written (permission denied or read-only file system)",
            "Check the directory's permissions, or set LEADTUI_JOURNAL to a writable path",
        )
    if error.errno == errno.ENOSPC:
        return JournalError(path, "the disk is full", "Free some space")
    if error.errno in (errno.ENOTDIR, errno.EISDIR):
        return JournalError(path, "a part of the path is not a directory")
    return JournalError(path, error.strerror or str(error))


def explain_write_failure(
    path: Path | str, error: sqlite3.Error | OSError
) -> JournalError:
    text = str(error).lower()
    if isinstance(error, OSError):
        return explain_os_error(Path(path), error)
    if "full" in text:
        return JournalError(
            path,
            "the disk is full: the journal could not record the last step",
            "Free some space, then resume the operation",
        )
    if "readonly" in text:
        return JournalError(path, "became read-only while leadtui wrote to it")
    if "malformed" in text or "corrupt" in text or "not a database" in text:
        return JournalDamaged(path, "is damaged", move_aside(path))
    if "locked" in text or "busy" in text:
        return JournalError(
            path,
            "stayed locked by another process for too long",
            "Resume the operation when the other process is done",
        )
    return JournalError(path, f"could not be written ({error})")
