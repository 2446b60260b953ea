"""How CSV rows find their leads: by lead ID (the default), or by vendor code
and/or phone number where ``update_lead`` would look, inserting the rows that
match nothing (CRM sync by upsert). The same choices as ``leadtui csv --match``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from leadtui.api.vicidial.search_location import SearchLocation
from leadtui.ops.csv_upsert import UpsertSpec
from leadtui.tui.widgets.tick_box import TickBox

MATCHES: list[tuple[str, str]] = [
    ("lead ID (update only)", "lead_id"),
    ("vendor code", "vendor_lead_code"),
    ("phone number", "phone_number"),
    ("vendor code, then phone number", "vendor_lead_code,phone_number"),
]
LOCATIONS = [(loc.value, loc.value) for loc in SearchLocation]


@dataclass(frozen=True)
class UpsertChoice:
    #: None: rows are keyed by lead ID, as without upsert
    spec: UpsertSpec | None


def _number(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


class UpsertOptionsModal(ModalScreen[UpsertChoice | None]):
    CSS_PATH = "../styles/modals.tcss"
    DEFAULT_CSS = """
    #upsert-title { text-style: bold; padding: 0 0 1 0; }
    .upsert-row { height: 1; margin-bottom: 1; }
    .upsert-row Label { width: 14; }
    .upsert-row Label.upsert-small { width: 6; padding-left: 1; }
    .upsert-row Select { width: 36; }
    .upsert-row Input { width: 12; }
    .upsert-row TickBox { width: auto; padding: 0; border: none; height: 1; }
    #upsert-problems { color: $error; height: auto; }
    #upsert-buttons { height: 3; align: right middle; }
    #upsert-buttons Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="upsert-cancel")]

    def __init__(self, current: UpsertSpec | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        spec = self.current
        match = ",".join(spec.match) if spec else "lead_id"
        with Vertical(id="upsert", classes="modal"):
            yield Label("How rows find their leads", id="upsert-title")
            yield Static(
                "Each row is looked up as update_lead would match it; F5 classifies "
                "every row (update, insert, ambiguous, no match, refused) before "
                "anything is sent."
            )
            with Horizontal(classes="upsert-row"):
                yield Label("Match by")
                yield Select(
                    MATCHES,
                    value=match,
                    allow_blank=False,
                    compact=True,
                    id="upsert-match",
                )
            with Horizontal(classes="upsert-row"):
                yield Label("Look in")
                yield Select(
                    LOCATIONS,
                    value=(spec.location if spec else SearchLocation.SYSTEM).value,
                    allow_blank=False,
                    compact=True,
                    id="upsert-location",
                )
                yield Label("list", classes="upsert-small")
                yield Input(
                    str(spec.list_id) if spec and spec.list_id else "",
                    placeholder="list ID",
                    compact=True,
                    id="upsert-list",
                )
            with Horizontal(classes="upsert-row"):
                yield TickBox(
                    "insert rows that match nothing into list",
                    value=bool(spec and spec.insert_list),
                    id="upsert-insert",
                )
                yield Input(
                    str(spec.insert_list) if spec and spec.insert_list else "",
                    placeholder="list ID",
                    compact=True,
                    id="upsert-insert-list",
                )
            with Horizontal(classes="upsert-row"):
                yield Label("Leads per row")
                yield Input(
                    str(spec.records) if spec else "1",
                    id="upsert-records",
                    placeholder="1",
                    compact=True,
                )
            yield Static("", id="upsert-problems")
            with Horizontal(id="upsert-buttons"):
                yield Button("Cancel", id="upsert-cancel-button")
                yield Button("Use", variant="primary", id="upsert-use")

    def on_mount(self) -> None:
        self.query_one("#upsert-match", Select).focus()

    def chosen(self) -> UpsertSpec | None:
        match = str(self.query_one("#upsert-match", Select).value)
        if match == "lead_id":
            return None
        location = SearchLocation(str(self.query_one("#upsert-location", Select).value))
        list_id = _number(self.query_one("#upsert-list", Input).value)
        insert = self.query_one("#upsert-insert", TickBox).value
        insert_list = _number(self.query_one("#upsert-insert-list", Input).value)
        if insert and insert_list is None and location is not SearchLocation.SYSTEM:
            insert_list = list_id
        records = _number(self.query_one("#upsert-records", Input).value) or 1
        return UpsertSpec(
            match=tuple(match.split(",")),
            location=location,
            list_id=list_id,
            insert_list=insert_list if insert else None,
            records=records,
        )

    @on(Button.Pressed, "#upsert-use")
    def use(self) -> None:
        try:
            spec = self.chosen()
        except ValueError as error:
            self.query_one("#upsert-problems", Static).update(f"✖ {error}")
            return
        problems = spec.problems() if spec is not None else []
        insert = self.query_one("#upsert-insert", TickBox).value
        if spec is not None and insert and spec.insert_list is None:
            problems.append("name the list new leads go into")
        if problems:
            self.query_one("#upsert-problems", Static).update(
                "\n".join(f"✖ {p}" for p in problems)
            )
            return
        self.dismiss(UpsertChoice(spec))

    @on(Button.Pressed, "#upsert-cancel-button")
    def action_cancel(self) -> None:
        self.dismiss(None)
