"""Requests that make the real server crash (HTTP 500) and their neighbours."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    c.add("crash_array_lead_id", G("update_lead", lead_id="1000", **{"lead_id[]": "1"}))
    c.add(
        "crash_array_first_name_no_update",
        G("update_lead", lead_id="1000", no_update="Y", **{"first_name[]": "1"}),
    )
    c.add(
        "crash_array_first_name",
        G("update_lead", lead_id="1000", **{"first_name[]": "1"}),
    )
    c.add("crash_array_user", G("update_lead", lead_id="1000", **{"user[]": "6666"}))
    c.add(
        "crash_array_function", G(None, lead_id="1000", **{"function[]": "update_lead"})
    )
    c.add("crash_array_phone_version", G("version", **{"phone_number[]": "1"}))
    c.add("crash_array_hopper_priority", G("version", **{"hopper_priority[]": "1"}))
    c.add("crash_array_remove_hopper", G("version", **{"remove_from_hopper[]": "Y"}))
    c.add("crash_array_unknown", G("update_lead", lead_id="1000", **{"zzz[]": "1"}))
    c.add(
        "crash_array_no_update",
        G("update_lead", lead_id="1000", first_name="Arr", **{"no_update[]": "Y"}),
    )
    c.add("crash_array_source", G("update_lead", lead_id="1000", **{"source[]": "x"}))
    c.add(
        "crash_array_callback",
        G("update_lead", lead_id="1000", first_name="Cb", **{"callback[]": "Y"}),
    )
    c.add("crash_array_stage", G("lead_all_info", lead_id="1000", **{"stage[]": "csv"}))
    c.add(
        "crash_array_lead_ids",
        G("batch_update_lead", status="A", **{"lead_ids[]": "1"}),
    )
    c.add("crash_array_list_id", G("list_info", **{"list_id[]": "101"}))
    c.add(
        "crash_array_post",
        P("update_lead", lead_id="1000", first_name="Q", **{"x[]": "1"}),
    )
    c.add(
        "crash_apostrophe_lead_all_info",
        upd("1120", last_name="O'Brien"),
        info("1120"),
        G("lead_all_info", phone_number="3125550120"),
        field("1120", "last_name"),
    )
    c.add(
        "crash_apostrophe_search_all",
        upd("1470", first_name="D'Arcy"),
        G("lead_all_info", phone_number="3125550010", header="YES"),
    )
    c.add(
        "crash_apostrophe_restricted",
        upd("1002", last_name="O'Brien"),
        G("lead_all_info", user="8888", lead_id="1002"),
    )
    c.add(
        "crash_escaped_apostrophe_read",
        upd("1121", comments="a\\\\'b"),
        info("1121"),
        field("1121", "comments"),
    )
    c.add(
        "crash_long_phone_search", G("lead_search", phone_number="12345678901234567890")
    )
