"""Read functions on one lead: ``lead_all_info`` (naa L14515-14875), ``lead_field_info``
(L14262-14505) and ``lead_callback_info`` (L13867-14079)."""

from __future__ import annotations

import re

from leadtui.emulator.common import delimiter, open_function
from leadtui.emulator.context import Ctx, allowed_campaigns
from leadtui.emulator.custom_fields import LEAD_COLUMNS
from leadtui.emulator.fieldexpr import evaluate
from leadtui.emulator.mysql import SqlError, ci_equal, integer_literal, to_text
from leadtui.emulator.php import PhpFatal
from leadtui.emulator.store import CUSTOM_SKIPPED_TYPES, Row

__all__ = ["lead_all_info", "lead_callback_info", "lead_field_info"]

ALL_INFO_COLUMNS = (
    "status",
    "user",
    "vendor_lead_code",
    "source_id",
    "list_id",
    "gmt_offset_now",
    "phone_code",
    "phone_number",
    "title",
    "first_name",
    "middle_initial",
    "last_name",
    "address1",
    "address2",
    "address3",
    "city",
    "state",
    "province",
    "postal_code",
    "country_code",
    "gender",
    "date_of_birth",
    "alt_phone",
    "email",
    "security_phrase",
    "comments",
    "called_count",
    "last_local_call_time",
    "rank",
    "owner",
    "entry_list_id",
)


def _list_visible(ctx: Ctx, list_id: str, campaigns: list[str] | None) -> bool:
    """``SELECT count(*) from vicidial_lists where list_id='…' $LOGallowed_campaignsSQL``."""
    for row in ctx.store.select("vicidial_lists", "num_eq(list_id, ?)", [list_id]):
        if campaigns is None or any(
            ci_equal(row["campaign_id"], to_text(c)) for c in campaigns
        ):
            return True
    return False


def _group_campaigns(ctx: Ctx, style: str) -> list[str] | None:
    group = ctx.group_row()
    return allowed_campaigns(ctx.db(group["allowed_campaigns"]) if group else "", style)


def _mask(value: str) -> str:
    """``preg_replace("/./",'X',…)``: every byte but a newline."""
    return re.sub(r".", "X", value)


def _hide_lead_data(ctx: Ctx) -> bool:
    row = ctx.store.one("vicidial_users", "ci_eq(user, ?)", [to_text(ctx.user)])
    return row is not None and (row["admin_hide_lead_data"] or "0") not in ("", "0")


def _custom_part(
    ctx: Ctx, entry_list_id: str, lead_id: str, dl: str
) -> tuple[str, str]:
    """Custom columns of lead_all_info (naa L14634-14765): (header part, data part)."""
    hide = _hide_lead_data(ctx)
    standard = LEAD_COLUMNS.lower()
    fields = [
        f
        for f in ctx.store.select(
            "vicidial_lists_fields",
            "num_eq(list_id, ?)",
            [entry_list_id],
            "ORDER BY rowid",
        )
        if f["field_type"] not in CUSTOM_SKIPPED_TYPES
        and f"|{str(f['field_label']).lower()}|" not in standard
    ]
    fields.sort(key=lambda f: (int(f["field_rank"] or 0), int(f["field_order"] or 0)))
    table = ctx.store.table(f"custom_{entry_list_id}")
    if not fields or table is None:  # "SELECT  from custom_N" or a missing table
        raise PhpFatal("mysqli_sql_exception: bad custom fields query")
    labels = [str(f["field_label"]) for f in fields]
    if any(label not in table.names for label in labels):
        raise PhpFatal("mysqli_sql_exception: Unknown column")
    row = ctx.store.one(table.name, "lead_id=?", [int(lead_id)])
    if row is None:
        return "", ""
    header = data = ""
    for label in labels:
        value = ctx.db(row[label])
        if hide and value:
            value = _mask(value)
        data += dl + value
        header += dl + ctx.db(label)
    return header, data


