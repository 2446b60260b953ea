"""Search cases: search_method x search_location x list_id, records, keys."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    phone2 = "3125550010"  # leads 1010 and 1470
    for method in (
        "LEAD_ID",
        "VENDOR_LEAD_CODE",
        "PHONE_NUMBER",
        "LEAD_ID_VENDOR_LEAD_CODE",
        "VENDOR_LEAD_CODE_PHONE_NUMBER",
        "LEAD_ID_PHONE_NUMBER",
        "lead_id",
        "PHONE",
        "XXLEAD_IDXX",
        "",
        "ABCDE",
    ):
        for loc in ("", "LIST", "CAMPAIGN", "SYSTEM", "LISTCAMPAIGN", "lis", "XX"):
            for list_id in ("", "101", "138", "999", "98", "1e2"):
                if loc in ("lis", "XX") and list_id not in ("", "101"):
                    continue
                name = f"m_{method or 'none'}_l_{loc or 'none'}_{list_id or 'x'}"
                c.add(
                    name,
                    G(
                        "update_lead",
                        no_update="Y",
                        search_method=method,
                        search_location=loc,
                        list_id=list_id,
                        lead_id="1010",
                        vendor_lead_code="V00010",
                        phone_number=phone2,
                        records="5",
                    ),
                )
    for records in (
        "",
        "0",
        "1",
        "2",
        "3",
        "00002",
        "999999999",
        "18446744073709551615",
        "18446744073709551616",
        "abc",
    ):
        c.add(
            f"records_{records or 'none'}",
            G(
                "update_lead",
                search_method="PHONE_NUMBER",
                phone_number=phone2,
                records=records,
                status="RX",
            ),
            G("lead_search", phone_number=phone2),
        )
    c.add(
        "vendor_case_insensitive",
        G(
            "update_lead",
            search_method="VENDOR_LEAD_CODE",
            vendor_lead_code="v00042",
            no_update="Y",
        ),
    )
    c.add(
        "vendor_trailing_space",
        G(
            "update_lead",
            search_method="VENDOR_LEAD_CODE",
            vendor_lead_code="V00042 ",
            no_update="Y",
        ),
    )
    c.add(
        "vendor_duplicate",
        G(
            "update_lead",
            search_method="VENDOR_LEAD_CODE",
            vendor_lead_code="V00000",
            records="5",
            first_name="Dup",
        ),
        G("lead_search", search_method="VENDOR_LEAD_CODE", vendor_lead_code="V00000"),
    )
    c.add(
        "vendor_apostrophe_search",
        G(
            "update_lead",
            search_method="VENDOR_LEAD_CODE",
            vendor_lead_code="V'1",
            no_update="Y",
        ),
    )
    c.add(
        "vendor_backslash_search",
        G(
            "update_lead",
            search_method="VENDOR_LEAD_CODE",
            vendor_lead_code="V\\",
            no_update="Y",
        ),
    )
    c.add(
        "vendor_newline_nomatch",
        G(
            "update_lead",
            search_method="VENDOR_LEAD_CODE",
            vendor_lead_code="V00005\nx",
        ),
    )
    c.add("lead_id_leading_zeros", G("update_lead", lead_id="0001003", first_name="Z"))
    c.add("lead_id_dashes", G("update_lead", lead_id="10-04", no_update="Y"))
    c.add(
        "lead_id_huge", G("update_lead", lead_id="99999999999999999999", no_update="Y")
    )
    c.add(
        "phone_too_short",
        G("update_lead", search_method="PHONE_NUMBER", phone_number="12345"),
    )
    c.add(
        "phone_19_digits",
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="1234567890123456789",
        ),
    )
    c.add(
        "phone_punct",
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="(312) 555-0011",
            no_update="Y",
            records="9",
        ),
    )
    c.add(
        "lookup_order_lead_first",
        G(
            "update_lead",
            search_method="LEAD_ID_PHONE_NUMBER",
            lead_id="99999",
            phone_number=phone2,
            status="ZZ",
            records="5",
        ),
        info("1010"),
    )
    c.add(
        "no_update_lowercase",
        G("update_lead", lead_id="1011", no_update="y", first_name="Low"),
        info("1011"),
    )
    c.add(
        "no_update_not_found_insert",
        G(
            "update_lead",
            lead_id="99999",
            no_update="Y",
            insert_if_not_found="Y",
            phone_number="3125559999",
            phone_code="1",
            list_id="101",
        ),
    )
    c.add(
        "restricted_search_list",
        G("update_lead", user="8888", lead_id="1000", list_id="138", no_update="Y"),
    )
    c.add(
        "restricted_search_98",
        G("update_lead", user="8888", lead_id="1002", list_id="98", first_name="R"),
    )
    c.add(
        "restricted_results_multi",
        G(
            "update_lead",
            user="8888",
            search_method="PHONE_NUMBER",
            phone_number="3125550002",
            records="5",
            status="R1",
        ),
        G("lead_search", phone_number="3125550002"),
        info("1002"),
        info("1462"),
    )
    c.add(
        "restricted_no_update_other_list",
        G("update_lead", user="8888", lead_id="1002", no_update="Y", add_to_hopper="Y"),
    )
    c.add(
        "restricted_move_to_other_list",
        G("update_lead", user="8888", lead_id="1000", list_id_field="138"),
        info("1000"),
    )
    c.add(
        "list_exists_ok",
        G("update_lead", lead_id="1061", list_id_field="138", list_exists_check="yes"),
        info("1061"),
    )
    c.add(
        "list_exists_x",
        G("update_lead", lead_id="1062", list_id_field="999", list_exists_check="x"),
        info("1062"),
    )
