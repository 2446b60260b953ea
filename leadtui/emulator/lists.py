"""List and campaign reads: ``list_info`` (naa L7934-8123), ``list_custom_fields``
(L8134-8350) and ``campaigns_list`` (L2921-3046)."""

from __future__ import annotations

from leadtui.emulator.auth import list_allowed
from leadtui.emulator.calltime import dialable_count
from leadtui.emulator.common import delimiter, open_function
from leadtui.emulator.context import Ctx, allowed_campaigns
from leadtui.emulator.mysql import ci_equal, to_text
from leadtui.emulator.php import PhpFatal
from leadtui.emulator.store import Row

__all__ = ["campaigns_list", "list_custom_fields", "list_info"]


def _campaign_ok(row: Row, campaigns: list[str] | None) -> bool:
    return campaigns is None or any(
        ci_equal(row["campaign_id"], to_text(c)) for c in campaigns
    )


def _campaigns(ctx: Ctx) -> list[str] | None:
    group = ctx.group_row()
    return allowed_campaigns(
        ctx.db(group["allowed_campaigns"]) if group else "", "dash"
    )


def _lists(ctx: Ctx, list_id: str, campaigns: list[str] | None) -> list[Row]:
    rows = ctx.store.select("vicidial_lists", "num_eq(list_id, ?)", [list_id])
    return [r for r in rows if _campaign_ok(r, campaigns)]


def _check_list_id(ctx: Ctx, function: str, *, allow_all: bool) -> str:
    v = ctx.v
    list_id = v.s("list_id")
    if not 2 <= len(list_id) <= 14:
        data = f"{list_id}|{v.i('list_name')}|{v.i('campaign_id')}"
        ctx.fail(
            f"ERROR: {function} YOU MUST USE ALL REQUIRED FIELDS: |{ctx.user}|{data}\n",
            f"{function} YOU MUST USE ALL REQUIRED FIELDS",
            data,
        )
    if (
        ctx.api_list_restrict > 0
        and not list_allowed(ctx, list_id)
        and not (allow_all and list_id == "---ALL---")
    ):
        ctx.fail(
            f"ERROR: {function} NOT AN ALLOWED LIST ID - {list_id}\n",
            f"{function} NOT AN ALLOWED LIST ID",
            list_id,
        )
    return list_id


def list_info(ctx: Ctx) -> None:
    v = ctx.v
    open_function(ctx, "list_info USER DOES NOT HAVE PERMISSION TO MODIFY LISTS")
    list_id = _check_list_id(ctx, "list_info", allow_all=False)
    campaigns = _campaigns(ctx)
    rows = _lists(ctx, list_id, campaigns)
    if not rows:
        ctx.fail(
            f"ERROR: list_info LIST DOES NOT EXIST: |{ctx.user}|{list_id}\n",
            "list_info LIST DOES NOT EXIST",
            list_id,
        )
    row = rows[0]
    dl = delimiter(v.i("stage"), allow_newline=False)
    output = ""
    if v.eq("header", "YES"):
        output = dl.join(
            (
                "list_id",
                "list_name",
                "campaign_id",
                "active",
                "list_changedate",
                "list_lastcalldate",
                "expiration_date",
                "resets_today",
            )
        )
    counts = ""
    if v.eq("leads_counts", "Y"):
        if v.eq("header", "YES"):
            output += f"{dl}all_leads_count{dl}new_leads_count"
        table = ctx.lead_table
        total = ctx.store.count(table, "num_eq(list_id, ?)", [list_id])
        new = ctx.store.count(
            table, "num_eq(list_id, ?) AND ci_eq(status, 'NEW')", [list_id]
        )
        counts = f"{dl}{total}{dl}{new}"
    dialable = ""
    if v.eq("dialable_count", "Y"):
        if v.eq("header", "YES"):
            output += f"{dl}dialable_count"
        camp = next(
            (
                c
                for c in ctx.store.select(
                    "vicidial_campaigns",
                    "ci_eq(campaign_id, ?)",
                    [row["campaign_id"] or ""],
                )
                if _campaign_ok(c, campaigns)
            ),
            None,
        )
        if camp is not None:
            dialable = dialable_count(ctx, camp, list_id)
    if v.eq("header", "YES"):
        output += "\n"
    fields = [list_id] + [
        ctx.db(row[c])
        for c in (
            "list_name",
            "campaign_id",
            "active",
            "list_changedate",
            "list_lastcalldate",
            "expiration_date",
            "resets_today",
        )
    ]
    output += dl.join(fields) + counts + dl + dialable + "\n"
    ctx.echo(output)
    ctx.api_log("SUCCESS", "list_info LIST INFORMATION SENT", list_id)


