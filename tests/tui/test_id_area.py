"""IdArea answers what the stock TextArea answers, edit after edit, only faster."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.app import App, ComposeResult
from textual.widgets import TextArea

from leadtui.tui.widgets.id_area import IdArea

START = "\n".join(str(n) for n in range(1, 400)) + "\n12345678901234567890\n\t7"


class Twins(App[None]):
    def compose(self) -> ComposeResult:
        yield TextArea(START, id="stock", soft_wrap=False, compact=True)
        yield IdArea(START, id="ours", soft_wrap=False, compact=True)


EDITS: list[tuple[str, Callable[[TextArea], object]]] = [
    ("insert at the top", lambda a: a.insert("42,43", (0, 0))),
    ("insert lines", lambda a: a.insert("\n\n9999999999999999999999999\n", (5, 1))),
    (
        "delete the longest lines",
        lambda a: a.delete((3, 0), (a.document.line_count - 1, 0)),
    ),
    ("replace", lambda a: a.replace("1\n2\n3", (0, 0), (1, 0))),
    ("clear", lambda a: a.delete((0, 0), a.document.end)),
    ("type into empty", lambda a: a.insert("5 6 7", (0, 0))),
]


@pytest.mark.parametrize("soft_wrap", [False, True])
async def test_every_answer_matches_the_stock_text_area(soft_wrap: bool) -> None:
    app = Twins()
    async with app.run_test(size=(60, 20)) as pilot:
        areas = [app.query_one("#stock", TextArea), app.query_one("#ours", IdArea)]
        for area in areas:
            area.soft_wrap = soft_wrap
        await pilot.pause()

        def answers(area: TextArea) -> tuple[object, ...]:
            return (
                area.text,
                area.document.get_size(area.indent_width),
                area.wrapped_document.height,
                area.virtual_size,
                [area.render_line(y).text for y in range(area.size.height)],
            )

        assert answers(areas[0]) == answers(areas[1])
        for name, edit in EDITS:
            for area in areas:
                edit(area)
            await pilot.pause()
            assert answers(areas[0]) == answers(areas[1]), name
