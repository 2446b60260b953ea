"""DNC lists: ``add_dnc_phone`` (naa L5298-5397) and ``delete_dnc_phone`` (L5402-5501).

``campaign_id=SYSTEM_INTERNAL`` is the system list (``vicidial_dnc``), any other
value one campaign's list (``vicidial_campaign_dnc``): the campaign is not looked
up, so an unknown one is accepted. Both columns are cut to their width when
stored (phone 18, campaign 8) but looked up as sent, so adding an over-long
number or campaign a second time finds nothing, inserts the same cut key, and
breaks the table's unique key: an empty 500.
"""

from __future__ import annotations

from leadtui.emulator.common import open_function
from leadtui.emulator.context import Ctx
from leadtui.emulator.mysql import coerce, to_text
from leadtui.emulator.php import PhpFatal

__all__ = ["add_dnc_phone", "delete_dnc_phone"]

SYSTEM = "SYSTEM_INTERNAL"


def _target(ctx: Ctx, action: str) -> tuple[str, str]:
    """The phone and campaign, after the permission and required-field checks."""
    function = f"{action}_dnc_phone"
    numbers = "ADD DNC NUMBERS" if action == "add" else "DELETE DNC NUMBERS"
    open_function(ctx, f"{function} USER DOES NOT HAVE PERMISSION TO {numbers}")
    phone, campaign = ctx.v.s("phone_number"), ctx.v.s("campaign_id")
    if len(phone) < 6 or len(campaign) < 1:
        reason = f"{function} YOU MUST USE ALL REQUIRED FIELDS"
        data = f"{phone}|{campaign}"
        ctx.fail(f"ERROR: {reason}: |{ctx.user}|{data}\n", reason, data)
    return phone, campaign


def _found(ctx: Ctx, phone: str, campaign: str) -> bool:
    if campaign == SYSTEM:
        return ctx.store.count("vicidial_dnc", "ci_eq(phone_number, ?)", [phone]) > 0
    return (
        ctx.store.count(
            "vicidial_campaign_dnc",
            "ci_eq(phone_number, ?) AND ci_eq(campaign_id, ?)",
            [phone, campaign],
        )
        > 0
    )


def _cut(ctx: Ctx, table: str, column: str, value: str) -> str:
    found = ctx.store.table(table)
    assert found is not None
    return coerce(found.field(column).type, value)


def _log(ctx: Ctx, phone: str, campaign: str, action: str) -> None:
    ctx.store.insert(
        "vicidial_dnc_log",
        {
            "phone_number": phone,
            "campaign_id": "-SYSINT-" if campaign == SYSTEM else campaign,
            "action": action,
            "action_date": ctx.now_str,
            "user": to_text(ctx.user),
        },
    )


def add_dnc_phone(ctx: Ctx) -> None:
    phone, campaign = _target(ctx, "add")
    data = f"{phone}|{campaign}"
    if _found(ctx, phone, campaign):
        reason = "add_dnc_phone DNC NUMBER ALREADY EXISTS"
        ctx.fail(f"ERROR: {reason}: |{ctx.user}|{data}\n", reason, data)
    if campaign == SYSTEM:
        stored = _cut(ctx, "vicidial_dnc", "phone_number", phone)
        if _found(ctx, stored, SYSTEM):  # PRIMARY KEY (phone_number)
            raise PhpFatal("mysqli_sql_exception: Duplicate entry for key 'PRIMARY'")
        ctx.store.insert("vicidial_dnc", {"phone_number": stored})
    else:
        stored = _cut(ctx, "vicidial_campaign_dnc", "phone_number", phone)
        camp = _cut(ctx, "vicidial_campaign_dnc", "campaign_id", campaign)
        if _found(ctx, stored, camp):  # UNIQUE (phone_number, campaign_id)
            raise PhpFatal("mysqli_sql_exception: Duplicate entry for key 'phonecamp'")
        ctx.store.insert(
            "vicidial_campaign_dnc", {"phone_number": stored, "campaign_id": camp}
        )
    _log(ctx, phone, campaign, "add")
    reason = "add_dnc_phone DNC NUMBER HAS BEEN ADDED"
    ctx.echo(f"SUCCESS: {reason} - {ctx.user}|{data}\n")
    ctx.api_log("SUCCESS", reason, data)


def delete_dnc_phone(ctx: Ctx) -> None:
    phone, campaign = _target(ctx, "delete")
    data = f"{phone}|{campaign}"
    if not _found(ctx, phone, campaign):
        reason = "delete_dnc_phone DNC NUMBER DOES NOT EXIST"
        ctx.fail(f"ERROR: {reason}: |{ctx.user}|{data}\n", reason, data)
    if campaign == SYSTEM:
        ctx.store.delete("vicidial_dnc", "ci_eq(phone_number, ?)", [phone])
    else:
        ctx.store.delete(
            "vicidial_campaign_dnc",
            "ci_eq(phone_number, ?) AND ci_eq(campaign_id, ?)",
            [phone, campaign],
        )
    _log(ctx, phone, campaign, "delete")
    reason = "delete_dnc_phone DNC NUMBER HAS BEEN DELETED"
    ctx.echo(f"SUCCESS: {reason} - {ctx.user}|{data}\n")
    ctx.api_log("SUCCESS", reason, data)
