"""Lead editor: every editable field, validated live, a diff before saving."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Static

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.fields import BLANK, LEAD_FIELDS
from leadtui.api.vicidial.models import Lead
from leadtui.ops.custom_fields import custom_field
from leadtui.ops.edit import EditConflict, FieldChange, diff_edit, save_edit
from leadtui.ops.journal_models import LeadOutcome
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
        Binding("f8", "blank", "Clear", id="lead-blank"),
        Binding("f6", "unlock_phone", "Unlock", id="lead-unlock-phone"),
        Binding("f9", "reload", "Reload", id="lead-reload"),
    ]

    def __init__(self, lead_id: int) -> None:
        super().__init__()
        self.lead_id = lead_id
        self.lead: Lead | None = None
        self._leaving = False

    def compose(self) -> ComposeResult:
        yield SessionBar(f"Lead {self.lead_id}", id="session-bar")
        yield Static(f"Loading lead {self.lead_id}…", id="lead-info", markup=False)
        yield VerticalScroll(id="fields")
        yield Static("", id="field-notes", markup=False)
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
        if lead.custom_fields:
            info += f" · custom fields of list {found.custom_list}"
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
                locked=f.param == "phone_number",
                read_only=self.profile.read_only,
            )
            for f in EDITABLE
        ]
        rows += [
            FieldRow(custom_field(label), value, read_only=self.profile.read_only)
            for label, value in lead.custom_fields.items()
        ]
        await fields.mount_all(rows)
        self.refresh_bindings()
        if not self.profile.read_only:
            rows[0].input.focus()

    def rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def edits(self) -> list[FieldRow]:
        return [r for r in self.rows() if r.dirty]

    def focused_row(self) -> FieldRow | None:
        node: Widget | None = self.focused
        while node is not None and not isinstance(node, FieldRow):
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None
        return node

    def unsaved_changes(self) -> str | None:
        count = len(self.edits())
        if not count:
            return None
        noun = "edit" if count == 1 else "edits"
        return f"{count} unsaved {noun} to lead {self.lead_id}"

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
        if row.field.param == "phone_number":
            self.notify(
                "A phone number cannot be emptied through the API.", severity="warning"
            )
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
        unsaved = self.unsaved_changes()
        if unsaved and not self._leaving:
            self._leaving = True
            self.notify(
                f"{unsaved}: press Esc again to discard them.", severity="warning"
            )
            return
        self.dismiss()

    # --- saving ------------------------------------------------------------------

    def action_save(self) -> None:
        if self.lead is None:
            return
        refused = [r for r in self.edits() if r.refused]
        if refused:
            # nothing is sent and nothing typed is lost: the operator fixes the field
            self.notify(
                "; ".join(f"{r.field.title}: {r.refused}" for r in refused),
                title="Not saved",
                severity="error",
                timeout=10,
            )
            refused[0].input.focus()
            refused[0].scroll_visible()
            return
        values = {
            r.field.param: r.typed
            for r in self.edits()
            if r.field.param != "phone_number"
        }
        phone_row = self.query_one("#row-phone_number", FieldRow)
        phone = phone_row.typed if phone_row.dirty else None
        changes = diff_edit(self.lead, values, phone)
        if any(c.refused for c in changes):  # the rows above say why; not reached
            self.notify(
                "; ".join(f"{c.title}: {c.refused}" for c in changes if c.refused),
                title="Not saved",
                severity="error",
            )
            return
        if not any(c.changes for c in changes):
            self.notify("Nothing to save: no field would change on the server.")
            return
        self.ask(changes, values, phone)

    @work(exclusive=True, group="lead-ask", exit_on_error=False)
    async def ask(
        self, changes: list[FieldChange], values: dict[str, str], phone: str | None
    ) -> None:
        """The diff to confirm, with other operators' work on this lead in it."""
        assert self.lead is not None
        others: list[str] = []
        if self.lead_app.team is not None:
            others = await asyncio.to_thread(
                self.lead_app.others_on, self.session.server, [self.lead.lead_id]
            )
        self.app.push_screen(
            DiffModal(self.lead, changes, others=others),
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
        saved_ok = outcome in (
            LeadOutcome.UPDATED,
            LeadOutcome.UNCHANGED,
            LeadOutcome.MATCHED,
        )
        if saved_ok:
            heading = "Saved"
        elif outcome is LeadOutcome.UNKNOWN:
            heading = "Maybe saved"
        else:
            heading = "Not saved"
        what = outcome.describe if outcome else "no answer"
        text = (
            f"{heading}: {what}"
            + (f" ({detail})" if detail else "")
            + f" · journal operation {result.operation_id}"
        )
        if not saved_ok:
            text += " · the edits are still in the form (F9 reloads the lead)"
        notes.update(text)
        self.notify(
            text,
            title=f"Lead {self.lead_id}",
            severity="information" if saved_ok else "warning",
        )
        self.app.post_message(JournalChanged(result.operation_id))
        if saved_ok and saved.after is not None:
            await self.show_lead(saved.after)
            notes.update(text)
