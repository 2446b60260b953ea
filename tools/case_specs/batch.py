"""batch_update_lead cases."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    for n, ids in enumerate(
        (
            "1,,2",
            ",1000",
            "1000,",
            ",,,",
            "1000",
            "1000,1000,1000",
            "99999",
            "0001000,1001",
            "1000 1001",
            "1000;1001",
            "99999999999999999999999,1002",
            "a,b",
            ",",
            "1000-1001",
        )
    ):
        c.add(
            f"batch_ids_{n}",
            G("batch_update_lead", lead_ids=ids, status="BT"),
            G("lead_field_info", lead_id="1000", field_name="status"),
        )
    for n, records in enumerate(("0", "1", "2", "", "00001", "18446744073709551616")):
        c.add(
            f"batch_records_{n}",
            G(
                "batch_update_lead",
                lead_ids="1200,1201,1202",
                records=records,
                status="BR",
            ),
            G("lead_search", phone_number="3125550200,3125550201,3125550202"),
        )
    c.add(
        "batch_same_values",
        G("batch_update_lead", lead_ids="1203,1204", status="NEW"),
        G("batch_update_lead", lead_ids="1203,1204", status="NEW"),
    )
    c.add(
        "batch_many_fields",
        G(
            "batch_update_lead",
            lead_ids="1205,1206",
            first_name="Bat",
            comments="c\nd",
            called_count="9",
            rank="4",
            gmt_offset_now="-7",
            date_of_birth="2000-01-01",
            gender="M",
            owner="bo",
            phone_code="44",
            reset_lead="Y",
            user_field="bu",
            vendor_lead_code="BV",
            source_id="BS",
        ),
        info("1205"),
        info("1206"),
    )
    c.add(
        "batch_phone_not_supported",
        G(
            "batch_update_lead",
            lead_ids="1207",
            phone_number="3120000000",
            update_phone_number="Y",
        ),
    )
    c.add(
        "batch_entry_list_not_supported",
        G("batch_update_lead", lead_ids="1207", entry_list_id="555"),
    )
    c.add(
        "batch_trailing_backslash",
        G("batch_update_lead", lead_ids="1208", comments="z\\"),
        info("1208"),
    )
    c.add(
        "batch_list_exists_ok",
        G(
            "batch_update_lead",
            lead_ids="1209",
            list_id_field="101",
            list_exists_check="Y",
        ),
        info("1209"),
    )
    c.add(
        "batch_archived",
        G("batch_update_lead", lead_ids="1210", status="A", archived_lead="Y"),
    )
    c.add(
        "batch_1000_ids",
        G(
            "batch_update_lead",
            lead_ids=",".join(str(i) for i in range(1000, 1500)),
            records="7",
            status="BIG",
        ),
    )
    c.add(
        "batch_post_many",
        P(
            "batch_update_lead",
            lead_ids=",".join(str(i) for i in range(1499, 999, -1)),
            status="PM",
        ),
    )
    c.add(
        "batch_deleted_lead",
        upd("1211", delete_lead="Y"),
        G("batch_update_lead", lead_ids="1211,1212", status="DL"),
    )
