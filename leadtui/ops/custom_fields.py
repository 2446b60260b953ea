"""VICIdial custom fields as journal columns, and what a lead holds in them.

A lead's custom values live in a table per list, ``custom_{L}``. ``update_lead
custom_fields=Y`` writes the table of ``L`` = the lead's ``entry_list_id`` when
it is above 99, else its ``list_id`` (protocol reference §5.2.9), and then sets
``entry_list_id = L``; ``delete_cf_data=Y`` deletes the lead's row from the
table of its ``entry_list_id`` and sets ``entry_list_id = 0`` (§5.2.6).

A before-image of a custom change therefore holds, besides ``custom:LABEL``
values, two columns of its own: ``custom_list`` (the L that was read) and
``custom_row`` (whether the lead had a row there: ``yes``/``no``), which undo
needs to put the lead back exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.fields import (
    BLANK,
    FIELDS_BY_COLUMN,
    CharFilter,
    ColumnKind,
    LeadField,
)
from leadtui.api.vicidial.models import Lead
from leadtui.api.vicidial.preview import (
    NoteKind,
    StoredValue,
    StoreNote,
    stored_columns,
)

CUSTOM = "custom:"
#: every custom field of the lead's entry list (what clearing custom data removes)
ALL_CUSTOM = "custom:*"
TABLE = "custom_list"
ROW = "custom_row"
#: ALL_CUSTOM's value in an image: the lead's entry list is 0 (nothing to
#: clear), or it names a list whose table may hold the lead's row
CLEARED = "cleared"
HELD = "held"

_LABEL = re.compile(r"[A-Za-z0-9_]{1,50}")


def is_custom(column: str) -> bool:
    return column.startswith(CUSTOM)


def label_of(column: str) -> str:
    return column.removeprefix(CUSTOM)


def column_of(label: str) -> str:
    return CUSTOM + label


def label_problem(label: str) -> str | None:
    """Why ``label`` cannot be a custom field label, or None."""
    if not _LABEL.fullmatch(label):
        return f"{label!r} is not a custom field label (letters, digits, _)"
    if label in FIELDS_BY_COLUMN:
        return f"{label!r} is a standard field: the server never writes it as custom"
    return None


def table_list(entry_list_id: int, list_id: int) -> int:
    """The list whose custom table ``custom_fields=Y`` writes for this lead."""
    return entry_list_id if entry_list_id > 99 else list_id


def custom_field(label: str) -> LeadField:
    """A custom field as the editor shows it: ``custom:LABEL``, sent only by
    update_lead, its column's type unknown to the API."""
    return LeadField(
        column_of(label),
        column_of(label),
        CharFilter(deny=';"'),
        ColumnKind.TEXT,
        in_batch=False,
        label=f"{label} (custom)",
    )


def custom_preview(column: str, typed: str) -> StoredValue:
    """What the server stores for a typed custom value, as the editor shows it."""
    stored, refused = stored_custom(typed)
    notes: list[StoreNote] = []
    if refused is None and stored != typed and typed != BLANK:
        notes.append(
            StoreNote(kind=NoteKind.STRIPPED, detail=f'stored as {stored!r} (+ ; ")')
        )
    return StoredValue(
        param=column,
        column=column,
        typed=typed,
        writes=refused is None,
        stored=None if refused else stored,
        notes=tuple(notes),
        refused=refused,
    )


def stored_custom(typed: str) -> tuple[str | None, str | None]:
    """What the server stores for a typed custom value: (stored, refused).

    ``+`` becomes a space, ``;`` and ``"`` are removed, ``--BLANK--`` and an
    empty value clear the field (§5.2.9). A backslash is refused: the server
    pastes the value into SQL, which would eat it. The column's type and
    length are not exposed by the API: the server may cut the value further,
    which leadtui finds when it reads the lead back.
    """
    if "\\" in typed:
        return None, "a backslash is interpreted by the server's SQL; leave it out"
    if typed == BLANK:
        return "", None
    return typed.replace("+", " ").replace(";", "").replace('"', ""), None


