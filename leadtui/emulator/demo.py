"""The built-in demo dataset: a few thousand realistic, deterministic leads.

Same shape as tests/fixtures/dataset.json (users, user_groups, campaigns, lists, leads) plus
callbacks, hopper rows, custom fields and system settings. The five users are those of the
transcript dataset (password ``1234``): 6666 full rights, 7777 cannot update, 8888 restricted to
campaign SALES, 5555 read-only, 4444 only ``version``/``lead_all_info``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

__all__ = ["demo_dataset"]

Row = dict[str, str | None]

FIRST = (
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Carlos",
    "Maria",
    "Wei",
    "Aisha",
    "Dmitri",
    "Priya",
    "Kenji",
    "Fatima",
    "Liam",
    "Olivia",
    "Noah",
    "Emma",
    "Ava",
    "Lucas",
    "Sofia",
    "Mateo",
    "Chloe",
    "Ethan",
)
LAST = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Nguyen",
    "Patel",
    "Kim",
    "Chen",
    "Kowalski",
    "Rossi",
)
APOSTROPHE_LAST = ("O'Brien", "O'Connor", "D'Angelo", "O'Neil", "D'Souza")
# city, state, postal code, area code, GMT offset
PLACES = (
    ("New York", "NY", "10001", "212", "-5.00"),
    ("Brooklyn", "NY", "11201", "718", "-5.00"),
    ("Boston", "MA", "02108", "617", "-5.00"),
    ("Philadelphia", "PA", "19103", "215", "-5.00"),
    ("Miami", "FL", "33130", "305", "-5.00"),
    ("Atlanta", "GA", "30303", "404", "-5.00"),
    ("Chicago", "IL", "60601", "312", "-6.00"),
    ("Houston", "TX", "77002", "713", "-6.00"),
    ("Dallas", "TX", "75201", "214", "-6.00"),
    ("Minneapolis", "MN", "55401", "612", "-6.00"),
    ("New Orleans", "LA", "70112", "504", "-6.00"),
    ("Denver", "CO", "80202", "303", "-7.00"),
    ("Phoenix", "AZ", "85004", "602", "-7.00"),
    ("Salt Lake City", "UT", "84101", "801", "-7.00"),
    ("Los Angeles", "CA", "90012", "213", "-8.00"),
    ("San Diego", "CA", "92101", "619", "-8.00"),
    ("Seattle", "WA", "98101", "206", "-8.00"),
    ("Portland", "OR", "97204", "503", "-8.00"),
)
STREETS = (
    "Main St",
    "Oak Ave",
    "Maple Dr",
    "Cedar Ln",
    "Elm St",
    "Pine Rd",
    "Lakeview Blvd",
    "Washington Ave",
    "Park Pl",
    "Sunset Blvd",
    "Hillcrest Rd",
    "River Rd",
)
STATUSES = (
    ("NEW",) * 10 + ("NA",) * 5 + ("SALE",) * 2 + ("DNC", "CALLBK", "B", "NI", "A")
)
SOURCES = ("WEB", "TRADESHOW", "REFERRAL", "PARTNER", "IMPORT")
COMMENTS = (
    "",
    "",
    "",
    "Prefers mornings",
    "Asked for a quote",
    "Spouse decides",
    "Call back after the 15th",
    "Spanish speaker",
    "Left voicemail twice",
    "Interested in the premium plan",
    "Moved, new address pending",
)
LISTS = (
    ("101", "Spring leads", "SALES"),
    ("102", "Web forms", "SALES"),
    ("103", "Trade show", "SALES"),
    ("201", "Renewals 2026", "RENEWALS"),
    ("202", "Win-back", "RENEWALS"),
)


def _users() -> list[Row]:
    def user(
        uid: str,
        level: str,
        group: str,
        modify_leads: str,
        restrict: str = "0",
        allowed: str = " ALL_FUNCTIONS ",
    ) -> Row:
        return {
            "user": uid,
            "pass": "1234",
            "full_name": f"API {uid}",
            "user_level": level,
            "user_group": group,
            "active": "Y",
            "modify_leads": modify_leads,
            "vdc_agent_api_access": "1",
            "view_reports": "1",
            "modify_lists": "1",
            "api_list_restrict": restrict,
            "api_allowed_functions": allowed,
            # the demo's DNC walkthrough removes numbers and undoes additions
            "delete_from_dnc": "1",
        }

    return [
        user("4444", "9", "ADMIN", "1", allowed=" version lead_all_info "),
        user("5555", "8", "ADMIN", "5"),
        user("6666", "9", "ADMIN", "1"),
        user("7777", "7", "ADMIN", "0"),
        user("8888", "9", "RESTRICT", "1", restrict="1"),
    ]


def _lead(
    rng: random.Random,
    lead_id: int,
    list_id: str,
    entry: datetime,
    phone: str | None,
    last: str | None,
) -> Row:
    city, state, postal, area, gmt = rng.choice(PLACES)
    first = rng.choice(FIRST)
    last = last or rng.choice(LAST)
    status = rng.choice(STATUSES)
    called = 0 if status == "NEW" else rng.randint(1, 12)
    last_call = entry + timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 9))
    email_user = f"{first}.{last}".lower().replace("'", "")
    return {
        "lead_id": str(lead_id),
        "entry_date": entry.strftime("%Y-%m-%d %H:%M:%S"),
        "status": status,
        "user": None
        if called == 0
        else rng.choice(("6666", "agent01", "agent02", "agent07")),
        "vendor_lead_code": f"VL{lead_id:07d}",
        "source_id": rng.choice(SOURCES),
        "list_id": list_id,
        "gmt_offset_now": gmt,
        "called_since_last_reset": "N" if called == 0 else rng.choice(("Y", "N")),
        "phone_code": "1",
        "phone_number": phone or f"{area}555{rng.randint(0, 9999):04d}",
        "title": rng.choice((None, None, "Mr", "Ms", "Mrs", "Dr")),
        "first_name": first,
        "middle_initial": rng.choice((None, None, "A", "J", "M", "R")),
        "last_name": last,
        "address1": f"{rng.randint(1, 9999)} {rng.choice(STREETS)}",
        "address2": rng.choice((None, None, None, f"Apt {rng.randint(1, 40)}")),
        "address3": None,
        "city": city,
        "state": state,
        "province": None,
        "postal_code": postal,
        "country_code": "USA",
        "gender": rng.choice(("M", "F", "U")),
        "date_of_birth": rng.choice(
            (
                None,
                f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-"
                f"{rng.randint(1, 28):02d}",
            )
        ),
        "alt_phone": rng.choice((None, None, f"{area}555{rng.randint(0, 9999):04d}")),
        "email": rng.choice((None, f"{email_user}@example.com")),
        "security_phrase": None,
        "comments": rng.choice(COMMENTS),
        "called_count": str(called),
        "last_local_call_time": None
        if called == 0
        else last_call.strftime("%Y-%m-%d %H:%M:%S"),
        "rank": str(rng.choice((0, 0, 0, 1, 5))),
        "owner": rng.choice(("", "team-east", "team-west")),
        "entry_list_id": list_id,
    }


def demo_dataset(seed: int = 2026, leads: int = 3000) -> dict[str, Any]:
    """Build the demo dataset (same seed → same data)."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 5, 8, 0, 0)
    rows: list[Row] = []
    phones: list[str] = []
    for i in range(leads):
        lead_id = 1000 + i
        list_id = LISTS[rng.choices(range(len(LISTS)), (30, 25, 10, 25, 10))[0]][0]
        reuse = phones and rng.random() < 0.03
        phone = rng.choice(phones) if reuse else None
        last = rng.choice(APOSTROPHE_LAST) if rng.random() < 0.004 else None
        row = _lead(
            rng, lead_id, list_id, start + timedelta(minutes=97 * i), phone, last
        )
        phones.append(str(row["phone_number"]))
        rows.append(row)
    callbacks = []
    for n, row in enumerate([r for r in rows if r["status"] == "CALLBK"][:12], start=1):
        campaign = next(c for lid, _, c in LISTS if lid == row["list_id"])
        callbacks.append(
            {
                "callback_id": str(n),
                "lead_id": row["lead_id"],
                "list_id": row["list_id"],
                "campaign_id": campaign,
                "status": "ACTIVE",
                "entry_time": "2026-11-20 09:30:00",
                "callback_time": f"2026-12-{n:02d} 1{n % 8}:00:00",
                "user": "6666" if n % 3 == 0 else "",
                "recipient": "USERONLY" if n % 3 == 0 else "ANYONE",
                "comments": "Requested a call back",
                "user_group": "ADMIN",
                "lead_status": "CALLBK",
            }
        )
    hopper = []
    for n, row in enumerate([r for r in rows if r["status"] == "NEW"][:10], start=1):
        campaign = next(c for lid, _, c in LISTS if lid == row["list_id"])
        hopper.append(
            {
                "hopper_id": str(n),
                "lead_id": row["lead_id"],
                "campaign_id": campaign,
                "status": "READY",
                "list_id": row["list_id"],
                "gmt_offset_now": row["gmt_offset_now"],
                "state": row["state"],
                "user": "",
                "priority": "0",
                "source": "S",
                "vendor_lead_code": row["vendor_lead_code"],
            }
        )
    renewals = [r for r in rows if r["list_id"] == "201"][:200]
    return {
        "about": (
            "leadtui demo dataset (generated by leadtui.emulator.demo, seed "
            f"{seed}); use_non_latin=0, pass_hash_enabled=0. Every password is 1234."
        ),
        "users": _users(),
        "user_groups": [
            {
                "user_group": "RESTRICT",
                "group_name": "Restricted",
                "allowed_campaigns": " SALES -",
            },
            {
                "user_group": "ADMIN",
                "group_name": "Admins",
                "allowed_campaigns": " -ALL-CAMPAIGNS- - -",
            },
        ],
        "campaigns": [
            {
                "campaign_id": "SALES",
                "campaign_name": "Outbound sales",
                "active": "Y",
                "dial_statuses": " NEW NA CALLBK -",
            },
            {"campaign_id": "RENEWALS", "campaign_name": "Renewals", "active": "Y"},
        ],
        "lists": [
            {"list_id": lid, "list_name": name, "campaign_id": camp, "active": "Y"}
            for lid, name, camp in LISTS
        ],
        "leads": rows,
        "callbacks": callbacks,
        "hopper": hopper,
        "custom_fields": [
            {
                "field_id": "1",
                "list_id": "201",
                "field_label": "renewal_date",
                "field_name": "Renewal date",
                "field_rank": "1",
                "field_type": "DATE",
                "field_max": "10",
                "field_order": "1",
            },
            {
                "field_id": "2",
                "list_id": "201",
                "field_label": "plan",
                "field_name": "Plan",
                "field_rank": "2",
                "field_type": "SELECT",
                "field_options": "BASIC,Basic\nPLUS,Plus\nPREMIUM,Premium",
                "field_max": "7",
                "field_order": "1",
            },
        ],
        "custom_data": {
            "201": [
                {
                    "lead_id": r["lead_id"],
                    "renewal_date": f"2027-{rng.randint(1, 12):02d}-01",
                    "plan": rng.choice(("BASIC", "PLUS", "PREMIUM")),
                }
                for r in renewals
            ]
        },
        "system_settings": {"custom_fields_enabled": "1"},
    }
