"""What the command palette (Ctrl+P) offers beside Textual's own commands: the
app's modes and help, then every key of the screen below that can act now."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from leadtui.tui.app import LeadApp


def leadtui_commands(app: LeadApp, screen: Screen[object]) -> Iterator[SystemCommand]:
    yield SystemCommand(
        "Search leads",
        "Find leads as update_lead matches them (F2)",
        lambda: app.action_mode("search"),
    )
    yield SystemCommand(
        "Batch update",
        "Paste IDs, set values, preview, apply (F3)",
        lambda: app.action_mode("batch"),
    )
    yield SystemCommand(
        "Session log",
        "Every operation, undo and resume (F4)",
        lambda: app.action_mode("log"),
    )
    yield SystemCommand("Help", "Keys and safety guarantees (F1)", app.action_help)
    from leadtui.tui.screens.help import key_text, screen_name

    where = screen_name(screen)
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if screen.check_action(binding.action, ()) is False:
            continue
        yield SystemCommand(
            binding.description,
            f"{where}: "
            + " or ".join(key_text(k.strip()) for k in binding.key.split(",")),
            partial(app.run_action, binding.action, screen),
        )