def lead_all_info(ctx: Ctx) -> None:
    v = ctx.v
    open_function(ctx, "lead_all_info USER DOES NOT HAVE PERMISSION TO GET LEAD INFO")
    user, lead_id, phone = ctx.user, v.s("lead_id"), v.s("phone_number")
    if not lead_id and not 6 <= len(phone) <= 19:
        data = f"{user}|{lead_id}|{phone}"
        ctx.fail(
            f"ERROR: lead_all_info LEAD NOT FOUND: {data}\n",
            "lead_all_info LEAD NOT FOUND",
            data,
        )
    campaigns = _group_campaigns(ctx, "campaigns")
    params: list[object]
    if lead_id:
        where, params = "lead_id = ?", [integer_literal(lead_id)]
    else:
        where, params = "phone_number = ? COLLATE mysql_ci", [to_text(phone)]
    stage = v.i("stage")
    dl = delimiter(stage, allow_newline=True)
    if stage not in ("csv", "tab", "newline", "pipe"):
        stage = "pipe"
    table = ctx.lead_table
    leads = ctx.store.select(table, where, params, "ORDER BY lead_id DESC LIMIT 1000")
    output = ""
    skipped, last_skipped = 0, ""
    force = v.s("force_entry_list_id")
    for lead in leads:
        list_id = ctx.db(lead["list_id"])
        entry_list_id = force if force else ctx.db(lead["entry_list_id"])
        visible = _list_visible(ctx, list_id, campaigns)
        if visible:
            header_cf, data_cf = ("", "")
            if v.eq("custom_fields", "Y"):
                header_cf, data_cf = _custom_part(
                    ctx, entry_list_id, str(lead["lead_id"]), dl
                )
            record = ""
            if v.eq("header", "YES"):
                record += dl.join((*ALL_INFO_COLUMNS, "lead_id")) + header_cf + "\n"
            values = [ctx.db(lead[c]) for c in ALL_INFO_COLUMNS]
            record += dl.join((*values, str(lead["lead_id"]))) + data_cf + "\n"
            output += record
            ctx.api_log(
                "SUCCESS",
                f"lead_all_info {record}",
                f"{user}|{lead_id}|{phone}|{stage}",
            )
        else:
            skipped, last_skipped = skipped + 1, list_id
        if not visible and ctx.api_list_restrict > 0:
            data = f"{user}|{lead_id}|{phone}"
            ctx.echo(f"ERROR: lead_all_info LIST NOT FOUND: {data}\n")
            ctx.api_log("ERROR", "lead_all_info LIST NOT FOUND", data)
    if not leads:
        data = f"{user}|{lead_id}|{phone}"
        ctx.fail(
            f"ERROR: lead_all_info LEAD NOT FOUND: {data}\n",
            "lead_all_info LEAD NOT FOUND",
            data,
        )
    if len(output) > 10:
        ctx.echo(output)
    elif skipped > 0:
        data = f"{user}|{lead_id}|{phone}|{last_skipped}"
        ctx.fail(
            f"ERROR: lead_all_info LIST NOT FOUND: {data}\n",
            "lead_all_info LIST NOT FOUND",
            data,
        )


def lead_field_info(ctx: Ctx) -> None:
    v = ctx.v
    open_function(ctx, "lead_field_info USER DOES NOT HAVE PERMISSION TO GET LEAD INFO")
    user, lead_id, field_name = ctx.user, v.s("lead_id"), v.i("field_name")
    if not (0 < len(lead_id) < 12 and v.s("field_name")):
        data = f"{user}|{lead_id}|{field_name}"
        ctx.fail(
            f"ERROR: lead_field_info INVALID SEARCH PARAMETERS: {data}\n",
            "lead_field_info INVALID SEARCH PARAMETERS",
            data,
        )
    campaigns = _group_campaigns(ctx, "dash")
    table_name = ctx.lead_table
    lead = ctx.store.one(table_name, "lead_id = ?", [integer_literal(lead_id)])
    if lead is None:
        ctx.fail(
            f"ERROR: lead_field_info LEAD NOT FOUND: {user}|{lead_id}\n",
            "lead_field_info LEAD NOT FOUND",
            f"{user}|{lead_id}",
        )
    list_id = ctx.db(lead["list_id"])
    if not _list_visible(ctx, list_id, campaigns):
        data = f"{user}|{lead_id}|{list_id}"
        ctx.fail(
            f"ERROR: lead_field_info LIST NOT FOUND: {data}\n",
            "lead_field_info LIST NOT FOUND",
            data,
        )
    hide = False
    row: Row | None = lead
    if v.eq("custom_fields", "Y"):
        hide = _hide_lead_data(ctx)
        entry = (
            v.s("list_id") if len(v.s("list_id")) > 1 else ctx.db(lead["entry_list_id"])
        )
        table_name = f"custom_{entry}"
        if not ctx.store.table_exists(table_name):
            raise PhpFatal(f"mysqli_sql_exception: Table '{table_name}' doesn't exist")
        row = ctx.store.one(table_name, "lead_id=?", [int(lead_id)])
    table = ctx.store.table(table_name)
    assert table is not None
    if row is None:
        try:
            evaluate(field_name, {}, table)
        except SqlError as err:
            raise PhpFatal(f"mysqli_sql_exception: {err}") from err
        ctx.fail(
            f"ERROR: lead_field_info LIST FIELD NOT FOUND: {user}|{lead_id}\n",
            "lead_field_info LIST FIELD NOT FOUND",
            f"{user}|{lead_id}",
        )
    try:
        value = evaluate(field_name, row, table)
    except SqlError as err:
        raise PhpFatal(f"mysqli_sql_exception: {err}") from err
    output = ctx.db(value)
    if hide and output:
        output = _mask(output)
    ctx.echo(output)
    ctx.api_log(
        "SUCCESS", f"lead_field_info {output}", f"{user}|{lead_id}|{v.i('stage')}"
    )


