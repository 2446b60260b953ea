"""insert_if_not_found cases."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    ins = {
        "search_method": "PHONE_NUMBER",
        "insert_if_not_found": "Y",
        "phone_code": "1",
    }
    c.add(
        "insert_basic",
        G(
            "update_lead",
            phone_number="3127770002",
            list_id="101",
            **ins,
            first_name="New",
            last_name="Lead",
        ),
        G("lead_all_info", phone_number="3127770002", header="YES"),
        G("lead_field_info", lead_id="1500", field_name="entry_list_id"),
        G("lead_field_info", lead_id="1500", field_name="user"),
        G("lead_field_info", lead_id="1500", field_name="called_since_last_reset"),
    )
    c.add(
        "insert_all_fields",
        G(
            "update_lead",
            phone_number="3127770003",
            list_id="102",
            **ins,
            vendor_lead_code="NV1",
            source_id="S1",
            gmt_offset_now="-8",
            title="Ms",
            first_name="Ann",
            middle_initial="B",
            last_name="Cole",
            address1="1 A St",
            city="Reno",
            state="NV",
            postal_code="89501",
            country_code="USA",
            gender="F",
            date_of_birth="1990-01-02",
            alt_phone="7755550000",
            email="a@b.c",
            security_phrase="x",
            comments="hi\nthere",
            rank="3",
            owner="me",
            status="SALE",
            user_field="agent9",
            entry_list_id="777",
            called_count="5",
        ),
        G("lead_all_info", phone_number="3127770003", header="YES"),
    )
    c.add(
        "insert_blank_literal",
        G(
            "update_lead",
            phone_number="3127770004",
            list_id="101",
            **ins,
            first_name="--BLANK--",
            comments="--BLANK--",
        ),
        info("1500"),
    )
    for n, kw in enumerate(
        (
            {"list_id": "10"},
            {"list_id": ""},
            {"list_id": "101", "phone_code": ""},
            {"list_id": "101", "phone_number": "12345"},
            {"list_id": "101", "phone_number": "1234567890123456789"},
            {"list_id_field": "138"},
            {"list_id": "999"},
            {"list_id": "101", "list_id_field": "12"},
        )
    ):
        params = {**ins, "phone_number": "3127770010", **kw}
        c.add(
            f"insert_variant_{n}",
            G("update_lead", **params),
            G("lead_search", phone_number=params["phone_number"] or "3127770010"),
        )
    c.add(
        "insert_lowercase_y",
        G(
            "update_lead",
            phone_number="3127770011",
            list_id="101",
            search_method="PHONE_NUMBER",
            insert_if_not_found="y",
            phone_code="1",
        ),
    )
    c.add(
        "insert_restricted",
        G("update_lead", user="8888", phone_number="3127770012", list_id="138", **ins),
    )
    c.add(
        "insert_restricted_ok",
        G("update_lead", user="8888", phone_number="3127770013", list_id="101", **ins),
    )
    c.add(
        "insert_by_lead_id",
        G(
            "update_lead",
            lead_id="99999",
            phone_number="3127770014",
            list_id="101",
            insert_if_not_found="Y",
            phone_code="1",
        ),
        G("lead_search", phone_number="3127770014"),
    )
    for tz in ("POSTAL", "TZCODE", "NANPA", "AREACODE", "tzcode"):
        c.add(
            f"insert_tz_{tz}",
            G(
                "update_lead",
                phone_number="3127770015",
                list_id="101",
                **ins,
                tz_method=tz,
                owner="EST",
                postal_code="60601",
                state="IL",
            ),
            G("lead_field_info", lead_id="1500", field_name="gmt_offset_now"),
        )
    c.add(
        "insert_tzcode_apostrophe_owner",
        G(
            "update_lead",
            phone_number="3127770016",
            list_id="101",
            **ins,
            tz_method="TZCODE",
            owner="O'X",
        ),
        G("lead_search", phone_number="3127770016"),
    )
    c.add(
        "insert_tzcode_short_owner",
        G(
            "update_lead",
            phone_number="3127770017",
            list_id="101",
            **ins,
            tz_method="TZCODE",
            owner="E",
        ),
    )
    c.add(
        "insert_multi_alt",
        G(
            "update_lead",
            phone_number="3127770018",
            list_id="101",
            **ins,
            multi_alt_phones="3125551111_1_home!3125552222__work!333",
        ),
    )
    c.add(
        "insert_multi_alt_short",
        G(
            "update_lead",
            phone_number="3127770019",
            list_id="101",
            **ins,
            multi_alt_phones="12345",
        ),
    )
    c.add(
        "insert_custom_fields",
        G(
            "update_lead",
            phone_number="3127770020",
            list_id="101",
            **ins,
            custom_fields="Y",
        ),
    )
    c.add(
        "insert_then_hopper",
        G(
            "update_lead",
            phone_number="3127770021",
            list_id="101",
            **ins,
            add_to_hopper="Y",
        ),
    )
    c.add(
        "insert_twice",
        G("update_lead", phone_number="3127770022", list_id="101", **ins),
        G("update_lead", phone_number="3127770022", list_id="101", **ins, status="B"),
        G("lead_search", phone_number="3127770022"),
    )
    c.add(
        "insert_trailing_backslash",
        G(
            "update_lead",
            phone_number="3127770023",
            list_id="101",
            **ins,
            comments="x\\",
        ),
        G("lead_search", phone_number="3127770023"),
    )
    c.add(
        "insert_apostrophes",
        G(
            "update_lead",
            phone_number="3127770024",
            list_id="101",
            **ins,
            last_name="O'Hara",
            comments="it's",
        ),
        G("lead_field_info", lead_id="1500", field_name="comments"),
    )
    c.add(
        "insert_status_long",
        G(
            "update_lead",
            phone_number="3127770025",
            list_id="101",
            **ins,
            status="TOOLONGSTATUS",
            rank="99999",
        ),
        info("1500"),
    )
    c.add(
        "insert_after_delete",
        upd("1499", delete_lead="Y"),
        G("update_lead", phone_number="3127770026", list_id="101", **ins),
        G("lead_search", phone_number="3127770026"),
    )
