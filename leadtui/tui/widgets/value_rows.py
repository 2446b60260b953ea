"""The batch composer's "set" rows: a field, a value, and what the server will store."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Select, Static

from leadtui.api.vicidial.fields import BATCH_FIELDS, FIELDS_BY_PARAM
from leadtui.api.vicidial.preview import would_store

FIELD_CHOICES = [(f.title, f.param) for f in BATCH_FIELDS]


def shown(value: str) -> str:
    """A stored value as the operator reads it (an empty one said in words)."""
    return value if value.strip() else "(empty)"


class ValueRow(Vertical):
    """``field = value`` with a one-line preview of the stored value."""

    @dataclass
    class Changed(Message):
        row: ValueRow

    def __init__(self, param: str = "status", value: str = "") -> None:
        super().__init__(classes="value-row")
        self.initial_param = param
        self.initial_value = value

    def compose(self) -> ComposeResult:
        with Horizontal(classes="value-line"):
            yield Select(
                FIELD_CHOICES,
                value=self.initial_param,
                allow_blank=False,
                compact=True,
                classes="value-field",
            )
            yield Input(
                value=self.initial_value,
                placeholder="value (--BLANK-- clears)",
                compact=True,
                classes="value-input",
            )
        yield Static("", classes="value-hint")

    @property
    def param(self) -> str:
        return str(self.query_one(Select).value)

    @property
    def value(self) -> str:
        return self.query_one(Input).value

    def on_mount(self) -> None:
        self._refresh_hint()

    @on(Select.Changed)
    @on(Input.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self._refresh_hint()
        self.post_message(self.Changed(self))

    def _refresh_hint(self) -> None:
        hint = self.query_one(".value-hint", Static)
        if not self.value:
            hint.update("(empty: not sent)")
            self.set_class(False, "-altered", "-refused")
            return
        preview = would_store(self.param, self.value)
        field = FIELDS_BY_PARAM[self.param]
        if preview.refused:
            text = f"✖ not sent: {preview.refused}"
        elif preview.stored is None:
            text = f"✖ nothing left after the filter: {field.title} not changed"
        elif preview.notes:
            text = f"⚠ stores {shown(preview.stored)}: " + "; ".join(
                n.detail for n in preview.notes
            )
        else:
            text = f"stores {shown(preview.stored)}"
        hint.update(text)
        self.set_class(bool(preview.notes), "-altered")
        self.set_class(
            preview.refused is not None or preview.stored is None, "-refused"
        )
