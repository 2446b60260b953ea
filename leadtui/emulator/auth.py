"""Authentication (functions.php ``user_authorization()`` fn L66-321), the per-user settings the
script loads after it (naa L1407-1467) and the per-function permission queries (naa §3.4)."""

from __future__ import annotations

import calendar
import re
from datetime import datetime

from leadtui.emulator.context import Ctx, allowed_campaigns
from leadtui.emulator.mysql import ci_equal, to_text
from leadtui.emulator.php import php_compare

__all__ = [
    "LIST_RESTRICTED_FUNCTIONS",
    "PERMISSIONS",
    "authenticate",
    "has_permission",
    "load_user_settings",
]

LOCK_ATTEMPTS = 10
LOCK_SECONDS = 900

LIST_RESTRICTED_FUNCTIONS = (
    "add_lead",
    "update_lead",
    "batch_update_lead",
    "update_list",
    "list_info",
    "list_custom_fields",
    "lead_search",
)

# function: (minimum user_level, allowed modify_leads values or None, extra ENUM='1' columns)
PERMISSIONS: dict[str, tuple[int, str | None, tuple[str, ...]]] = {
    "update_lead": (8, "1234", ()),
    "batch_update_lead": (8, "1234", ()),
    "lead_search": (8, "12345", ()),
    "lead_all_info": (7, "12345", ("view_reports",)),
    "lead_field_info": (7, "1234", ()),
    "lead_callback_info": (7, None, ("view_reports",)),
    "list_info": (8, None, ("modify_lists",)),
    "list_custom_fields": (8, None, ("modify_lists",)),
    "campaigns_list": (8, None, ("view_reports",)),
    "add_dnc_phone": (8, None, ("modify_lists",)),
    "delete_dnc_phone": (8, None, ("modify_lists", "delete_from_dnc")),
    "check_phone_number": (8, None, ()),
}


def _epoch(text: str | None) -> int | None:
    if not text or text.startswith("0000"):
        return None if not text else 0
    return calendar.timegm(
        datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S").timetuple()
    )


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _older(user: dict[str, str | None], lock_over: int) -> bool:
    """``UNIX_TIMESTAMP(last_login_date) < $LOCK_over`` (NULL is not older)."""
    last = _epoch(user["last_login_date"])
    return last is not None and last < lock_over


def authenticate(ctx: Ctx) -> str:
    """``user_authorization($user,$pass,'REPORTS',1,1)``: GOOD, BAD or LOCK. Every query
    compares with utf8mb4_general_ci, so user and password are case-insensitive."""
    clean = re.compile(r"[|`&'\"\\; ]")
    user = to_text(clean.sub("", ctx.v.i("user")))
    password = to_text(clean.sub("", ctx.v.i("pass")))
    now = calendar.timegm(ctx.now.timetuple())
    lock_over = now - LOCK_SECONDS
    users = ctx.store.select("vicidial_users", "ci_eq(user, ?)", [user])
    good = [
        u
        for u in users
        if ci_equal(u["pass"], password)
        and _int(u["user_level"]) > 6
        and u["active"] == "Y"
        and (_int(u["failed_login_count"]) < LOCK_ATTEMPTS or _older(u, lock_over))
    ]
    if good:
        ctx.store.update(
            "vicidial_users",
            "ci_eq(user, ?)",
            [user],
            {"last_login_date": ctx.now_str, "last_ip": "", "failed_login_count": "0"},
        )
        return "GOOD"
    if not users:
        return "BAD"
    first = users[0]
    count = _int(first["failed_login_count"])
    if count < LOCK_ATTEMPTS:
        ctx.store.update(
            "vicidial_users",
            "ci_eq(user, ?)",
            [user],
            {"failed_login_count": str(count + 1)},
        )
        return "BAD"
    last = _epoch(first["last_login_date"])
    # PHP: $LOCK_over > $last_login_date, with NULL compared as false
    if last is None or lock_over > last:
        ctx.store.update(
            "vicidial_users",
            "ci_eq(user, ?)",
            [user],
            {"last_login_date": ctx.now_str, "failed_login_count": "1"},
        )
        return "BAD"
    return "LOCK"


def load_user_settings(ctx: Ctx) -> None:
    """naa L1407-1467: the user's list restriction, allowed functions and group; for list-
    restricted users of some functions, the allowed lists (or the user_group error)."""
    row = ctx.store.one(
        "vicidial_users", "ci_eq(user, ?) AND active='Y'", [to_text(ctx.user)]
    )
    if row is not None:
        ctx.api_list_restrict = _int(row["api_list_restrict"])
        ctx.api_allowed_functions = ctx.db(row["api_allowed_functions"])
        ctx.user_group = (
            ctx.db(row["user_group"]) if row["user_group"] is not None else ""
        )
    if ctx.api_list_restrict <= 0 or ctx.function not in LIST_RESTRICTED_FUNCTIONS:
        return
    group = ctx.group_row()
    if group is None:
        ctx.echo(
            f"ERROR: user_group DOES NOT EXIST: |{ctx.user}|{ctx.user_group or ''}|\n"
        )
        ctx.api_log("ERROR", "user_group DOES NOT EXIST", "")
        ctx.exit()
    campaigns = allowed_campaigns(ctx.db(group["allowed_campaigns"]), "dash")
    lists = ctx.store.select("vicidial_lists", tail="")
    if campaigns is not None:
        lists = [
            r
            for r in lists
            if any(ci_equal(r["campaign_id"], to_text(c)) for c in campaigns)
        ]
    ids = sorted((ctx.db(r["list_id"]) for r in lists), key=int)
    ctx.allowed_lists = " " + "".join(f"{i} " for i in ids)
    ctx.allowed_lists_sql = ids


def function_allowed(ctx: Ctx) -> bool:
    """``/ {function} /`` or ``ALL_FUNCTIONS`` in the user's api_allowed_functions."""
    allowed = ctx.api_allowed_functions
    return f" {ctx.function} " in allowed or "ALL_FUNCTIONS" in allowed


def has_permission(ctx: Ctx, function: str) -> bool:
    """The function's ``SELECT count(*) from vicidial_users where user=… and …`` (§3.4)."""
    level, modify_leads, flags = PERMISSIONS[function]
    for u in ctx.store.select("vicidial_users", "ci_eq(user, ?)", [to_text(ctx.user)]):
        if u["vdc_agent_api_access"] != "1" or u["active"] != "Y":
            continue
        if _int(u["user_level"]) < level:
            continue
        if modify_leads is not None and u["modify_leads"] not in tuple(modify_leads):
            continue
        if any(u[flag] != "1" for flag in flags):
            continue
        return True
    return False


def list_allowed(ctx: Ctx, list_id: str) -> bool:
    """``preg_match("/ $list_id /", $allowed_lists)``."""
    return f" {list_id} " in ctx.allowed_lists


def restricted_list(ctx: Ctx, list_id: str) -> bool:
    """api_list_restrict is on, the list id is >= 99 and not an allowed list."""
    return (
        ctx.api_list_restrict > 0
        and php_compare(list_id, 99) >= 0
        and not list_allowed(ctx, list_id)
    )
