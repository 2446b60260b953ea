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


def check(phone: str, user: str = "6666", **extra: str) -> dict:
    """check_phone_number with the always-open call time unless a case names another."""
    params = {"phone_number": phone, "local_call_time": "24hours", **extra}
    return G("check_phone_number", user, **params)


def build_check(c: Cases) -> None:
    c.add("check_plain", check("3125550040"))
    c.add("check_no_call_time", check("3125550040", local_call_time=""))
    c.add("check_unknown_call_time", check("3125550040", local_call_time="NOSUCH"))
    c.add("check_call_time_case", check("3125550040", local_call_time="24HOURS"))
    c.add("check_tz_none", check("3125550040", tz_method="NONE"))
    c.add(
        "check_tz_postal", check("3125550040", tz_method="POSTAL", postal_code="60601")
    )
    c.add("check_tz_postal_short", check("3125550040", tz_method="POSTAL"))
    c.add("check_tz_tzcode", check("3125550040", tz_method="TZCODE", owner="EST"))
    c.add("check_tz_tzcode_one", check("3125550040", tz_method="TZCODE", owner="E"))
    c.add(
        "check_tz_all",
        check(
            "3125550040",
            tz_method="areacode-POSTAL-TZCODE",
            postal_code="60601",
            owner="CST",
            state="IL",
        ),
    )
    c.add("check_tz_nanpa", check("3125550040", tz_method="NANPA"))
    c.add("check_nanpa_flag", check("3125550040", nanpa_ac_prefix_check="Y"))
    c.add("check_short", check("31255"))
    c.add("check_long", check("31255500401234567"))
    c.add("check_sixteen", check("3125550040123456"))
    c.add("check_formatted", check("(312) 555-0040"))
    c.add("check_prefix_bad", check("3121550040", usacan_prefix_check="Y"))
    c.add("check_prefix_good", check("3125550040", usacan_prefix_check="Y"))
    c.add("check_prefix_comma", check("312,555", usacan_prefix_check="Y"))
    c.add("check_areacode", check("3125550040", usacan_areacode_check="Y"))
    c.add("check_phone_code", check("3125550040", phone_code="44"))
    c.add("check_system_listed", check("3125550099", dnc_check="Y"))
    c.add("check_system_not_asked", check("3125550099"))
    c.add("check_system_clear", check("3125550040", dnc_check="Y"))
    c.add("check_system_areacode", check("4155550040", dnc_check="AREACODE"))
    c.add("check_system_areacode_exact", check("3125550098", dnc_check="AREACODE"))
    c.add("check_system_lowercase", check("3125550099", dnc_check="y"))
    c.add(
        "check_campaign_listed",
        check("3125550097", campaign_dnc_check="Y", campaign_id="TESTCAMP"),
    )
    c.add(
        "check_campaign_other",
        check("3125550097", campaign_dnc_check="Y", campaign_id="ALTCAMP"),
    )
    c.add(
        "check_campaign_case",
        check("3125550097", campaign_dnc_check="Y", campaign_id="testcamp"),
    )
    c.add(
        "check_campaign_shared",
        check("3125550097", campaign_dnc_check="Y", campaign_id="DNCSHARE"),
    )
    c.add(
        "check_campaign_areacode",
        check("4155550011", campaign_dnc_check="AREACODE", campaign_id="ALTCAMP"),
    )
    c.add(
        "check_campaign_unknown",
        check("3125550097", campaign_dnc_check="Y", campaign_id="NOSUCH"),
    )
    c.add(
        "check_both_listed",
        check(
            "3125550099",
            dnc_check="Y",
            campaign_dnc_check="Y",
            campaign_id="ALTCAMP",
        ),
    )
    c.add(
        "check_after_add",
        add("3125550041", "SYSTEM_INTERNAL"),
        check("3125550041", dnc_check="Y"),
        G(
            "delete_dnc_phone",
            "6667",
            phone_number="3125550041",
            campaign_id="SYSTEM_INTERNAL",
        ),
        check("3125550041", dnc_check="Y"),
    )
    c.add("check_level_7", check("3125550040", user="7777"))
    c.add("check_level_7_dnc_user", check("3125550040", user="6669"))
    c.add("check_read_only_user", check("3125550040", user="5555"))
    c.add("check_not_allowed", check("3125550040", user="4444"))
    c.add("check_bad_source", check("3125550040", source="x"))
    c.add("check_owner_apostrophe", check("3125550040", owner="O'Brien"))
    c.add(
        "check_tzcode_apostrophe",
        check("3125550040", tz_method="TZCODE", owner="O'B"),
    )
    c.add(
        "check_post",
        P(
            "check_phone_number",
            phone_number="3125550099",
            local_call_time="24hours",
            dnc_check="Y",
        ),
    )
