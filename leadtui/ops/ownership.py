"""Who may run an operation: a writable profile, on the server it was made on.

The engine, undo and resume ask here before anything is read or sent; the
exceptions an operation can end in instead of a result are listed here too.
"""

from __future__ import annotations

from typing import Protocol

from leadtui.ops.backend import Backend
from leadtui.ops.journal import Journal
from leadtui.ops.journal_errors import OperationBusy
from leadtui.ops.journal_models import OperationRow
from leadtui.ops.session import ReadOnlyProfile


class OperationRefused(Exception):
    """The operation cannot be resumed or undone from this session; nothing was sent."""


def _why_not_done() -> tuple[type[Exception], ...]:
    from leadtui.api.vicidial.errors import VicidialError
    from leadtui.api.voiceaiwrapper.errors import VoiceAIWrapperError
    from leadtui.ops.journal_errors import JournalError

    return (
        VicidialError,
        VoiceAIWrapperError,
        OperationRefused,
        OperationBusy,
        ReadOnlyProfile,
        JournalError,
    )


#: What an operation (or its plan) can end in instead of a result; each one
#: says why in ``str()``, in the operator's words.
WHY_NOT_DONE = _why_not_done()


class EngineSession(Protocol):
    journal: Journal
    profile: str
    read_only: bool
    concurrency: int

    @property
    def backend(self) -> Backend: ...


def require_writable(session: EngineSession) -> None:
    if session.read_only:
        raise ReadOnlyProfile(session.profile)


def check_owner(session: EngineSession, op: OperationRow, verb: str) -> None:
    """Refuse an operation made on another server, or as another API user.

    Another operator's operation copied from the team journal (``op.adopted``)
    is undone with this operator's API user (on the same server: a supervisor's
    undo), and never resumed from here: its resume is its operator's.
    """
    identity = session.backend.identity
    adopted = op.adopted
    if adopted and verb == "resume":
        raise OperationRefused(
            f"operation {op.id} is another operator's ({op.operator}), copied "
            "from the team journal: its resume is theirs"
        )
    # an adopted operation: any API user of its server may undo it
    mine: tuple[str, ...] = (identity.backend, identity.server)
    theirs: tuple[str, ...] = (op.backend, op.server)
    if not adopted:
        mine, theirs = (*mine, identity.api_user), (*theirs, op.api_user)
    if theirs != mine:
        raise OperationRefused(
            f"operation {op.id} was made on {op.server} as {op.api_user} ({op.backend}); "
            f"this session is {identity.server} as {identity.api_user}: {verb} it "
            "with a profile for that server"
        )
