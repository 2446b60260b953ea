"""The layers keep their direction: api and ops never load Textual; the TUI never
builds a request by hand or parses a response; the emulators share no code with
the client."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "leadtui"


def output(code: str) -> str:
    """What ``python -c code`` printed, in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.parametrize(
    "modules",
    [
        "leadtui.api.vicidial, leadtui.api.voiceaiwrapper",
        "leadtui.ops.batch_runner, leadtui.ops.undo, leadtui.ops.resume, leadtui.ops.csv_run, leadtui.ops.engine",
        "leadtui.cli, leadtui.cli_parser, leadtui.commands.bulk, leadtui.commands.history, leadtui.commands.leads",
    ],
)
def test_headless_modules_do_not_load_textual(modules: str) -> None:
    code = f"import sys, {modules}; print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    assert output(code) == "[]"


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_tui_neither_builds_requests_nor_parses_answers() -> None:
    for path in (PACKAGE / "tui").rglob("*.py"):
        modules = imports_of(path)
        assert not any(m.startswith("leadtui.api.vicidial.parse") for m in modules), (
            path
        )
        assert (
            not {"urllib.parse", "leadtui.api.vicidial.requests.FormPairs"} & modules
        ), path
        text = path.read_text(encoding="utf-8")
        assert "function=" not in text and "urlencode" not in text, path


def test_api_and_ops_do_not_import_the_ui() -> None:
    for layer in ("api", "ops"):
        for path in (PACKAGE / layer).rglob("*.py"):
            bad = {
                m
                for m in imports_of(path)
                if m.split(".")[0] in ("textual", "rich") or m.startswith("leadtui.tui")
            }
            assert not bad, (path, bad)


def test_the_emulators_share_no_code_with_the_client() -> None:
    for path in (PACKAGE / "emulator").rglob("*.py"):
        bad = {
            m
            for m in imports_of(path)
            if m.startswith(("leadtui.api", "leadtui.ops", "leadtui.tui"))
        }
        assert not bad, (path, bad)


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["--help"],
        ["batch", "--help"],
        ["completion", "bash"],
        ["completion", "--values", "profiles"],
        ["completion", "--values", "operations", "--demo"],
    ],
)
def test_help_and_version_load_no_textual_httpx_or_pydantic(argv: list[str]) -> None:
    """What an operator waits for at every --help: Python, argparse, nothing more."""
    code = (
        "import sys\n"
        "from leadtui.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'textual', 'rich', 'httpx', 'pydantic', 'phonenumbers'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    assert output(code).splitlines()[-1] == "[]"


def test_version_answers_before_argparse_typing_or_asyncio_load() -> None:
    """``leadtui --version`` is Python's start and one print (bench/startup.py
    puts it beside ``python -c pass``): the console script's module imports
    nothing heavier than ``sys`` before it knows the arguments."""
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from leadtui.cli import main\n"
        "assert main(['--version']) == 0\n"
        "loaded = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(loaded - {'leadtui', '__future__'}))\n"
    )
    lines = output(code).splitlines()
    assert lines[0].startswith("leadtui ")
    assert lines[-1] == "[]"
