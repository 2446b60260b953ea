"""GET/POST precedence, the last POST field, names, formats."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    base = {"source": "test", "user": "6666", "pass": "1234", "function": "update_lead"}
    c.add(
        "get_beats_post",
        raw(
            "POST",
            {**base, "lead_id": "1080", "first_name": "Post"},
            {"first_name": "Get"},
        ),
        info("1080"),
    )
    c.add(
        "get_empty_beats_post",
        raw(
            "POST",
            {**base, "lead_id": "1081", "first_name": "Post"},
            {"first_name": ""},
        ),
        info("1081"),
    )
    c.add(
        "get_function_post_auth",
        raw(
            "POST",
            {
                "source": "test",
                "user": "6666",
                "pass": "1234",
                "lead_id": "1082",
                "no_update": "Y",
            },
            {"function": "update_lead"},
        ),
    )
    c.add("post_only_version", raw("POST", {"function": "version"}))
    c.add(
        "post_last_apostrophe",
        raw("POST", {**base, "lead_id": "1083", "first_name": "A", "x": "it's"}),
        info("1083"),
    )
    c.add(
        "post_last_apostrophe_records",
        raw(
            "POST",
            {
                **base,
                "search_method": "PHONE_NUMBER",
                "phone_number": "3125550001",
                "records": "5",
                "status": "AP",
                "last_name": "O'Neil",
            },
        ),
        G("lead_search", phone_number="3125550001"),
        G("lead_field_info", lead_id="1461", field_name="status"),
        G("lead_field_info", lead_id="1001", field_name="status"),
    )
    c.add(
        "post_last_backslash",
        raw(
            "POST",
            {**base, "lead_id": "1084", "first_name": "B", "last_name": "Lopez\\"},
        ),
        info("1084"),
    )
    c.add(
        "post_last_backslash_field_name",
        raw(
            "POST",
            {
                "source": "test",
                "user": "6666",
                "pass": "1234",
                "function": "lead_field_info",
                "lead_id": "1084",
                "field_name": "status\\",
            },
        ),
    )
    c.add(
        "post_apostrophe_not_last",
        raw(
            "POST",
            {**base, "lead_id": "1085", "last_name": "O'Neil", "first_name": "Ok"},
        ),
        G("lead_field_info", lead_id="1085", field_name="last_name"),
    )
    c.add(
        "post_last_apostrophe_error",
        raw("POST", {**base, "lead_id": "99999", "x": "'"}),
    )
    c.add(
        "post_last_apostrophe_no_update_hopper",
        raw(
            "POST",
            {
                **base,
                "lead_id": "1086",
                "no_update": "Y",
                "add_to_hopper": "Y",
                "x": "'",
            },
        ),
        raw("GET", {**base, "lead_id": "1086", "no_update": "Y", "add_to_hopper": "Y"}),
    )
    c.add(
        "post_last_apostrophe_insert",
        raw(
            "POST",
            {
                **base,
                "search_method": "PHONE_NUMBER",
                "phone_number": "3127770100",
                "insert_if_not_found": "Y",
                "phone_code": "1",
                "list_id": "101",
                "x": "'",
            },
        ),
        G("lead_search", phone_number="3127770100"),
    )
    c.add("post_last_apostrophe_coffee", raw("POST", {"function": "coffee", "x": "'"}))
    c.add(
        "post_last_apostrophe_badlogin", raw("POST", {**base, "pass": "no", "x": "'"})
    )
    c.add(
        "post_last_apostrophe_version", raw("POST", {"function": "version", "x": "a'b"})
    )
    c.add(
        "post_doubled_apostrophe",
        raw("POST", {**base, "lead_id": "1087", "first_name": "D", "x": "a''b"}),
    )
    c.add(
        "post_escaped_apostrophe",
        raw("POST", {**base, "lead_id": "1087", "first_name": "E", "x": "a\\'b"}),
    )
    c.add(
        "post_last_backslash_inner",
        raw("POST", {**base, "lead_id": "1088", "first_name": "F", "x": "a\\b"}),
    )
    c.add(
        "function_case",
        G("Update_Lead", lead_id="1000", no_update="Y"),
        G("UPDATE_LEAD", lead_id="1000", no_update="Y"),
    )
    c.add(
        "function_junk",
        G("update_lead!", lead_id="1000", no_update="Y"),
        G("ver sion"),
        G("version\n"),
    )
    c.add("format_debug", G(None, format="debug"), G("nosuch", format="debug"))
    c.add(
        "no_function_no_auth", raw("GET", {}), raw("GET", {"function": "update_lead"})
    )
    c.add("delete_lead_lowercase", upd("1090", delete_lead="y"), info("1090"))
    c.add(
        "plus_everywhere",
        upd(
            "1091",
            first_name="A+B",
            title="Mr+",
            email="x+y@z.com",
            comments="1+1",
            callback_comments="c+d",
            postal_code="1+2",
        ),
        info("1091"),
    )
    c.add(
        "post_custom_field_label_in_value",
        raw(
            "POST",
            {
                **base,
                "lead_id": "1092",
                "custom_fields": "Y",
                "comments": "x&cf1=y",
                "source": "test",
            },
        ),
    )
    c.add(
        "get_custom_fields_update",
        G("update_lead", lead_id="1093", custom_fields="Y", first_name="CF"),
    )
    c.add(
        "post_custom_fields_update",
        raw("POST", {**base, "lead_id": "1094", "custom_fields": "Y", "cf1": "v"}),
    )
