"""The dialer client honours the proxy the environment names, as the
``httpx.AsyncClient`` it used to send through did: it now sends through an
httpx transport directly, which reads no environment itself."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from leadtui.api.environment_proxy import environment_proxy
from leadtui.api.vicidial.client import VicidialClient
from leadtui.emulator import EmulatorServer

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


class ForwardProxy:
    """A plain HTTP forward proxy on loopback: relays each request to the host its
    absolute URI names and keeps the request lines it saw."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.url = ""
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> ForwardProxy:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _relay(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        line, *fields = head.split("\r\n")
        self.seen.append(line)
        method, target, version = line.split(" ")
        url = httpx.URL(target)
        length = next(
            int(f.split(":", 1)[1])
            for f in fields
            if f.lower().startswith("content-length:")
        )
        body = await reader.readexactly(length)
        kept = [f for f in fields if f and not f.lower().startswith("connection:")]
        upstream_reader, upstream_writer = await asyncio.open_connection(
            url.host, url.port
        )
        request = "\r\n".join(
            [f"{method} {url.raw_path.decode()} {version}", *kept, "Connection: close"]
        )
        upstream_writer.write(request.encode("latin-1") + b"\r\n\r\n" + body)
        await upstream_writer.drain()
        answer = await upstream_reader.read()
        upstream_writer.close()
        writer.write(answer)
        await writer.drain()
        writer.close()


@pytest.fixture
def no_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


@pytest.fixture
async def proxy() -> AsyncIterator[ForwardProxy]:
    async with ForwardProxy() as running:
        yield running


async def version_through(server: EmulatorServer) -> str:
    client = VicidialClient(server.url, "6666", "1234", source="test")
    try:
        return (await client.version()).version
    finally:
        await client.aclose()


async def test_the_named_proxy_carries_the_request(
    server: EmulatorServer,
    proxy: ForwardProxy,
    no_proxy_environment: pytest.MonkeyPatch,
) -> None:
    no_proxy_environment.setenv("HTTP_PROXY", proxy.url)
    assert await version_through(server) == "2.14-202"
    assert proxy.seen == [f"POST {server.url} HTTP/1.1"]


async def test_no_proxy_exempts_the_dialer(
    server: EmulatorServer,
    proxy: ForwardProxy,
    no_proxy_environment: pytest.MonkeyPatch,
) -> None:
    no_proxy_environment.setenv("HTTP_PROXY", proxy.url)
    no_proxy_environment.setenv("NO_PROXY", "127.0.0.1")
    assert await version_through(server) == "2.14-202"
    assert proxy.seen == []


async def test_without_a_proxy_the_request_goes_straight(
    server: EmulatorServer,
    proxy: ForwardProxy,
    no_proxy_environment: pytest.MonkeyPatch,
) -> None:
    assert await version_through(server) == "2.14-202"
    assert proxy.seen == []


@pytest.mark.parametrize(
    ("variables", "url", "expected"),
    [
        ({}, "https://dialer.example/api.php", None),
        ({"HTTPS_PROXY": "http://p:3128"}, "https://dialer.example/a", "http://p:3128"),
        ({"HTTPS_PROXY": "http://p:3128"}, "http://dialer.example/a", None),
        ({"HTTP_PROXY": "http://p:3128"}, "http://dialer.example/a", "http://p:3128"),
        ({"ALL_PROXY": "http://p:3128"}, "https://dialer.example/a", "http://p:3128"),
        (
            {"HTTPS_PROXY": "http://p:3128", "NO_PROXY": "example"},
            "https://dialer.example/a",
            None,
        ),
        (
            {"HTTPS_PROXY": "http://p:3128", "NO_PROXY": "other.example"},
            "https://dialer.example/a",
            "http://p:3128",
        ),
    ],
)
def test_environment_proxy(
    no_proxy_environment: pytest.MonkeyPatch,
    variables: dict[str, str],
    url: str,
    expected: str | None,
) -> None:
    for name, value in variables.items():
        no_proxy_environment.setenv(name, value)
    assert environment_proxy(httpx.URL(url)) == expected
