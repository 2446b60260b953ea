"""Steps every function block of the script starts with, and small shared helpers."""

from __future__ import annotations

import re

from leadtui.emulator.auth import function_allowed, has_permission
from leadtui.emulator.context import Ctx

__all__ = ["delimiter", "digits", "open_function"]

#: functions whose permission error ends ``|{user}|0`` (naa L7964, L8173, L5330, L5434)
_NO_FINAL_PIPE = (
    "list_info",
    "list_custom_fields",
    "add_dnc_phone",
    "delete_dnc_phone",
)


def open_function(
    ctx: Ctx,
    permission_line: str,
    *,
    custom_fields_gate: bool = False,
    permission_data: str = "0",
) -> None:
    """Source check, allowed functions, then the function's permission query (e.g. naa
    L16974-17006). ``permission_line`` is the reason printed as ``ERROR: {reason}: |{user}|0|``
    (list_info/list_custom_fields print no final pipe, naa L7964, L8173); check_phone_number
    prints an unset ``$modify_leads`` there (``permission_data=""``)."""
    source = ctx.v.s("source")
    if len(source) < 2:
        ctx.echo(f"ERROR: Invalid Source - {source}\n")
        ctx.api_log("ERROR", "Invalid Source", "")
        ctx.echo(f"ERROR: Invalid Source: |{source}|\n")
        ctx.exit()
    if not function_allowed(ctx):
        reason = "auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION"
        ctx.fail(f"ERROR: {reason}: |{ctx.user}|{ctx.function}|\n", reason, "")
    if custom_fields_gate and int(ctx.store.setting("custom_fields_enabled") or 0) < 1:
        reason = "CUSTOM LIST FIELDS ARE NOT ENABLED ON THIS SYSTEM"
        ctx.fail(f"ERROR: {reason}: |{ctx.user}|{ctx.function}|\n", reason, "")
    if not has_permission(ctx, ctx.function):
        tail = "" if ctx.function in _NO_FINAL_PIPE else "|"
        ctx.fail(
            f"ERROR: {permission_line}: |{ctx.user}|{permission_data}{tail}\n",
            permission_line,
            permission_data,
        )


def digits(value: str) -> str:
    return re.sub(r"[^0-9]", "", value)


def delimiter(stage: str, allow_newline: bool) -> str:
    """``$DL`` for a ``stage`` value: csv, tab, (newline,) pipe; anything else is a pipe."""
    return {"csv": ",", "tab": "\t", "pipe": "|"}.get(stage) or (
        "\n" if allow_newline and stage == "newline" else "|"
    )
