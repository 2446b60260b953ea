"""The batch composer's ID box: a TextArea that stays fast with 100,000 lines.

Textual 8.2.8's ``TextArea`` does three things per keystroke that cost time in
proportion to the whole document, not to the edit:

* ``render_line`` tests ``not self.text`` (joining every line) for *each line
  drawn*, to decide whether to show a placeholder;
* ``_render_line`` asks ``WrappedDocument.height``, a sum over every line, for
  each line drawn;
* ``_refresh_size`` measures every line (``Document.get_size``) after each edit.

With 100,000 pasted IDs that is about 150 ms a keystroke. ``IdArea`` keeps the
same widget and swaps in a document that remembers its text until the next
edit and keeps a tally of line widths, and a wrapped view whose height is the
length of the row map it already maintains; each answer is the same value the
stock classes compute.
"""

from __future__ import annotations

from collections import Counter

from rich.cells import cell_len
from textual.geometry import Size
from textual.widgets import TextArea
from textual.widgets.text_area import (
    Document,
    DocumentNavigator,
    EditResult,
    Location,
    WrappedDocument,
)


class TalliedDocument(Document):
    """A ``Document`` whose ``text`` and ``get_size`` cost O(edit), not O(document)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._text: str | None = None
        self._tab_width: int | None = None
        self._widths: Counter[int] = Counter()

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._newline.join(self._lines)
        return self._text

    def _width(self, line: str) -> int:
        assert self._tab_width is not None
        return cell_len(line.expandtabs(self._tab_width))

    def get_size(self, tab_width: int) -> Size:
        if tab_width != self._tab_width:
            self._tab_width = tab_width
            self._widths = Counter(self._width(line) for line in self._lines)
        return Size(max(self._widths, default=0), len(self._lines))

    def replace_range(self, start: Location, end: Location, text: str) -> EditResult:
        top, bottom = sorted((start, end))
        tally = self._tab_width is not None
        if tally:
            for line in self._lines[top[0] : bottom[0] + 1]:
                width = self._width(line)
                self._widths[width] -= 1
                if not self._widths[width]:
                    del self._widths[width]
        result = super().replace_range(start, end, text)
        self._text = None
        if tally:
            self._widths.update(
                self._width(line)
                for line in self._lines[top[0] : result.end_location[0] + 1]
            )
        return result


class CountedWrappedDocument(WrappedDocument):
    """``height`` is the number of rows of the wrapped view, kept by ``wrap``
    and ``wrap_range`` in ``_offset_to_line_info`` (one entry per row)."""

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)


class IdArea(TextArea):
    """A plain-text ``TextArea`` built on :class:`TalliedDocument`."""

    def _set_document(self, text: str, language: str | None) -> None:
        if language:  # never for lead IDs; keep the stock path if it happens
            super()._set_document(text, language)
            return
        # as TextArea._set_document does for plain text (Textual 8.2.8)
        self.document = TalliedDocument(text)
        self.wrapped_document = CountedWrappedDocument(
            self.document, tab_width=self.indent_width
        )
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._build_highlight_map()
        self.move_cursor((0, 0))
        self._rewrap_and_refresh_virtual_size()
