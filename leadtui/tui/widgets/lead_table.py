"""A table of leads: Enter opens one, space marks it; / finds, s sorts (LineTable)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.message import Message

from leadtui.tui.widgets.line_table import LineTable

if TYPE_CHECKING:
    from leadtui.api.vicidial.models import Lead

MARK = "●"
COLUMNS = [" ", "lead", "list", "status", "phone", "name", "vendor code", "entered"]


class LeadTable(LineTable):
    BINDINGS = [
        Binding("space", "toggle_mark", "Mark", id="lead-mark"),
        Binding("enter", "open_lead", "Open", id="lead-open"),
    ]

    @dataclass
    class LeadChosen(Message):
        lead_id: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, id=id)
        self.marked: set[int] = set()
        self.leads: dict[int, Lead] = {}
        self.targets: set[int] = set()

    def show(self, leads: list[Lead], *, targets: set[int] | None = None) -> None:
        """Replace the rows; ``targets`` are the leads an update would change (►)."""
        self.leads = {lead.lead_id: lead for lead in leads}
        self.marked &= set(self.leads)
        self.targets = targets or set()
        # 100,000 leads: the first frame builds the cells of the rows it shows
        self.set_lazy_rows(
            len(leads),
            lambda i: self._cells(leads[i]),
            lambda i: str(leads[i].lead_id),
        )

    def _cells(self, lead: Lead) -> tuple[str, ...]:
        mark = MARK if lead.lead_id in self.marked else ""
        lead_text = (
            f"►{lead.lead_id}" if lead.lead_id in self.targets else str(lead.lead_id)
        )
        return (
            mark,
            lead_text,
            str(lead.list_id),
            lead.status,
            lead.phone_number,
            lead.name,
            lead.vendor_lead_code,
            (lead.entry_date or "")[:16],
        )

    @property
    def current_lead_id(self) -> int | None:
        key = self.cursor_key
        return int(key) if key is not None else None

    def chosen(self) -> list[int]:
        """Marked leads, or the one under the cursor when none is marked."""
        if self.marked:
            return [i for i in self.leads if i in self.marked]
        current = self.current_lead_id
        return [] if current is None else [current]

    def action_toggle_mark(self) -> None:
        lead_id = self.current_lead_id
        if lead_id is None:
            return
        self.marked ^= {lead_id}
        self.update_row(str(lead_id), self._cells(self.leads[lead_id]))
        if self.cursor_row < self.row_count - 1:
            self.move_cursor(self.cursor_row + 1)

    def action_open_lead(self) -> None:
        lead_id = self.current_lead_id
        if lead_id is not None:
            self.post_message(self.LeadChosen(lead_id))
