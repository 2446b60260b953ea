"""Cases on dataset-nonlatin.json: system_settings.use_non_latin=1 (Unicode-letter filters and
a utf8mb3 connection)."""

from __future__ import annotations

from dsl import Cases, G, field, info, upd

VALUES = {
    "accent": "Jos\u00e9 M\u00fcller",
    "cjk": "\u5317\u4eac \u6771\u4eac",
    "cyrillic": "\u0416\u0443\u043a",
    "emoji": "hi \U0001f600 there",
    "math_letter": "\U0001d400bc",
    "apos": "D'\u00e9t\u00e9",
    "plus": "\u00e9+\u00e8",
    "digits": "\u0661\u0662\u0663",
    "mixed": "A\u00e9-_.:/@%' x",
}
FIELDS = (
    "first_name",
    "last_name",
    "city",
    "email",
    "status",
    "title",
    "state",
    "country_code",
    "comments",
    "vendor_lead_code",
    "owner",
    "user_field",
)


def build(c: Cases) -> None:
    lead = 1100
    for name in FIELDS:
        for tag, value in VALUES.items():
            lead += 1
            read = "user" if name == "user_field" else name
            c.add(
                f"nl_{name}_{tag}",
                upd(str(lead), **{name: value}),
                field(str(lead), read),
            )
    c.add(
        "nl_read_stored",
        info("1500"),
        info("1501"),
        field("1500", "comments"),
        field("1500", "last_name"),
        field("1501", "first_name"),
    )
    for n, code in enumerate(
        ("V\u00c9", "v\u00e9", "V\u00c9\U0001f600", "VE", "V\u00c8")
    ):
        c.add(
            f"nl_search_vendor_{n}",
            G(
                "update_lead",
                search_method="VENDOR_LEAD_CODE",
                vendor_lead_code=code,
                no_update="Y",
                records="5",
            ),
            G("lead_search", search_method="VENDOR_LEAD_CODE", vendor_lead_code=code),
        )
    c.add(
        "nl_batch",
        G(
            "batch_update_lead",
            lead_ids="1200,1201",
            first_name="\u00c9lo\u00efse",
            comments="\u2603 \U0001f600",
        ),
        info("1200"),
    )
    c.add(
        "nl_insert",
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="3127772000",
            phone_code="1",
            list_id="101",
            insert_if_not_found="Y",
            first_name="\u00c5sa",
            comments="\U0001f600",
        ),
        G("lead_all_info", phone_number="3127772000"),
    )
    c.add(
        "nl_user",
        G("update_lead", user="66\u00e966", lead_id="1000", no_update="Y"),
        G("version"),
    )
    c.add(
        "nl_source", G("update_lead", source="t\u00e9", lead_id="1000", no_update="Y")
    )
    c.add(
        "nl_campaign_callback", upd("1300", callback="Y", campaign_id="TESTCAMP\u00e9")
    )
