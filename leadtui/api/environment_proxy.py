"""The proxy the environment names for a URL (``HTTPS_PROXY``, ``NO_PROXY``…).

A client that sends through an httpx transport directly has no
``httpx.AsyncClient`` to read these: the transport is given the proxy this
says, as the client would have mounted it.
"""

from __future__ import annotations

from urllib.request import getproxies, proxy_bypass

import httpx


def environment_proxy(url: httpx.URL) -> str | None:
    """The proxy URL for ``url`` from the environment, or None (none set, or
    the host is one ``NO_PROXY`` exempts)."""
    proxies = getproxies()
    proxy = proxies.get(url.scheme) or proxies.get("all")
    if not proxy or proxy_bypass(url.host):
        return None
    return proxy
