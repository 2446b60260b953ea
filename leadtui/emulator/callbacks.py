"""update_lead callbacks (naa L17327-17482) and the callback archiving shared with
``delete_lead`` (L17303-17314)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from leadtui.emulator.context import Ctx
from leadtui.emulator.mysql import to_text
from leadtui.emulator.php import PhpFatal

if TYPE_CHECKING:
    from leadtui.emulator.update_lead import Found, UpdateState

__all__ = ["archive_callbacks", "callback"]


def archive_callbacks(ctx: Ctx, lead_id: str) -> tuple[int, int]:
    """``INSERT INTO vicidial_callbacks_archive SELECT * …`` then ``DELETE`` (a callback_id
    already in the archive is a duplicate key: SQL error after the rows before it)."""
    rows = ctx.store.select("vicidial_callbacks", "num_eq(lead_id, ?)", [lead_id])
    for row in rows:
        if ctx.store.count(
            "vicidial_callbacks_archive", "callback_id=?", [row["callback_id"]]
        ):
            raise PhpFatal("mysqli_sql_exception: Duplicate entry for key 'PRIMARY'")
        ctx.store.insert_row("vicidial_callbacks_archive", row)
    deleted = ctx.store.delete("vicidial_callbacks", "num_eq(lead_id, ?)", [lead_id])
    return len(rows), deleted


def _callback_time(ctx: Ctx, value: str) -> str:
    if value == "NOW":
        return ctx.now_str
    if re.search(r"\dDAYS$", value, re.I):
        days = int(re.sub(r"[^0-9]", "", value))
        return (ctx.now + timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")
    return value


def callback(ctx: Ctx, st: UpdateState, lead: Found) -> None:
    v = ctx.v
    if v.eq("callback", "REMOVE"):
        archived, deleted = archive_callbacks(ctx, lead.lead_id)
        st.vcba = str(archived)
        data = f"{ctx.user}|{lead.lead_id}|{deleted}|{archived}"
        ctx.echo(f"NOTICE: update_lead SCHEDULED CALLBACK DELETED - {data}\n")
        ctx.api_log("NOTICE", "update_lead SCHEDULED CALLBACK DELETED", data)
    if not v.eq("callback", "Y"):
        return
    campaign_id = v.i("campaign_id")
    existing = ctx.store.select(
        "vicidial_callbacks", "num_eq(lead_id, ?)", [lead.lead_id]
    )
    if existing:
        _update_callback(ctx, st, lead, existing[0], campaign_id)
    else:
        _add_callback(ctx, st, lead, campaign_id)


def _state_callback_vars(ctx: Ctx, st: UpdateState) -> None:
    if not st.callback_sql.get("_init"):
        v = ctx.v
        st.callback_type = v.i("callback_type")
        st.callback_user = v.i("callback_user")
        st.callback_status = v.i("callback_status")
        st.callback_datetime = v.i("callback_datetime")
        st.callback_sql["_init"] = "1"


def _update_callback(
    ctx: Ctx, st: UpdateState, lead: Found, row: dict[str, object], campaign_id: str
) -> None:
    v = ctx.v
    _state_callback_vars(ctx, st)
    sql = st.callback_sql
    v.s("callback_datetime")  # strlen() on the parameter
    if st.callback_datetime:
        st.callback_datetime = _callback_time(ctx, st.callback_datetime)
        sql["callback_time"] = st.callback_datetime
    if v.s("campaign_id"):
        sql["campaign_id"] = campaign_id
    if v.s("list_id_field"):
        sql["list_id"] = v.s("list_id_field")
    if st.callback_status:
        sql["lead_status"] = st.callback_status
    if v.s("callback_comments"):
        sql["comments"] = v.s("callback_comments")
    if st.callback_type:
        sql["recipient"] = st.callback_type
    if st.callback_user:
        sql["user"] = st.callback_user
    changes = {k: to_text(val) for k, val in sql.items() if k != "_init"}
    if changes:
        changes.update({"status": "ACTIVE", "entry_time": ctx.now_str})
        ctx.store.update(
            "vicidial_callbacks", "callback_id=?", [row["callback_id"]], changes
        )
        data = (
            f"{lead.lead_id}|{campaign_id}|{st.callback_datetime}|{st.callback_type}|"
            f"{st.callback_user}|{st.callback_status}"
        )
        ctx.echo(f"NOTICE: update_lead SCHEDULED CALLBACK UPDATED - {data}\n")
        ctx.api_log("NOTICE", "update_lead SCHEDULED CALLBACK UPDATED", data)
    else:
        data = f"{lead.lead_id}|"
        ctx.echo(
            f"NOTICE: update_lead SCHEDULED CALLBACK NOT UPDATED, NO FIELDS SPECIFIED - "
            f"{data}\n"
        )
        ctx.api_log(
            "NOTICE",
            "update_lead SCHEDULED CALLBACK NOT UPDATED, NO FIELDS SPECIFIED",
            data,
        )


def _add_callback(ctx: Ctx, st: UpdateState, lead: Found, campaign_id: str) -> None:
    _state_callback_vars(ctx, st)
    if not ctx.store.count(
        "vicidial_campaigns", "ci_eq(campaign_id, ?)", [to_text(campaign_id)]
    ):
        data = f"{lead.lead_id}|{campaign_id}"
        ctx.echo(
            f"NOTICE: update_lead SCHEDULED CALLBACK NOT ADDED, CAMPAIGN NOT VALID - {data}\n"
        )
        ctx.api_log(
            "NOTICE",
            "update_lead SCHEDULED CALLBACK NOT ADDED, CAMPAIGN NOT VALID",
            data,
        )
        return
    group = ""
    if st.callback_type == "USERONLY":
        owner = ctx.store.one(
            "vicidial_users", "ci_eq(user, ?)", [to_text(st.callback_user)]
        )
        if owner is None:
            data = f"{lead.lead_id}|{campaign_id}|{st.callback_user}|{st.callback_type}"
            ctx.echo(
                f"NOTICE: update_lead SCHEDULED CALLBACK NOT ADDED, USER NOT VALID - {data}\n"
            )
            ctx.api_log(
                "NOTICE",
                "update_lead SCHEDULED CALLBACK NOT ADDED, USER NOT VALID",
                data,
            )
            return
        group = ctx.db(owner["user_group"])
    else:
        st.callback_type, st.callback_user = "ANYONE", ""
    st.callback_datetime = _callback_time(ctx, st.callback_datetime)
    st.callback_status = st.callback_status or "CALLBK"
    got = ctx.sql("values('{g}','{s}')", g=group, s=st.callback_status)
    ctx.store.insert(
        "vicidial_callbacks",
        {
            "lead_id": lead.lead_id,
            "list_id": lead.list_id,
            "campaign_id": to_text(campaign_id),
            "status": "ACTIVE",
            "entry_time": ctx.now_str,
            "callback_time": to_text(st.callback_datetime),
            "user": to_text(st.callback_user),
            "recipient": st.callback_type,
            "comments": to_text(ctx.v.i("callback_comments")),
            "user_group": to_text(got["g"]),
            "lead_status": to_text(st.callback_status),
        },
    )
    data = (
        f"{lead.lead_id}|{campaign_id}|{st.callback_datetime}|{st.callback_type}|"
        f"{st.callback_user}|{st.callback_status}"
    )
    ctx.echo(f"NOTICE: update_lead SCHEDULED CALLBACK ADDED - {data}\n")
    ctx.api_log("NOTICE", "update_lead SCHEDULED CALLBACK ADDED", data)
