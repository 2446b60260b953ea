"""Async client for the VoiceAIWrapper bulk lead endpoints.

* ``Authorization: Bearer <key>`` on each request; the key never appears in an
  error, a log line or a repr (response bodies are masked too, in case the
  server echoes it).
* A 429 means the request was not processed, so it is retried, waiting as
  ``Retry-After`` asks (seconds or HTTP-date), up to ``max_retries_429`` times.
* Nothing else is retried: 4xx cannot succeed by repeating, and a 5xx or a
  lost answer may already have been applied (:class:`OutcomeUnknown`).
* Each result is matched to its request item by index; an item the answer
  does not account for is reported *unknown*, never succeeded.
* Chunking is the caller's job; an empty array is refused.
* Until one answer has shown the key is accepted, at most one request is in
  flight: a wrong key costs one 401, not one per concurrent call. After a 401
  the client sends nothing more; every call raises that failure.
"""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import SecretStr

from leadtui.api.not_sent import NOT_SENT
from leadtui.api.voiceaiwrapper import errors as e
from leadtui.api.voiceaiwrapper.models import (
    BulkRemoveResponse,
    BulkUpdateResponse,
    LeadRemoval,
    LeadResult,
    LeadUpdate,
    RemovalResult,
)
from leadtui.api.voiceaiwrapper.responses import (
    BulkBody,
    Verdict,
    error_for_status,
    parse_bulk_body,
    reconcile,
    server_message,
)
from leadtui.api.voiceaiwrapper.retry_after import retry_after_seconds

log = logging.getLogger("leadtui.api.voiceaiwrapper")

MASK = "********"
UPDATE_PATH = "/api/v2/voice-campaigns/{campaign_id}/leads/update/bulk"
REMOVE_PATH = "/api/v2/voice-campaigns/{campaign_id}/leads/remove/bulk"

Sleep = Callable[[float], Awaitable[None]]


def _ssl(verify: bool | str) -> bool | ssl.SSLContext:
    return (
        ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify
    )


