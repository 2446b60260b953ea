"""What each backend can do, and the one-line reason where it cannot."""

from __future__ import annotations

from enum import StrEnum


class Feature(StrEnum):
    SEARCH = "search"
    EDIT = "edit"
    BATCH_IDS = "batch-ids"  # one set of values for pasted lead IDs
    BATCH_CSV = "batch-csv"  # per-row values from a CSV
    DELETE = "delete"
    RESET = "reset"
    HOPPER = "hopper"
    CALLBACKS = "callbacks"
    UNDO = "undo"
    DNC = "dnc"  # numbers on DNC lists


_VOICEAIWRAPPER_GAPS = {
    Feature.SEARCH: "VoiceAIWrapper's API has no endpoint to list or fetch leads",
    Feature.EDIT: "VoiceAIWrapper's API cannot read a lead to edit it; use a CSV batch",
    Feature.BATCH_IDS: "VoiceAIWrapper leads are keyed by phone number, with values per row: use a CSV batch",
    Feature.DELETE: "leadtui does not delete VoiceAIWrapper leads",
    Feature.RESET: "VoiceAIWrapper has no reset; set mark_as_unanswered in a CSV batch",
    Feature.HOPPER: "VoiceAIWrapper has no hopper",
    Feature.CALLBACKS: "VoiceAIWrapper has no scheduled callbacks",
    Feature.DNC: "VoiceAIWrapper's API has no DNC lists",
}

_GAPS: dict[str, dict[Feature, str]] = {
    "vicidial": {},
    "voiceaiwrapper": _VOICEAIWRAPPER_GAPS,
}


def unavailable(kind: str, feature: Feature) -> str | None:
    """Why ``feature`` is missing on this backend, or None when it is there."""
    return _GAPS.get(kind, {}).get(feature)


def supports(kind: str, feature: Feature) -> bool:
    return unavailable(kind, feature) is None
