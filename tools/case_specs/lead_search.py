"""lead_search variants (phones, vendor codes, LEAD_ID mode, scopes)."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    for n, kw in enumerate(
        (
            {"phone_number": "3125550013"},
            {"phone_number": "3125550013,3125550014,3120000000"},
            {"phone_number": "3125550013", "header": "YES"},
            {"phone_number": "312555001"},
            {"phone_number": "12345"},
            {"phone_number": "123,456"},
            {"phone_number": "1234567890123456789"},
            {"phone_number": "3125550013,123"},
            {"phone_number": "3125550013,3125550013"},
            {"phone_number": "03125550013,3125550013"},
            {
                "phone_number": "3125550010,3125550011,3125550012,3125550013",
                "records": "3",
            },
            {"phone_number": "3125550010", "records": "0"},
            {
                "search_method": "VENDOR_LEAD_CODE",
                "vendor_lead_code": "V00001,V00002,NOPE",
            },
            {"search_method": "VENDOR_LEAD_CODE", "vendor_lead_code": "v00001"},
            {"search_method": "VENDOR_LEAD_CODE", "vendor_lead_code": ",,"},
            {"search_method": "VENDOR_LEAD_CODE", "vendor_lead_code": "V\\"},
            {
                "search_method": "VENDOR_LEAD_CODE_PHONE_NUMBER",
                "vendor_lead_code": "V00001",
                "phone_number": "3125550001",
            },
            {
                "search_method": "VENDOR_LEAD_CODE_PHONE_NUMBER",
                "vendor_lead_code": "NOPE",
                "phone_number": "3125550001",
            },
            {"search_method": "LEAD_ID", "lead_id": "1000"},
            {"search_method": "LEAD_ID", "lead_id": "1000", "lead_ids": "1000,1001"},
            {
                "search_method": "LEAD_ID",
                "lead_id": "1000",
                "lead_ids": "1000,1001",
                "header": "YES",
            },
            {"search_method": "LEAD_ID", "lead_ids": "1000"},
            {
                "search_method": "LEAD_ID_PHONE_NUMBER",
                "lead_id": "1",
                "lead_ids": "99999",
                "phone_number": "3125550001",
            },
            {"phone_number": "3125550001", "search_location": "LIST", "list_id": "101"},
            {"phone_number": "3125550001", "search_location": "LIST", "list_id": "102"},
            {
                "phone_number": "3125550001",
                "search_location": "CAMPAIGN",
                "list_id": "101",
            },
            {
                "phone_number": "3125550001",
                "search_location": "CAMPAIGN",
                "list_id": "999",
            },
            {"phone_number": "3125550001", "stage": "csv", "header": "YES"},
            {"phone_number": "3125550001", "archived_lead": "Y"},
            {"search_method": "PHONE", "phone_number": "3125550001"},
            {},
        )
    ):
        c.add(f"search_{n}", G("lead_search", **kw))
