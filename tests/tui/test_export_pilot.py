"""Exporting an operation asks where, and proposes the data directory, never the
working directory; the file it writes opens in a spreadsheet as columns."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from textual.widgets import Input

from leadtui.tui.screens.operation import OperationScreen
from leadtui.tui.screens.path_modal import PathModal
from tests.tui.conftest import AppFactory
from tests.tui.helpers import current, paste_ids, settle, started


async def test_export_proposes_the_data_directory(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a checkout the export must not land in silently
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await paste_ids(pilot, "1120 1121")
        app.screen.query_one(".value-input", Input).value = "XFER"
        await pilot.pause(0.2)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(current(app), OperationScreen)
        await pilot.press("e")
        await settle(pilot)
        modal = current(app)
        assert isinstance(modal, PathModal)
        proposed = Path(modal.query_one("#path-input", Input).value)
        data = Path(os.environ["XDG_DATA_HOME"])
        assert data in proposed.parents and tmp_path not in [proposed.parent]
        await pilot.press("enter")
        await settle(pilot)
    assert proposed.exists() and not list(tmp_path.glob("leadtui-operation-*"))
    with proposed.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["after.status"] for r in rows} == {"XFER"}
