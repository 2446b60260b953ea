"""Lead editor: every editable field, validated live, a diff before saving."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Static

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.fields import BLANK, LEAD_FIELDS
from leadtui.api.vicidial.models import Lead
from leadtui.ops.edit import EditConflict, diff_edit, save_edit
from leadtui.ops.search import FoundLead, read_full_lead
from leadtui.ops.session import ReadOnlyProfile
from leadtui.tui.base import LeadAppScreen
from leadtui.tui.messages import JournalChanged
from leadtui.tui.screens.diff_modal import DiffModal
from leadtui.tui.widgets.field_row import FieldRow
from leadtui.tui.widgets.session_bar import SessionBar

EDITABLE = list(LEAD_FIELDS)


class LeadEditScreen(LeadAppScreen):
    CSS_PATH = "../styles/lead_edit.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="lead-back"),
        Binding("f5,ctrl+s", "save", "Save", id="lead-save"),
        Binding("f8", "blank", "Clear field", id="lead-blank"),
        Binding("f6", "unlock_phone", "Unlock phone", id="lead-unlock-phone"),
        Binding("f9", "reload", "Reload", id="lead-reload"),
    ]

    def __init__(self, lead_id: int) -> None:
        super().__init__()
        self.lead_id = lead_id
        self.lead: Lead | None = None
        self._leaving = False

    def compose(self) -> ComposeResult:
        yield SessionBar(f"Lead {self.lead_id}", id="session-bar")
        yield Static(f"Loading lead {self.lead_id}…", id="lead-info")
        yield VerticalScroll(id="fields")
        yield Static("", id="field-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "blank", "unlock_phone"):
            return self.lead is not None and not self.profile.read_only
        return True

    # --- loading ---------------------------------------------------------------

    @work(exclusive=True, group="lead-load", exit_on_error=False)
    async def load(self) -> None:
        fields = self.query_one("#fields", VerticalScroll)
        fields.loading = True
        try:
            found = await read_full_lead(self.session.client, self.lead_id)
        except e.VicidialError as error:
            self.query_one("#lead-info", Static).update(f"✖ {error.explain()}")
            self.notify(error.explain(), title=f"Lead {self.lead_id}", severity="error")
            return
        finally:
            fields.loading = False
        await self.show_lead(found)

    async def show_lead(self, found: FoundLead) -> None:
        lead = found.lead
        self.lead = lead
        info = (
            f"Lead {lead.lead_id} · list {lead.list_id} · entered {lead.entry_date or '?'} · "
            f"modified {lead.modify_date or '?'} · called {lead.called_count or 0}× · "
            f"reset flag {lead.called_since_last_reset or '?'}"
        )
        if not found.complete:
            info += "\n⚠ the server crashes printing this record whole; fields were read one by one"
        elif self.profile.read_only:
            info += "\nREAD-ONLY profile: nothing can be saved"
        self.query_one("#lead-info", Static).update(info)
        fields = self.query_one("#fields", VerticalScroll)
        await fields.remove_children()
        rows = [
            FieldRow(
                f,
                lead.value(f.column),
                locked=f.param == "phone_number" or self.profile.read_only,
            )
            for f in EDITABLE
        ]
        await fields.mount_all(rows)
        self.refresh_bindings()
        rows[0].input.focus() if not self.profile.read_only else None

    def rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def focused_row(self) -> FieldRow | None:
        focused = self.focused
        if isinstance(focused, Input) and isinstance(focused.parent, FieldRow):
            return focused.parent
        return None

    # --- editing -----------------------------------------------------------------

    @on(FieldRow.Edited)
    def edited(self, event: FieldRow.Edited) -> None:
        self.query_one("#field-notes", Static).update(event.row.notes_text())

    def on_descendant_focus(self) -> None:
        row = self.focused_row()
        if row is not None:
            self.query_one("#field-notes", Static).update(row.notes_text())

    def action_blank(self) -> None:
        row = self.focused_row()
        if row is None:
            self.notify("Move to a field first.", severity="warning")
            return
        row.input.value = BLANK
        if not row.field.keeps_dash:
            self.notify(
                f"{row.field.title} cannot be emptied through the API: see what it stores instead.",
                severity="warning",
            )

    def action_unlock_phone(self) -> None:
        row = self.query_one("#row-phone_number", FieldRow)
        row.unlock()
        self.notify(
            "Phone number unlocked: saving sends update_phone_number=Y.",
            severity="warning",
        )

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        if any(r.dirty for r in self.rows()) and not self._leaving:
            self._leaving = True
            self.notify(
                "Unsaved changes: press Esc again to discard them.", severity="warning"
            )
            return
        self.dismiss()

    # --- saving ------------------------------------------------------------------

    def action_save(self) -> None:
        if self.lead is None:
            return
        values = {
            r.field.param: r.typed
            for r in self.rows()
            if r.dirty and r.field.param != "phone_number"
        }
        phone_row = self.query_one("#row-phone_number", FieldRow)
        phone = phone_row.typed if phone_row.dirty else None
        changes = diff_edit(self.lead, values, phone)
        refused = [c for c in changes if c.refused]
        if refused:
            self.notify(
                "; ".join(f"{c.title}: {c.refused}" for c in refused),
                title="Not saved",
                severity="error",
            )
            return
        if not any(c.changes for c in changes):
            self.notify("Nothing to save: no field would change on the server.")
            return
        self.app.push_screen(
            DiffModal(self.lead, changes),
            callback=lambda ok: self._confirmed(ok, values, phone),
        )

    def _confirmed(
        self, ok: bool | None, values: dict[str, str], phone: str | None
    ) -> None:
        if ok:
            self.save(values, phone)

    @work(exclusive=True, group="lead-save", exit_on_error=False)
    async def save(self, values: dict[str, str], phone: str | None) -> None:
        assert self.lead is not None
        notes = self.query_one("#field-notes", Static)
        notes.update("Saving…")
        try:
            saved = await save_edit(
                self.session, self.lead, values, new_phone_number=phone
            )
        except (e.VicidialError, EditConflict, ReadOnlyProfile) as error:
            message = (
                error.explain() if isinstance(error, e.VicidialError) else str(error)
            )
            notes.update(f"✖ {message}")
            self.notify(message, title="Not saved", severity="error", timeout=10)
            return
        result = saved.result
        outcome, detail = result.verdicts.get(self.lead_id, (None, ""))
        text = f"Saved — journal operation {result.operation_id}: {outcome.value if outcome else '?'} {detail}"
        notes.update(text)
        self.notify(
            text,
            title=f"Lead {self.lead_id}",
            severity="information" if result.state.value == "done" else "warning",
        )
        self.app.post_message(JournalChanged(result.operation_id))
        if saved.after is not None:
            await self.show_lead(saved.after)
            notes.update(text)
