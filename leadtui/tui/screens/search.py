"""Search: find leads exactly as update_lead would match them."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Input, Select, Static

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.models import Lead
from leadtui.api.vicidial.requests import LeadQuery, SearchLocation
from leadtui.ops.search import SearchResult, find_leads
from leadtui.tui.base import LeadAppScreen, NotConnected
from leadtui.tui.lead_actions import LeadAction
from leadtui.tui.messages import JournalRefreshed, LeadsSentToBatch
from leadtui.tui.widgets.lead_table import LeadTable
from leadtui.tui.widgets.session_bar import SessionBar

KEY_KINDS = [("Lead ID", "lead_id"), ("Vendor code", "vendor"), ("Phone", "phone")]
LOCATIONS = [(loc.value, loc.value) for loc in SearchLocation]


class SearchScreen(LeadAppScreen):
    last_query: LeadQuery | None = None

    CSS_PATH = "../styles/search.tcss"
    BINDINGS = [
        Binding("slash", "focus_search", "Find", id="search-focus"),
        Binding("b", "send_to_batch", "To batch", id="search-to-batch"),
        Binding("d", "delete", "Delete", id="search-delete"),
        Binding("r", "reset", "Reset", id="search-reset"),
        Binding("h", "hopper", "Hopper", id="search-hopper"),
        Binding(
            "c", "remove_callbacks", "Callbacks", id="search-callbacks", show=False
        ),
    ]

    def compose(self) -> ComposeResult:
        yield SessionBar("Search", id="session-bar")
        with Horizontal(id="search-keys"):
            yield Select(KEY_KINDS, value="lead_id", allow_blank=False, id="key-kind")
            yield Input(
                placeholder="lead ID, vendor code or phone — Enter searches",
                id="key-value",
            )
        with Horizontal(id="search-scope"):
            yield Select(
                LOCATIONS,
                value=self.profile.default_location.value,
                allow_blank=False,
                id="location",
            )
            default_list = self.profile.default_list_id
            yield Input(
                value="" if default_list is None else str(default_list),
                placeholder="list ID",
                type="integer",
                id="list-id",
            )
            yield Input(value="1", placeholder="records", type="integer", id="records")
            yield Button("Search", id="search-button")
        yield Static(
            "Type a lead ID, vendor code or phone number and press Enter.",
            id="preview-line",
        )
        self.table = LeadTable(id="results")
        yield self.table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#key-value", Input).focus()

    def action_focus_search(self) -> None:
        self.query_one("#key-value", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("delete", "reset", "hopper", "remove_callbacks"):
            return not self.profile.read_only and bool(self.table.row_count)
        if action == "send_to_batch":
            return bool(self.table.row_count)
        return True

    # --- searching -----------------------------------------------------------

    def build_query(self) -> LeadQuery | None:
        kind = self.query_one("#key-kind", Select).value
        value = self.query_one("#key-value", Input).value.strip()
        location = SearchLocation(str(self.query_one("#location", Select).value))
        list_text = self.query_one("#list-id", Input).value.strip()
        records_text = self.query_one("#records", Input).value.strip() or "1"
        if not value:
            self.notify("Type what to search for.", severity="warning")
            return None
        try:
            keys: dict[str, object] = {}
            if kind == "lead_id":
                keys["lead_id"] = int(value)
            elif kind == "vendor":
                keys["vendor_lead_code"] = value
            else:
                keys["phone_number"] = value
            return LeadQuery(
                **keys,
                location=location,
                list_id=int(list_text) if list_text else None,
                records=max(1, int(records_text)),
            )
        except ValueError as error:
            self.notify(f"Cannot search: {error}", severity="error")
            return None

    @on(Input.Submitted, "#key-value, #list-id, #records")
    @on(Button.Pressed, "#search-button")
    def submit(self) -> None:
        query = self.build_query()
        if query is not None:
            self.run_search(query)

    @on(JournalRefreshed)
    def rerun(self) -> None:
        if self.last_query is not None:
            self.run_search(self.last_query)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def run_search(self, query: LeadQuery) -> None:
        self.last_query = query
        preview = self.query_one("#preview-line", Static)
        preview.update(f"Searching {query.describe()}…")
        self.table.loading = True
        try:
            session = await self.lead_app.wait_for_session()
            result = await find_leads(session.client, query)
        except e.VicidialError as error:
            preview.update(f"✖ {error.explain()}")
            self.notify(error.explain(), title="Search failed", severity="error")
            return
        except NotConnected as error:
            preview.update(f"✖ {error}")
            return
        finally:
            self.table.loading = False
        self.show_result(result)

    def show_result(self, result: SearchResult) -> None:
        preview = self.query_one("#preview-line", Static)
        query = result.query
        if result.preview is None:
            preview.update(
                f"No lead matches {query.describe()} (update_lead would change nothing)."
            )
            self.table.show([])
            return
        hits = len(result.leads)
        first = result.preview
        would = ", ".join(str(i) for i in result.would_update)
        text = (
            f"Server preview: update_lead hits lead {first.lead_id} (list {first.list_id}) first. "
            f"{hits} lead(s) match; with records={query.records} it would change: {would}."
        )
        if result.notes:
            text += " ⚠ " + " ".join(result.notes)
        preview.update(text)
        self.table.show(
            [f.lead for f in result.leads], targets=set(result.would_update)
        )
        self.table.focus()
        self.refresh_bindings()

    # --- acting on results -----------------------------------------------------

    @on(LeadTable.LeadChosen)
    def open_lead(self, event: LeadTable.LeadChosen) -> None:
        from leadtui.tui.screens.lead_edit import LeadEditScreen

        self.app.push_screen(LeadEditScreen(event.lead_id))

    def action_send_to_batch(self) -> None:
        ids = self.table.chosen()
        if ids:
            self.app.post_message(LeadsSentToBatch(ids))
            self.notify(f"{len(ids)} lead(s) sent to the batch composer (F3).")

    def _chosen_leads(self) -> list[Lead]:
        return [
            self.table.leads[i] for i in self.table.chosen() if i in self.table.leads
        ]

    def action_delete(self) -> None:
        self.lead_app.guard_and_run(LeadAction.DELETE, self._chosen_leads())

    def action_reset(self) -> None:
        self.lead_app.guard_and_run(LeadAction.RESET, self._chosen_leads())

    def action_hopper(self) -> None:
        self.lead_app.guard_and_run(LeadAction.HOPPER, self._chosen_leads())

    def action_remove_callbacks(self) -> None:
        self.lead_app.guard_and_run(LeadAction.CALLBACKS, self._chosen_leads())