def split_values(values: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(standard param → value, custom label → value) of a set of values."""
    standard = {k: v for k, v in values.items() if not is_custom(k)}
    return standard, {label_of(k): v for k, v in values.items() if is_custom(k)}


def stored_changes(values: Mapping[str, str]) -> dict[str, str]:
    """column → what the server stores, custom fields (``custom:LABEL``) too."""
    standard, custom = split_values(values)
    stored = stored_columns(standard)
    for label, typed in custom.items():
        value, refused = stored_custom(typed)
        if value is not None and refused is None:
            stored[column_of(label)] = value
    return stored


def lead_columns(columns: Sequence[str], change: Mapping[str, str]) -> list[str]:
    """The operation's image columns one lead's read needs: its custom fields
    only when its own change has them (each lead's list has its own table)."""
    return [c for c in columns if not is_custom(c) or c in change]


async def read_custom_image(
    client: VicidialClient,
    lead: Lead,
    columns: list[str],
    stops: tuple[type[e.VicidialError], ...],
    *,
    table: int | None = None,
) -> tuple[dict[str, str] | None, str]:
    """The lead's custom values for ``columns`` (``custom:LABEL``, or
    ``custom:*`` for every field of its entry list), with ``custom_list`` and
    ``custom_row``; or (None, why) when they cannot be read, or a label is not
    a field of the list (then nothing would be written to the lead).
    ``table``: read that list's table whatever the lead's lists say."""
    everything = ALL_CUSTOM in columns
    if table is None and everything:
        # ALL_CUSTOM: "cleared" once delete_cf_data has run (entry list 0)
        table = lead.entry_list_id
        if table == 0:  # delete_cf_data looks for custom_0: there is none
            return {ALL_CUSTOM: CLEARED, TABLE: "0", ROW: "no"}, ""
    elif table is None:
        table = table_list(lead.entry_list_id, lead.list_id)
    wanted = [label_of(c) for c in columns if is_custom(c) and c != ALL_CUSTOM]
    values: dict[str, str] | None = None
    answered = False
    try:
        found = await client.lead_all_info(
            lead_id=lead.lead_id, custom_fields=True, custom_list=table
        )
        answered = len(found) == 1
        if answered and found[0].custom_fields:
            values = dict(found[0].custom_fields)
    except stops:
        raise
    except e.VicidialError:
        # HTTP 500: the list has no custom fields, or a value held an apostrophe
        pass
    if values is not None:
        missing = [label for label in wanted if label not in values]
        if missing:
            return None, _not_fields(table, missing)
        image = {column_of(k): v for k, v in values.items()}
        if everything:
            image[ALL_CUSTOM] = HELD
        return {**image, TABLE: str(table), ROW: "yes"}, ""
    if everything and answered:  # no row in the table: nothing to keep
        return {ALL_CUSTOM: HELD, TABLE: str(table), ROW: "no"}, ""
    if everything:
        try:
            wanted = list(await client.custom_labels(table))
        except stops:
            raise
        except e.VicidialError as error:
            return None, (
                f"cannot list the custom fields of list {table}: {error.explain()}"
            )
    each, why = await _read_each(client, lead.lead_id, table, wanted, stops)
    if each is not None and everything:
        each[ALL_CUSTOM] = HELD
    return each, why


async def _read_each(
    client: VicidialClient,
    lead_id: int,
    table: int,
    labels: list[str],
    stops: tuple[type[e.VicidialError], ...],
) -> tuple[dict[str, str] | None, str]:
    """One ``lead_field_info`` per label: LIST FIELD NOT FOUND means the table
    has the field but no row for the lead; a crash means no such field (or a
    broken read): either way nothing is written to the lead."""
    image: dict[str, str] = {}
    row = "no"
    for label in labels:
        try:
            value = await client.lead_field_info(
                lead_id, label, custom_field=True, custom_list=table
            )
            if value.value == "":  # an empty body may be a lost one: read again
                value = await client.lead_field_info(
                    lead_id, label, custom_field=True, custom_list=table
                )
        except e.FieldNotFound:
            image[column_of(label)] = ""
            continue
        except stops:
            raise
        except e.VicidialError as error:
            return None, await _why_unread(client, table, label, error, stops)
        image[column_of(label)] = value.value
        row = "yes"
    return {**image, TABLE: str(table), ROW: row}, ""


async def _why_unread(
    client: VicidialClient,
    table: int,
    label: str,
    error: e.VicidialError,
    stops: tuple[type[e.VicidialError], ...],
) -> str:
    """A custom field read failed: the list's labels tell whether it is one."""
    try:
        labels = await client.custom_labels(table)
    except stops:
        raise
    except e.VicidialError:
        labels = None
    if labels is not None and label not in labels:
        return _not_fields(table, [label])
    return f"cannot read custom field {label} of list {table}: {error.explain()}"


def _not_fields(table: int, labels: list[str]) -> str:
    named = ", ".join(labels)
    return f"list {table} has no custom field {named}: not written"


class EditableCustom(NamedTuple):
    """The custom fields an edit of the lead writes: the list whose table
    ``custom_fields=Y`` uses, label → value (table order), and why they could
    not be read (then ``values`` is empty)."""

    table: int
    values: dict[str, str]
    note: str = ""


async def editable_custom(
    client: VicidialClient, lead: Lead, stops: tuple[type[e.VicidialError], ...]
) -> EditableCustom:
    table = table_list(lead.entry_list_id, lead.list_id)
    image, why = await read_custom_image(client, lead, [ALL_CUSTOM], stops, table=table)
    if image is None:
        return EditableCustom(table, {}, why)
    values = {
        label_of(c): v for c, v in image.items() if is_custom(c) and c != ALL_CUSTOM
    }
    if not values:  # no row for the lead yet: the list names its fields
        try:
            values = dict.fromkeys(await client.custom_labels(table), "")
        except stops:
            raise
        except e.VicidialError as error:
            return EditableCustom(
                table,
                {},
                f"the custom fields of list {table} cannot be listed: {error.explain()}",
            )
    if not values:
        return EditableCustom(table, {}, f"list {table} has no custom fields")
    return EditableCustom(table, values)
