"""Lazy rows (``set_lazy_rows``): the first frame builds only what it shows, and
nothing an operator does can tell a lazy table from one given every row: the
filter, the sort, the cursor, marks, Ctrl+End, a replacement mid-build."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from leadtui.tui.widgets.line_table import MAX_WIDTH, LineTable

COLUMNS = ["lead", "status", "name"]


class Pair(App[None]):
    """A lazy table and an eager one, side by side, given the same rows."""

    def compose(self) -> ComposeResult:
        self.lazy = LineTable(COLUMNS, id="lazy")
        self.eager = LineTable(COLUMNS, id="eager")
        yield self.lazy
        yield self.eager


def make_rows(count: int, long_at: int | None = None) -> list[tuple[str, str, str]]:
    rows = [
        (str(1000 + n), ["NEW", "DNC", "SALE"][n % 3], f"name {n}")
        for n in range(count)
    ]
    if long_at is not None:
        rows[long_at] = (rows[long_at][0], "NEW", "x" * 45)
    return rows


class Counting:
    """make_row that counts what it built."""

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        self.rows = rows
        self.built: list[int] = []

    def __call__(self, index: int) -> tuple[str, str, str]:
        self.built.append(index)
        return self.rows[index]


def same(lazy: LineTable, eager: LineTable) -> None:
    assert lazy.row_count == eager.row_count
    assert lazy.view == eager.view
    assert lazy.cursor_key == eager.cursor_key
    assert lazy.cursor_row_data == eager.cursor_row_data
    assert lazy.rows == eager.rows
    assert lazy.keys == eager.keys


def built(table: LineTable) -> bool:
    """Whether every lazy row is built (a call: mypy keeps no narrowing across it)."""
    return table.complete


async def wait_complete(pilot: object, table: LineTable) -> None:
    for _ in range(500):
        if table.complete:
            return
        await pilot.pause(0.01)  # type: ignore[attr-defined]
    raise AssertionError("the lazy rows were never all built")


async def test_the_first_frame_builds_only_the_rows_it_shows() -> None:
    data = make_rows(100_000)
    make = Counting(data)
    app = Pair()
    async with app.run_test(size=(80, 24)) as pilot:
        app.lazy.set_lazy_rows(len(data), make, lambda i: data[i][0])
        # before the first slice of the rest: the widths' sample, the screen
        assert len(set(make.built)) <= 250
        assert app.lazy.row_count == app.lazy.total == 100_000
        await wait_complete(pilot, app.lazy)
        assert sorted(set(make.built)) == list(range(100_000))
        assert len(make.built) == 100_000  # each row built once


async def test_the_columns_widen_to_a_long_cell_beyond_the_first_rows() -> None:
    data = make_rows(20_000, long_at=15_000)
    app = Pair()
    async with app.run_test(size=(120, 24)) as pilot:
        app.lazy.set_lazy_rows(len(data), data.__getitem__, lambda i: data[i][0])
        app.eager.set_rows(data, [r[0] for r in data])
        before = list(app.lazy.widths)
        await wait_complete(pilot, app.lazy)
        assert app.lazy.widths == app.eager.widths
        assert app.lazy.widths[2] == 45 > before[2]
        assert max(app.lazy.widths) <= MAX_WIDTH


async def test_ctrl_end_filter_and_sort_before_the_rest_is_built() -> None:
    data = make_rows(60_000)
    app = Pair()
    async with app.run_test(size=(80, 24)) as pilot:
        app.eager.set_rows(data, [r[0] for r in data])
        app.lazy.set_lazy_rows(len(data), data.__getitem__, lambda i: data[i][0])
        assert not built(app.lazy)
        app.lazy.action_edge(1)
        app.eager.action_edge(1)
        same(app.lazy, app.eager)
        app.lazy.action_sort(1)  # a sort needs every row: built at once
        app.eager.action_sort(1)
        assert built(app.lazy)
        same(app.lazy, app.eager)
        app.lazy.apply_filter("name 4")
        app.eager.apply_filter("name 4")
        await pilot.pause(0.2)
        same(app.lazy, app.eager)


async def test_rows_replaced_mid_build_never_show_the_old_ones() -> None:
    old = make_rows(80_000)
    new = [(str(5000 + n), "NI", f"new {n}") for n in range(30)]
    app = Pair()
    async with app.run_test(size=(80, 24)) as pilot:
        app.lazy.set_lazy_rows(len(old), old.__getitem__, lambda i: old[i][0])
        await pilot.pause(0)
        app.lazy.set_lazy_rows(len(new), new.__getitem__, lambda i: new[i][0])
        await wait_complete(pilot, app.lazy)
        await pilot.pause(0.1)
        assert app.lazy.rows == new
        assert app.lazy.total == 30


async def test_a_row_updated_before_it_was_built_keeps_the_update() -> None:
    data = make_rows(50_000)
    app = Pair()
    async with app.run_test(size=(80, 24)) as pilot:
        app.lazy.set_lazy_rows(len(data), data.__getitem__, lambda i: data[i][0])
        app.lazy.update_row("41000", ("41000", "DNC", "marked"))
        await wait_complete(pilot, app.lazy)
        assert app.lazy.row_of("41000") == ("41000", "DNC", "marked")


ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("sort"), st.sampled_from([1, -1])),
        st.tuples(st.just("move"), st.integers(-40, 40)),
        st.tuples(st.just("edge"), st.sampled_from([0, 1])),
        st.tuples(st.just("filter"), st.sampled_from(["", "dnc", "name 1", "zz"])),
        st.tuples(st.just("update"), st.integers(0, 2_999)),
        st.tuples(st.just("pause"), st.just(0)),
    ),
    max_size=12,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(count=st.integers(0, 3_000), actions=ACTIONS)
async def test_an_operator_cannot_tell_lazy_rows_from_given_rows(
    count: int, actions: list[tuple[str, int | str]]
) -> None:
    data = make_rows(count)
    app = Pair()
    async with app.run_test(size=(80, 24)) as pilot:
        app.eager.set_rows(data, [r[0] for r in data])
        app.lazy.set_lazy_rows(len(data), data.__getitem__, lambda i: data[i][0])
        for action, argument in actions:
            for table in (app.lazy, app.eager):
                if action == "sort":
                    table.action_sort(int(argument))
                elif action == "move":
                    table.action_move(int(argument))
                elif action == "edge":
                    table.action_edge(int(argument))
                elif action == "filter":
                    table.apply_filter(str(argument))
                elif action == "update" and count:
                    key = str(1000 + int(argument) % count)
                    table.update_row(key, (key, "XFER", "updated"))
            await pilot.pause(0.05 if action in ("filter", "pause") else 0)
            assert app.lazy.view == app.eager.view
            assert app.lazy.cursor_key == app.eager.cursor_key
        await wait_complete(pilot, app.lazy)
        same(app.lazy, app.eager)
        assert app.lazy.widths == app.eager.widths
