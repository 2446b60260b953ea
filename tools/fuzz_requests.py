"""Random VICIdial API requests for diff_fuzz.py (parameters the public transcripts do not
cover: odd values, search combinations, flags, users, GET and POST)."""

from __future__ import annotations

import random
from typing import Any

Step = dict[str, Any]

USERS = ["6666"] * 8 + ["8888", "8888", "5555", "7777", "4444", "3333", "2222", "1212"]
# occasional extra parameters for any function, with their values
EXTRA: dict[str, list[str]] = {
    "archived_lead": ["Y", "y"],
    "custom_fields": ["Y"],
    "force_entry_list_id": ["138", "101", "5"],
    "list_id": ["101", "138", "0101", "abc"],
    "stage": ["csv", "tab", "newline", "pipe", "x"],
    "header": ["YES", "NO"],
    "records": ["0", "1", "3", "1000"],
    "search_location": ["LIST", "CAMPAIGN", "ALL", "ARCHIVE"],
    "tz_method": ["TZCODE", "POSTAL", "NANPA"],
    "owner": ["EST", "O'X", "x"],
    "multi_alt_phones": ["3125551111_1_home!3125552222__work", "12"],
    "cf_text": ["cf value", "it's", "x\\", "--BLANK--"],
    "note": ["n", ""],
    "cf_pick": ["A", "B", "Z"],
    "lead_ids": ["1000,1001", "99999", ""],
    "list_id_field": ["101", "138", "999"],
    "custom_order": ["alpha_up", "alpha_down"],
    "campaign_id": ["TESTCAMP", "ALTCAMP", "NOPE"],
    "callback_comments": ["note", "a+b"],
    "callback_status": ["CB1", ""],
    "phone_code": ["1", "44"],
    "format": ["debug"],
}
TEXT = [
    "",
    "Smith",
    "O'Brien",
    "Jos\u00e9",
    "\U0001f600",
    "a+b",
    "a|b",
    "a&b",
    "a;b#c",
    'q"q',
    "a\\b",
    "tail\\",
    "x\\\\",
    "l1\nl2",
    "--BLANK--",
    "x" * 120,
    "  sp  ",
    "a-b_c.d:e/f@g%h",
    "it\\'s",
    "\u00e9" * 40,
    "ABC",
    "abc",
    "V00042",
    "v00042",
    "0",
    "12",
    "-",
    "1e3",
]
FIELDS = [
    "vendor_lead_code",
    "source_id",
    "title",
    "first_name",
    "middle_initial",
    "last_name",
    "address1",
    "city",
    "state",
    "province",
    "postal_code",
    "country_code",
    "alt_phone",
    "email",
    "security_phrase",
    "comments",
    "owner",
    "status",
    "user_field",
]
NUMERIC = {
    "gmt_offset_now": [
        "-5",
        "-5.555",
        "99.999",
        "abc",
        "1.2.3",
        "-0.001",
        "--BLANK--",
        "3",
    ],
    "rank": ["1", "40000", "-3", "x"],
    "called_count": ["0", "70000", "5"],
    "phone_code": ["1", "44", "--BLANK--"],
    "date_of_birth": ["1980-01-02", "2021-02-30", "800102", "--BLANK--", "x"],
    "gender": ["M", "f", "X", "--BLANK--"],
    "list_id_field": ["101", "102", "138", "999", "5"],
    "entry_list_id": ["101", "0", "777"],
}
READ_FIELDS = [
    "status",
    "first_name",
    "last_name",
    "comments",
    "vendor_lead_code",
    "list_id",
    "gmt_offset_now",
    "rank",
    "called_count",
    "called_since_last_reset",
    "date_of_birth",
    "gender",
    "email",
    "owner",
    "user",
    "phone_number",
    "STATUS",
    "lead_id-1",
    "nosuch",
    "entry_list_id",
    "phone_code",
    "title",
]


def lead(r: random.Random) -> str:
    return str(
        r.choice([r.randint(1000, 1499), r.randint(1000, 1020), 1500, 1501, 99999])
    )


def phone(r: random.Random) -> str:
    return r.choice(
        [
            f"3125550{r.randint(0, 499):03d}",
            "3125550010",
            "3125550000",
            "3127770001",
            "12345",
            "3125550013,3125550014",
        ]
    )


