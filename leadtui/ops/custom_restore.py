"""Undoing a change to a lead's custom fields: what to send so the lead holds
its before-image again, custom table row and entry list included.

The server moves ``entry_list_id`` with every custom write (to the list it
wrote) and with every ``delete_cf_data`` (to 0), and ignores the
``entry_list_id`` parameter when ``custom_fields=Y`` is sent. So:

* the lead had no row and entry list 0 (its first custom write made both):
  ``delete_cf_data=Y`` deletes the row the change added and puts 0 back;
* its custom data was cleared, and it had a row: the old values are written
  again (``custom_fields=Y``, ``force_entry_list_id`` = the list read), which
  also puts that list back as its entry list;
* its custom data was cleared, and it had no row: only the entry list went
  to 0; ``entry_list_id`` is sent back;
* otherwise the old values are written to the table they were read from.

An old value the API cannot store exactly (``+``, ``;``, ``"``, a backslash)
and an entry list the server will not keep are listed, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from leadtui.api.vicidial.preview import would_store_custom
from leadtui.ops.custom_fields import (
    ALL_CUSTOM,
    CLEARED,
    ROW,
    TABLE,
    is_custom,
    label_of,
)

#: switches of a single restore (beside the values): delete the lead's custom
#: row, and the list whose custom table the values go to
DELETE_DATA = "delete_cf_data"
FORCE_LIST = "force_entry_list_id"


def holds(column: str, now: str | None, target: str) -> bool:
    """Whether ``now`` is what the change left in ``column``. A custom value
    may have been cut by its column's length (the API does not say it)."""
    if now == target:
        return True
    return is_custom(column) and bool(now) and target.startswith(now or "")


def custom_restore(
    before: Mapping[str, str], columns: Sequence[str]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(values for the lead's single restore, (column, why) that cannot be
    restored) for the custom ``columns`` a change touched."""
    old_entry = before.get("entry_list_id", "")
    table = before.get(TABLE, "")
    if ALL_CUSTOM in columns:  # custom data cleared
        if before.get(ALL_CUSTOM) == CLEARED:
            return {}, []  # there was none
        if before.get(ROW) != "yes":
            return {"entry_list_id": old_entry}, []
        wanted = [c for c in before if is_custom(c) and c != ALL_CUSTOM]
    else:
        wanted = [c for c in columns if c != ALL_CUSTOM]
        if before.get(ROW) == "no" and old_entry == "0":
            return {DELETE_DATA: "Y", **dict.fromkeys(wanted, "")}, []
    values: dict[str, str] = {}
    impossible: list[tuple[str, str]] = []
    for column in wanted:
        old = before.get(column, "")
        if would_store_custom(column, old).stored != old:
            impossible.append(
                (
                    column,
                    f"the API cannot store {label_of(column)} = {old!r} exactly",
                )
            )
            continue
        values[column] = old
    if not values:
        return {}, impossible
    if not (table.isdigit() and int(table) >= 10):
        return {}, [*impossible, *((c, "its custom list is unknown") for c in values)]
    values[FORCE_LIST] = table
    if old_entry != table:
        impossible.append(
            (
                "entry_list_id",
                f"the server sets it to {table} whenever it writes custom fields "
                f"(it was {old_entry or 'empty'})",
            )
        )
    return values, impossible
