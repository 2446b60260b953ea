""" "What will the server store for this value?" — answered before anything is sent.

The Non-Agent API never rejects a value: it strips characters, turns ``+`` into
a space, ``\\n`` into ``!N``, lets MariaDB interpret backslashes, cuts long
strings and zeroes bad dates. :func:`would_store` runs the same steps and
reports each one, so the operator sees the stored value and why it differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from leadtui.api.vicidial import mysql_values
from leadtui.api.vicidial.fields import BLANK, FIELDS_BY_PARAM, ColumnKind, LeadField


class NoteKind(StrEnum):
    STRIPPED = "stripped"
    LETTERS_DROPPED = "letters-dropped"
    PLUS_TO_SPACE = "plus-to-space"
    UNCHANGED = "unchanged"
    BLANK = "blank"
    NEWLINE = "newline"
    BACKSLASH = "backslash"
    TRUNCATED = "truncated"
    COERCED = "coerced"


class StoreNote(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: NoteKind
    detail: str


class StoredValue(BaseModel):
    """The outcome of sending ``typed`` as ``param`` to update_lead / batch_update_lead."""

    model_config = ConfigDict(frozen=True)

    param: str
    column: str
    typed: str
    #: False when the server leaves the column as it is (the value filters to empty).
    writes: bool
    #: The column's new value as the database will hold it (``None`` if not written).
    stored: str | None
    notes: tuple[StoreNote, ...] = ()
    #: Why leadtui will not send this value at all (it would crash the server).
    refused: str | None = None

    @property
    def altered(self) -> bool:
        """True when what is stored is not what the operator typed."""
        return bool(self.notes) or self.refused is not None


def would_store(param: str, typed: str, *, non_latin: bool = False) -> StoredValue:
    """Predict what update_lead / batch_update_lead stores for ``param=typed``."""
    field = FIELDS_BY_PARAM[param]
    notes: list[StoreNote] = []
    refused = _refusal(typed)
    filtered = field.filter.apply(typed, non_latin=non_latin)
    notes.extend(_filter_notes(field, typed, non_latin=non_latin))
    if not filtered:
        if typed:
            notes.append(
                StoreNote(
                    kind=NoteKind.UNCHANGED,
                    detail="nothing is left after the server's filter: "
                    "the field is not changed",
                )
            )
        return _result(field, typed, None, notes, refused)
    if filtered == BLANK and field.keeps_dash:
        notes.append(
            StoreNote(kind=NoteKind.BLANK, detail="--BLANK-- clears the field")
        )
        return _result(field, typed, "", notes, refused)
    text = filtered
    if field.may_hold_backslash:
        if "\n" in text:
            text = text.replace("\n", "!N")
            notes.append(
                StoreNote(kind=NoteKind.NEWLINE, detail="line breaks are stored as !N")
            )
        try:
            unescaped = mysql_values.unescape_literal(text)
        except mysql_values.BrokenLiteral:
            refused = refused or (
                "it ends in a backslash, which breaks the server's SQL "
                "(HTTP 500, outcome unknown)"
            )
            unescaped = text[:-1]
        if unescaped != text:
            notes.append(
                StoreNote(
                    kind=NoteKind.BACKSLASH,
                    detail="the database reads backslash sequences (\\n, \\t, \\\\ …) "
                    "as escapes",
                )
            )
        text = unescaped
    coerced = _coerce(field, text)
    if coerced.note:
        kind = NoteKind.TRUNCATED if "cut to" in coerced.note else NoteKind.COERCED
        notes.append(StoreNote(kind=kind, detail=coerced.note))
    return _result(field, typed, coerced.value, notes, refused)


def stored_columns(
    values: Mapping[str, str], *, non_latin: bool = False
) -> dict[str, str]:
    """column → the value the server will store, for a set of ``param: value`` edits
    (the edits the server leaves alone are not listed)."""
    previews = (
        would_store(param, value, non_latin=non_latin)
        for param, value in values.items()
    )
    return {p.column: p.stored for p in previews if p.stored is not None}


def _coerce(field: LeadField, text: str) -> mysql_values.Coerced:
    match field.kind:
        case ColumnKind.TEXT:
            return mysql_values.to_varchar(text, field.length)
        case ColumnKind.ENUM:
            return mysql_values.to_enum(text, field.enum_values)
        case ColumnKind.DATE:
            return mysql_values.to_date(text)
        case ColumnKind.DECIMAL:
            return mysql_values.to_decimal_4_2(text)
        case ColumnKind.INTEGER:
            return mysql_values.to_unsigned(text, field.maximum)


def _filter_notes(field: LeadField, typed: str, *, non_latin: bool) -> list[StoreNote]:
    notes: list[StoreNote] = []
    removed = [c for c in typed if not field.filter.keeps(c, non_latin=non_latin)]
    letters = sorted({c for c in removed if c.isalpha() and not c.isascii()})
    others = sorted({c for c in removed if c not in letters})
    if letters:
        notes.append(
            StoreNote(
                kind=NoteKind.LETTERS_DROPPED,
                detail="letters outside A-Z are deleted: " + "".join(letters),
            )
        )
    if others:
        shown = " ".join(_visible(c) for c in others)
        notes.append(
            StoreNote(kind=NoteKind.STRIPPED, detail=f"characters deleted: {shown}")
        )
    if field.filter.plus_to_space and "+" in typed:
        notes.append(
            StoreNote(kind=NoteKind.PLUS_TO_SPACE, detail="'+' is stored as a space")
        )
    return notes


def _visible(char: str) -> str:
    names = {" ": "space", "\n": "line break", "\r": "CR", "\t": "tab"}
    if char in names:
        return names[char]
    return char if char.isprintable() else f"U+{ord(char):04X}"


def _refusal(typed: str) -> str | None:
    if "\x00" in typed:
        return "it holds a NUL character"
    if any(0xD800 <= ord(c) <= 0xDFFF for c in typed):
        return "it holds an unpaired surrogate (not valid text)"
    return None


def _result(
    field: LeadField,
    typed: str,
    stored: str | None,
    notes: list[StoreNote],
    refused: str | None,
) -> StoredValue:
    return StoredValue(
        param=field.param,
        column=field.column,
        typed=typed,
        writes=stored is not None,
        stored=stored,
        notes=tuple(notes),
        refused=refused,
    )


def would_store_custom(param: str, typed: str) -> StoredValue:
    """What update_lead stores for a custom field value (§5.2.9): ``+`` becomes
    a space, ``;`` and ``"`` are removed, ``--BLANK--`` and an empty value
    clear the field. A backslash is refused: the server pastes the value into
    SQL, which eats it. The column's type and length are not exposed by the
    API: the server may cut the value further (a read-back shows it)."""
    if "\\" in typed:
        return StoredValue(
            param=param,
            column=param,
            typed=typed,
            writes=False,
            stored=None,
            refused="a backslash is interpreted by the server's SQL; leave it out",
        )
    stored = "" if typed == BLANK else typed
    stored = stored.replace("+", " ").replace(";", "").replace('"', "")
    notes: tuple[StoreNote, ...] = ()
    if stored != typed and typed != BLANK:
        notes = (
            StoreNote(kind=NoteKind.STRIPPED, detail=f'stored as {stored!r} (+ ; ")'),
        )
    return StoredValue(
        param=param, column=param, typed=typed, writes=True, stored=stored, notes=notes
    )
