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

from collections.abc import Mapping, Sequence

from leadtui.api.vicidial.fields import CharFilter, ColumnKind, LeadField
from leadtui.api.vicidial.preview import stored_columns, would_store_custom

CUSTOM = "custom:"
#: every custom field of the lead's entry list (what clearing custom data removes)
ALL_CUSTOM = "custom:*"
TABLE = "custom_list"
ROW = "custom_row"
#: ALL_CUSTOM's value in an image: the lead's entry list is 0 (nothing to
#: clear), or it names a list whose table may hold the lead's row
CLEARED = "cleared"
HELD = "held"


def is_custom(column: str) -> bool:
    return column.startswith(CUSTOM)


def label_of(column: str) -> str:
    return column.removeprefix(CUSTOM)


def column_of(label: str) -> str:
    return CUSTOM + label


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


def split_values(values: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(standard param → value, custom label → value) of a set of values."""
    standard = {k: v for k, v in values.items() if not is_custom(k)}
    return standard, {label_of(k): v for k, v in values.items() if is_custom(k)}


def stored_changes(values: Mapping[str, str]) -> dict[str, str]:
    """column → what the server stores, custom fields (``custom:LABEL``) too."""
    standard, custom = split_values(values)
    stored = stored_columns(standard)
    for label, typed in custom.items():
        value = would_store_custom(column_of(label), typed).stored
        if value is not None:
            stored[column_of(label)] = value
    return stored


def lead_columns(columns: Sequence[str], change: Mapping[str, str]) -> list[str]:
    """The operation's image columns one lead's read needs: its custom fields
    only when its own change has them (each lead's list has its own table)."""
    return [c for c in columns if not is_custom(c) or c in change]
