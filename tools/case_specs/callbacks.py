"""callback=Y/REMOVE and lead_callback_info cases."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    cb_read = G(
        "lead_callback_info", lead_id="1300", search_location="ALL", header="YES"
    )
    c.add(
        "cb_add_basic",
        upd(
            "1300",
            callback="Y",
            campaign_id="TESTCAMP",
            callback_datetime="2027-01-02 03:04:05",
            callback_comments="call me",
        ),
        cb_read,
    )
    c.add("cb_add_bad_campaign", upd("1300", callback="Y", campaign_id="NOPE"), cb_read)
    c.add("cb_add_no_campaign", upd("1300", callback="Y"), cb_read)
    c.add(
        "cb_add_useronly",
        upd(
            "1300",
            callback="Y",
            campaign_id="TESTCAMP",
            callback_type="USERONLY",
            callback_user="7777",
            callback_datetime="2027-01-02 03:04:05",
        ),
        cb_read,
    )
    c.add(
        "cb_add_useronly_bad_user",
        upd(
            "1300",
            callback="Y",
            campaign_id="TESTCAMP",
            callback_type="USERONLY",
            callback_user="nobody",
        ),
        cb_read,
    )
    c.add(
        "cb_add_days",
        upd(
            "1300",
            callback="Y",
            campaign_id="ALTCAMP",
            callback_datetime="3DAYS",
            callback_status="CBX",
        ),
        cb_read,
    )
    c.add(
        "cb_add_now",
        upd("1300", callback="Y", campaign_id="ALTCAMP", callback_datetime="NOW"),
        cb_read,
    )
    c.add(
        "cb_add_junk_datetime",
        upd(
            "1300",
            callback="Y",
            campaign_id="ALTCAMP",
            callback_datetime="tomorrow noon",
        ),
        cb_read,
    )
    c.add(
        "cb_update_existing",
        upd(
            "1300",
            callback="Y",
            campaign_id="TESTCAMP",
            callback_datetime="2027-01-02 03:04:05",
        ),
        upd(
            "1300",
            callback="Y",
            callback_datetime="2027-02-03 04:05:06",
            callback_status="CB2",
            callback_comments="moved",
        ),
        upd("1300", callback="Y"),
        upd(
            "1300",
            callback="Y",
            callback_type="USERONLY",
            callback_user="x",
            list_id_field="102",
        ),
        cb_read,
    )
    c.add(
        "cb_remove",
        upd("1300", callback="Y", campaign_id="TESTCAMP"),
        upd("1300", callback="REMOVE"),
        upd("1300", callback="REMOVE"),
        cb_read,
        upd("1300", first_name="After"),
        upd("1300", callback="remove"),
    )
    c.add(
        "cb_records_mix",
        upd(
            "1001",
            callback="Y",
            campaign_id="TESTCAMP",
            callback_datetime="2027-01-01 00:00:00",
        ),
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="3125550001",
            records="5",
            callback="Y",
            campaign_id="ALTCAMP",
        ),
        G("lead_callback_info", lead_id="1001", header="YES"),
        G("lead_callback_info", lead_id="1461", header="YES"),
    )
    c.add(
        "cb_with_update_and_remove_counter",
        upd("1301", callback="Y", campaign_id="TESTCAMP"),
        G(
            "update_lead",
            search_method="PHONE_NUMBER",
            phone_number="3125550301",
            records="3",
            callback="REMOVE",
            first_name="Cnt",
        ),
    )
    for loc in ("", "CURRENT", "ARCHIVE", "ALL", "all", "X"):
        for header in ("", "YES", "NO", "Y"):
            for stage in ("", "csv", "tab", "newline"):
                if stage and header != "YES":
                    continue
                c.add(
                    f"cbinfo_{loc or 'none'}_{header or 'none'}_{stage or 'none'}",
                    upd(
                        "1302",
                        callback="Y",
                        campaign_id="TESTCAMP",
                        callback_datetime="2027-05-05 05:05:05",
                    ),
                    upd("1302", callback="REMOVE"),
                    upd(
                        "1302",
                        callback="Y",
                        campaign_id="ALTCAMP",
                        callback_datetime="2027-06-06 06:06:06",
                    ),
                    G(
                        "lead_callback_info",
                        lead_id="1302",
                        search_location=loc,
                        header=header,
                        stage=stage,
                    ),
                )
    c.add(
        "cbinfo_errors",
        G("lead_callback_info"),
        G("lead_callback_info", lead_id="123456789012"),
        G("lead_callback_info", lead_id="1303"),
        G("lead_callback_info", lead_id="99999"),
    )
    c.add(
        "cbinfo_restricted",
        upd("1303", callback="Y", campaign_id="ALTCAMP"),
        G("lead_callback_info", user="8888", lead_id="1303"),
        upd("1304", callback="Y", campaign_id="TESTCAMP"),
        G("lead_callback_info", user="8888", lead_id="1304"),
        G("lead_callback_info", user="8888", lead_id="1304", search_location="ALL"),
        upd("1304", callback="REMOVE"),
        upd("1304", callback="Y", campaign_id="TESTCAMP"),
        G("lead_callback_info", user="8888", lead_id="1304", search_location="ALL"),
    )
    c.add(
        "cb_delete_lead_archives",
        upd("1305", callback="Y", campaign_id="TESTCAMP"),
        upd("1305", delete_lead="Y"),
        G("lead_callback_info", lead_id="1305", search_location="ALL"),
    )
