"""A checkbox that says its state in characters: ``[x]`` ticked, ``[ ]`` not.

Textual's Checkbox draws ``▐X▌`` either way and tells the states apart by a
shade only, which NO_COLOR, a monochrome terminal or a dim screen over SSH
loses. TickBox keeps Checkbox's keys, messages and ``value``.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

TICKED = "x"
UNTICKED = " "


class TickBox(Checkbox):
    """A Checkbox drawn ``[x]`` when ticked and ``[ ]`` when not."""

    DEFAULT_CSS = """
    TickBox > .toggle--button {
        color: $text-muted;
        background: $panel;
    }
    TickBox.-on > .toggle--button {
        color: $text-success;
        background: $panel;
        text-style: bold;
    }
    """

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"
    BUTTON_INNER = UNTICKED

    def watch_value(self) -> None:
        # the glyph follows the value (Checkbox only restyles the same glyph)
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        super().watch_value()

    @property
    def _button(self) -> Content:
        """``[x]`` or ``[ ]`` in the button's style (readable without colour)."""
        inner = TICKED if self.value else UNTICKED
        return Content.styled(
            f"{self.BUTTON_LEFT}{inner}{self.BUTTON_RIGHT}",
            self.get_visual_style("toggle--button"),
        )
