"""A stdlib HTTP server on loopback, serving from a background thread."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Self


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    #: A delayed answer may outlive ``stop()``; do not wait for it.
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet when a client gave up (a killed process, a timeout) before the answer."""


class BackgroundServer:
    """``with Server(...) as srv:`` serves on ``host:port`` (port 0 = a free port) in a
    daemon thread; subclasses say how to build the server and what its URL is."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def make_server(self) -> ThreadingHTTPServer:
        raise NotImplementedError

    def start(self) -> Self:
        self._server = self.make_server()
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # stop() waits up to one interval
            daemon=True,
            name=f"{type(self).__name__}:{self.port}",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
