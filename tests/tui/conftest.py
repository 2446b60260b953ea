"""LeadApp on the in-process emulator, with a frozen clock and a throwaway journal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from leadtui.config import Config
from leadtui.connect import demo_profile
from leadtui.emulator import Emulator
from leadtui.ops.journal import Journal
from leadtui.tui.app import LeadApp
from tests.conftest import FROZEN

AppFactory = Callable[..., LeadApp]


@pytest.fixture
def make_app(emulator: Emulator, tmp_path: Path) -> AppFactory:
    def make(**profile_options: object) -> LeadApp:
        profile = demo_profile().model_copy(update=profile_options)
        journal = Journal(tmp_path / "journal.sqlite3", clock=lambda: FROZEN)
        return LeadApp(
            Config(),
            profile=profile,
            demo=True,
            journal=journal,
            transport=emulator.transport(),
            config_file=tmp_path / "config.toml",
        )

    return make
