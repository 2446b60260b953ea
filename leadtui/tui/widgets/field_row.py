"""One editable lead field: its value, and what the server would store for it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static

from leadtui.api.vicidial.fields import LeadField
from leadtui.api.vicidial.preview import StoredValue, would_store


def hint_for(preview: StoredValue, old: str) -> str:
    if preview.refused:
        return f"✖ not sent: {preview.refused}"
    if preview.stored is None:
        return "= stays as it is"
    if preview.stored == old:
        return "= no change"
    if preview.notes:
        return f"⚠ → {preview.stored!r}"
    return "✎ will change"


class FieldRow(Horizontal):
    """Label · Input · hint. The hint says what the server would really store."""

    @dataclass
    class Edited(Message):
        row: FieldRow

    def __init__(self, field: LeadField, value: str, *, locked: bool = False) -> None:
        super().__init__(classes="field-row", id=f"row-{field.param}")
        self.field = field
        self.original = value
        self.locked = locked

    def compose(self) -> ComposeResult:
        yield Label(self.field.title, classes="field-label")
        yield Input(
            value=self.original,
            id=f"field-{self.field.param}",
            classes="field-input",
            disabled=self.locked,
            select_on_focus=False,
            compact=True,
        )
        yield Static("", classes="field-hint")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def typed(self) -> str:
        return self.input.value

    @property
    def dirty(self) -> bool:
        return self.typed != self.original

    def preview(self) -> StoredValue:
        return would_store(self.field.param, self.typed)

    def unlock(self) -> None:
        self.locked = False
        self.input.disabled = False
        self.input.focus()

    def reset_to(self, value: str) -> None:
        self.original = value
        self.input.value = value
        self._update_hint()

    def notes_text(self) -> str:
        if not self.dirty:
            return f"{self.field.title}: unchanged"
        preview = self.preview()
        stored = "left as it is" if preview.stored is None else repr(preview.stored)
        lines = [f"{self.field.title}: {self.original!r} → {stored}"]
        if preview.refused:
            lines.append(f"not sent: {preview.refused}")
        lines += [note.detail for note in preview.notes]
        return " · ".join(lines)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._update_hint()
        self.post_message(self.Edited(self))

    def _update_hint(self) -> None:
        hint = self.query_one(".field-hint", Static)
        if not self.dirty:
            hint.update("")
            self.set_class(False, "-changed", "-altered", "-refused")
            return
        preview = self.preview()
        hint.update(hint_for(preview, self.original))
        self.set_class(True, "-changed")
        self.set_class(bool(preview.notes), "-altered")
        self.set_class(preview.refused is not None, "-refused")
