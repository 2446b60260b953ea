"""What both engine state machines share: a loop, a journal file that survives
simulated deaths, the clients to close, resuming, and the journal's own promise."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from hypothesis.stateful import RuleBasedStateMachine, invariant

from leadtui.ops.cooperative import StopFlag
from leadtui.ops.resume import prepare_resume, run_resume
from tests.fault_transport import CrashingJournal

Trouble = tuple[object, ...]
Work = Callable[[Any, StopFlag], Awaitable[object]]


class JournaledMachine(RuleBasedStateMachine):
    """Subclasses open ``self.session`` and implement ``execute``."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix=prefix))
        self.path = self.tmp / "journal.sqlite3"
        self.loop = asyncio.new_event_loop()
        self.clients: list[Any] = []
        self.journal: CrashingJournal | None = None
        self.session: Any = None

    def new_journal(self) -> CrashingJournal:
        """A new leadtui process on the same journal file (the last one died or quit)."""
        if self.journal is not None:
            self.journal.close()
        self.journal = CrashingJournal(self.path)
        self.journal.mark_interrupted()
        return self.journal

    def execute(
        self, work: Work, troubles: list[Trouble], driven: int | None = None
    ) -> int | None:
        raise NotImplementedError

    def teardown(self) -> None:
        for client in self.clients:
            self.loop.run_until_complete(client.aclose())
        if self.journal is not None:
            self.journal.close()
        self.loop.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def resume_once(self, op: int, troubles: list[Trouble]) -> None:
        if op:
            self.execute(_resume(op), troubles, driven=op)

    def resume_until_settled(self, op: int) -> None:
        """No faults: resume until nothing is open (at most three runs)."""
        if not op or self.journal is None:
            return
        for _ in range(3):
            if prepare_resume(self.session, op).empty:
                break
            self.execute(_resume(op), [], driven=op)
        phases = self.journal.phase_counts(op)
        assert not any(p.open for p in phases), (op, phases)

    @invariant()
    def journal_is_whole(self) -> None:
        if self.journal is not None:
            assert self.journal.integrity_ok()
            # whatever failed or died, the hash chain and the rows agree
            problem, _ = self.journal.verify_chain()
            assert problem is None, problem.describe()


def _resume(op: int) -> Work:
    async def work(session: Any, stop: StopFlag) -> object:
        return await run_resume(session, prepare_resume(session, op), stop=stop)

    return work
