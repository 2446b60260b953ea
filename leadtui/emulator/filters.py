"""Input filters of non_agent_api.php (naa L799-1248), applied to every request before anything
else. Each parameter keeps only the characters of its class; some then turn ``+`` into a space.

``L`` in a class means letters: ASCII ``a-zA-Z`` when ``system_settings.use_non_latin`` is 0
(naa L924-1081), Unicode ``\\p{L}`` when it is 1 (naa L1083-1240, PCRE with ``/u``: a value that
is not valid UTF-8 becomes empty). ``A`` means ASCII letters in both modes, ``U`` only ``A-Z``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from leadtui.emulator.php import PhpArray, PhpValue

__all__ = ["FILTERS", "apply_filters", "filter_value"]

_DIGITS = "0123456789"
_ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

# name: (kept characters, letter class, "+" becomes " ")
FILTERS: dict[str, tuple[str, str, bool]] = {
    # always ASCII (naa L799-918)
    "list_id": ("-_" + _DIGITS, "A", False),
    "list_id_field": (_DIGITS, "", False),
    "lead_id": (_DIGITS, "", False),
    "lead_ids": ("," + _DIGITS, "", False),
    "list_exists_check": (_DIGITS, "A", False),
    "dialable_count": ("_" + _DIGITS, "A", False),
    "delete_cf_data": ("", "U", False),
    "function": ("-_" + _DIGITS, "A", False),
    "format": (_DIGITS, "A", False),
    "stage": ("-_" + _DIGITS, "A", False),
    "rank": (_DIGITS, "", False),
    "entry_list_id": (_DIGITS, "", False),
    "phone_code": (_DIGITS, "", False),
    "update_phone_number": ("", "U", False),
    "date_of_birth": ("-" + _DIGITS, "", False),
    "gender": ("", "U", False),
    "add_to_hopper": ("", "U", False),
    "hopper_priority": ("-" + _DIGITS, "", False),
    "hopper_local_call_time_check": ("", "U", False),
    "custom_fields": (_DIGITS, "A", False),
    "search_method": ("-_" + _DIGITS, "A", False),
    "insert_if_not_found": ("", "U", False),
    "records": (_DIGITS, "", False),
    "search_location": ("", "U", False),
    "no_update": ("", "U", False),
    "delete_lead": ("", "U", False),
    "called_count": (_DIGITS, "", False),
    "tz_method": ("-_" + _DIGITS, "A", False),
    "reset_lead": ("", "U", False),
    "callback_datetime": ("- +.:/@_" + _DIGITS, "A", False),
    "callback": ("", "U", False),
    "callback_type": ("", "U", False),
    "time_format": ("", "U", False),
    "force_entry_list_id": (_DIGITS, "", False),
    "gmt_offset_now": ("-_." + _DIGITS, "", False),
    "date": ("-" + _DIGITS, "", False),
    "header": (_DIGITS, "A", False),
    "archived_lead": (_DIGITS, "A", False),
    "dnc_check": ("", "U", False),
    "campaign_dnc_check": ("", "U", False),
    "usacan_areacode_check": ("", "U", False),
    "usacan_prefix_check": ("", "U", False),
    "nanpa_ac_prefix_check": ("", "U", False),
    # latin / non-latin (naa L924-1240)
    "status": ("-_" + _DIGITS, "L", False),
    "user": ("-_" + _DIGITS, "L", False),
    "pass": ("-_" + _DIGITS, "L", False),
    "agent_user": ("-_" + _DIGITS, "L", False),
    "phone_number": ("," + _DIGITS, "", False),
    "title": ("- '_." + _DIGITS, "L", False),
    "first_name": ("- '+_." + _DIGITS, "L", True),
    "middle_initial": ("-_" + _DIGITS, "L", False),
    "last_name": ("- '+_." + _DIGITS, "L", True),
    "address1": ("- '+.:/@_" + _DIGITS, "L", True),
    "address2": ("- '+.:/@_" + _DIGITS, "L", True),
    "address3": ("- '+.:/@_" + _DIGITS, "L", True),
    "city": ("- '+.:/@_" + _DIGITS, "L", True),
    "state": ("- " + _DIGITS, "L", False),
    "province": ("- '+._" + _DIGITS, "L", True),
    "postal_code": ("- '+" + _DIGITS, "L", True),
    "country_code": ("-_" + _DIGITS, "L", False),
    "alt_phone": ("- '+_." + _DIGITS, "L", True),
    "email": ("- '+.:/@%_" + _DIGITS, "L", True),
    "security_phrase": ("- '+.:/@_" + _DIGITS, "L", True),
    "campaign_id": ("-_" + _DIGITS, "L", False),
    "multi_alt_phones": ("- +!:_" + _DIGITS, "L", True),
    "source": (_DIGITS, "L", False),
    "owner": ("- '+.:/@_" + _DIGITS, "L", True),
    "user_field": ("-_" + _DIGITS, "L", False),
    "list_name": ("- +.:/@?&_" + _DIGITS, "L", False),
    "callback_status": ("-_" + _DIGITS, "L", False),
    "callback_user": ("-_" + _DIGITS, "L", False),
    "callback_comments": ("- +.:/@_" + _DIGITS, "L", False),
    "call_id": (_DIGITS, "L", False),
    "field_name": ("-_" + _DIGITS, "L", False),
    "leads_counts": ("-_" + _DIGITS, "L", False),
    "remove_from_hopper": (_DIGITS, "L", False),
    "custom_order": ("-_" + _DIGITS, "L", False),
    "local_call_time": ("-_" + _DIGITS, "L", False),
}
# these keep everything but ; # " (byte-wise in both modes), then "+" becomes " "
_FREE_TEXT = ("vendor_lead_code", "source_id", "comments")
_FREE_TEXT_DROP = re.compile('[;#"]')


def _keep_ascii(kept: str, letters: str) -> Callable[[str], str]:
    allowed = set(kept)
    if letters == "A" or letters == "L":
        allowed |= set(_ASCII)
    elif letters == "U":
        allowed |= set(_ASCII[26:])
    return lambda value: "".join(c for c in value if c in allowed)


def _keep_unicode(kept: str) -> Callable[[str], str]:
    allowed = set(kept)

    def keep(value: str) -> str:
        try:
            text = value.encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:  # preg_replace(/u) on invalid UTF-8 returns NULL
            return ""
        kept_text = "".join(c for c in text if c in allowed or c.isalpha())
        return kept_text.encode("utf-8").decode("latin-1")

    return keep


def filter_value(name: str, value: str, non_latin: bool = False) -> str:
    """The value of parameter ``name`` after its filter (unknown parameters are unchanged)."""
    if name in _FREE_TEXT:
        return _FREE_TEXT_DROP.sub("", value).replace("+", " ")
    spec = FILTERS.get(name)
    if spec is None:
        return value
    kept, letters, plus_to_space = spec
    if letters == "L" and non_latin:
        value = _keep_unicode(kept)(value)
    else:
        value = _keep_ascii(kept, letters)(value)
    return value.replace("+", " ") if plus_to_space else value


def apply_filters(
    raw: dict[str, PhpValue], non_latin: bool = False
) -> dict[str, PhpValue]:
    """Filter every known parameter; arrays stay arrays (preg_replace maps over them)."""
    out: dict[str, PhpValue] = {}
    for name, value in raw.items():
        out[name] = (
            value
            if isinstance(value, PhpArray)
            else filter_value(name, value, non_latin)
        )
    return out
