"""Every recorded case answered byte for byte like the real server: in process, and over a
loopback socket (the first cases of every file)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from leadtui.emulator import API_PATH, Emulator, EmulatorServer

from .cases import Case, Emulators, load_cases, normalise, request_of, transcript_files

FILES = transcript_files()
EMULATORS = Emulators()  # one emulator per dataset, reset before every case


def _mismatch(case: Case, emulators: Emulators) -> str | None:
    """Run a case on a fresh emulator; describe the first step that differs, if any."""
    emu = emulators.fresh(case)
    for i, step in enumerate(case.steps):
        emulators.step_clock(step)
        status, headers, body = emu.handle(*request_of(step))
        got = body.decode("utf-8", "replace")
        if (status, normalise(got)) != (step["status"], normalise(step["body"])):
            return (
                f"{case.id} step {i} {step['method']} {step['params']}\n"
                f"    want {step['status']} {step['body']!r}\n    got  {status} {got!r}"
            )
        if headers["Content-type"] != "text/html; charset=utf-8":
            return f"{case.id} step {i}: Content-type {headers['Content-type']}"
    return None


def test_there_are_many_recorded_cases() -> None:
    cases = [c for path in FILES[1:] for c in load_cases(path)]
    assert len(FILES) > 10
    assert len(cases) > 1000


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_file_in_process(path: Path) -> None:
    cases = load_cases(path)
    failures = [m for case in cases if (m := _mismatch(case, EMULATORS))]
    assert not failures, f"{len(failures)}/{len(cases)} cases differ:\n" + "\n".join(
        failures
    )


@pytest.fixture(scope="module")
def serve() -> Iterator[Callable[[Emulator], EmulatorServer]]:
    """A loopback server per emulator, started on first use, stopped after the module."""
    servers: dict[int, EmulatorServer] = {}

    def get(emu: Emulator) -> EmulatorServer:
        if id(emu) not in servers:
            servers[id(emu)] = EmulatorServer(emu).start()
        return servers[id(emu)]

    yield get
    for server in servers.values():
        server.stop()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_file_over_loopback(
    path: Path, serve: Callable[[Emulator], EmulatorServer]
) -> None:
    emulators = EMULATORS
    cases = load_cases(path)[:3]
    server = serve(emulators.fresh(cases[0]))
    with httpx.Client(timeout=10) as client:
        for case in cases:
            emulators.fresh(case)
            for step in case.steps:
                emulators.step_clock(step)
                method, target, body, headers = request_of(step)
                url = server.url + target[len(API_PATH) :]
                r = client.request(method, url, content=body or None, headers=headers)
                assert r.status_code == step["status"], case.id
                got = r.content.decode("utf-8", "replace")
                assert normalise(got) == normalise(step["body"]), case.id
                assert r.headers["content-type"] == "text/html; charset=utf-8"
