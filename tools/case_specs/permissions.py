"""Every function for every user, and source checks."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401

USERS = ("6666", "7777", "8888", "5555", "4444")
FUNCTION_PARAMS: dict[str, dict[str, str]] = {
    "version": {},
    "update_lead": {"lead_id": "1000", "first_name": "Perm"},
    "batch_update_lead": {"lead_ids": "1000,1003", "status": "PB"},
    "lead_all_info": {"lead_id": "1003"},
    "lead_field_info": {"lead_id": "1003", "field_name": "status"},
    "lead_search": {"phone_number": "3125550003"},
    "list_info": {"list_id": "138"},
    "list_custom_fields": {"list_id": "101"},
    "campaigns_list": {},
    "lead_callback_info": {"lead_id": "1003"},
    "coffee": {},
    "brew_coffee": {},
    "nosuchfunction": {},
}


def build(c: Cases) -> None:
    for user in USERS:
        for function, params in FUNCTION_PARAMS.items():
            c.add(f"perm_{user}_{function}", G(function, user=user, **params))
            c.add(
                f"perm_{user}_{function}_nosource",
                G(function, user=user, source="x", **params),
            )
    c.add("perm_8888_list_info_allowed", G("list_info", user="8888", list_id="101"))
    c.add(
        "perm_8888_lead_all_info_other", G("lead_all_info", user="8888", lead_id="1002")
    )
    c.add(
        "perm_8888_lead_all_info_phone",
        G("lead_all_info", user="8888", phone_number="3125550002", header="YES"),
    )
    c.add(
        "perm_8888_field_other",
        G("lead_field_info", user="8888", lead_id="1002", field_name="status"),
    )
    c.add(
        "perm_8888_batch_mixed",
        G(
            "batch_update_lead",
            user="8888",
            lead_ids="1000,1001,1002,1003",
            status="BX",
        ),
        G("lead_search", phone_number="3125550002,3125550000,3125550001"),
    )
    c.add(
        "perm_8888_batch_only_other",
        G("batch_update_lead", user="8888", lead_ids="1002", status="BX"),
    )
    c.add(
        "perm_8888_search_list",
        G("lead_search", user="8888", phone_number="3125550002", list_id="138"),
    )
    c.add("perm_8888_campaigns", G("campaigns_list", user="8888", header="YES"))
    c.add(
        "perm_8888_lcf_all", G("list_custom_fields", user="8888", list_id="---ALL---")
    )
    c.add(
        "source_variants",
        G("version", source=""),
        G("update_lead", source="a_-", lead_id="1000"),
        G("update_lead", source="ab", lead_id="1000", no_update="Y"),
        G("lead_search", source="#!", phone_number="3125550000"),
        G("update_lead", source="a" * 40, lead_id="1000", no_update="Y"),
    )