def lead_callback_info(ctx: Ctx) -> None:
    v = ctx.v
    open_function(
        ctx, "lead_callback_info USER DOES NOT HAVE PERMISSION TO GET LEAD INFO"
    )
    user, lead_id = ctx.user, v.s("lead_id")
    if not 0 < len(lead_id) < 12:
        data = f"{user}|{lead_id}"
        ctx.fail(
            f"ERROR: lead_callback_info INVALID SEARCH PARAMETERS: {data}\n",
            "lead_callback_info INVALID SEARCH PARAMETERS",
            data,
        )
    campaigns = _group_campaigns(ctx, "campaigns")
    stage = v.i("stage")
    dl = delimiter(stage, allow_newline=True)
    if stage not in ("csv", "tab", "newline", "pipe"):
        stage = "pipe"
    location = v.i("search_location")
    output = ""
    if v.eq("header", "YES"):
        output = (
            dl.join(
                (
                    "lead_id",
                    "callback_type",
                    "recipient",
                    "callback_status",
                    "lead_status",
                    "callback_date",
                    "entry_date",
                    "user",
                    "list_id",
                    "campaign_id",
                    "user_group",
                    "customer_timezone",
                    "customer_time",
                    "comments",
                )
            )
            + "\n"
        )
    tables = []
    if location in ("ARCHIVE", "ALL"):
        tables.append(("vicidial_callbacks_archive", "ARCHIVE"))
    if location in ("CURRENT", "ALL", ""):
        tables.append(("vicidial_callbacks", "CURRENT"))
    restricted = campaigns is not None and ctx.api_list_restrict > 0
    for table, kind in tables:
        rows = ctx.store.select(
            table, "num_eq(lead_id, ?)", [lead_id], "ORDER BY callback_id"
        )
        for i, row in enumerate(rows):
            # the list check reuses the callback query's result handle (naa L13984): from the
            # second row on, the row read is the exhausted count(*) result, i.e. NULLs
            cb = row if not (restricted and i > 0) else dict.fromkeys(row)
            if restricted and not _list_visible(ctx, ctx.db(cb["list_id"]), campaigns):
                ctx.fail(
                    f"ERROR: lead_callback_info LEAD NOT FOUND: |{user}|1|\n",
                    "lead_callback_info LEAD NOT FOUND",
                    "1",
                )
            values = [
                ctx.db(cb[c])
                for c in (
                    "recipient",
                    "status",
                    "lead_status",
                    "callback_time",
                    "entry_time",
                    "user",
                    "list_id",
                    "campaign_id",
                    "user_group",
                )
            ]
            tz = ctx.db(cb["customer_timezone"]).replace(",", "-")
            output += (
                dl.join(
                    (
                        lead_id,
                        kind,
                        *values,
                        tz,
                        ctx.db(cb["customer_time"]),
                        ctx.db(cb["comments"]),
                    )
                )
                + "\n"
            )
    header = v.i("header")
    if (header in ("NO", "") and len(output) > 10) or (
        header == "YES" and len(output) > 170
    ):
        ctx.echo(output)
        ctx.api_log(
            "SUCCESS",
            f"lead_callback_info {output}",
            f"{user}|{lead_id}|{stage}|{location}",
        )
        return
    data = f"{user}|{lead_id}|{stage}|{location}"
    ctx.fail(
        f"ERROR: lead_callback_info CALLBACK NOT FOUND: {data}\n",
        "lead_callback_info CALLBACK NOT FOUND",
        data,
    )
