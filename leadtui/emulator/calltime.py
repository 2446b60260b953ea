"""Time-of-day logic: ``dialable_gmt()`` (naa L20251), ``dialable_leads()`` (fn L1604, the
common case: no state call times, no holidays, no lead filter) and ``lookup_gmt_api()``
(naa L19444) with the empty phone/postal code tables of the reference server."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from leadtui.emulator.context import Ctx
from leadtui.emulator.mysql import ci_equal, str_to_number, to_text

__all__ = ["dialable_count", "dialable_gmt", "lookup_gmt"]

_DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


def _int(value: object) -> int:
    return int(str_to_number(str(value or "0")))


def _call_time(ctx: Ctx, call_time_id: str) -> dict[str, str | None] | None:
    return ctx.store.one(
        "vicidial_call_times", "ci_eq(call_time_id, ?)", [to_text(call_time_id)]
    )


def _local(now: datetime, offset: float) -> tuple[int, int]:
    """(weekday with Sunday=0, HHMM) at GMT offset ``offset`` (gmdate("w"/"G"/"i"))."""
    t = now + timedelta(seconds=int(3600 * offset))
    return (t.weekday() + 1) % 7, t.hour * 100 + t.minute


def _open(ct: dict[str, str | None], day: int, hhmm: int) -> bool:
    start, stop = _int(ct[f"ct_{_DAYS[day]}_start"]), _int(ct[f"ct_{_DAYS[day]}_stop"])
    if start == 0 and stop == 0:
        start, stop = _int(ct["ct_default_start"]), _int(ct["ct_default_stop"])
    return start <= hhmm < stop


def dialable_gmt(ctx: Ctx, local_call_time: str, gmt_offset: str, state: str) -> int:
    """1 if a lead at ``gmt_offset`` may be called now under ``local_call_time``."""
    ct = _call_time(ctx, local_call_time)
    if ct is None:
        return 0
    day, hhmm = _local(ctx.now, float(str_to_number(gmt_offset)))
    return 1 if _open(ct, day, hhmm) else 0


def _dialable_offsets(ctx: Ctx, ct: dict[str, str | None]) -> list[Decimal]:
    """The gmt_offset_now values (13.00 down to -12.75 by 0.25) inside the call time now."""
    offsets = []
    p = Decimal(13)
    while p > -13:
        day, hhmm = _local(ctx.now, float(p))
        if _open(ct, day, hhmm):
            offsets.append(p)
        p -= Decimal("0.25")
    return offsets


def dialable_count(ctx: Ctx, campaign: dict[str, str | None], list_id: str) -> str:
    """``dialable_leads()`` for one list of ``campaign`` (naa L8096 passes only_return=1)."""
    statuses = campaign["dial_statuses"] or ""
    if len(statuses) <= 2:
        return ""
    lists = [
        r
        for r in ctx.store.select("vicidial_lists", "num_eq(list_id, ?)", [list_id])
        if r["active"] == "Y"
    ]
    if not lists:
        return "0"
    lst = lists[0]
    if (lst["expiration_date"] or "") < ctx.now.strftime("%Y-%m-%d"):
        return "0"
    ct = _call_time(ctx, campaign["local_call_time"] or "")
    if ct is None:
        return "0"
    offsets = set(_dialable_offsets(ctx, ct)) | {Decimal(99)}
    list_ct = lst["local_call_time"] or "campaign"
    if list_ct != "campaign" and (own := _call_time(ctx, list_ct)) is not None:
        offsets &= set(_dialable_offsets(ctx, own))
    wanted = [s for s in statuses.removesuffix(" -").split(" ")[1:]] + [""]
    limit = _int(campaign["call_count_limit"])
    count = 0
    for lead in ctx.store.select("vicidial_list", "num_eq(list_id, ?)", [list_id]):
        if lead["called_since_last_reset"] != "N":
            continue
        if not any(ci_equal(lead["status"], s) for s in wanted):
            continue
        if Decimal(lead["gmt_offset_now"] or "0") not in offsets:
            continue
        if limit > 0 and _int(lead["called_count"]) >= limit:
            continue
        count += 1
    return str(count)


def lookup_gmt(ctx: Ctx, phone_code: str, owner: str, tz_method: str) -> str:
    """``lookup_gmt_api()``: with empty vicidial_phone_codes / vicidial_postal_codes nothing is
    found and the function returns an undefined variable (''), except TZCODE with an owner of
    2+ characters, which starts from ``$gmt_offset=0`` (naa L19470). Its TZCODE queries paste
    ``owner`` between single quotes."""
    if tz_method == "TZCODE" and len(owner) > 1:
        ctx.sql(
            "select GMT_offset from vicidial_phone_codes where tz_code='{o}' and "
            "country_code='{c}' limit 1;",
            o=owner,
            c=phone_code,
        )
        return "0"
    return ""
