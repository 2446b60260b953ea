"""Which transport failures prove a request never reached the server.

Shared by both API clients: only these mean "nothing was done" (safe to send
again); every other failure may have come after the server had the whole
request, so for a write its outcome is unknown.
"""

from __future__ import annotations

import httpx

NOT_SENT: tuple[type[Exception], ...] = (
    httpx.InvalidURL,  # the URL cannot be sent to at all (e.g. "http://[::1/x")
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
    httpx.ProxyError,
)
