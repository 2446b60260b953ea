"""``lead_search`` (naa L15276-15596): a multi-number (or multi-vendor-code) lookup."""

from __future__ import annotations

from leadtui.emulator.auth import restricted_list
from leadtui.emulator.common import digits, open_function
from leadtui.emulator.context import Ctx
from leadtui.emulator.php import PhpFatal, is_numeric, php_compare
from leadtui.emulator.update_lead import LIMIT_MAX, _scope

__all__ = ["lead_search", "php_loose_equal"]


def php_loose_equal(a: str, b: str) -> bool:
    """PHP 8 ``$a == $b`` for two strings: numerically when both are numeric strings."""
    if is_numeric(a) and is_numeric(b):
        return (
            float(a) == float(b)
            if ("." in a + b or "e" in (a + b).lower())
            else int(a.strip()) == int(b.strip())
        )
    return a == b


def lead_search(ctx: Ctx) -> None:
    v = ctx.v
    if not v.is_array("list_id"):
        v.set("list_id", digits(v.s("list_id")))
    open_function(ctx, "lead_search USER DOES NOT HAVE PERMISSION TO SEARCH FOR LEADS")
    user = ctx.user
    location = v.s("search_location")
    list_id = v.i("list_id")
    if (
        len(location) < 4
        or (not v.is_array("list_id") and php_compare(list_id, 99) < 0)
        or len(v.s("list_id")) < 3
    ):
        location = "SYSTEM"
    method = v.s("search_method")
    if len(method) < 6:
        method = "PHONE_NUMBER"
    records = v.s("records") or "1000"
    lead_id, vendor, phone = (
        v.i("lead_id"),
        v.i("vendor_lead_code"),
        v.i("phone_number"),
    )
    find_lead = "LEAD_ID" in method and len(v.s("lead_id")) > 0
    find_vendor = "VENDOR_LEAD_CODE" in method and len(v.s("vendor_lead_code")) > 0
    vendors = [x for x in vendor.split(",") if x] if find_vendor else []
    find_phone = "PHONE_NUMBER" in method and len(v.s("phone_number")) > 5
    phones = [x for x in phone.split(",") if 5 < len(x) < 19] if find_phone else []
    if not (find_lead or find_vendor or find_phone):
        data = (
            f"{method}|{lead_id}({int(find_lead)})|{vendor}({int(find_vendor)})|"
            f"{phone}({int(find_phone)})"
        )
        ctx.fail(
            f"ERROR: lead_search NO VALID SEARCH METHOD - {user}|{data}\n",
            "lead_search NO VALID SEARCH METHOD",
            data,
        )
    if restricted_list(ctx, list_id):
        ctx.fail(
            f"ERROR: lead_search NOT AN ALLOWED LIST ID - {phone}|{list_id}\n",
            "lead_search NOT AN ALLOWED LIST ID",
            f"{phone}|{list_id}",
        )
    clause, scope_params = _scope(ctx, location, list_id)
    if int(records) > LIMIT_MAX:
        raise PhpFatal("mysqli_sql_exception: LIMIT out of range")
    tail = f"ORDER BY lead_id DESC LIMIT {min(int(records), 2**62)}"
    keys: list[tuple[str, str]] = []  # (search key, lead_id)
    if find_lead:
        ids = v.s("lead_ids")
        if not ids or ",," in ids or ids.startswith(",") or ids.endswith(","):
            raise PhpFatal("mysqli_sql_exception: lead_id IN() syntax error")
        wanted = [x for x in ids.split(",") if len(x.lstrip("0")) <= 10]
        marks = ",".join("?" for _ in wanted) or "NULL"
        rows = ctx.store.select(
            ctx.lead_table,
            f"lead_id IN ({marks}){clause}",
            [*(int(x) for x in wanted), *scope_params],
            tail,
        )
        keys = [(str(r["lead_id"]), str(r["lead_id"])) for r in rows]
    if find_vendor and not keys:
        if not vendors:
            raise PhpFatal("mysqli_sql_exception: empty vendor_lead_code list")
        values = [ctx.compare_text(ctx.sql('"{v}"', v=x)["v"]) for x in vendors]
        marks = " OR ".join("vendor_lead_code = ? COLLATE mysql_ci" for _ in values)
        rows = ctx.store.select(
            ctx.lead_table, f"({marks}){clause}", [*values, *scope_params], tail
        )
        keys = [(ctx.db(r["vendor_lead_code"]), str(r["lead_id"])) for r in rows]
    if find_phone and not keys:
        if not phones:
            raise PhpFatal("mysqli_sql_exception: empty phone_number list")
        marks = " OR ".join("phone_number = ? COLLATE mysql_ci" for _ in phones)
        rows = ctx.store.select(
            ctx.lead_table,
            f"({marks}){clause}",
            [*(ctx.text(p) for p in phones), *scope_params],
            tail,
        )
        keys = [(ctx.db(r["phone_number"]), str(r["lead_id"])) for r in rows]
    if not keys:
        data = f"{lead_id}|{vendor}|{phone}"
        ctx.fail(
            f"ERROR: lead_search NO MATCHES FOUND IN THE SYSTEM: |{user}|{data}\n",
            "lead_search NO MATCHES FOUND IN THE SYSTEM",
            data,
        )
    # $DL is never set in this function: the header has no delimiters (naa L15527)
    output = "search_keyrecords_foundlead_ids\n" if v.eq("header", "YES") else ""
    for wanted_key in (*phones, *vendors):
        matched = [lid for key, lid in keys if php_loose_equal(wanted_key, key)]
        output += f"{wanted_key}|{len(matched)}|{'-'.join(matched)}\n"
    ctx.echo(output)
    ctx.api_log(
        "SUCCESS",
        "lead_search LEADS FOUND IN THE SYSTEM",
        f"{lead_id}|{vendor}|{phone}|{len(keys)}",
    )
