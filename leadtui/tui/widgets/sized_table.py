"""A DataTable whose rows are drawn again once its columns are sized."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import DataTable
from textual.widgets.data_table import CellKey, CellType, RowKey


class SizedTable(DataTable[CellType]):
    """Textual's DataTable measures new or changed cells when it next goes idle,
    but keeps the lines it drew before that, cut to the old column widths
    (Textual issue #4470). On a busy screen a new table then shows truncated
    columns until something else redraws it. Here, sizing invalidates them."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        super()._update_dimensions(new_rows)
        self._redraw()

    def _update_column_widths(self, updated_cells: set[CellKey]) -> None:
        super()._update_column_widths(updated_cells)
        self._redraw()

    def _redraw(self) -> None:
        self._update_count += 1  # part of every render cache key
        self.refresh()
