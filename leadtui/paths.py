"""Where leadtui keeps its files: the config file and the journal.

Standard library and platformdirs only, so that shell completion can find them
without loading the config models.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "leadtui"
CONFIG_ENV = "LEADTUI_CONFIG"
JOURNAL_ENV = "LEADTUI_JOURNAL"


def config_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The config file: ``--config``, then ``LEADTUI_CONFIG``, then the platform's."""
    if override:
        return Path(override)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    return platformdirs.user_config_path(APP) / "config.toml"


def journal_path(configured: str | None) -> Path:
    """The journal: ``LEADTUI_JOURNAL``, then the config's ``journal_path``, then
    the platform's data directory."""
    if os.environ.get(JOURNAL_ENV):
        return Path(os.environ[JOURNAL_ENV])
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_data_path(APP) / "journal.sqlite3"


def demo_dir() -> Path:
    """The demo dialer's state and journal (``--demo``)."""
    return platformdirs.user_data_path(APP) / "demo"


def demo_journal_path() -> Path:
    return demo_dir() / "journal.sqlite3"


def demo_state_path() -> Path:
    """The demo dialer's saved state (``--demo`` keeps its changes across runs)."""
    return demo_dir() / "dialer.sqlite3"


def reset_demo() -> None:
    """Forget the demo dialer's changes and the demo journal (``--demo-reset``)."""
    for path in (demo_state_path(), demo_journal_path()):
        for stale in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            stale.unlink(missing_ok=True)
