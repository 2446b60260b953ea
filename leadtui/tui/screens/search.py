"""Search: find leads exactly as update_lead would match them."""

from __future__ import annotations

import asyncio
from functools import cached_property
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.widgets import Button, Footer, Input, Select, Static

from leadtui.api.vicidial.search_location import SearchLocation
from leadtui.ops.search_key import KeyKind
from leadtui.tui.base import LeadAppScreen, NotConnected
from leadtui.tui.guarded_action import LeadAction
from leadtui.tui.messages import JournalRefreshed, LeadsSentToBatch
from leadtui.tui.widgets.session_bar import SessionBar

if TYPE_CHECKING:
    from leadtui.api.vicidial.models import Lead
    from leadtui.api.vicidial.requests import LeadQuery
    from leadtui.ops.search import SearchPlan, SearchResult
    from leadtui.tui.widgets.lead_table import LeadTable

# This is the first screen: the protocol models and the search's operations
# (pydantic, httpx) are imported by the first search, not before the first frame.

KEY_KINDS = [
    ("Lead ID", KeyKind.LEAD_ID.value),
    ("Vendor code", KeyKind.VENDOR.value),
    ("Phone", KeyKind.PHONE.value),
]
PLACEHOLDERS = {
    KeyKind.LEAD_ID: "lead ID (digits) — Enter searches",
    KeyKind.VENDOR: "vendor code — Enter searches",
    KeyKind.PHONE: "phone number, 6 to 18 digits — Enter searches",
}
LOCATIONS = [(loc.value, loc.value) for loc in SearchLocation]
#: how long the first frame's form waits for a frame of its own before it goes on
FRAME_WAIT = 0.5


