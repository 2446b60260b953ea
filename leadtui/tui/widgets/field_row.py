"""One editable lead field: its value, and what the server would store for it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static, TextArea

from leadtui.api.vicidial.fields import LeadField
from leadtui.api.vicidial.preview import StoredValue
from leadtui.ops.edit import check_field
from leadtui.ops.search import quoted

#: Fields edited over several lines (the server stores a line break as ``!N``).
MULTILINE = frozenset({"comments"})
#: What the server stores for a line break in a multi-line field.
STORED_LINE_BREAK = "!N"


def widget_id(param: str) -> str:
    """A field's parameter as a widget ID (``custom:cf_text`` → ``custom--cf_text``)."""
    return param.replace(":", "--")


def shown(value: str) -> str:
    """A value as the operator reads it: plain, quoted only when spaces would hide."""
    if not value:
        return "(empty)"
    if value != value.strip() or "  " in value:
        return quoted(value)
    return value


def hint_for(preview: StoredValue, old: str) -> str:
    if preview.refused:
        return f"✖ {preview.refused}"
    if preview.stored is None:
        return "= stays as it is"
    if preview.stored == old:
        return "= no change"
    if preview.notes:
        return f"⚠ → {shown(preview.stored)}"
    return "✎ will change"


class FieldInput(Input):
    """A one-line field; while ``locked`` it takes focus but refuses every edit."""

    locked = False

    def replace(self, text: str, start: int, end: int) -> None:
        if self.locked:
            self.app.bell()
            return
        super().replace(text, start, end)


class CommentArea(TextArea):
    """A multi-line field, with ``value`` like an Input (line breaks are ``\\n``)."""

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)


class FieldRow(Horizontal):
    """Label · editor · hint. The hint says what the server would really store."""

    @dataclass
    class Edited(Message):
        row: FieldRow

    def __init__(
        self,
        field: LeadField,
        value: str,
        *,
        locked: bool = False,
        read_only: bool = False,
    ) -> None:
        classes = "field-row -multiline" if field.param in MULTILINE else "field-row"
        super().__init__(classes=classes, id=f"row-{widget_id(field.param)}")
        self.field = field
        #: nothing can be edited (a read-only profile): the editor is disabled
        self.read_only = read_only
        self.multiline = field.param in MULTILINE
        #: the lead's value as the editor shows it (line breaks for ``!N``)
        self.original = self.editable(value)
        #: the lead's value as the server holds it
        self.held = value
        #: focusable but not editable until unlocked (the phone number: F6)
        self.locked = locked and not read_only
        self.set_class(self.locked, "-locked")

    def editable(self, value: str) -> str:
        """The stored ``!N`` of a multi-line field shown as line breaks (sent back
        as line breaks, the server stores the same ``!N``)."""
        if self.multiline and "\r" not in value:
            return value.replace(STORED_LINE_BREAK, "\n")
        return value

    def compose(self) -> ComposeResult:
        yield Label(self.field.title, classes="field-label")
        if self.multiline:
            yield CommentArea(
                self.original,
                id=f"field-{widget_id(self.field.param)}",
                classes="field-input field-area",
                compact=True,
                soft_wrap=True,
                tab_behavior="focus",
                disabled=self.read_only,
            )
        else:
            editor = FieldInput(
                value=self.original,
                id=f"field-{widget_id(self.field.param)}",
                classes="field-input",
                select_on_focus=False,
                compact=True,
                disabled=self.read_only,
            )
            editor.locked = self.locked
            yield editor
        yield Static(self._idle_hint(), classes="field-hint", markup=False)

    @property
    def input(self) -> FieldInput | CommentArea:
        if self.multiline:
            return self.query_one(CommentArea)
        return self.query_one(FieldInput)

    @property
    def typed(self) -> str:
        return self.input.value

    @property
    def dirty(self) -> bool:
        return self.typed != self.original

    @property
    def sent(self) -> str:
        """The value leadtui sends for what was typed."""
        return check_field(self.field.param, self.typed)[0]

    def preview(self) -> StoredValue:
        return check_field(self.field.param, self.typed)[1]

    @property
    def refused(self) -> str | None:
        """Why what was typed cannot be sent (None: it can, or nothing was typed)."""
        return self.preview().refused if self.dirty else None

    def unlock(self) -> None:
        self.locked = False
        self.remove_class("-locked")
        editor = self.input
        if isinstance(editor, FieldInput):
            editor.locked = False
            editor.select_all()
        editor.focus()
        self._update_hint()

    def reset_to(self, value: str) -> None:
        self.held = value
        self.original = self.editable(value)
        self.input.value = self.original
        self._update_hint()

    def notes_text(self) -> str:
        title = self.field.title
        if self.locked:
            return (
                f"{title} is locked: press F6 to unlock it "
                "(saving then sends update_phone_number=Y)."
            )
        if not self.dirty:
            return f"{title}: unchanged"
        preview = self.preview()
        if preview.refused:
            return f"✖ {title} cannot be sent: {preview.refused}"
        stored = "left as it is" if preview.stored is None else shown(preview.stored)
        lines = [f"{title}: {shown(self.held)} → {stored}"]
        lines += [note.detail for note in preview.notes]
        return " · ".join(lines)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: Input.Changed | TextArea.Changed) -> None:
        event.stop()
        self._update_hint()
        self.post_message(self.Edited(self))

    def _idle_hint(self) -> str:
        return "locked · F6 unlocks" if self.locked else ""

    def _update_hint(self) -> None:
        hint = self.query_one(".field-hint", Static)
        if not self.dirty:
            hint.update(self._idle_hint())
            self.set_class(False, "-changed", "-altered", "-refused")
            return
        preview = self.preview()
        hint.update(hint_for(preview, self.held))
        self.set_class(True, "-changed")
        self.set_class(bool(preview.notes), "-altered")
        self.set_class(preview.refused is not None, "-refused")
