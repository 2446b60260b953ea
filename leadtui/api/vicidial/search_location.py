"""Where ``update_lead`` looks for a lead (``search_location``): one enum, no
pydantic, so the config can name it without loading the request models."""

from __future__ import annotations

from enum import StrEnum


class SearchLocation(StrEnum):
    SYSTEM = "SYSTEM"
    LIST = "LIST"
    CAMPAIGN = "CAMPAIGN"
