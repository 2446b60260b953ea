"""``check_phone_number`` (naa L18229-18490): is a number valid, on a DNC list, dialable now.

The checks run in the script's order and the first failure ends it: the call time
must exist; NANPA options need ``vicidial_nanpa_prefix_codes`` (empty here, so they
are refused); the length is 6-16; the optional US/Canada prefix and area code checks;
the system list (``dnc_check``) and the campaign's list (``campaign_dnc_check``,
through ``use_other_campaign_dnc``), each exact or by area code (``AREACODE``: also
``NPAXXXXXXX``). What passes gets one ``METHOD: dialable|gmt#`` part per time-zone
method named in ``tz_method`` (AREACODE by default) and a ``PHONE:`` part, on one line
without a result word.
"""

from __future__ import annotations

from leadtui.emulator.calltime import dialable_gmt, lookup_gmt
from leadtui.emulator.common import open_function
from leadtui.emulator.context import Ctx
from leadtui.emulator.mysql import to_text

__all__ = ["check_phone_number"]

_FUNCTION = "check_phone_number"


def _refuse(ctx: Ctx, reason: str, tail: str, data: str) -> None:
    ctx.fail(f"ERROR: {_FUNCTION} {reason} - {tail}\n", f"{_FUNCTION} {reason}", data)


def _valid(ctx: Ctx, phone: str) -> str | None:
    """The reason the number is invalid, or None (naa L18300-18346)."""
    if len(phone) < 6 or len(phone) > 16:
        return "INVALID PHONE NUMBER LENGTH"
    if ctx.v.eq("usacan_prefix_check", "Y"):
        digit = phone[3:4]
        # PHP 8: a digit compares as a number, "," as the string "," < "2"
        if not digit.isdigit() or int(digit) < 2:
            return "INVALID PHONE NUMBER PREFIX"
    if ctx.v.eq("usacan_areacode_check", "Y"):
        # vicidial_phone_codes is empty on the reference server: no area code is known
        return "INVALID PHONE NUMBER AREACODE"
    return None


def _listed(ctx: Ctx, table: str, phone: str, how: str, campaign: str | None) -> bool:
    numbers = [phone]
    if how == "AREACODE":
        numbers.append(phone[:3] + "XXXXXXX")
    where = "(" + " OR ".join("ci_eq(phone_number, ?)" for _ in numbers) + ")"
    params = [to_text(n) for n in numbers]
    if campaign is not None:
        where += " AND ci_eq(campaign_id, ?)"
        params.append(to_text(campaign))
    return ctx.store.count(table, where, params) > 0


def _dnc(ctx: Ctx, phone: str) -> None:
    """Refuse a number on the system list or the campaign's (naa L18350-18412)."""
    how = ctx.v.i("dnc_check")
    if how in ("Y", "AREACODE") and _listed(ctx, "vicidial_dnc", phone, how, None):
        _refuse(ctx, "PHONE NUMBER IN DNC", f"{phone}|{ctx.user}", phone)
    how = ctx.v.i("campaign_dnc_check")
    if how not in ("Y", "AREACODE"):
        return
    campaign = ctx.v.i("campaign_id")
    row = ctx.store.one(
        "vicidial_campaigns", "ci_eq(campaign_id, ?)", [to_text(campaign)]
    )
    other = str((row or {}).get("use_other_campaign_dnc") or "")
    listed_in = other if other else campaign
    if _listed(ctx, "vicidial_campaign_dnc", phone, how, listed_in):
        _refuse(
            ctx,
            "PHONE NUMBER IN CAMPAIGN DNC",
            f"{phone}|{campaign}|{ctx.user}",
            f"{phone}|{campaign}",
        )


def _zones(ctx: Ctx, phone_code: str, tz_method: str) -> str:
    """One ``METHOD: dialable|gmt#`` per method named in tz_method (naa L18414-18478)."""
    call_time, state = ctx.v.i("local_call_time"), ctx.v.i("state")
    upper = tz_method.upper()
    parts = []
    for method in ("AREACODE", "POSTAL", "TZCODE", "NANPA"):
        if method not in upper:
            continue
        if method == "POSTAL":  # strlen() of an array is a TypeError
            applies = 4 < len(ctx.v.s("postal_code")) < 6
        elif method == "TZCODE":
            applies = 0 < len(ctx.v.s("owner")) < 7
        else:
            applies = True
        gmt, dialable = "", "0"
        if applies:
            gmt = lookup_gmt(ctx, phone_code, ctx.v.i("owner"), method)
            dialable = str(dialable_gmt(ctx, call_time, gmt, state))
        parts.append(f"{method}: {dialable}|{gmt}#")
    return "".join(parts)


def check_phone_number(ctx: Ctx) -> None:
    open_function(
        ctx,
        f"{_FUNCTION} USER DOES NOT HAVE PERMISSION TO CHECK PHONE NUMBERS",
        permission_data="",
    )
    call_time = ctx.v.i("local_call_time")
    found = ctx.store.count(
        "vicidial_call_times", "ci_eq(call_time_id, ?)", [to_text(call_time)]
    )
    if found < 1:
        reason = f"{_FUNCTION} THIS IS NOT A VALID CALL TIME"
        ctx.fail(f"ERROR: {reason}: |{ctx.user}|{call_time}|\n", reason, "0")
    phone_code = ctx.v.s("phone_code") or "1"
    tz_method = ctx.v.s("tz_method") or "AREACODE"
    if ctx.v.eq("nanpa_ac_prefix_check", "Y") or "NANPA" in tz_method.upper():
        # vicidial_nanpa_prefix_codes is empty on the reference server (< 10 rows)
        reason = f"{_FUNCTION} NANPA options disabled, NANPA prefix data not loaded"
        ctx.fail(f"ERROR: {reason} - 0|{ctx.user}\n", reason, "|")
    phone = ctx.v.s("phone_number")
    invalid = _valid(ctx, phone)
    if invalid is not None:
        _refuse(ctx, invalid, f"{phone}|{ctx.user}", phone)
    _dnc(ctx, phone)
    reason = _zones(ctx, phone_code, tz_method)
    reason += (
        f"PHONE: {phone}|{phone_code}|{ctx.v.i('postal_code')}|"
        f"{ctx.v.i('state')}|{ctx.v.i('owner')}|"
    )
    ctx.echo(f"{reason}\n")
    ctx.api_log("NOTICE", reason, "")
