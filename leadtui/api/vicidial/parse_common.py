"""Response framing shared by every function: HTTP status, line splitting, and the
errors any function can answer with (login, source, permissions, no function).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from leadtui.api.vicidial import errors as e

LINE_PREFIXES = ("SUCCESS: ", "NOTICE: ", "ERROR: ")


def logical_lines(body: str) -> list[str]:
    """Split a body into protocol lines.

    A physical line that does not start with SUCCESS:/NOTICE:/ERROR: continues
    the previous one: the server echoes request values raw, so a newline inside
    an echoed value splits its line (protocol reference §1 item 30).
    """
    if not body:
        return []
    lines: list[str] = []
    for physical in body.removesuffix("\n").split("\n"):
        if lines and not physical.startswith(LINE_PREFIXES):
            lines[-1] += "\n" + physical
        else:
            lines.append(physical)
    return lines


def data_lines(body: str) -> list[str]:
    """Split a table body (no line prefixes) into its lines."""
    return body.removesuffix("\n").split("\n") if body else []


def check_status(status: int, body: str, *, function: str) -> None:
    """HTTP 200 is the only status the API itself sets (418 for coffee)."""
    if status == 200:
        return
    if status >= 500:
        shown = f" after printing {body!r}" if body else " with an empty body"
        raise e.OutcomeUnknown(
            f"The dialer crashed (HTTP {status}){shown} while running {function}.",
            raw=body,
            status=status,
            partial=body,
        )
    raise e.UnrecognisedResponse(
        f"Unexpected HTTP {status} from the dialer for {function}",
        raw=body,
        status=status,
    )


_GLOBAL: list[
    tuple[re.Pattern[str], Callable[[re.Match[str], str], e.VicidialError]]
] = [
    (
        re.compile(
            r"ERROR: Login incorrect, please try again: \|(?P<user>[^|]*)\|.*\|(?P<why>BAD|2FA)\|"
        ),
        lambda m, raw: e.LoginFailed(
            "Login incorrect", user=m["user"], reason=m["why"], raw=raw
        ),
    ),
    (
        re.compile(
            r"ERROR: Too many login attempts, try again in 15 minutes: \|(?P<user>[^|]*)\|LOCK\|"
        ),
        lambda m, raw: e.AccountLocked("Account locked", user=m["user"], raw=raw),
    ),
    (
        re.compile(
            r"ERROR: Your IP Address is not allowed: (?P<ip>.*): \|.*\|IPBLOCK\|"
        ),
        lambda m, raw: e.IpBlocked("IP address not allowed", ip=m["ip"], raw=raw),
    ),
    (
        re.compile(r"ERROR: user_group DOES NOT EXIST: \|(?P<user>[^|]*)\|(?P<g>.*)\|"),
        lambda m, raw: e.UserGroupMissing(
            f"The user group {m['g']!r} of user {m['user']} does not exist.", raw=raw
        ),
    ),
    (
        re.compile(r"ERROR: Invalid Source - (?P<src>.*)"),
        lambda m, raw: e.InvalidSource(f"Invalid source {m['src']!r}", raw=raw),
    ),
    (
        re.compile(
            r"ERROR: auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION: "
            r"\|(?P<user>[^|]*)\|(?P<fn>[^|]*)\|"
        ),
        lambda m, raw: e.FunctionNotAllowed(
            "Function not allowed", user=m["user"], function=m["fn"], raw=raw
        ),
    ),
    (
        re.compile(
            r"ERROR: (?P<fn>\w+) USER DOES NOT HAVE PERMISSION TO [A-Z ]+: "
            r"\|(?P<user>[^|]*)\|0?\|?"
        ),
        lambda m, raw: e.PermissionDenied(
            "Permission denied", user=m["user"], function=m["fn"], raw=raw
        ),
    ),
    (
        re.compile(r"ERROR: NO FUNCTION SPECIFIED"),
        lambda m, raw: e.NoFunctionSpecified(
            "The dialer did not know the function", raw=raw
        ),
    ),
    (
        re.compile(
            r"ERROR: CUSTOM LIST FIELDS ARE NOT ENABLED ON THIS SYSTEM: \|[^|]*\|\w+\|"
        ),
        lambda m, raw: e.CustomFieldsDisabled(
            "Custom list fields are not enabled on this dialer.", raw=raw
        ),
    ),
    (
        re.compile(r"MySQL connect ERROR: .*", re.S),
        lambda m, raw: e.DatabaseUnavailable(
            "The dialer's web server cannot reach its database.", raw=raw
        ),
    ),
]


def check_global_error(lines: list[str], raw: str) -> None:
    """Raise the typed error when the first line is one every function can print."""
    if not lines:
        return
    for pattern, build in _GLOBAL:
        match = pattern.fullmatch(lines[0])
        if match:
            raise build(match, raw)


def unrecognised(function: str, raw: str) -> e.UnrecognisedResponse:
    return e.UnrecognisedResponse(
        f"The dialer answered {function} with text leadtui does not recognise", raw=raw
    )
