"""Pushing to the team journal in the background: never in a write's way.

A thread pushes when the journal seals new entries (and on start), and
retries on its own while PostgreSQL is away. Nothing the engine does waits for
it; at exit a front end gives it a few seconds (``flush``) and says what was
left, which the next start pushes.
"""

from __future__ import annotations

import threading
import time

from leadtui.ops.journal import Journal
from leadtui.ops.team_journal import TeamJournal, TeamJournalError


class TeamPusher:
    def __init__(
        self, team: TeamJournal, journal: Journal, *, retry_seconds: float = 5.0
    ) -> None:
        self.team = team
        self.journal = journal
        self.retry_seconds = retry_seconds
        self.pushed = 0
        self.error: str | None = None
        #: whether this process journaled anything (else exit need not wait)
        self.sealed_here = False
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._done = threading.Condition()
        self._round = 0  # pushes finished
        self._busy = False
        self._thread = threading.Thread(
            target=self._loop, name="leadtui-team-push", daemon=True
        )

    def start(self) -> TeamPusher:
        self.journal.listeners.append(self._sealed)
        self._thread.start()
        self.wake()  # what earlier runs left unpushed
        return self

    def _sealed(self) -> None:
        self.sealed_here = True
        self.wake()

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        while not self._closing.is_set():
            self._wake.wait(self.retry_seconds if self.error else None)
            self._wake.clear()
            if self._closing.is_set():
                return
            self._busy = True
            try:
                self.pushed += self.team.push(self.journal)
                self.error = None
            except TeamJournalError as error:
                self.error = str(error)
            except Exception as error:  # the journal closed under us, …
                self.error = f"{type(error).__name__}: {error}"
            with self._done:
                self._busy = False
                self._round += 1
                self._done.notify_all()

    def flush(self, timeout: float) -> str | None:
        """Push what is sealed now; None once it is all in the team journal, else
        why not (unreachable, refused, or still pushing after ``timeout``)."""
        deadline = time.monotonic() + timeout
        with self._done:
            # a push under way may have read the journal before the last seal
            target = self._round + (2 if self._busy else 1)
        self.wake()
        with self._done:
            while self._round < target:
                left = deadline - time.monotonic()
                if left <= 0:
                    return "still pushing"
                self._done.wait(left)
        return self.error

    def close(self) -> None:
        if self._sealed in self.journal.listeners:
            self.journal.listeners.remove(self._sealed)
        self._closing.set()
        self._wake.set()
