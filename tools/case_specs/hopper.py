"""add_to_hopper / remove_from_hopper cases."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    c.add(
        "hopper_add_twice",
        upd("1400", add_to_hopper="Y", no_update="Y"),
        upd("1400", add_to_hopper="Y", no_update="Y"),
    )
    c.add(
        "hopper_add_with_update",
        upd("1401", add_to_hopper="Y", first_name="H", hopper_priority="50"),
    )
    c.add(
        "hopper_remove_twice",
        upd("1402", add_to_hopper="Y", no_update="Y"),
        upd("1402", remove_from_hopper="Y", no_update="Y"),
        upd("1402", remove_from_hopper="Y", no_update="Y"),
    )
    c.add(
        "hopper_remove_and_add", upd("1403", add_to_hopper="Y", remove_from_hopper="Y")
    )
    c.add(
        "hopper_remove_lower",
        upd("1404", add_to_hopper="Y", no_update="Y"),
        upd("1404", remove_from_hopper="y"),
        upd("1404", remove_from_hopper="YES"),
    )
    for i, prio in enumerate(("-150", "150", "5-3", "--", "-", "abc", "007", "-99")):
        c.add(
            f"hopper_priority_{i}",
            upd(str(1405 + i), add_to_hopper="Y", hopper_priority=prio),
        )
    c.add(
        "hopper_time_check",
        upd("1420", add_to_hopper="Y", hopper_local_call_time_check="Y"),
    )
    c.add(
        "hopper_time_check_gmt",
        upd("1421", gmt_offset_now="9.00"),
        upd("1421", add_to_hopper="Y", hopper_local_call_time_check="Y"),
        upd("1422", gmt_offset_now="-12.00"),
        upd("1422", add_to_hopper="Y", hopper_local_call_time_check="Y"),
        upd("1423", gmt_offset_now="3.00"),
        upd("1423", add_to_hopper="Y", hopper_local_call_time_check="Y"),
    )
    c.add(
        "hopper_not_found_request_lead",
        G(
            "update_lead",
            search_method="LEAD_ID_VENDOR_LEAD_CODE",
            lead_id="99999",
            vendor_lead_code="V00042",
            add_to_hopper="Y",
            no_update="Y",
        ),
    )
    c.add(
        "hopper_list_override",
        upd("1424", add_to_hopper="Y", list_id="138", no_update="Y"),
        upd("1425", add_to_hopper="Y", list_id="555", no_update="Y"),
    )
    c.add(
        "hopper_vendor_backslash",
        upd("1426", vendor_lead_code="ab\\\\"),
        upd("1426", add_to_hopper="Y", no_update="Y"),
    )
    c.add(
        "hopper_phone_echo",
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="3125550027",
            add_to_hopper="Y",
            no_update="Y",
        ),
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="3125550027",
            remove_from_hopper="Y",
            no_update="Y",
        ),
    )
    c.add(
        "hopper_delete_lead_keeps_row",
        upd("1428", add_to_hopper="Y", no_update="Y"),
        upd("1428", delete_lead="Y"),
        upd("1428", remove_from_hopper="Y", no_update="Y"),
    )
    c.add("hopper_not_found_no_match", upd("99999", add_to_hopper="Y"))
