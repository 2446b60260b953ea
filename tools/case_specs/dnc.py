"""add_dnc_phone / delete_dnc_phone cases (dataset-dnc.json: 6667 may delete)."""

from __future__ import annotations

from dsl import Cases, G, P


def add(phone: str, campaign: str | None, user: str = "6666", **extra: str) -> dict:
    params = {"phone_number": phone, **extra}
    if campaign is not None:
        params["campaign_id"] = campaign
    return G("add_dnc_phone", user, **params)


def delete(phone: str, campaign: str | None, user: str = "6667", **extra: str) -> dict:
    params = {"phone_number": phone, **extra}
    if campaign is not None:
        params["campaign_id"] = campaign
    return G("delete_dnc_phone", user, **params)


def build(c: Cases) -> None:
    c.add("dnc_add_system", add("3125550010", "SYSTEM_INTERNAL"))
    c.add(
        "dnc_add_system_twice",
        add("3125550010", "SYSTEM_INTERNAL"),
        add("3125550010", "SYSTEM_INTERNAL"),
    )
    c.add("dnc_add_system_existing", add("3125550099", "SYSTEM_INTERNAL"))
    c.add(
        "dnc_add_campaign_then_another",
        add("3125550011", "TESTCAMP"),
        add("3125550011", "TESTCAMP"),
        add("3125550011", "ALTCAMP"),
        add("3125550011", "SYSTEM_INTERNAL"),
    )
    c.add("dnc_add_campaign_existing", add("3125550097", "TESTCAMP"))
    c.add("dnc_add_campaign_case", add("3125550097", "testcamp"))
    c.add("dnc_add_unknown_campaign", add("3125550012", "NOSUCH"))
    c.add(
        "dnc_add_long_campaign_twice",
        add("3125550013", "LONGCAMPAIGN"),
        add("3125550013", "LONGCAMPAIGN"),
        add("3125550013", "LONGCAMP"),
    )
    c.add("dnc_add_campaign_filtered", add("3125550014", "TEST CAMP!"))
    c.add("dnc_add_formatted_phone", add("(312) 555-0015", "SYSTEM_INTERNAL"))
    c.add("dnc_add_commas", add("312,555,0016", "SYSTEM_INTERNAL"))
    c.add("dnc_add_short_phone", add("31255", "SYSTEM_INTERNAL"))
    c.add("dnc_add_six_digits", add("312555", "SYSTEM_INTERNAL"))
    c.add("dnc_add_no_campaign", add("3125550017", None))
    c.add("dnc_add_empty_campaign", add("3125550017", ""))
    c.add("dnc_add_no_phone", add("", "SYSTEM_INTERNAL"))
    c.add(
        "dnc_add_long_phone_twice",
        add("312555001812345678901", "SYSTEM_INTERNAL"),
        add("312555001812345678901", "SYSTEM_INTERNAL"),
    )
    c.add(
        "dnc_add_long_phone_campaign_twice",
        add("312555001912345678901", "TESTCAMP"),
        add("312555001912345678901", "TESTCAMP"),
    )
    c.add("dnc_add_no_modify_lists", add("3125550020", "SYSTEM_INTERNAL", user="6668"))
    c.add("dnc_add_level_7", add("3125550020", "SYSTEM_INTERNAL", user="6669"))
    c.add("dnc_add_user_7777", add("3125550020", "SYSTEM_INTERNAL", user="7777"))
    c.add("dnc_add_user_5555", add("3125550020", "SYSTEM_INTERNAL", user="5555"))
    c.add("dnc_add_restricted_user", add("3125550020", "TESTCAMP", user="8888"))
    c.add(
        "dnc_add_function_not_allowed",
        add("3125550020", "SYSTEM_INTERNAL", user="4444"),
    )
    c.add("dnc_add_bad_source", add("3125550020", "SYSTEM_INTERNAL", source="x"))
    c.add(
        "dnc_add_post_apostrophe_last",
        P(
            "add_dnc_phone",
            phone_number="3125550021",
            campaign_id="SYSTEM_INTERNAL",
            comments="O'Brien",
        ),
    )
    c.add("dnc_delete_system", delete("3125550099", "SYSTEM_INTERNAL"))
    c.add(
        "dnc_delete_system_twice_then_add",
        delete("3125550098", "SYSTEM_INTERNAL"),
        delete("3125550098", "SYSTEM_INTERNAL"),
        add("3125550098", "SYSTEM_INTERNAL"),
    )
    c.add("dnc_delete_campaign", delete("3125550097", "TESTCAMP"))
    c.add("dnc_delete_campaign_case", delete("3125550097", "testcamp"))
    c.add("dnc_delete_other_campaign", delete("3125550097", "ALTCAMP"))
    c.add("dnc_delete_missing", delete("3125550030", "SYSTEM_INTERNAL"))
    c.add("dnc_delete_short_phone", delete("31255", "SYSTEM_INTERNAL"))
    c.add("dnc_delete_no_campaign", delete("3125550099", None))
    c.add("dnc_delete_formatted", delete("(312) 555-0099", "SYSTEM_INTERNAL"))
    c.add(
        "dnc_delete_without_permission",
        delete("3125550099", "SYSTEM_INTERNAL", user="6666"),
    )
    c.add(
        "dnc_delete_no_modify_lists",
        delete("3125550099", "SYSTEM_INTERNAL", user="6668"),
    )
    c.add("dnc_delete_level_7", delete("3125550099", "SYSTEM_INTERNAL", user="6669"))
    c.add(
        "dnc_add_delete_add_campaign",
        add("3125550031", "ALTCAMP"),
        delete("3125550031", "ALTCAMP"),
        add("3125550031", "ALTCAMP"),
    )
