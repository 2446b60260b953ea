"""A table drawn before its columns are sized must not keep the narrow drawing
(Textual #4470: DataTable sizes columns when idle and keeps lines it cached before)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from leadtui.tui.widgets.sized_table import SizedTable

LONG = "status 'NEW'→'XFER', list_id '102'→'138'"


class OneTable(App[None]):
    def compose(self) -> ComposeResult:
        yield SizedTable(id="t")


async def test_rows_added_after_a_first_drawing_get_wide_columns() -> None:
    app = OneTable()
    async with app.run_test(size=(80, 10)) as pilot:
        table: DataTable[str] = app.query_one("#t", DataTable)
        table.add_columns("lead", "change")
        table.add_row("1100", LONG)
        # what a busy frame does: draw the new row before the table went idle
        assert LONG not in table.render_line(1).text
        await pilot.pause()
        await pilot.pause()
        assert LONG in table.render_line(1).text


async def test_a_cell_that_grows_widens_its_column() -> None:
    # fails on Textual 8.2.8's own DataTable: the line drawn before sizing stays
    app = OneTable()
    async with app.run_test(size=(80, 10)) as pilot:
        table: DataTable[str] = app.query_one("#t", DataTable)
        table.add_columns("lead", "change")
        table.add_row("1100", "x", key="1100")
        await pilot.pause()
        table.update_cell("1100", table.ordered_columns[1].key, LONG, update_width=True)
        assert LONG not in table.render_line(1).text
        await pilot.pause()
        await pilot.pause()
        assert LONG in table.render_line(1).text
