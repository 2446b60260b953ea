"""lead_field_info: field names as SQL expressions, parameters, odd values."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    for name in (
        "status",
        "STATUS",
        "Status",
        "lead_id",
        "list_id",
        "entry_date",
        "called_since_last_reset",
        "gmt_offset_now",
        "phone_code",
        "title",
        "date_of_birth",
        "last_local_call_time",
        "rank",
        "owner",
        "entry_list_id",
        "comments",
        "nosuchfield",
        "lead_id-1",
        "1",
        "NULL",
        "TRUE",
        "now",
        "status-1",
        "gmt_offset_now-1",
        "1-lead_id",
        "-lead_id",
        "lead_id--1",
        "rank-",
        "-",
        "1e3",
        "0x41",
        "user",
        "modify_date-modify_date",
        "status.x",
        "status,lead_id",
        "called_count-rank",
        "list_id-entry_list_id",
        "email-1",
        "",
    ):
        c.add(f"field_{name or 'empty'}", field("1009", name))
    for n, kw in enumerate(
        (
            {"lead_id": ""},
            {"lead_id": "123456789012"},
            {"lead_id": "12345678901"},
            {"lead_id": "99999"},
            {"lead_id": "1009", "custom_fields": "Y"},
            {"lead_id": "1009", "custom_fields": "Y", "list_id": "101"},
            {"lead_id": "1009", "archived_lead": "Y"},
            {"lead_id": "1009", "field_name": "status;drop"},
            {"lead_id": "1009", "field_name": "sta tus"},
        )
    ):
        params = {"field_name": "status", **kw}
        c.add(f"field_variant_{n}", G("lead_field_info", **params))
    c.add(
        "field_apostrophe_value",
        upd("1010", last_name="O'Brien"),
        field("1010", "last_name"),
        field("1010", "first_name"),
    )
    c.add(
        "field_backslash_value",
        upd("1011", comments="tail\\\\"),
        field("1011", "comments"),
    )
    c.add("field_empty_value", field("1012", "title"), field("1012", "comments"))
