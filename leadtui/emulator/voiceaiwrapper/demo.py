"""The seeded demo account: two API keys, a campaign of ~500 leads, a foreign campaign.

Same seed, same data: phone numbers use real US area codes (libphonenumber
accepts them), emails use the reserved example.* domains.
"""

from __future__ import annotations

import random

from leadtui.emulator.voiceaiwrapper.state import ApiKey, Campaign, StoredLead

DEMO_SEED = 20261124
DEMO_TENANT = "tenant_demo"
OTHER_TENANT = "tenant_other"
DEMO_KEY = "vaw_demo_3f9c2a7e51b84d06a1c5e2f8"
DISABLED_KEY = "vaw_disabled_0b7d4e19c6a2f35e8d41"
DEMO_CAMPAIGN_ID = "camp_demo01"
#: A campaign of another workspace: the demo key gets 403 on it.
OTHER_CAMPAIGN_ID = "camp_other01"

DEMO_KEYS = (
    ApiKey(DEMO_KEY, DEMO_TENANT, name="demo"),
    ApiKey(DISABLED_KEY, DEMO_TENANT, name="disabled", enabled=False),
)

_AREA_CODES = (
    "201", "202", "206", "212", "213", "214", "305", "312", "313", "404",
    "415", "503", "512", "602", "617", "646", "702", "713", "718", "720",
    "786", "808", "818", "858", "904", "917", "919", "972",
)  # fmt: skip
_FIRST = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
    "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph",
    "Jessica", "Thomas", "Sarah", "Carlos", "Karen", "Daniel", "Lisa", "Matthew",
    "Nancy", "Anthony", "Sofia", "Mark", "Maria", "Luis", "Emily", "Kevin", "Aisha",
    "Brian", "Mei", "Andre", "Olivia", "Hiroshi", "Grace", "Omar", "Chloe",
)  # fmt: skip
_LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
    "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
    "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
    "Nguyen", "Kim", "O'Brien", "Patel", "Chen", "Okafor", "Schmidt", "Rossi", "Cohen",
)  # fmt: skip
_DOMAINS = ("example.com", "example.org", "example.net", "mail.example.com")
_PLANS = ("basic", "pro", "enterprise")
_SOURCES = ("web", "referral", "expo", "import")


def _phone(rng: random.Random) -> str:
    while True:
        exchange = rng.randint(200, 999)
        if exchange % 100 != 11 and exchange != 555:  # N11 codes are not exchanges
            return f"+1{rng.choice(_AREA_CODES)}{exchange}{rng.randint(0, 9999):04d}"


def demo_campaign(
    seed: int = DEMO_SEED,
    count: int = 500,
    campaign_id: str = DEMO_CAMPAIGN_ID,
    tenant: str = DEMO_TENANT,
) -> Campaign:
    """``count`` leads with names, phones, most with an email, ~30% answered,
    ~5% do-not-call, and ``plan``/``source`` custom fields."""
    rng = random.Random(seed)
    campaign = Campaign(campaign_id, tenant, name="Spring renewals (demo)")
    while len(campaign.leads) < count:
        phone = _phone(rng)
        if phone in campaign.leads:
            continue
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        email = ""
        if rng.random() < 0.9:
            local = f"{first}.{last}".lower().replace("'", "")
            email = f"{local}{rng.randint(1, 99)}@{rng.choice(_DOMAINS)}"
        campaign.add(
            StoredLead(
                campaign.next_lead_id(),
                phone,
                first_name=first,
                last_name=last,
                email=email,
                do_not_call=rng.random() < 0.05,
                custom_fields={
                    "plan": rng.choice(_PLANS),
                    "source": rng.choice(_SOURCES),
                },
                answered=rng.random() < 0.3,
            )
        )
    return campaign


def other_campaign(seed: int = DEMO_SEED) -> Campaign:
    return demo_campaign(seed + 1, 20, OTHER_CAMPAIGN_ID, OTHER_TENANT)


def demo_phone_numbers(count: int = 5, seed: int = DEMO_SEED) -> list[str]:
    """The first ``count`` phone numbers of the demo campaign (the same every run:
    the campaign is generated from a fixed seed, in order)."""
    return list(demo_campaign(seed, count=count).leads)[:count]


#: A number no demo lead has (555 exchanges are never generated).
NOT_IN_DEMO = "+14155552671"


def demo_sample_csv(seed: int = DEMO_SEED) -> str:
    """A CSV for the demo campaign: four of its leads (a name, do-not-call, a
    custom field, mark_as_unanswered) and one number it does not hold."""
    first, second, third, fourth = demo_phone_numbers(4, seed)
    return (
        "phone_number,first_name,do_not_call,custom_plan,mark_as_unanswered\n"
        f"{first},Zoe,,pro,\n"
        f"{second},,yes,,\n"
        f"{third},Ann,,enterprise,\n"
        f"{fourth},,,,yes\n"
        f"{NOT_IN_DEMO},Nobody,,,\n"
    )
