"""Cases on dataset-extras.json (callbacks, hopper rows, custom fields, archive, users)."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    base = {"source": "test", "user": "6666", "pass": "1234", "function": "update_lead"}
    for lead in range(1500, 1511):
        c.add(
            f"x_info_{lead}",
            info(str(lead)),
            G("lead_all_info", lead_id=str(lead), stage="csv"),
        )
    for name in ("last_name", "comments", "vendor_lead_code", "first_name"):
        for lead in ("1500", "1501", "1502", "1504", "1510"):
            c.add(f"x_field_{name}_{lead}", field(lead, name))
    for n, code in enumerate(("VOB", "VBS\\", "VNL", "V'Q", "ARCH1")):
        c.add(
            f"x_search_vendor_{n}",
            G("lead_search", search_method="VENDOR_LEAD_CODE", vendor_lead_code=code),
            G(
                "update_lead",
                search_method="VENDOR_LEAD_CODE",
                vendor_lead_code=code,
                no_update="Y",
            ),
        )
    c.add(
        "x_phone_dup_lists",
        G("lead_all_info", phone_number="3125550000", header="YES"),
        G("lead_search", phone_number="3125550000"),
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="3125550000",
            records="5",
            status="DUP",
        ),
    )
    c.add(
        "x_hopper_existing",
        upd("1003", add_to_hopper="Y", no_update="Y"),
        upd("1003", remove_from_hopper="Y", no_update="Y"),
        upd("1004", remove_from_hopper="Y", no_update="Y"),
        upd("1003", add_to_hopper="Y", no_update="Y"),
    )
    c.add("x_hopper_vendor_quote", upd("1510", add_to_hopper="Y", no_update="Y"))
    c.add(
        "x_hopper_own_call_time",
        upd("1508", add_to_hopper="Y", no_update="Y", hopper_local_call_time_check="Y"),
        upd("1507", add_to_hopper="Y", no_update="Y", hopper_local_call_time_check="Y"),
    )
    for lead in ("1000", "1001", "1002", "1003", "1004"):
        for loc in ("", "ALL", "ARCHIVE"):
            c.add(
                f"x_cbinfo_{lead}_{loc or 'cur'}",
                G(
                    "lead_callback_info",
                    lead_id=lead,
                    search_location=loc,
                    header="YES",
                ),
                G("lead_callback_info", user="8888", lead_id=lead, search_location=loc),
            )
    c.add(
        "x_cb_update_first",
        upd("1000", callback="Y", callback_comments="upd"),
        G("lead_callback_info", lead_id="1000"),
    )
    c.add(
        "x_cb_remove_archived",
        upd("1000", callback="REMOVE"),
        G("lead_callback_info", lead_id="1000", search_location="ALL"),
    )
    c.add(
        "x_cb_remove_duplicate_key",
        upd("1001", callback="REMOVE", first_name="Dup"),
        G("lead_callback_info", lead_id="1001", search_location="ALL"),
        info("1001"),
    )
    c.add("x_cb_delete_duplicate_key", upd("1001", delete_lead="Y"), info("1001"))
    c.add(
        "x_cb_delete_with_callbacks",
        upd("1000", delete_lead="Y"),
        G("lead_callback_info", lead_id="1000", search_location="ALL"),
    )
    # custom fields
    c.add(
        "x_cf_read",
        G("lead_all_info", lead_id="1000", custom_fields="Y", header="YES"),
        G("lead_all_info", lead_id="1005", custom_fields="Y", header="YES"),
        G(
            "lead_all_info",
            lead_id="1503",
            custom_fields="Y",
            header="YES",
            stage="csv",
        ),
        G("lead_all_info", lead_id="1509", custom_fields="Y"),
        G("lead_all_info", lead_id="1001", custom_fields="Y"),
        G(
            "lead_all_info",
            lead_id="1000",
            custom_fields="Y",
            force_entry_list_id="138",
        ),
        G(
            "lead_all_info",
            user="3333",
            lead_id="1000",
            custom_fields="Y",
            header="YES",
        ),
        G("lead_all_info", lead_id="1500", custom_fields="Y"),
    )
    for name in (
        "cf_text",
        "cf_area",
        "cf_pick",
        "cf_date",
        "cf_show",
        "note",
        "lead_id",
        "nosuch",
        "CF_TEXT",
    ):
        c.add(
            f"x_cf_field_{name}",
            field("1000", name, custom_fields="Y"),
            field("1503", name, custom_fields="Y"),
            field("1000", name, custom_fields="Y", list_id="138"),
            G(
                "lead_field_info",
                user="3333",
                lead_id="1000",
                field_name=name,
                custom_fields="Y",
            ),
        )
    c.add(
        "x_cf_update_post",
        raw(
            "POST",
            {
                **base,
                "lead_id": "1000",
                "custom_fields": "Y",
                "cf_text": "new value long",
                "cf_pick": "B",
                "cf_show": "x",
                "source": "test",
            },
        ),
        G("lead_all_info", lead_id="1000", custom_fields="Y"),
    )
    c.add(
        "x_cf_update_get_ignored",
        G("update_lead", lead_id="1000", custom_fields="Y", cf_text="get"),
        G("lead_all_info", lead_id="1000", custom_fields="Y"),
    )
    c.add(
        "x_cf_insert_row",
        raw(
            "POST",
            {
                **base,
                "lead_id": "1005",
                "custom_fields": "Y",
                "cf_text": "first",
                "cf_date": "2021-13-01",
                "source": "test",
            },
        ),
        G("lead_all_info", lead_id="1005", custom_fields="Y", header="YES"),
    )
    c.add(
        "x_cf_update_multi_leads",
        raw(
            "POST",
            {
                **base,
                "search_method": "PHONE_NUMBER",
                "phone_number": "3125550000",
                "records": "5",
                "custom_fields": "Y",
                "first_name": "Multi",
                "note": "nn",
                "source": "test",
            },
        ),
        info("1503"),
        info("1000"),
        info("1460"),
    )
    c.add(
        "x_cf_values",
        raw(
            "POST",
            {
                **base,
                "lead_id": "1000",
                "custom_fields": "Y",
                "cf_text": 'a+b;c"d\\',
                "cf_area": "--BLANK--",
                "cf_pick": "z",
                "source": "test",
            },
        ),
        G("lead_all_info", lead_id="1000", custom_fields="Y"),
    )
    c.add(
        "x_cf_empty_clears",
        raw(
            "POST",
            {
                **base,
                "lead_id": "1000",
                "custom_fields": "Y",
                "cf_text": "",
                "source": "test",
            },
        ),
        G("lead_field_info", lead_id="1000", field_name="cf_text", custom_fields="Y"),
    )
    c.add(
        "x_cf_force",
        raw(
            "POST",
            {
                **base,
                "lead_id": "1001",
                "custom_fields": "Y",
                "force_entry_list_id": "138",
                "note": "forced",
                "source": "test",
            },
        ),
        info("1001"),
        G("lead_all_info", lead_id="1001", custom_fields="Y"),
    )
    c.add(
        "x_cf_delete_lead",
        upd("1000", delete_lead="Y", custom_fields="Y"),
        upd("1503", delete_lead="Y", custom_fields="Y"),
        upd("1005", delete_lead="Y", custom_fields="Y"),
    )
    c.add(
        "x_cf_delete_cf_data",
        upd("1000", delete_cf_data="Y"),
        info("1000"),
        upd("1503", delete_cf_data="Y", first_name="Z"),
        G("lead_all_info", lead_id="1503", custom_fields="Y"),
    )
    c.add(
        "x_cf_insert_lead",
        raw(
            "POST",
            {
                **base,
                "search_method": "PHONE_NUMBER",
                "phone_number": "3127771000",
                "phone_code": "1",
                "list_id": "101",
                "insert_if_not_found": "Y",
                "custom_fields": "Y",
                "cf_text": "ins",
                "source": "test",
            },
        ),
        G("lead_all_info", phone_number="3127771000", custom_fields="Y", header="YES"),
    )
    c.add(
        "x_cf_insert_lead_no_table",
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="3127771001",
            phone_code="1",
            list_id="102",
            insert_if_not_found="Y",
            custom_fields="Y",
        ),
    )
    c.add(
        "x_cf_insert_force",
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="3127771002",
            phone_code="1",
            list_id="101",
            insert_if_not_found="Y",
            custom_fields="Y",
            force_entry_list_id="138",
            note="q",
        ),
    )
    for kw in (
        {"list_id": "101"},
        {"list_id": "138"},
        {"list_id": "102"},
        {"list_id": "---ALL---"},
        {"list_id": "---ALL---", "custom_order": "alpha_up"},
        {"list_id": "---ALL---", "custom_order": "alpha_down", "header": "YES"},
        {"list_id": "101", "custom_order": "alpha_up"},
        {"list_id": "102", "custom_order": "alpha_up"},
    ):
        tag = "_".join(f"{k}{v}" for k, v in kw.items())
        c.add(
            f"x_lcf_{tag}",
            G("list_custom_fields", **kw),
            G("list_custom_fields", user="8888", **kw),
        )
    # users
    for user in ("3333", "2222", "1212", "1111", "1313"):
        c.add(
            f"x_user_{user}",
            G("update_lead", user=user, lead_id="1002", first_name="U"),
            G("batch_update_lead", user=user, lead_ids="1000,1002", status="U2"),
            G("lead_search", user=user, phone_number="3125550002", list_id="138"),
            G("list_info", user=user, list_id="101"),
            G("lead_all_info", user=user, lead_id="1002"),
        )
    c.add(
        "x_user_case_pass",
        G("version"),
        G("list_info", user="1313", list_id="101", **{"pass": "abc"}),
        G("lead_all_info", user="1313", lead_id="1000", **{"pass": "ABC"}),
    )
    # lists
    for list_id in ("139", "140", "141", "142"):
        c.add(
            f"x_list_{list_id}",
            G(
                "list_info",
                list_id=list_id,
                leads_counts="Y",
                dialable_count="Y",
                header="YES",
            ),
        )
    c.add(
        "x_campaigns",
        G("campaigns_list", header="YES"),
        G("campaigns_list", campaign_id="NODIAL"),
    )
    # archive
    c.add(
        "x_archive_reads",
        G("lead_all_info", lead_id="900", archived_lead="Y", header="YES"),
        G("lead_all_info", lead_id="900"),
        field("900", "vendor_lead_code", archived_lead="Y"),
        G("lead_search", phone_number="3125550000", archived_lead="Y"),
        G("list_info", list_id="101", leads_counts="Y", archived_lead="Y"),
    )
    c.add(
        "x_archive_update",
        upd("900", archived_lead="Y", first_name="Arch"),
        info("900", archived_lead="Y"),
        upd("900", first_name="Live"),
    )
    c.add(
        "x_archive_batch",
        G("batch_update_lead", lead_ids="900,901,1000", status="AB", archived_lead="Y"),
        info("901", archived_lead="Y"),
    )
    c.add(
        "x_archive_insert",
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="3127771003",
            phone_code="1",
            list_id="101",
            insert_if_not_found="Y",
            archived_lead="Y",
        ),
        G("lead_search", phone_number="3127771003"),
    )
    c.add(
        "x_archive_delete_hopper",
        upd("900", archived_lead="Y", add_to_hopper="Y"),
        upd("900", archived_lead="Y", delete_lead="Y"),
        info("900", archived_lead="Y"),
    )