class SearchScreen(LeadAppScreen):
    last_query: LeadQuery | None = None
    #: what leadtui changed in the typed key of the last search, in words
    last_notes: tuple[str, ...] = ()

    # its styles (styles/search.tcss) load with the app's: see LeadApp.CSS_PATH
    #: the key field takes the first keys typed, from the first frame on
    AUTO_FOCUS = "#key-value"
    #: set once the whole form is drawn (the first frame's comes after it)
    form_ready: asyncio.Event
    #: composed before the config: the key box and prompt first, the rest after
    first_frame = False
    BINDINGS = [
        Binding("slash", "focus_search", "Find", id="search-focus"),
        Binding("b", "send_to_batch", "To batch", id="search-to-batch"),
        Binding("d", "delete", "Delete", id="search-delete"),
        Binding("r", "reset", "Reset", id="search-reset"),
        Binding("h", "hopper", "Hopper", id="search-hopper"),
        Binding(
            "c", "remove_callbacks", "Callbacks", id="search-callbacks", show=False
        ),
        Binding(
            "x", "clear_custom", "Clear custom", id="search-clear-custom", show=False
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.form_ready = asyncio.Event()

    def compose(self) -> ComposeResult:
        # the demo's search is the first frame, before the profile is loaded:
        # then the form starts from a profile's defaults (the demo's own), and
        # only the key box and its prompt are in that frame (the rest of the form
        # costs as much again as Textual's own start): _complete_form mounts the
        # rest in their places right after it
        self.first_frame = not self.lead_app.loaded
        yield SessionBar("Search", id="session-bar")
        with Horizontal(id="search-keys"):
            with Container(id="key-kind-slot"):
                if not self.first_frame:
                    yield self._key_kind()
            yield Input(placeholder=PLACEHOLDERS[KeyKind.LEAD_ID], id="key-value")
        with Horizontal(id="search-scope"):
            if not self.first_frame:
                yield from self._scope_fields()
        yield Static(
            "Type a lead ID, vendor code or phone number and press Enter.",
            id="preview-line",
            markup=False,
        )
        if not self.first_frame:
            yield from self._below_form()

    def _key_kind(self) -> Select[str]:
        return Select(KEY_KINDS, value="lead_id", allow_blank=False, id="key-kind")

    def _scope_fields(self) -> ComposeResult:
        location, default_list = SearchLocation.SYSTEM, None
        if self.lead_app.loaded:
            location = self.profile.default_location
            default_list = self.profile.default_list_id
        yield Select(LOCATIONS, value=location.value, allow_blank=False, id="location")
        yield Input(
            value="" if default_list is None else str(default_list),
            placeholder="list ID",
            type="integer",
            id="list-id",
        )
        yield Input(value="1", placeholder="records", type="integer", id="records")
        yield Button("Search", id="search-button")

    @cached_property
    def table(self) -> LeadTable:
        """The results (their modules load with the rest of the form)."""
        from leadtui.tui.widgets.lead_table import LeadTable

        return LeadTable(id="results")

    def _below_form(self) -> ComposeResult:
        from leadtui.tui.widgets.line_table import FindableTable

        yield FindableTable(self.table)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#key-value", Input).focus()
        if self.first_frame:
            self.run_worker(self._complete_form(), group="form")
        else:
            self.form_ready.set()

    async def _complete_form(self) -> None:
        """The rest of the first frame's form, each part in its place, once
        that frame is on the terminal; form_ready once all of it is drawn."""
        await self.lead_app.painted.wait()
        # the key box can come a frame after the first one (its row composes
        # after the screen's first layout): it goes first
        await self._next_frame()
        await self.query_one("#key-kind-slot").mount(self._key_kind())
        await self.query_one("#search-scope").mount_all(self._scope_fields())
        await self.mount_all(self._below_form())
        # the footer shows its keys once told the bindings (then recomposes)
        self.refresh_bindings()
        await self._next_frame()
        await self._next_frame()
        self.form_ready.set()

    async def _next_frame(self) -> None:
        """This screen's next frame, when it is on top; the config waits for the
        form, and the form must never wait for a frame that does not come: under
        the command palette (Ctrl+P on the first frame) Textual 8 can leave this
        screen without a refresh until it is on top again."""
        if self.app.screen is not self:
            return
        try:
            await asyncio.wait_for(self.wait_for_refresh(), FRAME_WAIT)
        except TimeoutError:
            return

    def action_focus_search(self) -> None:
        self.query_one("#key-value", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("delete", "reset", "hopper", "remove_callbacks"):
            return bool(self.table.row_count) and not self.profile.read_only
        if action == "send_to_batch":
            return bool(self.table.row_count)
        return True

    # --- searching -----------------------------------------------------------

    def build_plan(self) -> SearchPlan:
        """The search form as typed, checked (ops.search says what is wrong)."""
        from leadtui.ops.search import plan_search

        return plan_search(
            KeyKind(str(self.query_one("#key-kind", Select).value)),
            self.query_one("#key-value", Input).value,
            location=SearchLocation(str(self.query_one("#location", Select).value)),
            list_text=self.query_one("#list-id", Input).value,
            records_text=self.query_one("#records", Input).value,
        )

    @on(Select.Changed, "#key-kind")
    def kind_changed(self, event: Select.Changed) -> None:
        key = self.query_one("#key-value", Input)
        key.placeholder = PLACEHOLDERS[KeyKind(str(event.value))]

    @on(Input.Submitted, "#key-value, #list-id, #records")
    @on(Button.Pressed, "#search-button")
    def submit(self) -> None:
        if not self.lead_app.loaded:
            # the first frame, before the config: the search waits for the session,
            # and its modules load with it (importing them here, while the loading
            # thread imports the same graph, could deadlock the two imports)
            self.query_one("#preview-line", Static).update(
                "Searching once the dialer answers…"
            )
            self.search_when_connected()
            return
        plan = self.build_plan()
        if plan.query is None:
            self.refuse(
                f"Not searched: {plan.refused or 'the search form is not complete'}."
            )
            return
        self.run_search(plan.query, plan.notes)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def search_when_connected(self) -> None:
        try:
            await self.form_ready.wait()
            await self.lead_app.wait_for_session()
        except NotConnected as error:
            self.refuse(f"Search failed: {error}")
            return
        self.submit()  # the form as it is now: typing went on meanwhile

    def refuse(self, reason: str) -> None:
        """Say why on the preview line; results of an earlier search are cleared,
        so nothing acts on leads the operator no longer sees described."""
        had_rows = bool(self.table.row_count)
        self.clear_results()
        cleared = " The previous results were cleared." if had_rows else ""
        self.query_one("#preview-line", Static).update(f"✖ {reason}{cleared}")

    def clear_results(self) -> None:
        self.last_query = None
        self.last_notes = ()
        self.table.show([])
        self.refresh_bindings()

    @on(JournalRefreshed)
    def rerun(self) -> None:
        if self.last_query is not None:
            self.run_search(self.last_query, self.last_notes)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def run_search(self, query: LeadQuery, notes: tuple[str, ...] = ()) -> None:
        from leadtui.api.vicidial.errors import VicidialError
        from leadtui.ops.search import describe_query, find_leads

        if query != self.last_query:
            self.clear_results()  # the rows on screen belong to another search
        self.last_query, self.last_notes = query, notes
        preview = self.query_one("#preview-line", Static)
        preview.update(" ".join([f"Searching {describe_query(query)}…", *notes]))
        self.table.loading = True
        try:
            session = await self.lead_app.wait_for_session()
            result = await find_leads(session.client, query)
        except VicidialError as error:
            self.refuse(f"Search failed: {error.explain()}")
            self.notify(error.explain(), title="Search failed", severity="error")
            return
        except NotConnected as error:
            self.refuse(f"Search failed: {error}")
            return
        finally:
            self.table.loading = False
        self.show_result(result, notes)

    def show_result(self, result: SearchResult, notes: tuple[str, ...] = ()) -> None:
        from leadtui.ops.search import describe_query

        preview = self.query_one("#preview-line", Static)
        query = result.query
        said = "".join(f" ({note})" for note in notes)
        if result.preview is None:
            preview.update(
                f"No lead matches {describe_query(query)}{said}: "
                "update_lead would change nothing."
            )
            self.table.show([])
            self.refresh_bindings()
            return
        hits = len(result.leads)
        first = result.preview
        would = ", ".join(str(i) for i in result.would_update)
        described = describe_query(query)
        matches = "1 lead matches" if hits == 1 else f"{hits} leads match"
        text = (
            f"{described[:1].upper()}{described[1:]}{said}: update_lead hits lead "
            f"{first.lead_id} (list {first.list_id}) first. {matches}; with "
            f"records={query.records} an update changes {would}."
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

    def on_lead_table_lead_chosen(self, event: LeadTable.LeadChosen) -> None:
        from leadtui.tui.screens.lead_edit import LeadEditScreen

        self.app.push_screen(LeadEditScreen(event.lead_id))

    def action_send_to_batch(self) -> None:
        ids = self.table.chosen()
        if ids:
            self.app.post_message(LeadsSentToBatch(ids))
            noun = "lead" if len(ids) == 1 else "leads"
            self.notify(f"{len(ids)} {noun} sent to the batch composer (F3).")

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

    def action_clear_custom(self) -> None:
        self.lead_app.guard_and_run(LeadAction.CLEAR_CUSTOM, self._chosen_leads())
