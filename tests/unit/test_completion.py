"""What a TAB offers (profile names, operation IDs) and the scripts that ask for it."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leadtui import completion
from leadtui.cli_parser import build_parser
from tests.journal_fixtures import journal_with_operations

LEADTUI = Path(sys.executable).with_name("leadtui")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("LEADTUI_CONFIG", raising=False)
    monkeypatch.delenv("LEADTUI_JOURNAL", raising=False)
    return tmp_path


def _config(home: Path, text: str) -> Path:
    path = home / "config" / "leadtui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_profiles_come_in_file_order(home: Path) -> None:
    _config(home, '[profiles.staging]\nurl = "http://a/"\n[profiles.prod]\nurl = "b"\n')
    assert completion.values("profiles") == ["staging", "prod"]


@pytest.mark.parametrize(
    "content",
    [b"[profiles\n", b"\xff\xfe not utf-8", b"profiles = 3\n", None],
    ids=["broken-toml", "not-utf8", "profiles-not-a-table", "no-file"],
)
def test_a_config_completion_cannot_read_offers_nothing(
    home: Path, content: bytes | None
) -> None:
    if content is not None:
        path = _config(home, "")
        path.write_bytes(content)
    assert completion.values("profiles") == []
    assert completion.values("operations") == []


def test_operations_newest_first_from_the_configured_journal(home: Path) -> None:
    journal = home / "elsewhere" / "j.sqlite3"
    _config(home, f'journal_path = "{journal}"\n')
    journal_with_operations(journal, 3)
    assert completion.values("operations") == ["3", "2", "1"]


def test_demo_operations_come_from_the_demo_journal(home: Path) -> None:
    journal_with_operations(home / "data" / "leadtui" / "demo" / "journal.sqlite3", 2)
    journal_with_operations(home / "data" / "leadtui" / "journal.sqlite3", 1)
    assert completion.values("operations", demo=True) == ["2", "1"]
    assert completion.values("operations") == ["1"]


def test_a_tab_never_creates_or_writes_a_journal(home: Path) -> None:
    assert completion.values("operations") == []
    assert not (home / "data").exists()
    garbage = home / "data" / "leadtui" / "journal.sqlite3"
    garbage.parent.mkdir(parents=True)
    garbage.write_bytes(b"not a database at all" * 100)
    assert completion.values("operations") == []
    assert garbage.read_bytes() == b"not a database at all" * 100
    assert sorted(p.name for p in garbage.parent.iterdir()) == ["journal.sqlite3"]


def test_only_the_newest_hundred_operations_are_offered(home: Path) -> None:
    journal_with_operations(home / "data" / "leadtui" / "journal.sqlite3", 105)
    offered = completion.values("operations")
    assert len(offered) == completion.RECENT_OPERATIONS
    assert offered[0] == "105" and offered[-1] == "6"


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    raise AssertionError("no commands")


@pytest.mark.parametrize("shell", completion.SHELLS)
def test_every_command_and_every_long_option_is_in_each_script(shell: str) -> None:
    parser = build_parser()
    text = completion.script(build_parser(), shell)
    for name in _commands(parser):
        assert name in text, name
    options = {
        option
        for action in completion._actions(parser)
        for option in action.option_strings
        if option.startswith("--") and action.help != argparse.SUPPRESS
    }
    for option in options:
        # fish names long options without their dashes (-l profile)
        assert option in text or f"-l {option[2:]}" in text, option
    assert "--values" not in text.replace("completion --values", "")


def test_completion_without_a_shell_is_a_usage_error() -> None:
    done = subprocess.run(
        [str(LEADTUI), "completion"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "bash, zsh or fish" in done.stderr
    done = subprocess.run(
        [str(LEADTUI), "completion", "tcsh"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2


def test_values_print_one_per_line_and_read_the_config_option(home: Path) -> None:
    path = home / "other.toml"
    path.write_text('[profiles.night]\nurl = "x"\n[profiles.day]\nurl = "y"\n')
    done = subprocess.run(
        [str(LEADTUI), "completion", "--values", "profiles", "--config", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    assert done.stdout == "night\nday\n"
