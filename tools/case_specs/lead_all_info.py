"""lead_all_info stages, headers and key variants."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    for stage in ("", "csv", "tab", "newline", "pipe", "CSV", "xml"):
        for header in ("", "YES", "yes", "NO"):
            c.add(
                f"all_{stage or 'none'}_{header or 'none'}",
                G("lead_all_info", lead_id="1005", stage=stage, header=header),
                G(
                    "lead_all_info",
                    phone_number="3125550005",
                    stage=stage,
                    header=header,
                ),
            )
    for n, kw in enumerate(
        (
            {},
            {"phone_number": "12345"},
            {"phone_number": "3125550005,1"},
            {"phone_number": "1234567890123456789"},
            {"phone_number": "12345678901234567890"},
            {"lead_id": "99999"},
            {"lead_id": "1005", "phone_number": "3125550010"},
            {"phone_number": "3120000000"},
            {"lead_id": "0"},
            {"lead_id": "1005", "archived_lead": "Y"},
            {"lead_id": "1005", "custom_fields": "Y"},
            {"lead_id": "1005", "custom_fields": "Y", "force_entry_list_id": "5"},
            {"lead_id": "1005", "archived_lead": "y"},
        )
    ):
        c.add(f"all_variant_{n}", G("lead_all_info", **kw))
    c.add(
        "all_newline_comment",
        upd("1006", comments="a\nb|c,d\te"),
        G("lead_all_info", lead_id="1006", stage="csv", header="YES"),
    )
    c.add(
        "all_after_values",
        upd("1007", comments="x\\\\"),
        info("1007"),
        upd("1008", date_of_birth="2001-02-03", gender="F"),
        info("1008"),
    )
