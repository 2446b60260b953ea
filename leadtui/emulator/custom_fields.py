"""update_lead custom fields: the update path (naa L17485-17641) and ``delete_cf_data``
(L17262-17293); helpers shared with the insert path."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from leadtui.emulator.context import Ctx
from leadtui.emulator.mysql import to_text
from leadtui.emulator.php import PhpArray, PhpFatal
from leadtui.emulator.store import CUSTOM_SKIPPED_TYPES

if TYPE_CHECKING:
    from leadtui.emulator.update_lead import Found, UpdateState

__all__ = [
    "LEAD_COLUMNS",
    "cf_assignments",
    "cf_write",
    "custom_fields",
    "delete_cf_data",
]

LEAD_COLUMNS = (
    "|lead_id|vendor_lead_code|source_id|list_id|gmt_offset_now|called_since_last_reset|"
    "phone_code|phone_number|title|first_name|middle_initial|last_name|address1|address2|"
    "address3|city|state|province|postal_code|country_code|gender|date_of_birth|alt_phone|"
    "email|security_phrase|comments|called_count|last_local_call_time|rank|owner|"
)


def delete_cf_data(ctx: Ctx, st: UpdateState, lead: Found) -> None:
    v = ctx.v
    cf_list = v.s("entry_list_id") or ""
    if v.s("force_entry_list_id"):
        cf_list = v.s("force_entry_list_id")
    if not cf_list:
        cf_list = lead.entry_list_id
    if ctx.store.table_exists(f"custom_{cf_list}"):
        st.vcf = str(
            ctx.store.delete(f"custom_{cf_list}", "lead_id=?", [_num(lead.lead_id)])
        )
    vl = ctx.store.update(
        ctx.lead_table, "lead_id=?", [int(lead.lead_id)], {"entry_list_id": "0"}
    )
    data = f"{ctx.user}|{lead.lead_id}|{cf_list}|{vl}|{st.vcf}"
    ctx.echo(f"NOTICE: update_lead CUSTOM FIELDS DATA HAS BEEN DELETED - {data}\n")
    ctx.api_log(
        "NOTICE",
        "update_lead CUSTOM FIELDS DATA HAS BEEN DELETED",
        f"{st.phone_number}|{lead.list_id}|{lead.lead_id}|{cf_list}|{vl}|{st.vcf}",
    )


def _num(text: str) -> int:
    return int(text) if text.isdigit() else -1


def _cf_value(ctx: Ctx, label: str) -> str:
    raw = ctx.get.get(label, ctx.post.get(label, ""))
    value = "Array" if isinstance(raw, PhpArray) else raw
    value = value.replace("+", " ")
    value = re.sub('[;"]', "", value)
    return re.sub(r"\\(?=\n?\Z)", "", value, count=1)


def _cf_fields(ctx: Ctx, list_id: str) -> list[dict[str, object]]:
    rows = [
        r
        for r in ctx.store.select(
            "vicidial_lists_fields", "num_eq(list_id, ?)", [list_id]
        )
        if r["field_duplicate"] != "Y"
    ]
    rows.sort(
        key=lambda r: (
            int(r["field_rank"] or 0),
            int(r["field_order"] or 0),
            str(r["field_label"]),
        )
    )
    return rows


def cf_assignments(ctx: Ctx, list_id: str, only_sent: bool) -> list[tuple[str, str]]:
    out = []
    for f in _cf_fields(ctx, list_id):
        label = ctx.db(str(f["field_label"]))
        sent = re.search(
            rf"\?{re.escape(label)}=|&{re.escape(label)}=", ctx.query_string
        )
        if only_sent and not sent:
            continue
        if f["field_type"] in CUSTOM_SKIPPED_TYPES or f"|{label}|" in LEAD_COLUMNS:
            continue
        out.append((label, _cf_value(ctx, label)))
    return out


def cf_write(
    ctx: Ctx, table: str, lead_id: str, pairs: list[tuple[str, str]], update: bool
) -> int:
    values: dict[str, str | None] = {}
    columns = ctx.store.table(table)
    assert columns is not None
    for label, raw in pairs:
        if label not in columns.names:
            raise PhpFatal(f"mysqli_sql_exception: Unknown column '{label}'")
        got = ctx.sql('x="{v}"', v="" if raw == "--BLANK--" else raw)
        values[label] = to_text(got["v"])
    if update:
        return ctx.store.update(table, "lead_id=?", [int(lead_id)], values)
    if ctx.store.count(table, "lead_id=?", [int(lead_id)]):
        raise PhpFatal("mysqli_sql_exception: Duplicate entry")
    ctx.store.insert(table, {"lead_id": lead_id, **values})
    return 1


def custom_fields(ctx: Ctx, st: UpdateState, lead: Found) -> None:
    v = ctx.v
    if not v.eq("custom_fields", "Y"):
        return
    cf_list = lead.list_id
    force = v.s("force_entry_list_id")
    if len(force) > 1:
        cf_list = force
    if _num(lead.entry_list_id) > 99:
        cf_list = lead.entry_list_id
    table = f"custom_{cf_list}"
    if not ctx.store.table_exists(table):
        data = f"{st.phone_number}|{lead.lead_id}|{lead.list_id}"
        ctx.echo(
            "NOTICE: update_lead CUSTOM FIELDS NOT ADDED, NO CUSTOM FIELDS DEFINED FOR THIS "
            f"LIST - {data}\n"
        )
        ctx.api_log(
            "NOTICE",
            "update_lead CUSTOM FIELDS NOT ADDED, NO CUSTOM FIELDS DEFINED FOR THIS LIST",
            data,
        )
        return
    if v.eq("delete_lead", "Y"):
        count = ctx.store.delete(table, "lead_id=?", [int(lead.lead_id)])
        if count > 0:
            ctx.echo(
                f"NOTICE: update_lead CUSTOM FIELDS ENTRY DELETED - {st.phone_number}|"
                f"{lead.lead_id}|{lead.list_id}|{lead.entry_list_id}|{cf_list}|{count}\n"
            )
            ctx.api_log(
                "NOTICE",
                "update_lead CUSTOM FIELDS ENTRY DELETED",
                f"{st.phone_number}|{lead.lead_id}|{lead.list_id}|{count}",
            )
        return
    st.set_cleared = True
    pairs = cf_assignments(ctx, cf_list, only_sent=True)
    count = 0
    if pairs:
        exists = ctx.store.count(table, "lead_id=?", [int(lead.lead_id)]) > 0
        count = cf_write(ctx, table, lead.lead_id, pairs, update=exists)
        ctx.echo(
            f"NOTICE: update_lead CUSTOM FIELDS VALUES UPDATED - {st.phone_number}|"
            f"{lead.lead_id}|{lead.list_id}|{lead.entry_list_id}|{cf_list}|{count}\n"
        )
        ctx.api_log(
            "NOTICE",
            "update_lead CUSTOM FIELDS VALUES UPDATED",
            f"{st.phone_number}|{lead.lead_id}|{lead.list_id}",
        )
    if count > 0:
        ctx.store.update(
            ctx.lead_table, "lead_id=?", [int(lead.lead_id)], {"entry_list_id": cf_list}
        )
