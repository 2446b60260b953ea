"""The one protocol every backend offers the operation engine.

An operation is a list of *groups*; each lead belongs to one. A group says
which function carries its leads, how many go in one request, how a lead whose
answer was lost is checked again (``verify``), and — for batches — the form
every request shares. The spec is journaled with the operation, so a resume in
another process rebuilds exactly the requests the operator confirmed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from leadtui.ops.before_images import BeforeImage
from leadtui.ops.journal_models import LeadOutcome


class Verify(StrEnum):
    """How a lead whose answer was lost is settled by a resume."""

    COMPARE = "compare"  # read it: holding the change means the request applied
    ABSENT = "absent"  # read it: gone means the delete applied
    RESEND = "resend"  # cannot be read, or harmless to repeat: send it again
    NEVER = "never"  # repeating could do it twice (an insert): leave it to the operator


class Group(BaseModel):
    """How one group of an operation's leads is sent (journaled in its params)."""

    model_config = ConfigDict(frozen=True)

    function: str
    #: the form every request of the group shares (batch_update_lead), no lead IDs
    form: list[tuple[str, str]] = Field(default_factory=list)
    #: leads per request
    size: int = Field(default=1, ge=1)
    verify: Verify = Verify.COMPARE
    #: read before-images of this group's leads (when the operation reads them)
    read: bool = True
    #: how a per-lead answer is judged (update_lead): update, delete, hopper, …
    judge: str = "update"
    #: the values every lead of a batch holds afterwards (column → stored value)
    target: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LeadWork:
    """One lead to send: what it should hold after, its own request, its before-image."""

    lead_id: int
    change: dict[str, str]
    request: Any
    before: BeforeImage | None


#: outcome, detail, after-image (what the lead now holds, or None)
Judgement = tuple[LeadOutcome, str, dict[str, str] | None]


class Disposition(StrEnum):
    NOT_SENT = "not-sent"  # never reached the server: nothing happened; stop
    REFUSED = "refused"  # refused for a reason every request shares: stop
    UNKNOWN = "unknown"  # may or may not have been applied: go on


class SendError(Exception):
    """A request's leads got no per-lead answer; ``disposition`` says what that means."""

    def __init__(self, disposition: Disposition, detail: str, raw: str = "") -> None:
        super().__init__(detail)
        self.disposition = disposition
        self.detail = detail
        self.raw = raw


class AuthRefused(Exception):
    """Credentials refused: no further request may be sent this run."""


@dataclass(frozen=True, slots=True)
class ChunkAnswer:
    verdicts: dict[int, Judgement]
    response: str


@dataclass(frozen=True, slots=True)
class Identity:
    """Which server an operation belongs to."""

    backend: str
    server: str
    api_user: str

    def describe(self) -> str:
        return f"{self.server} as {self.api_user}"


class Backend(Protocol):
    @property
    def identity(self) -> Identity: ...

    @property
    def requests_sent(self) -> int: ...

    @property
    def can_read(self) -> bool:
        """Whether leads can be read (before-images, verifying lost answers)."""
        ...

    def width(self) -> int:
        """How many requests the server should have from us at once, now."""
        ...

    async def read_image(self, lead_id: int, columns: Sequence[str]) -> BeforeImage:
        """The lead's current values (``columns`` empty: the full record).

        Raises SendError(NOT_SENT/REFUSED) when no read can succeed this run."""
        ...

    async def send(self, group: Group, leads: Sequence[LeadWork]) -> ChunkAnswer:
        """One request for ``leads``: a judgement per lead, or SendError."""
        ...

    def request_of(
        self, group: Group, leads: Sequence[LeadWork]
    ) -> list[tuple[str, str]]:
        """The request as journaled (no credentials)."""
        ...
