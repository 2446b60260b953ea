"""``batch_update_lead`` (naa L18039-18219): one UPDATE for up to ``records`` leads."""

from __future__ import annotations

import re

from leadtui.emulator.auth import list_allowed
from leadtui.emulator.common import digits, open_function
from leadtui.emulator.context import Ctx
from leadtui.emulator.php import PhpFatal, php_compare
from leadtui.emulator.update_lead import LIMIT_MAX, build_set, run_set, set_length

__all__ = ["batch_update_lead"]

_ID_LIST = re.compile(r"\d+(,\d+)*")


def batch_update_lead(ctx: Ctx) -> None:
    v = ctx.v
    if not v.is_array("list_id_field"):
        v.set("list_id_field", digits(v.s("list_id_field")))
    open_function(
        ctx,
        "batch_update_lead USER DOES NOT HAVE PERMISSION TO UPDATE LEADS IN THE SYSTEM",
    )
    user = ctx.user
    records = v.s("records") or "1000"
    lead_ids = v.s("lead_ids")
    if not lead_ids:
        ctx.fail(
            f"ERROR: batch_update_lead NO LEADS DEFINED - {user}|\n",
            "batch_update_lead NO LEADS DEFINED",
            "",
        )
    target = v.i("list_id_field")
    if (
        ctx.api_list_restrict > 0
        and not v.is_array("list_id_field")
        and php_compare(target, 99) >= 0
        and not list_allowed(ctx, target)
    ):
        ctx.fail(
            f"ERROR: batch_update_lead NOT AN ALLOWED LIST ID - {user}|{target}\n",
            "batch_update_lead NOT AN ALLOWED LIST ID",
            target,
        )
    if (
        re.search("y", v.s("list_exists_check"), re.I)
        and v.s("list_id_field")
        and not ctx.store.count("vicidial_lists", "num_eq(list_id, ?)", [target])
    ):
        ctx.fail(
            f"ERROR: batch_update_lead NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED - "
            f"{user}|{target}\n",
            "batch_update_lead NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED",
            target,
        )
    # "lead_id IN($lead_ids)" with unchecked input: an empty element is an SQL syntax error
    if not _ID_LIST.fullmatch(lead_ids) or int(records) > LIMIT_MAX:
        raise PhpFatal("mysqli_sql_exception: You have an error in your SQL syntax")
    wanted = {int(x) for x in lead_ids.split(",") if len(x.lstrip("0")) <= 10}
    rows = ctx.store.select(ctx.lead_table, tail="ORDER BY lead_id DESC")
    allowed = set(ctx.allowed_lists_sql)
    # "and list_id IN($allowed_listsSQL)" only when that string is longer than 3 (L18132)
    restrict = len(",".join(f"'{x}'" for x in ctx.allowed_lists_sql)) > 3
    found = [
        str(r["lead_id"])
        for r in rows
        if r["lead_id"] in wanted and (not restrict or ctx.db(r["list_id"]) in allowed)
    ][: int(records)]
    if not found:
        ctx.fail(
            f"ERROR: batch_update_lead NO MATCHES FOUND IN THE SYSTEM: |{user}|{lead_ids}\n",
            "batch_update_lead NO MATCHES FOUND IN THE SYSTEM",
            lead_ids,
        )
    pairs = build_set(ctx, with_phone=False)
    if set_length(pairs) <= 6:
        return
    values = run_set(ctx, pairs)
    ids = [int(x) for x in found]
    marks = ",".join("?" for _ in ids)
    affected = ctx.store.update(ctx.lead_table, f"lead_id IN ({marks})", ids, values)
    data = f"{affected}|{len(found)}|{','.join(found)}"
    ctx.echo(f"SUCCESS: batch_update_lead LEADS HAVE BEEN UPDATED - {user}|{data}\n")
    ctx.api_log("SUCCESS", "batch_update_lead LEADS HAVE BEEN UPDATED", data)
