"""A table drawn line by line: 100,000 rows scroll, filter and sort without a freeze.

Textual's DataTable renders each new cell through Rich; at tens of thousands of
rows that is seconds before the first paint and a stall on every page. Here
rows are plain tuples of text: a visible line is padded text cut to the column
widths and styled as one segment per cell, so a frame costs the same at 100 or
100,000 rows. ``/`` filters (case-insensitive, every column, in slices so keys
and frames go on between them), ``s`` sorts by the next column (numbers as
numbers), ``S`` reverses it, Enter chooses the row under the cursor.

Rows can also be given as a count and a function (``set_lazy_rows``): the
first frame builds only the rows it shows, the rest are built in slices after
it (and at once when a filter or a sort needs them all), so 100,000 leads are
on screen as fast as ten.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from rich.segment import Segment
from rich.style import Style
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

SEPARATOR = "  "
MAX_WIDTH = 60  # no column wider than this (longer text is cut, Enter shows it all)
FILTER_SLICE = 20_000  # rows searched between two frames
BUILD_SLICE = 2_000  # lazy rows built between two frames (~10 ms)
MEASURE_FIRST = 200  # lazy rows measured for the first frame's column widths
HINT = "/ finds in these rows · s sorts by the next column, S reverses"


Row = tuple[str, ...]
RowMaker = Callable[[int], Row]
KeyMaker = Callable[[int], str]


def _numeric(values: Sequence[str]) -> bool:
    present = [v for v in values if v]
    return bool(present) and all(v.lstrip("-►").isdigit() for v in present)


def _number(value: str) -> int:
    text = value.lstrip("►")
    return int(text) if text.lstrip("-").isdigit() else -(2**63)


class LineTable(ScrollView, can_focus=True):
    """The grid itself: rows of text, a cursor, a view (filtered and sorted)."""

    COMPONENT_CLASSES = {
        "line-table--header",
        "line-table--cursor",
        "line-table--even",
        "line-table--odd",
    }
    DEFAULT_CSS = """
    LineTable { height: 1fr; background: $surface; }
    LineTable > .line-table--header { text-style: bold; background: $panel; }
    LineTable > .line-table--cursor { background: $accent 40%; text-style: bold; }
    LineTable:focus > .line-table--cursor { background: $accent; color: $text; }
    LineTable > .line-table--even { }
    LineTable > .line-table--odd { background: $surface-lighten-1; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "edge(0)", "First", show=False),
        Binding("end,ctrl+end", "edge(1)", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
        Binding("s", "sort(1)", "Sort", id="table-sort", show=False),
        Binding("S", "sort(-1)", "Reverse sort", show=False, id="table-sort-reverse"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Chosen(Message):
        table: LineTable
        key: str

    @dataclass
    class ViewChanged(Message):
        """The filter or sort changed what is shown (for a count line)."""

        table: LineTable

    def __init__(
        self, columns: Sequence[str], *, id: str | None = None, zebra: bool = True
    ) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self.zebra = zebra
        #: the rows and their keys; None where a lazy row is not built yet
        self._rows: list[Row | None] = []
        self._keys: list[str | None] = []
        self._make_row: RowMaker | None = None
        self._make_key: KeyMaker | None = None
        #: row indices shown, in order (the filter and the sort applied)
        self.view: list[int] = []
        self.widths = [len(c) + 1 for c in self.columns]
        self.filter_text = ""
        self.sort_column: int | None = None
        self.sort_descending = False
        self._folded: list[str] | None = None  # lower-cased rows, for the filter
        self._index_by_key: dict[str, int] | None = None

    # --- data ------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], keys: Sequence[str] | None = None) -> None:
        """Replace every row (``keys`` default to the row numbers); the filter and
        the sort stay and apply to the new rows."""
        self._make_row = self._make_key = None
        self._rows = [tuple(r) for r in rows]
        self._keys = (
            list(keys) if keys is not None else [str(i) for i in range(len(rows))]
        )
        self._replaced()

    def set_lazy_rows(self, count: int, make_row: RowMaker, make_key: KeyMaker) -> None:
        """Replace every row with ``count`` rows built by ``make_row(i)`` (keyed by
        ``make_key(i)``) when first drawn or looked at; the rest are built in
        slices after the first frame. Nothing else changes: the filter, the sort,
        ``rows`` and ``keys`` see every row."""
        self._rows = [None] * count
        self._keys = [None] * count
        self._make_row, self._make_key = make_row, make_key
        self._replaced()
        if self._make_row is not None:  # not already built by a filter or a sort
            self._build_rest()

    def _replaced(self) -> None:
        self._index_by_key = None
        self._folded = None
        self._measure(MEASURE_FIRST if self._make_row is not None else None)
        self._rebuild_view(keep_key=None)

    @property
    def rows(self) -> list[Row]:
        """Every row, in the order given (lazy rows are built first)."""
        self._build_all()
        return cast(list[Row], self._rows)

    @property
    def keys(self) -> list[str]:
        self._build_all()
        return cast(list[str], self._keys)

    def _row(self, index: int) -> Row:
        row = self._rows[index]
        if row is None:
            assert self._make_row is not None
            row = self._rows[index] = self._make_row(index)
        return row

    def _key(self, index: int) -> str:
        key = self._keys[index]
        if key is None:
            assert self._make_key is not None
            key = self._keys[index] = self._make_key(index)
        return key

    @property
    def _index(self) -> dict[str, int]:
        if self._index_by_key is None:
            self._index_by_key = {self._key(i): i for i in range(len(self._keys))}
        return self._index_by_key

    def _build_all(self) -> None:
        """Build every lazy row now (a filter, a sort, or a caller wants them)."""
        if self._make_row is None:
            return
        for index in range(len(self._rows)):
            self._row(index)
            self._key(index)
        self._make_row = self._make_key = None
        self._widen(self._measured(range(len(self._rows))))

    @property
    def complete(self) -> bool:
        """Every row is built (lazy rows are built after the first frame)."""
        return self._make_row is None

    @work(exclusive=True, group="line-table-build", exit_on_error=False)
    async def _build_rest(self) -> None:
        """The lazy rows not drawn yet, in slices: keys and frames go on between;
        the columns widen once, at the end, to the widest cell."""
        make_row = self._make_row
        widths = list(self.widths)
        for start in range(0, len(self._rows), BUILD_SLICE):
            await asyncio.sleep(0)
            if self._make_row is not make_row:
                return  # replaced, or built at once meanwhile
            chunk = range(start, min(start + BUILD_SLICE, len(self._rows)))
            for index in chunk:
                self._key(index)
            measured = self._measured(chunk)
            widths = [max(a, b) for a, b in zip(widths, measured, strict=True)]
        if self._make_row is make_row:
            self._make_row = self._make_key = None
            self._widen(widths)

    def _measured(self, indices: range) -> list[int]:
        """The widest cell of each column among these rows (built on the way)."""
        rows = [self._row(i) for i in indices]
        return [
            min(MAX_WIDTH, max((len(r[n]) for r in rows), default=0))
            for n in range(len(self.columns))
        ]

    def _widen(self, widths: list[int]) -> None:
        wider = [max(a, b) for a, b in zip(self.widths, widths, strict=True)]
        if wider != self.widths:
            self.widths = wider
            self._resize()
            self.refresh()

    def update_row(self, key: str, row: Row) -> None:
        index = self._index.get(key)
        if index is None:
            return
        self._rows[index] = tuple(row)
        if self._folded is not None:
            self._folded[index] = "\t".join(row).lower()
        for n, cell in enumerate(row):
            self.widths[n] = min(MAX_WIDTH, max(self.widths[n], len(cell)))
        self._resize()
        self.refresh()

    def _measure(self, first: int | None) -> None:
        """Column widths from the rows (the ``first`` ones only, while lazy)."""
        count = len(self._rows) if first is None else min(first, len(self._rows))
        measured = self._measured(range(count))
        self.widths = [  # room for the sort arrow beside a title
            max(len(title) + 1, width)
            for title, width in zip(self.columns, measured, strict=True)
        ]

    @property
    def row_count(self) -> int:
        """Rows shown (after the filter)."""
        return len(self.view)

    @property
    def total(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        """The cursor's position in the view (DataTable's name for it)."""
        return self.cursor

    @property
    def cursor_key(self) -> str | None:
        if not self.view:
            return None
        return self._key(self.view[self.cursor])

    @property
    def cursor_row_data(self) -> Row | None:
        if not self.view:
            return None
        return self._row(self.view[self.cursor])

    def row_at(self, position: int) -> Row:
        """The row shown at ``position`` of the view."""
        return self._row(self.view[position])

    def cell(self, key: str, column: str) -> str:
        """The text of one cell, by the row's key and the column's title."""
        index = self._index[key]
        return self._row(index)[self.columns.index(column)]

    def row_of(self, key: str) -> Row | None:
        index = self._index.get(key)
        return None if index is None else self._row(index)

    # --- the view: filter and sort -------------------------------------------------

    def _rebuild_view(self, *, keep_key: str | None) -> None:
        indices = list(range(len(self._rows)))
        if self.filter_text:
            folded = self._fold()
            needle = self.filter_text.lower()
            indices = [i for i in indices if needle in folded[i]]
        self.view = self._sorted(indices)
        self._after_view_change(keep_key)

    def _fold(self) -> list[str]:
        if self._folded is None:
            self._folded = ["\t".join(r).lower() for r in self.rows]
        return self._folded

    def _sorted(self, indices: list[int]) -> list[int]:
        column = self.sort_column
        if column is None:
            return indices
        rows = self.rows
        values = [rows[i][column] for i in indices]
        if _numeric(values):
            return sorted(
                indices,
                key=lambda i: _number(rows[i][column]),
                reverse=self.sort_descending,
            )
        return sorted(
            indices,
            key=lambda i: rows[i][column].lower(),
            reverse=self.sort_descending,
        )

    def _after_view_change(self, keep_key: str | None) -> None:
        position = 0
        if keep_key is not None and keep_key in self._index:
            target = self._index[keep_key]
            position = next((n for n, i in enumerate(self.view) if i == target), 0)
        self._resize()
        self.cursor = min(position, max(0, len(self.view) - 1))
        self.scroll_to(y=0, animate=False)
        self._reveal()
        self.refresh()
        self.post_message(self.ViewChanged(self))

    @work(exclusive=True, group="line-table-filter", exit_on_error=False)
    async def apply_filter(self, text: str) -> None:
        """Filter in slices: the screen draws and takes keys between them."""
        keep = self.cursor_key
        self.filter_text = text
        if not text:
            self._rebuild_view(keep_key=keep)
            return
        folded = self._fold()
        needle = text.lower()
        found: list[int] = []
        for start in range(0, len(folded), FILTER_SLICE):
            chunk = folded[start : start + FILTER_SLICE]
            found.extend(start + n for n, line in enumerate(chunk) if needle in line)
            await asyncio.sleep(0)
        self.view = self._sorted(found)
        self._after_view_change(keep)

    def action_sort(self, direction: int) -> None:
        if not self.columns:
            return
        keep = self.cursor_key
        if direction < 0:
            if self.sort_column is None:
                self.sort_column = 0
            self.sort_descending = not self.sort_descending
        else:
            current = -1 if self.sort_column is None else self.sort_column
            self.sort_column = (current + 1) % len(self.columns)
            self.sort_descending = False
        self.view = self._sorted(self.view)
        self._after_view_change(keep)

    @property
    def sort_label(self) -> str:
        if self.sort_column is None:
            return ""
        arrow = "▼" if self.sort_descending else "▲"
        return f"sorted by {self.columns[self.sort_column]} {arrow}"

    # --- drawing -------------------------------------------------------------------

    def _resize(self) -> None:
        width = sum(self.widths) + len(SEPARATOR) * max(0, len(self.widths) - 1) + 1
        self.virtual_size = Size(width, len(self.view) + 1)

    def _line_text(self, cells: Sequence[str]) -> str:
        parts = []
        for cell, width in zip(cells, self.widths, strict=False):
            text = cell if len(cell) <= width else cell[: max(0, width - 1)] + "…"
            parts.append(text.ljust(width))
        return " " + SEPARATOR.join(parts)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        if y == 0:
            header = list(self.columns)
            if self.sort_column is not None:
                arrow = "▼" if self.sort_descending else "▲"
                header[self.sort_column] = f"{header[self.sort_column]}{arrow}"
            style = self.get_component_rich_style("line-table--header")
            return self._strip(self._line_text(header), style, scroll_x, width)
        position = scroll_y + y - 1
        if position >= len(self.view):
            return Strip.blank(width, self.rich_style)
        row = self._row(self.view[position])
        if position == self.cursor:
            style = self.get_component_rich_style("line-table--cursor")
        elif self.zebra and position % 2:
            style = self.get_component_rich_style("line-table--odd")
        else:
            style = self.get_component_rich_style("line-table--even")
        return self._strip(self._line_text(row), style, scroll_x, width)

    def _strip(self, text: str, style: Style, scroll_x: int, width: int) -> Strip:
        base = self.rich_style + style
        strip = Strip([Segment(text, base)], len(text))
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, base)

    # --- moving ----------------------------------------------------------------------

    @property
    def _rows_visible(self) -> int:
        """Rows on screen: the height less the header (and a horizontal scrollbar)."""
        return max(1, self.scrollable_content_region.height - 1)

    @property
    def _page(self) -> int:
        return max(1, self._rows_visible - 1)

    def watch_cursor(self, old: int, new: int) -> None:
        self._reveal()
        self.refresh()

    def _reveal(self) -> None:
        top = self.scroll_offset.y
        visible = self._rows_visible
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def move_cursor(self, row: int) -> None:
        if self.view:
            self.cursor = max(0, min(row, len(self.view) - 1))

    def action_move(self, step: int) -> None:
        self.move_cursor(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor + direction * self._page)

    def action_edge(self, end: int) -> None:
        self.move_cursor(len(self.view) - 1 if end else 0)

    def action_choose(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Chosen(self, key))

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.move_cursor(self.scroll_offset.y + event.y - 1)
            if event.chain >= 2:
                self.action_choose()


class FindableTable(Vertical):
    """A LineTable with a find line: ``/`` opens it, typing filters live, Enter
    goes back to the rows keeping the filter, Esc clears it."""

    DEFAULT_CSS = """
    FindableTable { height: 1fr; }
    FindableTable > #find-line { height: 1; display: none; }
    FindableTable.-finding > #find-line { display: block; }
    FindableTable > .find-count { height: 1; color: $text-muted; }
    """
    BINDINGS = [Binding("slash", "find", "Find in rows", id="table-find", show=False)]

    def __init__(
        self,
        columns: Sequence[str] | LineTable,
        *,
        id: str | None = None,
        table_id: str | None = None,
        zebra: bool = True,
    ) -> None:
        """``columns`` makes a plain LineTable; or give a LineTable (subclass)."""
        super().__init__(id=id)
        self.table = (
            columns
            if isinstance(columns, LineTable)
            else LineTable(columns, id=table_id, zebra=zebra)
        )

    def compose(self) -> ComposeResult:
        find = Input(placeholder="find: type to filter every column", id="find-line")
        find.can_focus = False  # hidden until / (auto-focus must not land on it)
        yield find
        yield self.table
        yield Static(HINT, classes="find-count")

    def action_find(self) -> None:
        self.add_class("-finding")
        find = self.query_one("#find-line", Input)
        find.can_focus = True
        find.focus()

    @on(Input.Changed, "#find-line")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.table.apply_filter(event.value)

    @on(Input.Submitted, "#find-line")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.query_one("#find-line", Input).has_focus:
            event.stop()
            self.clear_filter()
            self.table.focus()

    def clear_filter(self) -> None:
        find = self.query_one("#find-line", Input)
        find.value = ""
        find.can_focus = False
        self.remove_class("-finding")
        self.table.apply_filter("")

    @on(LineTable.ViewChanged)
    def _count(self, event: LineTable.ViewChanged) -> None:
        table = event.table
        parts = []
        if table.filter_text:
            parts.append(
                f"{table.row_count:,} of {table.total:,} rows match "
                f"“{table.filter_text}” (Esc in the find line clears it)"
            )
        if table.sort_label:
            parts.append(table.sort_label + " (s: next column, S: reverse)")
        self.query_one(".find-count", Static).update(" · ".join(parts) or HINT)