class VoiceAIWrapperClient:
    """One VoiceAIWrapper account (API key): an ``httpx.AsyncClient`` with bounded concurrency."""

    def __init__(
        self,
        base_url: str,
        token: SecretStr,
        *,
        timeout: float = 30.0,
        concurrency: int = 4,
        verify: bool | str = True,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries_429: int = 3,
        max_retry_after: float = 60.0,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        secret = token.get_secret_value()
        if not secret or any(ch.isspace() or not ch.isprintable() for ch in secret):
            raise ValueError(
                "the API key is empty or holds spaces or control characters"
            )
        if not base_url.lower().startswith(("http://", "https://")):
            raise ValueError(
                f"the base URL must start with http:// or https://: {base_url!r}"
            )
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.max_retries_429 = max_retries_429
        #: A 429 asking to wait longer than this is reported, not waited out.
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self._clock = clock
        self.concurrency = concurrency
        self._limit = asyncio.Semaphore(concurrency)
        #: The 401 that ended this client: raised again instead of sending.
        self._auth_failure: e.AuthenticationFailed | None = None
        #: True once an answer showed the server accepted the key.
        self._proven = False
        #: Held by the one request in flight while not ``_proven``.
        self._unproven = asyncio.Lock()
        #: HTTP requests sent, retries included.
        self.requests_sent = 0
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout),
            verify=_ssl(verify),
            transport=transport,
            limits=httpx.Limits(
                max_connections=concurrency, max_keepalive_connections=concurrency
            ),
            headers={"User-Agent": "leadtui", "Accept": "application/json"},
        )

    async def __aenter__(self) -> VoiceAIWrapperClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    def __repr__(self) -> str:
        return f"VoiceAIWrapperClient(base_url={self.base_url!r})"

    @property
    def count_requests(self) -> int:
        """Same as ``requests_sent``."""
        return self.requests_sent

    def mask(self, text: str) -> str:
        """``text`` with the API key replaced by ``********``."""
        return text.replace(self._token.get_secret_value(), MASK)

    # --- endpoints -----------------------------------------------------------

    async def bulk_update(
        self, campaign_id: str, items: Sequence[LeadUpdate]
    ) -> BulkUpdateResponse:
        """``PATCH .../leads/update/bulk``: one result per item, in request order."""
        body, verdicts = await self._bulk("PATCH", UPDATE_PATH, campaign_id, items)
        return BulkUpdateResponse(
            status=body.status,
            message=body.message,
            results=tuple(
                LeadResult(
                    index=i,
                    phone_number=item.phone_number,
                    success=verdict.success,
                    message=verdict.message,
                )
                for i, (item, verdict) in enumerate(zip(items, verdicts, strict=True))
            ),
        )

    async def bulk_remove(
        self, campaign_id: str, items: Sequence[LeadRemoval]
    ) -> BulkRemoveResponse:
        """``DELETE .../leads/remove/bulk``. leadtui does not offer it to operators."""
        body, verdicts = await self._bulk("DELETE", REMOVE_PATH, campaign_id, items)
        return BulkRemoveResponse(
            status=body.status,
            message=body.message,
            results=tuple(
                RemovalResult(
                    index=i,
                    phone_number=item.phone_number,
                    campaign_lead_id=item.campaign_lead_id,
                    success=verdict.success,
                    message=verdict.message,
                )
                for i, (item, verdict) in enumerate(zip(items, verdicts, strict=True))
            ),
        )

    # --- transport -----------------------------------------------------------

    async def _bulk(
        self,
        method: str,
        template: str,
        campaign_id: str,
        items: Sequence[LeadUpdate] | Sequence[LeadRemoval],
    ) -> tuple[BulkBody, list[Verdict]]:
        """Send one bulk request; the body and a verdict per item, in item order."""
        keys = [item.key for item in items]
        _refuse_bad_request(campaign_id, keys)
        path = template.format(campaign_id=quote(campaign_id, safe=""))
        payload = [item.payload() for item in items]

        async def once() -> tuple[BulkBody, list[Verdict]]:
            status, text = await self._send_until_not_throttled(method, path, payload)
            if not 200 <= status < 300:
                error = error_for_status(status, text, campaign_id=campaign_id)
                if isinstance(error, e.AuthenticationFailed):
                    self._auth_failure = error
                elif status < 500 and status != 407:
                    self._proven = True  # the API itself refused this request
                raise error
            body = parse_bulk_body(status, text)
            self._proven = True
            return body, reconcile(body.entries, keys)

        if self._auth_failure is not None:
            raise self._auth_failure
        if not self._proven:
            async with self._unproven:
                if self._auth_failure is not None:
                    raise self._auth_failure
                if not self._proven:
                    return await once()
        return await once()

    async def _send_until_not_throttled(
        self, method: str, path: str, payload: list[dict[str, Any]]
    ) -> tuple[int, str]:
        content = json.dumps(payload).encode()
        attempt = 0
        while True:
            attempt += 1
            response, text = await self._send(method, path, content, len(payload))
            if response.status_code != 429:
                return response.status_code, text
            asked = retry_after_seconds(
                response.headers.get("Retry-After"),
                date=response.headers.get("Date"),
                now=self._clock(),
            )
            wait = asked if asked is not None else float(2 ** (attempt - 1))
            if attempt > self.max_retries_429 or wait > self.max_retry_after:
                raise e.RateLimited(
                    "rate limited",
                    retry_after=asked,
                    attempts=attempt,
                    raw=text,
                    server_message=server_message(text),
                )
            log.info(
                "rate limited (HTTP 429): waiting %.1f s before retry %d of %d",
                wait,
                attempt,
                self.max_retries_429,
            )
            await self._sleep(wait)

    async def _send(
        self, method: str, path: str, content: bytes, count: int
    ) -> tuple[httpx.Response, str]:
        headers = {
            "Authorization": f"Bearer {self._token.get_secret_value()}",
            "Content-Type": "application/json",
        }
        url = self.base_url + path
        async with self._limit:
            started = time.monotonic()
            self.requests_sent += 1
            try:
                response = await self._http.request(
                    method, url, content=content, headers=headers
                )
            except NOT_SENT as exc:
                raise e.ConnectionFailed(
                    self.mask(f"Cannot reach VoiceAIWrapper at {self.base_url}: {exc}.")
                ) from None
            except httpx.HTTPError as exc:
                raise e.AnswerLost(
                    self.mask(
                        f"No answer from VoiceAIWrapper after sending {count} "
                        f"lead{'s' if count != 1 else ''} ({type(exc).__name__})."
                    )
                ) from None
        text = self.mask(response.content.decode("utf-8", errors="replace"))
        log.debug(
            "%s %s: %d items -> HTTP %d, %d bytes in %.0f ms",
            method,
            path,
            count,
            response.status_code,
            len(text),
            (time.monotonic() - started) * 1000,
        )
        return response, text


def _refuse_bad_request(campaign_id: str, keys: Sequence[tuple[str, str]]) -> None:
    if not campaign_id.strip():
        raise e.RequestRefused("no campaign ID given")
    if not keys:
        raise e.RequestRefused(
            "the bulk request holds no leads (it needs at least one)"
        )
    first: dict[tuple[str, str], int] = {}
    for index, key in enumerate(keys):
        if key in first:
            raise e.RequestRefused(
                f"{key[1]} appears twice (items {first[key]} and {index}); the server "
                "does not say which would win, so send one update per lead"
            )
        first[key] = index
