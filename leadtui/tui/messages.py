"""Messages that cross screens (facts, in the past tense)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class LeadsSentToBatch(Message):
    """Lead IDs marked on the search screen, for the batch composer."""

    lead_ids: list[int]


@dataclass
class JournalChanged(Message):
    """An operation was written to the journal (the log should refresh)."""

    operation_id: int


class JournalRefreshed(Message, bubble=False):
    """Sent by the app to its screens after any JournalChanged: refresh what you show."""

    def __init__(self, operation_id: int) -> None:
        super().__init__()
        self.operation_id = operation_id
