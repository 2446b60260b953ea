"""TLS is verified by default, a custom CA bundle works, plain http:// to another
host is called out in the CLI and the UI."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from textual.widgets import Static

from leadtui.api.vicidial import errors as e
from leadtui.config import Config, Profile
from leadtui.connect import make_client
from leadtui.emulator import Emulator
from leadtui.emulator.server import make_server
from leadtui.tui.app import LeadApp
from tests.transcripts import DATASET

pytestmark = pytest.mark.emulator_only


@pytest.fixture
def https(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The emulator behind TLS with a self-signed certificate: (url, certificate)."""
    openssl = shutil.which("openssl")
    assert openssl, "openssl is needed to make a test certificate"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    server = make_server(Emulator.from_dataset(DATASET))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"https://127.0.0.1:{server.server_port}/vicidial/non_agent_api.php", cert
    server.shutdown()
    server.server_close()


async def test_tls_is_verified_by_default(https: tuple[str, Path]) -> None:
    url, _ = https
    client = make_client(Profile(url=url, user="6666"), password=_secret())
    with pytest.raises(
        e.ConnectionFailed, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"
    ):
        await client.version()
    await client.aclose()


async def test_a_custom_ca_bundle_is_trusted(https: tuple[str, Path]) -> None:
    url, cert = https
    profile = Profile(url=url, user="6666", ca_bundle=str(cert))
    assert profile.verify == str(cert)
    client = make_client(profile, password=_secret())
    assert (await client.version()).version == "2.14-202"
    await client.aclose()


def _secret() -> SecretStr:
    return SecretStr("1234")


def test_cli_warns_about_plain_http_to_another_host() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "leadtui",
            "--url",
            "http://dialer.invalid/vicidial/non_agent_api.php",
            "--user",
            "6666",
            "check",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "LEADTUI_PASSWORD": "1234"},
        timeout=60,
    )
    assert "plain http://" in done.stderr and "unencrypted" in done.stderr
    assert done.returncode == 1


async def test_ui_warns_about_plain_http_to_another_host(tmp_path: Path) -> None:
    profile = Profile(
        name="lan",
        url="http://dialer.example.com/vicidial/non_agent_api.php",
        user="6666",
    )
    app = LeadApp(
        Config(profiles={"lan": profile}),
        profile=profile,
        config_file=tmp_path / "c.toml",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        detail = str(app.screen.query_one("#profile-detail", Static).render())
        assert "plain http://" in detail
