"""Reading a lead's custom fields: the values a custom change or clearing
custom data will touch (for its before-image), and the fields an edit offers.

First ``lead_all_info custom_fields=Y`` on the table of the list the write
uses (``force_entry_list_id``); when the server crashes on it (an apostrophe,
a list without fields), one ``lead_field_info`` per label. A label the list
does not have makes the read fail: nothing is written to such a lead.
"""

from __future__ import annotations

from typing import NamedTuple

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.models import Lead
from leadtui.ops.custom_fields import (
    ALL_CUSTOM,
    CLEARED,
    HELD,
    ROW,
    TABLE,
    column_of,
    is_custom,
    label_of,
    table_list,
)
from leadtui.ops.field_reads import STOPS_FIELD_READS, read_field


async def read_custom_image(
    client: VicidialClient,
    lead: Lead,
    columns: list[str],
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
    except STOPS_FIELD_READS:
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
        except STOPS_FIELD_READS:
            raise
        except e.VicidialError as error:
            return None, (
                f"cannot list the custom fields of list {table}: {error.explain()}"
            )
    each, why = await _read_each(client, lead.lead_id, table, wanted)
    if each is not None and everything:
        each[ALL_CUSTOM] = HELD
    return each, why


async def _read_each(
    client: VicidialClient,
    lead_id: int,
    table: int,
    labels: list[str],
) -> tuple[dict[str, str] | None, str]:
    """One ``lead_field_info`` per label: LIST FIELD NOT FOUND means the table
    has the field but no row for the lead; a crash means no such field (or a
    broken read): either way nothing is written to the lead."""
    image: dict[str, str] = {}
    row = "no"
    for label in labels:
        try:
            value = await read_field(client, lead_id, label, custom_list=table)
        except e.FieldNotFound:
            image[column_of(label)] = ""
            continue
        except STOPS_FIELD_READS:
            raise
        except e.VicidialError as error:
            return None, await _why_unread(client, table, label, error)
        image[column_of(label)] = value
        row = "yes"
    return {**image, TABLE: str(table), ROW: row}, ""


async def _why_unread(
    client: VicidialClient,
    table: int,
    label: str,
    error: e.VicidialError,
) -> str:
    """A custom field read failed: the list's labels tell whether it is one."""
    try:
        labels = await client.custom_labels(table)
    except STOPS_FIELD_READS:
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


async def editable_custom(client: VicidialClient, lead: Lead) -> EditableCustom:
    table = table_list(lead.entry_list_id, lead.list_id)
    image, why = await read_custom_image(client, lead, [ALL_CUSTOM], table=table)
    if image is None:
        return EditableCustom(table, {}, why)
    values = {
        label_of(c): v for c, v in image.items() if is_custom(c) and c != ALL_CUSTOM
    }
    if not values:  # no row for the lead yet: the list names its fields
        try:
            values = dict.fromkeys(await client.custom_labels(table), "")
        except STOPS_FIELD_READS:
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
