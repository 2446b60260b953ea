"""The password appears nowhere leadtui writes: journal, logs, exports, screens.

One session: a failed login (the server echoes that password back), a
successful batch, an error, a crash (kill -9 mid-batch) and exports; then every
file it left, every log line and every screenshot is searched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input

from leadtui.config import Config, Profile
from leadtui.emulator import EmulatorServer
from leadtui.tui.app import LeadApp
from tests.integration.crash_support import leadtui, slow_emulator, wait_for_sending
from tests.tui.helpers import settle, started

pytestmark = pytest.mark.emulator_only

SECRET = "Zq8-Kw3_PvSecret"
WRONG = "Wr0ng-Guess_77x"


def run(url: str, password: str, log: Path, *args: str) -> int:
    process = leadtui(url, password, "--verbose", *args, log=log)
    out, _ = process.communicate(timeout=120)
    log.open("a", encoding="utf-8").write(out)
    return process.returncode


async def screens(url: str, folder: Path) -> list[Path]:
    """The connect screen after a wrong and a right password, and the search screen."""
    shots: list[Path] = []
    profile = Profile(name="main", url=url, user="6666")
    app = LeadApp(
        Config(profiles={"main": profile}),
        profile=profile,
        config_file=folder / "c.toml",
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        for password in (WRONG, SECRET):
            field = app.screen.query_one("#password", Input)
            field.value = password
            shots.append(
                Path(
                    app.save_screenshot(
                        path=str(folder), filename=f"typed-{len(shots)}.svg"
                    )
                )
            )
            await pilot.press("f5")
            await settle(pilot)
            shots.append(
                Path(
                    app.save_screenshot(
                        path=str(folder), filename=f"after-{len(shots)}.svg"
                    )
                )
            )
            if password == WRONG:
                # the client refuses to send after a failed login; a new attempt reconnects
                assert "Login refused" in str(
                    app.screen.query_one("#preflight").render()
                )
        await started(pilot)
        shots.append(Path(app.save_screenshot(path=str(folder), filename="search.svg")))
    return shots


async def test_the_password_is_found_nowhere(tmp_path: Path) -> None:
    log = tmp_path / "leadtui.log"
    ids = ",".join(str(i) for i in range(1200, 1240))
    with EmulatorServer(slow_emulator(password=SECRET, seconds=0.3)) as server:
        url = server.url
        assert run(url, WRONG, log, "show", "1010") == 1  # failed login
        assert (
            run(
                url,
                SECRET,
                log,
                "--yes",
                "batch",
                "--ids",
                "1100,1101",
                "--set",
                "status=XFER",
            )
            == 0
        )
        assert (
            run(url, SECRET, log, "--yes", "update", "99999", "--set", "status=X") == 1
        )  # an error
        crash = leadtui(
            url,
            SECRET,
            "--verbose",
            "--yes",
            "batch",
            "--ids",
            ids,
            "--set",
            "status=NA",
            "--records",
            "10",
            log=log,
        )
        wait_for_sending(Path(os.environ["LEADTUI_JOURNAL"]))
        crash.kill()
        crash.wait()
        assert (
            run(
                url,
                SECRET,
                log,
                "log",
                "--export",
                "csv",
                "-o",
                str(tmp_path / "ops.csv"),
            )
            == 0
        )
        assert (
            run(
                url,
                SECRET,
                log,
                "log",
                "--export",
                "jsonl",
                "-o",
                str(tmp_path / "ops.jsonl"),
            )
            == 0
        )
        assert run(url, SECRET, log, "--json", "log", "1") == 0
        shots = await screens(url, tmp_path)

    journal = Path(os.environ["LEADTUI_JOURNAL"])
    artifacts = [log, tmp_path / "ops.csv", tmp_path / "ops.jsonl", *shots]
    artifacts += [
        p
        for p in journal.parent.rglob("*")
        if p.name.startswith(journal.name) and p.is_file()
    ]
    # the log did record the traffic
    assert f"POST {url} lead_all_info -> HTTP 200" in log.read_text()
    assert len(artifacts) >= 9
    for path in artifacts:
        data = path.read_bytes()
        for secret in (SECRET, WRONG):
            assert secret.encode() not in data, f"{secret} found in {path.name}"
