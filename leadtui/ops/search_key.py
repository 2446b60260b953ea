"""What a search key is (the search form's first choice): an enum with no
protocol models behind it, so the search screen can offer it before they load."""

from __future__ import annotations

from enum import StrEnum


class KeyKind(StrEnum):
    """What the search key is."""

    LEAD_ID = "lead_id"
    VENDOR = "vendor"
    PHONE = "phone"