def gen_update(r: random.Random) -> dict[str, str]:
    p: dict[str, str] = {}
    mode = r.random()
    if mode < 0.6:
        p["lead_id"] = lead(r)
    elif mode < 0.8:
        p.update(
            search_method="PHONE_NUMBER",
            phone_number=phone(r),
            records=r.choice(["", "1", "3", "5", "0"]),
        )
    else:
        p.update(
            search_method=r.choice(
                ["VENDOR_LEAD_CODE", "VENDOR_LEAD_CODE_PHONE_NUMBER"]
            ),
            vendor_lead_code=r.choice(["V00042", "v00001", "V00000", "NOPE", "V'1"]),
            phone_number=phone(r),
            records=r.choice(["", "2", "5"]),
        )
    if r.random() < 0.2:
        p.update(
            search_location=r.choice(["LIST", "CAMPAIGN", "SYSTEM"]),
            list_id=r.choice(["101", "102", "138", "999", ""]),
        )
    for _ in range(r.choice([0, 1, 1, 2, 3])):
        if r.random() < 0.7:
            p[r.choice(FIELDS)] = r.choice(TEXT)
        else:
            name = r.choice(list(NUMERIC))
            p[name] = r.choice(NUMERIC[name])
    flags = {
        "no_update": ["Y", "y"],
        "delete_lead": ["Y"],
        "reset_lead": ["Y"],
        "update_phone_number": ["Y"],
        "insert_if_not_found": ["Y"],
        "add_to_hopper": ["Y"],
        "remove_from_hopper": ["Y"],
        "callback": ["Y", "REMOVE"],
        "list_exists_check": ["Y"],
        "delete_cf_data": ["Y"],
        "custom_fields": ["Y"],
        "hopper_priority": ["5", "-200"],
    }
    for name, values in flags.items():
        if r.random() < 0.07:
            p[name] = r.choice(values)
    if p.get("insert_if_not_found"):
        p.setdefault("phone_number", phone(r))
        p.setdefault("search_method", "PHONE_NUMBER")
        p.update(
            phone_code=r.choice(["1", "", "44"]), list_id=r.choice(["101", "138", "12"])
        )
    if p.get("callback") == "Y":
        p.update(
            campaign_id=r.choice(["TESTCAMP", "ALTCAMP", "NOPE", ""]),
            callback_datetime=r.choice(["2027-01-01 10:00:00", "2DAYS", "NOW", ""]),
            callback_type=r.choice(["", "USERONLY", "ANYONE"]),
            callback_user=r.choice(["", "6666", "nobody"]),
        )
    return p


def gen(r: random.Random) -> Step:
    function = r.choices(
        [
            "update_lead",
            "batch_update_lead",
            "lead_all_info",
            "lead_field_info",
            "lead_search",
            "list_info",
            "lead_callback_info",
            "campaigns_list",
            "version",
            "list_custom_fields",
            "coffee",
            "",
        ],
        [40, 10, 15, 10, 8, 5, 5, 2, 1, 2, 1, 1],
    )[0]
    p: dict[str, str] = {}
    if function == "update_lead":
        p = gen_update(r)
    elif function == "batch_update_lead":
        ids = [lead(r) for _ in range(r.randint(1, 5))]
        p["lead_ids"] = (
            r.choice([",".join(ids), ",".join(ids) + ",", "1000,,1001"])
            if r.random() < 0.1
            else ",".join(ids)
        )
        for _ in range(r.randint(0, 3)):
            p[r.choice(FIELDS)] = r.choice(TEXT)
        if r.random() < 0.2:
            p["records"] = r.choice(["1", "2", "0"])
    elif function == "lead_all_info":
        p = {"lead_id": lead(r)} if r.random() < 0.7 else {"phone_number": phone(r)}
        p.update(
            header=r.choice(["", "YES"]), stage=r.choice(["", "csv", "tab", "newline"])
        )
    elif function == "lead_field_info":
        p = {"lead_id": lead(r), "field_name": r.choice(READ_FIELDS)}
        if r.random() < 0.15:
            p.update(
                custom_fields="Y", field_name=r.choice(["cf_text", "note", "cf_pick"])
            )
    elif function == "lead_search":
        p = {"phone_number": phone(r), "header": r.choice(["", "YES"])}
        if r.random() < 0.2:
            p.update(
                search_method="VENDOR_LEAD_CODE", vendor_lead_code="V00001,V00042,NOPE"
            )
        elif r.random() < 0.1:
            p.update(search_method="LEAD_ID", lead_id="1", lead_ids="1000,1001,1500")
    elif function == "list_info":
        p = {
            "list_id": r.choice(["101", "102", "138", "999", "0101"]),
            "leads_counts": r.choice(["", "Y"]),
            "header": r.choice(["", "YES"]),
            "dialable_count": r.choice(["", "Y"]),
        }
    elif function == "lead_callback_info":
        p = {"lead_id": lead(r), "search_location": r.choice(["", "ALL", "ARCHIVE"])}
    elif function == "list_custom_fields":
        p = {"list_id": r.choice(["101", "---ALL---"])}
    for name, values in EXTRA.items():
        if r.random() < 0.03:
            p[name] = r.choice(values)
    params = {
        "source": "test",
        "user": r.choice(USERS),
        "pass": "1234",
        "function": function,
        **p,
    }
    if r.random() < 0.03:
        params["pass"] = "bad"
    if r.random() < 0.3:
        step: Step = {"method": "POST", "params": params}
        if r.random() < 0.2:
            step["params"]["x"] = r.choice(["'", "ok", "a\\"])
        if r.random() < 0.1:
            name = r.choice(sorted(params))
            step["query"] = {name: r.choice(["", "1001", "Y", params[name]])}
        return step
    return {"method": "GET", "params": params}
