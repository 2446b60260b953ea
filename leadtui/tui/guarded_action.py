"""The actions on chosen leads that go through the typed guard (search screen
keys d, r, h, c, x): a small enum, so the first screen names them without loading
the guard's modal."""

from __future__ import annotations

from enum import StrEnum


class LeadAction(StrEnum):
    DELETE = "delete"
    RESET = "reset"
    HOPPER = "hopper"
    CALLBACKS = "callbacks"
    CLEAR_CUSTOM = "clear-custom"
