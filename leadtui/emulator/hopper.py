"""update_lead hopper steps: add_to_hopper (naa L17888-17978) and remove_from_hopper
(L17981-18020)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadtui.emulator.calltime import dialable_gmt
from leadtui.emulator.context import Ctx
from leadtui.emulator.mysql import ci_equal, integer_literal, to_text

if TYPE_CHECKING:
    from leadtui.emulator.update_lead import UpdateState

__all__ = ["hopper"]


def hopper(ctx: Ctx, st: UpdateState) -> None:
    v = ctx.v
    if not (st.found or st.inserted > 0):
        return
    if v.eq("add_to_hopper", "Y") and not v.eq("remove_from_hopper", "Y"):
        _add_to_hopper(ctx, st)
    if v.eq("remove_from_hopper", "Y"):
        _remove_from_hopper(ctx, st)


def _add_to_hopper(ctx: Ctx, st: UpdateState) -> None:
    user, phone, lead_id = ctx.user, st.phone_number, st.lead_id
    if ctx.store.count("vicidial_hopper", "num_eq(lead_id, ?)", [lead_id]):
        ctx.echo(
            "NOTICE: update_lead NOT ADDED TO HOPPER, LEAD IS ALREADY IN THE HOPPER - "
            f"{phone}|{lead_id}|{user}\n"
        )
        ctx.api_log(
            "NOTICE",
            "update_lead NOT ADDED TO HOPPER, LEAD IS ALREADY IN THE HOPPER",
            f"{phone}|{lead_id}|{user}",
        )
        return
    local_call_time, campaign_id = "", ""
    lst = ctx.store.one("vicidial_lists", "num_eq(list_id, ?)", [st.list_id])
    camp = None
    if lst is not None:
        camp = next(
            (
                c
                for c in ctx.store.select("vicidial_campaigns")
                if ci_equal(c["campaign_id"], lst["campaign_id"])
            ),
            None,
        )
    if lst is not None and camp is not None:
        local_call_time = ctx.db(camp["local_call_time"])
        campaign_id = ctx.db(camp["campaign_id"])
        own = ctx.db(lst["local_call_time"])
        if own != "" and own.lower() != "campaign":
            local_call_time = own
    row = ctx.store.one(ctx.lead_table, "lead_id = ?", [integer_literal(lead_id)])
    if row is None:
        ctx.echo(
            f"NOTICE: update_lead NOT ADDED TO HOPPER, LEAD NOT FOUND - {phone}|{lead_id}|"
            f"{user}\n"
        )
        ctx.api_log(
            "NOTICE",
            "update_lead NOT ADDED TO HOPPER, LEAD NOT FOUND",
            f"{phone}|{lead_id}|{user}",
        )
        return
    state, vendor, gmt = (
        ctx.db(row["state"]),
        ctx.db(row["vendor_lead_code"]),
        ctx.db(row["gmt_offset_now"]),
    )
    dialable = 1
    if ctx.v.eq("hopper_local_call_time_check", "Y"):
        dialable = dialable_gmt(ctx, local_call_time, gmt, state)
    if dialable < 1:
        ctx.echo(
            f"NOTICE: update_lead NOT ADDED TO HOPPER, OUTSIDE OF LOCAL TIME - {phone}|"
            f"{lead_id}|{gmt}|{dialable}|{user}\n"
        )
        ctx.api_log(
            "NOTICE",
            "update_lead NOT ADDED TO HOPPER, OUTSIDE OF LOCAL TIME",
            f"{phone}|{lead_id}|{gmt}|{dialable}|{state}",
        )
        return
    got = ctx.sql(
        "INSERT INTO vicidial_hopper SET lead_id='{l}',campaign_id='{c}',"
        "status='READY',list_id='{li}',gmt_offset_now='{g}',state='{s}',user='',"
        "priority='{p}',source='P',vendor_lead_code=\"{vc}\";",
        l=lead_id,
        c=campaign_id,
        li=st.list_id,
        g=gmt,
        s=state,
        p=ctx.v.i("hopper_priority"),
        vc=vendor,
    )
    hopper_id = ctx.store.insert(
        "vicidial_hopper",
        {
            "lead_id": got["l"],
            "campaign_id": to_text(got["c"]),
            "status": "READY",
            "list_id": got["li"],
            "gmt_offset_now": got["g"],
            "state": to_text(got["s"]),
            "user": "",
            "priority": got["p"],
            "source": "P",
            "vendor_lead_code": to_text(got["vc"]),
        },
    )
    ctx.echo(
        f"NOTICE: update_lead ADDED TO HOPPER - {phone}|{lead_id}|{hopper_id}|{user}\n"
    )
    ctx.api_log(
        "NOTICE", "update_lead ADDED TO HOPPER", f"{phone}|{lead_id}|{hopper_id}"
    )


def _remove_from_hopper(ctx: Ctx, st: UpdateState) -> None:
    user, phone, lead_id = ctx.user, st.phone_number, st.lead_id
    rows = ctx.store.select("vicidial_hopper", "num_eq(lead_id, ?)", [lead_id])
    if not rows:
        ctx.echo(
            "NOTICE: update_lead NOT REMOVED FROM HOPPER, LEAD IS NOT IN THE HOPPER - "
            f"{phone}|{lead_id}|{user}\n"
        )
        ctx.api_log(
            "NOTICE",
            "update_lead NOT REMOVED FROM HOPPER, LEAD IS NOT IN THE HOPPER",
            f"{phone}|{lead_id}|{user}",
        )
        return
    status = ctx.db(rows[0]["status"])
    deleted = ctx.store.delete(
        "vicidial_hopper",
        "num_eq(lead_id, ?) AND status NOT IN ('INCALL','DONE','HOLD','DNC')",
        [lead_id],
    )
    reason = (
        "update_lead REMOVED FROM HOPPER"
        if deleted > 0
        else "update_lead NOT REMOVED FROM HOPPER"
    )
    ctx.echo(f"NOTICE: {reason} - {phone}|{lead_id}|{status}|{user}\n")
    ctx.api_log("NOTICE", reason, f"{phone}|{lead_id}|{status}")