def list_custom_fields(ctx: Ctx) -> None:
    v = ctx.v
    open_function(
        ctx,
        "list_custom_fields USER DOES NOT HAVE PERMISSION TO MODIFY LISTS",
        custom_fields_gate=True,
    )
    list_id = _check_list_id(ctx, "list_custom_fields", allow_all=True)
    campaigns = _campaigns(ctx)
    if list_id != "---ALL---" and not _lists(ctx, list_id, campaigns):
        ctx.fail(
            f"ERROR: list_custom_fields LIST DOES NOT EXIST: |{ctx.user}|{list_id}\n",
            "list_custom_fields LIST DOES NOT EXIST",
            list_id,
        )
    if list_id != "---ALL---":
        rows = _lists(ctx, list_id, campaigns)
    else:
        rows = [
            r for r in ctx.store.select("vicidial_lists") if _campaign_ok(r, campaigns)
        ]
        if len(",".join(f"'{x}'" for x in ctx.allowed_lists_sql)) > 3:
            rows = [r for r in rows if ctx.db(r["list_id"]) in ctx.allowed_lists_sql]
        else:
            rows = [r for r in rows if int(r["list_id"] or 0) > 0]
    rows.sort(key=lambda r: int(r["list_id"] or 0))
    dl = delimiter(v.i("stage"), allow_newline=False)
    output = ""
    if v.eq("header", "YES"):
        output = (
            dl.join(
                (
                    "list_id",
                    "list_name",
                    "campaign_id",
                    "active",
                    "list_changedate",
                    "list_lastcalldate",
                    "custom_fields_list_space_delimited",
                )
            )
            + "\n"
        )
    order = v.i("custom_order")
    field_list: list[str] | None = None  # never reset between lists (naa L8290)
    for row in rows:
        table = ctx.store.table(f"custom_{ctx.db(row['list_id'])}")
        columns = [ctx.db(c) for c in table.names if c != "lead_id"] if table else []
        if columns:
            field_list = field_list or []
            for i, name in enumerate(columns):
                if i < len(field_list):
                    field_list[i] = name
                else:
                    field_list.append(name)
        names = " ".join(columns)
        if order in ("alpha_up", "alpha_down"):
            if field_list is None:
                raise PhpFatal(
                    "TypeError: sort(): Argument #1 ($array) must be of type array"
                )
            field_list.sort(reverse=order == "alpha_down")
            names = " ".join(field_list)
        output += (
            dl.join(
                [ctx.db(str(row["list_id"]))]
                + [
                    ctx.db(row[c])
                    for c in (
                        "list_name",
                        "campaign_id",
                        "active",
                        "list_changedate",
                        "list_lastcalldate",
                    )
                ]
                + [names]
            )
            + "\n"
        )
    ctx.echo(output)
    ctx.api_log(
        "SUCCESS", "list_custom_fields LIST CUSTOM FIELDS INFORMATION SENT", list_id
    )


def campaigns_list(ctx: Ctx) -> None:
    v = ctx.v
    open_function(
        ctx, "campaigns_list USER DOES NOT HAVE PERMISSION TO GET CAMPAIGN INFO"
    )
    users = [
        u
        for u in ctx.store.select(
            "vicidial_users", "ci_eq(user, ?)", [to_text(ctx.user)]
        )
        if u["vdc_agent_api_access"] == "1" and int(u["user_level"] or 0) >= 8
    ]
    ctx.user_group = ctx.db(users[0]["user_group"]) if users else None
    campaigns = _campaigns(ctx)
    campaign_id = v.s("campaign_id")
    dl = delimiter(v.i("stage"), allow_newline=False)
    output = ""
    if v.eq("header", "YES"):
        output = (
            dl.join(
                (
                    "campaign_id",
                    "campaign_name",
                    "active",
                    "user_group",
                    "dial_method",
                    "dial_level",
                    "lead_order",
                    "dial_statuses",
                    "dial_timeout",
                    "dial_prefix",
                    "manual_dial_prefix",
                    "three_way_dial_prefix",
                )
            )
            + "\n"
        )
    rows = [
        r
        for r in ctx.store.select("vicidial_campaigns", tail="ORDER BY rowid")
        if r["active"] in ("Y", "N")
        and _campaign_ok(r, campaigns)
        and (not campaign_id or ci_equal(r["campaign_id"], to_text(campaign_id)))
    ]
    if not rows:
        ctx.fail(
            f"ERROR: campaigns_list THIS USER HAS NO VIEWABLE CAMPAIGNS: {ctx.user}|\n",
            "campaigns_list THIS USER HAS NO VIEWABLE CAMPAIGNS",
            f"{ctx.user}|",
        )
    for r in rows:
        statuses = ctx.db(r["dial_statuses"])
        statuses = statuses.removeprefix(" ")
        statuses = statuses[:-2] if statuses.endswith(" -") else statuses
        values = [
            ctx.db(r[c])
            for c in (
                "campaign_id",
                "campaign_name",
                "active",
                "user_group",
                "dial_method",
                "auto_dial_level",
                "lead_order",
            )
        ]
        values += [statuses] + [
            ctx.db(r[c])
            for c in (
                "dial_timeout",
                "dial_prefix",
                "manual_dial_prefix",
                "three_way_dial_prefix",
            )
        ]
        output += dl.join(values) + "\n"
    ctx.echo(output)
    ctx.api_log(
        "SUCCESS",
        f"campaigns_list RESULTS FOUND: {len(rows)}",
        f"{ctx.user}|{','.join(repr(ctx.db(r['campaign_id'])) for r in rows)}|",
    )
