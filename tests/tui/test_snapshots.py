"""Snapshots of every screen at 80×24 (the smallest SSH terminal) and 120×40.

Plain ``def`` tests: snap_compare runs its own event loop. Regenerate with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the diff.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tui.scenarios import SCENARIOS, build_app

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_screen(snap_compare: Any, tmp_path: Path, name: str, size: str) -> None:
    scenario, options = SCENARIOS[name]
    app = build_app(tmp_path, **options)  # type: ignore[arg-type]
    assert snap_compare(app, run_before=scenario, terminal_size=SIZES[size])


def test_batch_composer_without_colour(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR: the options still say their state ([x] / [ ]), not by a shade."""
    monkeypatch.setenv("NO_COLOR", "1")
    scenario, options = SCENARIOS["batch-compose"]
    app = build_app(tmp_path, **options)  # type: ignore[arg-type]
    assert snap_compare(app, run_before=scenario, terminal_size=(80, 24))
