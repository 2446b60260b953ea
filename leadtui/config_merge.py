"""Write settings into the operator's TOML without losing what they wrote there:
comments, blank lines, key order and the values they spelled out stay; a key
changes only when its value does, and a new key is added only when it differs
from its default (tomlkit keeps the document's trivia)."""

from __future__ import annotations

from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.container import Container
from tomlkit.items import Table


def merged_toml(
    old_text: str, wanted: dict[str, Any], profile_defaults: dict[str, Any]
) -> str:
    """``old_text`` with the settings of ``wanted`` (top-level keys, and
    ``profiles``: name → settings). A top-level key set to None is removed; a
    profile missing from ``wanted`` is removed."""
    try:
        document = tomlkit.parse(old_text)
    except tomlkit.exceptions.TOMLKitError:
        document = tomlkit.document()
    profiles = dict(wanted.get("profiles", {}))
    for key, value in wanted.items():
        if key == "profiles":
            continue
        _set(document, key, value, default=None)
    if not profiles and "profiles" not in document:
        return document.as_string()
    if "profiles" not in document:
        document["profiles"] = tomlkit.table(is_super_table=True)
    table = document["profiles"]
    assert isinstance(table, (Table, Container))
    for name in [name for name in table if name not in profiles]:
        del table[name]
    for name, settings in profiles.items():
        if name not in table:
            table[name] = tomlkit.table()
        profile = table[name]
        for key in [key for key in profile if settings.get(key) is None]:
            del profile[key]
        for key, value in settings.items():
            _set(profile, key, value, default=profile_defaults.get(key))
    return document.as_string()


def _set(table: Any, key: str, value: Any, *, default: Any) -> None:
    if value is None or value == {}:
        if key in table and value is None:
            del table[key]
        return
    if key in table:
        current = table[key]
        if (current.unwrap() if hasattr(current, "unwrap") else current) != value:
            table[key] = value
    elif value != default:
        table[key] = value
