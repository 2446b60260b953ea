"""Run the scenario tests against a real VICIdial Non-Agent API.

    LEADTUI_REAL_VICIDIAL_URL=http://127.0.0.1:8089/vicidial/non_agent_api.php \\
    LEADTUI_REAL_VICIDIAL_RESET="../shared/vicidial/serve reset" \\
    .venv/bin/python -m pytest -m realserver tests/realserver

The server must hold the transcript dataset (tests/fixtures/dataset.json); the
reset command runs before every test. These tests WRITE to that server.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        if HERE not in Path(str(item.fspath)).parents:
            keep.append(item)
            continue
        item.add_marker(pytest.mark.realserver)
        (drop if item.get_closest_marker("emulator_only") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def real_url() -> str:
    url = os.environ.get("LEADTUI_REAL_VICIDIAL_URL", "")
    if not url:
        pytest.fail(
            "set LEADTUI_REAL_VICIDIAL_URL (and LEADTUI_REAL_VICIDIAL_RESET) to run the realserver suite"
        )
    return url


@pytest.fixture(autouse=True)
def reset_real_server() -> None:
    command = os.environ.get("LEADTUI_REAL_VICIDIAL_RESET", "")
    if not command:
        pytest.fail(
            "set LEADTUI_REAL_VICIDIAL_RESET: the command that restores the dataset"
        )
    done = subprocess.run(command, shell=True, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"reset failed ({done.returncode}): {done.stderr[-500:]}")


@pytest.fixture
def vicidial_url() -> str:
    return real_url()
