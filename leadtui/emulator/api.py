"""One run of non_agent_api.php: decode the request, filter it, answer ``version``/``coffee``,
authenticate, and run the function block (naa L242-1470, L19416-19431)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from leadtui.emulator import auth
from leadtui.emulator.batch_update import batch_update_lead
from leadtui.emulator.context import Ctx, Vars
from leadtui.emulator.dnc import add_dnc_phone, delete_dnc_phone
from leadtui.emulator.filters import apply_filters
from leadtui.emulator.lists import campaigns_list, list_custom_fields, list_info
from leadtui.emulator.mysql import CONNECTION_MB3
from leadtui.emulator.phone_check import check_phone_number
from leadtui.emulator.php import (
    Output,
    PhpArray,
    PhpExit,
    PhpFatal,
    PhpValue,
    parse_body,
    parse_query,
    php_compare,
)
from leadtui.emulator.reads import lead_all_info, lead_callback_info, lead_field_info
from leadtui.emulator.search import lead_search
from leadtui.emulator.store import Store
from leadtui.emulator.update_lead import update_lead

__all__ = ["FUNCTIONS", "VERSION", "run"]

VERSION = "2.14-202"
BUILD = "250720-1841"
COFFEE = ("coffee", "start_coffee", "make_coffee", "brew_coffee")

FUNCTIONS: dict[str, Callable[[Ctx], None]] = {
    "update_lead": update_lead,
    "batch_update_lead": batch_update_lead,
    "lead_all_info": lead_all_info,
    "lead_field_info": lead_field_info,
    "lead_callback_info": lead_callback_info,
    "lead_search": lead_search,
    "list_info": list_info,
    "list_custom_fields": list_custom_fields,
    "campaigns_list": campaigns_list,
    "add_dnc_phone": add_dnc_phone,
    "delete_dnc_phone": delete_dnc_phone,
    "check_phone_number": check_phone_number,
}


def _post_uri(post: dict[str, PhpValue]) -> str:
    """naa L1259-1266: the POST pairs re-joined, without ' " \\ and ;."""
    uri = "".join(
        f"&{k}={'Array' if isinstance(v, PhpArray) else v}" for k, v in post.items()
    )
    if len(uri) > 1:
        uri = uri[1:]
    return re.sub(r"['\"\\;]", "", uri)


def run(
    store: Store, now: datetime, method: str, query: str, content_type: str, body: bytes
) -> Output:
    """Run the script for one request; the Output holds status and body."""
    get = parse_query(query)
    post = parse_body(method, content_type, body)
    merged: dict[str, PhpValue] = dict(post)
    merged.update(get)
    non_latin = php_compare(store.setting("use_non_latin") or "0", 1) >= 0
    last = list(post.values())[-1] if post else ""
    post_uri = _post_uri(post)
    query_string = f"{post_uri}&GET-AND-POST=Y&{post_uri}" if len(post_uri) > 2 else ""
    ctx = Ctx(
        store=store,
        now=now,
        v=Vars(apply_filters(merged, non_latin)),
        get=get,
        post=post,
        value="Array" if isinstance(last, PhpArray) else last,
        query_string=query_string,
        non_latin=non_latin,
    )
    charset = CONNECTION_MB3.set(non_latin)
    try:
        _script(ctx)
    except PhpExit:
        pass
    except PhpFatal:
        if not ctx.out.flushed and ctx.out.status == 200:
            ctx.out.status = 500
    finally:
        CONNECTION_MB3.reset(charset)
    return ctx.out


def _globals(ctx: Ctx) -> None:
    """naa L1243-1248 and L1320: substr()/strlen()/preg_match() on three parameters."""
    v = ctx.v
    v.s("phone_number")
    priority = v.s("hopper_priority")
    if not priority:
        priority = "0"
    if php_compare(priority, -99) < 0:
        priority = "-99"
    if php_compare(priority, 99) > 0:
        priority = "99"
    v.set("hopper_priority", priority)
    if re.fullmatch(r"Y\n?", v.s("remove_from_hopper")):
        v.set("add_to_hopper", "N")
        v.set("remove_from_hopper", "Y")
    ctx.archived = v.eq("archived_lead", "Y")


def _version(ctx: Ctx) -> None:
    server = ctx.store.one("servers", "active='Y'")
    epoch = int((ctx.now - datetime(1970, 1, 1)).total_seconds())
    tz = ctx.db(server["local_gmt"]) if server else ""
    tz_now = tz if server and tz else "0"
    if server and not tz:
        tz_now = ""
    data = (
        f"VERSION: {VERSION}|BUILD: {BUILD}|DATE: {ctx.now_str}|EPOCH: {epoch}|DST: 0|"
        f"TZ: {tz}|TZNOW: {tz_now}|"
    )
    ctx.echo(f"{data}\n")
    ctx.api_log("SUCCESS", "", data)
    ctx.exit()


def _script(ctx: Ctx) -> None:
    _globals(ctx)
    function = ctx.v.i("function") if not ctx.v.is_array("function") else None
    if function == "version":
        _version(ctx)
    if function in COFFEE:
        data = f"Coffee: {function}|Error 418 I'm a teapot"
        ctx.out.status = 418
        ctx.echo(data)
        ctx.api_log("ERROR", "", data)
        ctx.exit()
    status = auth.authenticate(ctx)
    if status == "LOCK":
        ctx.echo(
            f"ERROR: Too many login attempts, try again in 15 minutes: |{ctx.user}|LOCK|\n"
        )
        ctx.exit()
    if status != "GOOD":
        ctx.echo(
            f"ERROR: Login incorrect, please try again: |{ctx.user}|{ctx.v.i('pass')}|"
            f"{status}|\n"
        )
        ctx.exit()
    auth.load_user_settings(ctx)
    handler = FUNCTIONS.get(function or "")
    if handler is not None:
        handler(ctx)
        ctx.exit()
    ctx.echo("ERROR: NO FUNCTION SPECIFIED\n")
    ctx.api_log("ERROR", "NO FUNCTION SPECIFIED", "")
    if ctx.v.eq("format", "debug"):
        ctx.echo("\n<!-- script runtime: 0 seconds -->")
        ctx.echo("\n</body>\n</html>\n")
