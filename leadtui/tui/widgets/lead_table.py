"""A table of leads: Enter opens one, space marks it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message

from leadtui.api.vicidial.models import Lead
from leadtui.tui.widgets.sized_table import SizedTable

MARK = "●"


class LeadTable(SizedTable[str]):
    BINDINGS = [
        Binding("space", "toggle_mark", "Mark", id="lead-mark"),
        Binding("enter", "open_lead", "Open", id="lead-open"),
    ]

    @dataclass
    class LeadChosen(Message):
        lead_id: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.marked: set[int] = set()
        self.leads: dict[int, Lead] = {}
        self.targets: set[int] = set()

    def on_mount(self) -> None:
        self.add_column(" ", key="mark", width=1)
        self.add_column("lead", key="lead")
        self.add_column("list", key="list")
        self.add_column("status", key="status")
        self.add_column("phone", key="phone")
        self.add_column("name", key="name")
        self.add_column("vendor code", key="vendor")
        self.add_column("entered", key="entered")

    def show(self, leads: list[Lead], *, targets: set[int] | None = None) -> None:
        """Replace the rows; ``targets`` are the leads an update would change (►)."""
        self.clear()
        self.leads = {lead.lead_id: lead for lead in leads}
        self.marked &= set(self.leads)
        self.targets = targets or set()
        for lead in leads:
            self.add_row(*self._cells(lead), key=str(lead.lead_id))

    def _cells(self, lead: Lead) -> list[str]:
        mark = MARK if lead.lead_id in self.marked else ""
        lead_text = (
            f"►{lead.lead_id}" if lead.lead_id in self.targets else str(lead.lead_id)
        )
        return [
            mark,
            lead_text,
            str(lead.list_id),
            lead.status,
            lead.phone_number,
            lead.name,
            lead.vendor_lead_code,
            (lead.entry_date or "")[:16],
        ]

    @property
    def current_lead_id(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
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
        self.update_cell(str(lead_id), "mark", MARK if lead_id in self.marked else "")
        if self.cursor_row < self.row_count - 1:
            self.move_cursor(row=self.cursor_row + 1)

    def action_open_lead(self) -> None:
        lead_id = self.current_lead_id
        if lead_id is not None:
            self.post_message(self.LeadChosen(lead_id))
