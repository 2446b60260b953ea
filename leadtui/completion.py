"""Shell completion: scripts for bash, zsh and fish generated from the parser
(shtab), and the values they ask leadtui for at completion time: profile names
and operation IDs.

Nothing here loads the config models, httpx or Textual: a TAB costs a Python
start, tomllib and sqlite3.
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import tomllib
from pathlib import Path
from typing import Any

from leadtui.paths import config_path, demo_journal_path, journal_path

SHELLS = ("bash", "zsh", "fish")
VALUES = ("profiles", "operations")

#: how many operation IDs a TAB offers, newest first
RECENT_OPERATIONS = 100

# Each shell asks ``leadtui completion --values KIND`` when it completes; the
# operation IDs come from the demo journal when the line holds --demo. zsh and
# bash call a function at TAB time: shtab's cmd() would expand once in zsh, when
# the script is sourced.
_VALUE_FUNCTIONS: dict[str, dict[str, Any]] = {
    kind: {
        "bash": f"_leadtui_{kind}",
        "zsh": f"_leadtui_{kind}",
        "fish": f"(_leadtui_{kind})",
        "preamble": {
            "bash": (
                f"_leadtui_{kind}() {{\n"
                '  local demo=""\n'
                '  [[ " ${COMP_WORDS[*]} " == *" --demo "* ]] && demo=--demo\n'
                f'  compgen -W "$(leadtui completion --values {kind} $demo'
                ' 2>/dev/null)" -- "$1"\n'
                "}\n"
            ),
            "zsh": (
                f"_leadtui_{kind}() {{\n"
                "  local demo=()\n"
                '  [[ " $BUFFER " == *" --demo "* ]] && demo=(--demo)\n'
                "  local -a values\n"
                f'  values=(${{(f)"$(leadtui completion --values {kind} $demo'
                ' 2>/dev/null)"})\n'
                f"  _describe {kind} values\n"
                "}\n"
            ),
            "fish": (
                f"function _leadtui_{kind}\n"
                "  set -l demo\n"
                "  contains -- --demo (commandline -opc); and set demo --demo\n"
                f"  leadtui completion --values {kind} $demo 2>/dev/null\n"
                "end\n"
            ),
        },
    }
    for kind in VALUES
}

_FILE_DESTS = {"config", "ids_file", "output", "file"}


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell``, from every command and option of ``parser``."""
    import shtab  # only here: --help and every other command never load it

    for action in _actions(parser):
        if action.dest == "profile":
            action.complete = _VALUE_FUNCTIONS["profiles"]  # type: ignore[attr-defined]
        elif action.dest == "operation_id":
            action.complete = _VALUE_FUNCTIONS["operations"]  # type: ignore[attr-defined]
        elif action.dest in _FILE_DESTS:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    return str(shtab.complete(parser, shell=shell))


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    found: list[argparse.Action] = []
    for action in parser._actions:
        found.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found.extend(_actions(child))
    return found


def values(kind: str, *, config: str | None = None, demo: bool = False) -> list[str]:
    """What a TAB offers: profile names in file order, or operation IDs newest
    first. A missing or broken config or journal offers nothing: completion
    never prints an error into the operator's command line."""
    settings = _settings(config_path(config))
    if kind == "profiles":
        profiles = settings.get("profiles")
        return [str(name) for name in profiles] if isinstance(profiles, dict) else []
    if demo:
        journal = demo_journal_path()
    else:
        configured = settings.get("journal_path")
        journal = journal_path(configured if isinstance(configured, str) else None)
    return [str(op) for op in _operation_ids(journal)]


def _settings(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def _operation_ids(path: Path) -> list[int]:
    if not path.is_file():
        return []
    try:
        # read-only: a TAB must never create, migrate or lock the journal
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return []
    with contextlib.closing(connection):
        try:
            rows = connection.execute(
                "SELECT id FROM operations ORDER BY id DESC LIMIT ?",
                (RECENT_OPERATIONS,),
            ).fetchall()
        except sqlite3.Error:
            return []
    return [int(row[0]) for row in rows]
