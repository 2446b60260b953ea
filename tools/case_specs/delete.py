"""delete_lead, delete_cf_data and entry_list_id cases."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    c.add(
        "delete_basic",
        upd("1110", delete_lead="Y"),
        upd("1110", delete_lead="Y"),
        info("1110"),
        G("lead_search", phone_number="3125550110"),
    )
    c.add(
        "delete_with_update",
        upd("1111", delete_lead="Y", first_name="Gone"),
        info("1111"),
    )
    c.add(
        "delete_with_callbacks",
        upd("1112", callback="Y", campaign_id="TESTCAMP"),
        upd("1112", callback="REMOVE"),
        upd("1112", callback="Y", campaign_id="TESTCAMP"),
        upd("1112", delete_lead="Y"),
        G("lead_callback_info", lead_id="1112", search_location="ALL"),
    )
    c.add(
        "delete_records_many",
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="3125550013",
            records="5",
            delete_lead="Y",
        ),
        G("lead_search", phone_number="3125550013"),
    )
    c.add(
        "delete_cf_data",
        upd("1113", delete_cf_data="Y"),
        info("1113"),
        upd("1113", delete_cf_data="Y", entry_list_id="101"),
        upd("1114", delete_cf_data="Y", force_entry_list_id="7"),
        upd("1115", delete_cf_data="Y", first_name="Cf"),
        info("1115"),
    )
    c.add("delete_custom_fields_y", upd("1116", delete_lead="Y", custom_fields="Y"))
    c.add(
        "delete_restricted",
        G("update_lead", user="8888", lead_id="1002", delete_lead="Y"),
        info("1002"),
    )
    c.add(
        "delete_archived", upd("1117", delete_lead="Y", archived_lead="Y"), info("1117")
    )
    c.add(
        "force_entry_list_update",
        upd("1118", force_entry_list_id="555", first_name="F"),
        info("1118"),
        upd("1119", force_entry_list_id="5", first_name="G"),
        info("1119"),
        upd("1120", entry_list_id="444", custom_fields="Y"),
        info("1120"),
    )
