"""The journal's SQLite file, opened safely.

Created ``0600`` before SQLite touches it (so its ``-wal`` and ``-shm`` are
too), WAL with ``synchronous=FULL``, checked with ``quick_check`` and migrated
before any write; a file that is damaged, newer, a directory, read-only or on
a full disk is refused in words (journal_errors). Every write is one commit.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from leadtui.ops.journal_errors import (
    JournalDamaged,
    JournalError,
    explain_open_failure,
    explain_write_failure,
    move_aside,
)
from leadtui.ops.journal_schema import SchemaTooNew, prepare
from leadtui.ops.run_lock import LockDirectory


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class JournalFile:
    """The journal's SQLite file: opened safely, every write its own commit."""

    def __init__(self, path: Path | str, *, clock: Callable[[], str] = now) -> None:
        self.memory = str(path) == ":memory:"
        self.path = Path(path)
        self.clock = clock
        self._lock = threading.RLock()
        #: called after every commit that added entries to the chain (the team push)
        self.listeners: list[Callable[[], None]] = []
        self._db = self._open()
        try:
            self.locks = LockDirectory(None if self.memory else self.path)
        except OSError as error:
            self._db.close()
            raise explain_open_failure(self.path, error) from None

    # --- opening -------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        path = self.path
        if not self.memory:
            try:
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                if path.is_dir():
                    raise IsADirectoryError(21, "Is a directory", str(path))
                # created 0600 before SQLite touches it: the -wal and -shm files
                # SQLite creates take the database file's permissions
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                os.close(fd)
                for companion in (path, *self._companions()):
                    if companion.exists() and os.name == "posix":
                        os.chmod(companion, 0o600)
            except OSError as error:
                raise explain_open_failure(path, error) from None
        try:
            db = sqlite3.connect(
                str(path), check_same_thread=False, isolation_level=None
            )
        except sqlite3.Error as error:
            raise explain_open_failure(path, error) from None
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA busy_timeout=5000")
            db.execute("PRAGMA journal_mode=WAL")
            # FULL: the commit that precedes a request must survive a power cut
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            if not self.memory:
                check = db.execute("PRAGMA quick_check").fetchone()
                if not check or check[0] != "ok":
                    raise JournalDamaged(
                        path,
                        f"is damaged ({check[0] if check else 'no answer'}); leadtui "
                        "will not write into it",
                        move_aside(path),
                    )
            prepare(db)
        except SchemaTooNew as error:
            db.close()
            raise JournalError(
                path,
                str(error),
                "Use that leadtui, or set LEADTUI_JOURNAL to start another journal",
            ) from None
        except JournalError:
            db.close()
            raise
        except sqlite3.Error as error:
            db.close()
            raise explain_open_failure(path, error) from None
        if not self.memory and os.name == "posix":
            for companion in self._companions():
                if companion.exists():
                    os.chmod(companion, 0o600)
        return db

    def _companions(self) -> list[Path]:
        return [self.path.with_name(self.path.name + s) for s in ("-wal", "-shm")]

    def close(self) -> None:
        with self._lock:
            self._db.close()
        self.locks.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise explain_write_failure(self.path, error) from None
            try:
                yield self._db
            except BaseException as error:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise explain_write_failure(self.path, error) from None
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise explain_write_failure(self.path, error) from None

    def _sealed(self) -> None:
        for listener in list(self.listeners):
            listener()

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error as error:
                raise explain_write_failure(self.path, error) from None

    def integrity_ok(self) -> bool:
        rows = self._read("PRAGMA integrity_check")
        return bool(rows and rows[0][0] == "ok")
