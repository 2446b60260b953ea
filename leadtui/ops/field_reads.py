"""Reading one column of a lead, and the errors that stop every read of a run.

Shared by before-images and the custom-field reads (which need both and are
needed by before-images).
"""

from __future__ import annotations

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient

#: Errors no read of this run can get past: they stop the reads, never mark one lead.
STOPS_EVERY_READ: tuple[type[e.VicidialError], ...] = (
    e.LoginFailed,
    e.AccountLocked,
    e.IpBlocked,
    e.InvalidSource,
    e.UserGroupMissing,
    e.ConnectionFailed,
    e.DatabaseUnavailable,
)
#: ... and, once lead_field_info is refused too, the user's permissions.
STOPS_FIELD_READS: tuple[type[e.VicidialError], ...] = (
    *STOPS_EVERY_READ,
    e.PermissionDenied,
    e.FunctionNotAllowed,
)


async def read_field(
    client: VicidialClient, lead_id: int, column: str, *, custom_list: int | None = None
) -> str:
    """One column with ``lead_field_info`` (``custom_list``: a custom field of
    that list's table). Its answer is the bare value, so an empty body is an
    empty value — or a body a proxy or a crash emptied. An empty answer is read
    again: a before-image is written back by undo, and an empty one would clear
    the field."""
    custom = custom_list is not None
    for _ in range(2):
        value = (
            await client.lead_field_info(
                lead_id, column, custom_field=custom, custom_list=custom_list
            )
        ).value
        if value != "":
            break
    return value
