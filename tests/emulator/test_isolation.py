"""The emulator is the server's twin, not the client's: it must not share code with the client
(a bug shared by both would pass every test) nor pull in UI libraries."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import leadtui.emulator

PACKAGE = Path(leadtui.emulator.__file__).parent
FORBIDDEN = (
    "leadtui.api",
    "leadtui.ops",
    "leadtui.tui",
    "leadtui.cli",
    "textual",
    "rich",
)
ALLOWED_THIRD_PARTY = {"httpx"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_client_or_ui_imports() -> None:
    for path in PACKAGE.glob("*.py"):
        for name in _imports(path):
            assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_only_stdlib_and_httpx() -> None:
    for path in PACKAGE.glob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in ("leadtui", "__future__"):
                continue
            assert top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY, (
                f"{path.name} imports {name}"
            )


def test_httpx_is_only_loaded_for_the_transports() -> None:
    code = "import sys, leadtui.emulator as e; e.Emulator({}); print('httpx' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
