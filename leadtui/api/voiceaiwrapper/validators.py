"""Checks for the values a VoiceAIWrapper lead update carries: phone and email.

Phone numbers are the key of a lead, so they are normalised to E.164 with
libphonenumber (``phonenumbers``): the same lead typed as ``(415) 555-2671``
or ``+1 415-555-2671`` must become the same key ``+14155552671``.

Email addresses get a deliberately small structural check (the
``email-validator`` package is not a dependency): it catches what a CSV
column swap or a typo produces, not every address RFC 5322 forbids.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

#: Region assumed for numbers written without a ``+`` country code.
DEFAULT_REGION = "US"

_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
    NumberParseException.NOT_A_NUMBER: "not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}

_LENGTH_REASONS = {
    ValidationResult.INVALID_COUNTRY_CODE: "unknown country code",
    ValidationResult.TOO_SHORT: "too short",
    ValidationResult.TOO_LONG: "too long",
    ValidationResult.INVALID_LENGTH: "wrong number of digits",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "missing its area code",
}


def check_region(region: str) -> str:
    """The region code upper-cased, or ValueError if libphonenumber does not know it."""
    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"unknown phone region {region!r} (use a code such as 'US')")
    return code


def normalise_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """``text`` as an E.164 number (``+14155552671``), or ValueError saying why not.

    Numbers without a leading ``+`` are read as numbers of ``region``.
    """
    region = check_region(region)
    shown = text.strip()
    if not shown:
        raise ValueError("phone number is empty")
    try:
        number = phonenumbers.parse(shown, region)
    except NumberParseException as exc:
        reason = _PARSE_REASONS.get(exc.error_type, "not a phone number")
        raise ValueError(f"{shown!r} is not a valid phone number: {reason}") from None
    if number.extension:
        raise ValueError(
            f"{shown!r} has an extension ({number.extension}); "
            "E.164 numbers cannot carry one"
        )
    if any(ch.isalpha() for ch in shown):
        # libphonenumber reads letters as a keypad word (1-800-FLOWERS); a key
        # column holding letters is more likely a wrong column than a vanity number
        raise ValueError(f"{shown!r} is not a valid phone number: it holds letters")
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != ValidationResult.IS_POSSIBLE:
        reason = _LENGTH_REASONS.get(possible, "not a possible number")
        raise ValueError(f"{shown!r} is not a valid phone number: {reason}")
    if not phonenumbers.is_valid_number(number):
        raise ValueError(
            f"{shown!r} is not a valid phone number: no such number range "
            f"(read as a {region} number unless it starts with +)"
        )
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


_LOCAL_FORBIDDEN = frozenset('"(),:;<>[\\]')


def normalise_email(text: str) -> str:
    """``text`` trimmed, with the domain lower-cased; ValueError if it cannot be an address.

    Accepts ``local@domain.tld`` where the local part has no spaces, quotes
    or brackets and no empty dot-separated piece, and the domain has two or
    more labels of letters, digits and inner hyphens (non-ASCII letters
    allowed), the last not all digits. Quoted local parts and IP-literal
    domains, legal but never seen in lead lists, are refused.
    """
    value = text.strip()
    if not value:
        raise ValueError("email address is empty")
    if len(value) > 254:
        raise ValueError("email address is longer than 254 characters")
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        raise ValueError(f"{value!r} is not an email address: it needs name@domain")
    if "@" in local:
        raise ValueError(f"{value!r} is not an email address: more than one @")
    if len(local) > 64:
        raise ValueError(
            f"{value!r} is not an email address: the part before @ is too long"
        )
    if any(
        ch.isspace() or not ch.isprintable() or ch in _LOCAL_FORBIDDEN for ch in local
    ):
        raise ValueError(
            f"{value!r} is not an email address: the part before @ holds a space, "
            "quote, bracket or control character"
        )
    if "" in local.split("."):
        raise ValueError(f"{value!r} is not an email address: misplaced dot before @")
    labels = domain.lower().split(".")
    if len(labels) < 2 or not all(_is_domain_label(label) for label in labels):
        raise ValueError(f"{value!r} is not an email address: bad domain {domain!r}")
    if labels[-1].isdigit():
        raise ValueError(f"{value!r} is not an email address: bad domain {domain!r}")
    return f"{local}@{'.'.join(labels)}"


def _is_domain_label(label: str) -> bool:
    return (
        0 < len(label) <= 63
        and not label.startswith("-")
        and not label.endswith("-")
        and all(ch.isalnum() or ch == "-" for ch in label)
    )
