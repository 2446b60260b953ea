"""The line-drawn table: 100,000 rows, find, sort, cursor, choose."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import Static

from leadtui.tui.widgets.line_table import FindableTable, LineTable

STATUSES = ["NEW", "SALE", "DNC", "NI", "XFER"]


def rows(count: int) -> list[tuple[str, ...]]:
    return [
        (str(1000 + n), STATUSES[n % 5], f"312555{n:04d}"[-10:], f"Name {n}")
        for n in range(count)
    ]


class Holder(App[None]):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        self.findable = FindableTable(
            ["lead", "status", "phone", "name"], id="f", table_id="rows"
        )
        yield self.findable

    def on_mount(self) -> None:
        data = rows(self.count)
        self.findable.table.set_rows(data, keys=[r[0] for r in data])
        self.findable.table.focus()

    def on_line_table_chosen(self, event: LineTable.Chosen) -> None:
        self.chosen.append(event.key)


def focused(app: App[None]) -> str | None:
    return app.focused.id if app.focused is not None else None


def screen_text(app: App[None]) -> str:
    lines = []
    for y in range(app.screen.size.height):
        strip = app.screen._compositor.render_strips()[y]
        lines.append("".join(segment.text for segment in strip))
    return "\n".join(lines)


async def test_a_hundred_thousand_rows_find_sort_and_choose() -> None:
    app = Holder(100_000)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.findable.table
        assert table.total == table.row_count == 100_000
        text = screen_text(app)
        assert "lead" in text and "1000" in text and "Name 0" in text
        await pilot.press("pagedown", "pagedown")
        assert table.cursor > 20
        await pilot.press("end")
        assert table.cursor_key == "100999"
        assert "Name 99999" in screen_text(app)
        # find: every column, case-insensitive, the count says how many
        await pilot.press("slash")
        assert focused(app) == "find-line"
        await pilot.press(*"name 4242")
        for _ in range(50):
            await pilot.pause(0.02)
            if table.filter_text == "name 4242" and table.row_count < 100:
                break
        assert [table.keys[i] for i in table.view] == [
            str(1000 + n) for n in range(100_000) if "name 4242" in f"name {n}"
        ]
        count = str(app.findable.query_one(".find-count", Static).render())
        assert f"{table.row_count} of 100,000 rows match" in count
        await pilot.press("enter")  # back to the rows, the filter kept
        assert focused(app) == table.id
        await pilot.press("enter")
        assert app.chosen == [table.keys[table.view[0]]]
        # Esc in the find line clears the filter
        await pilot.press("slash", "escape")
        await pilot.pause(0.1)
        assert table.row_count == 100_000 and table.filter_text == ""


async def test_sort_is_numeric_for_numbers_and_reverses() -> None:
    app = Holder(30)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.findable.table
        await pilot.press("s")  # by lead, numerically
        assert table.sort_column == 0
        assert [table.rows[i][0] for i in table.view][:3] == ["1000", "1001", "1002"]
        await pilot.press("S")
        assert [table.rows[i][0] for i in table.view][:2] == ["1029", "1028"]
        await pilot.press("s")  # by status, alphabetically
        statuses = [table.rows[i][1] for i in table.view]
        assert statuses == sorted(statuses)
        assert "status▲" in screen_text(app)


async def test_the_cursor_stays_on_its_row_when_the_view_changes() -> None:
    app = Holder(50)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.findable.table
        table.move_cursor(7)
        key = table.cursor_key
        await pilot.press("S")  # reversed
        await pilot.pause()
        assert table.cursor_key == key


async def test_filtering_a_hundred_thousand_rows_lets_keys_through() -> None:
    """The filter runs in slices: a key pressed meanwhile is handled before it ends."""
    app = Holder(100_000)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.findable.table
        worker = table.apply_filter("sale")
        await asyncio.sleep(0)
        await pilot.press("down")
        await worker.wait()
        assert table.row_count == 20_000


async def test_the_hidden_find_line_never_takes_the_focus() -> None:
    """Found on the operation screen: auto-focus landed on the hidden find line,
    so the screen's letter keys typed into it instead of acting."""

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield FindableTable(["a", "b"], table_id="rows")

    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        assert focused(app) == "rows"
        await pilot.press("tab")
        assert focused(app) == "rows"


async def test_the_last_row_is_not_hidden_under_a_horizontal_scrollbar() -> None:
    """Found by bench/table.py: rows wider than the screen add a scrollbar line,
    and End left the cursor's row under it."""

    class Wide(App[None]):
        def compose(self) -> ComposeResult:
            yield LineTable(["lead", "wide"], id="rows")

        def on_mount(self) -> None:
            table = self.query_one(LineTable)
            table.set_rows([(str(i), "x" * 150) for i in range(300)])
            table.focus()

    app = Wide()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("end")
        await pilot.pause(0.1)
        table = app.query_one(LineTable)
        assert table.scroll_y == table.max_scroll_y > 0
        assert "299" in screen_text(app)
