"""The CSV upsert's preview: every row with what it will do, before anything is sent."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from leadtui.ops.csv_upsert import RowKind, UpsertPlan
from leadtui.ops.wording import shown_value
from leadtui.tui.widgets.line_table import FindableTable, LineTable

MARKS = {
    RowKind.UPDATE: "update",
    RowKind.INSERT: "+ insert",
    RowKind.AMBIGUOUS: "✖ ambiguous",
    RowKind.NO_MATCH: "✖ no match",
    RowKind.REFUSED: "✖ refused",
}


class UpsertPreviewView(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="upsert-preview-summary")
        yield FindableTable(
            ["line", "plan", "key", "leads", "values / why not"],
            table_id="upsert-preview-table",
        )

    def looking(self, rows: int) -> None:
        self.query_one(LineTable).set_rows([])
        self.query_one("#upsert-preview-summary", Static).update(
            f"Looking up {rows:,} rows as update_lead would match them…"
        )

    def show(self, plan: UpsertPlan, others: list[str] | None = None) -> None:
        """``others``: other operators' work on the leads to update (team journal)."""
        cells = []
        for row in plan.rows:
            keys = ", ".join(f"{k}={v}" for k, v in row.keys.items())
            sent = row.kind in (RowKind.UPDATE, RowKind.INSERT)
            values = ", ".join(f"{k}={shown_value(v)}" for k, v in row.values.items())
            cells.append(
                (
                    str(row.line),
                    MARKS[row.kind],
                    keys,
                    ", ".join(str(i) for i in row.lead_ids),
                    values if sent else row.reason,
                )
            )
        self.query_one(LineTable).set_rows(cells)
        head, *rest = plan.describe(limit=0)
        text = head
        if plan.sendable:
            notes = [line.strip() for line in rest if not line.strip().startswith("…")]
            text += "".join(f"\n{line}" for line in notes if line)
            text += "\nF6 sends the update and insert rows; the others are not sent."
        text += "".join(
            f"\n⚠ Another operator on these leads: {line}" for line in others or []
        )
        self.query_one("#upsert-preview-summary", Static).update(text.strip())
