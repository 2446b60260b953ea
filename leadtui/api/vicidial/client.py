"""Async client for the VICIdial Non-Agent API.

* Credentials and parameters travel in a form-encoded POST body, never in the
  URL (the server stores URLs, passwords included, in its own log).
* The last form field is always ``function``: the server's log insert breaks
  (HTTP 500) when the last POST value holds an apostrophe or ends in a
  backslash, so a value the operator typed must never come last.
* Reads are retried on connection errors and timeouts; writes never are, and a
  write whose answer was lost raises :class:`OutcomeUnknown`.
* After a failed login the client refuses to send anything more: ten failures
  lock the account (web login included), so nothing may retry automatically.
* Until one answer has proven the credentials, at most one authenticated
  request is in flight: with a wrong password, concurrent calls cost one failed
  login, not one each. The others wait, then raise the stored failure unsent.
* The password never appears in an error, a log line or an exception.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlencode

import httpx
from pydantic import SecretStr

from leadtui.api.adaptive_limit import OVERLOAD_STATUSES, AdaptiveLimit
from leadtui.api.environment_proxy import environment_proxy
from leadtui.api.not_sent import NOT_SENT
from leadtui.api.throughput import ThroughputMeter
from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.dnc_calls import DncCalls
from leadtui.api.vicidial.lead_reads import LeadReads
from leadtui.api.vicidial.list_calls import ListCalls
from leadtui.api.vicidial.models import (
    VersionInfo,
)
from leadtui.api.vicidial.outcomes import BatchUpdateOutcome, UpdateLeadOutcome
from leadtui.api.vicidial.parse_reads import (
    parse_version,
)
from leadtui.api.vicidial.parse_writes import parse_batch_update_lead, parse_update_lead
from leadtui.api.vicidial.redact import Redactor
from leadtui.api.vicidial.requests import (
    BatchUpdateRequest,
    FormPairs,
    UpdateLeadRequest,
    expects_output,
)

log = logging.getLogger("leadtui.api.vicidial")

T = TypeVar("T")

#: a batch_update_lead of this many IDs or more tells the cost of one ID
BATCH_SAMPLE = 50
_HEADERS = {
    "Content-Type": "application/x-www-form-urlencoded",
    "User-Agent": "leadtui",
}


#: Errors that do not show the server accepted the credentials: a crash or a
#: page that is not the API's answer, and the checks that run before or
#: during the login itself.
_PROVES_NOTHING = (
    e.OutcomeUnknown,
    e.UnrecognisedResponse,
    e.EmptyResponse,
    e.DatabaseUnavailable,
    e.IpBlocked,
)


class VicidialClient(LeadReads, DncCalls, ListCalls):
    """One dialer, one API user: an ``httpx.AsyncClient`` with bounded concurrency."""

    def __init__(
        self,
        url: str,
        user: str,
        password: SecretStr | str,
        *,
        source: str = "leadtui",
        timeout: float = 30.0,
        concurrency: int = 4,
        adaptive: bool = True,
        verify: bool | str = True,
        read_retries: int = 2,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not source.isalnum() or not source.isascii() or len(source) < 2:
            raise ValueError("source must be at least two ASCII letters or digits")
        secret = password if isinstance(password, SecretStr) else SecretStr(password)
        self.url = url
        self.user = user
        self._password = secret
        self.source = source
        self.read_retries = read_retries
        self._redact = Redactor(secret.get_secret_value())
        #: requests in flight: adapts to the server's answers, at most ``concurrency``
        self.pace = AdaptiveLimit(concurrency, adaptive=adaptive)
        self._login_failure: e.VicidialError | None = None
        #: True once an answer showed the server accepted user and password.
        self._proven = False
        #: Held by the one authenticated call in flight while not ``_proven``.
        self._unproven = asyncio.Lock()
        self.requests_sent = 0
        #: smoothed seconds per call, by function (for time estimates)
        self.latency: dict[str, float] = {}
        #: smoothed seconds a batch_update_lead call takes per lead ID, from calls
        #: of at least BATCH_SAMPLE IDs (None until one was sent)
        self.seconds_per_batch_id: float | None = None
        #: reads answered per second while reads were out (before-images, checks)
        self.read_pace = ThroughputMeter()
        # requests go to the transport itself: the client layer's per-request work
        # (URL merging, cookie jar, auth and redirect hooks) is ~15 % of a read's
        # CPU, and this API sets no cookies and is never redirected to
        try:
            self._url: httpx.URL | None = httpx.URL(url)
        except httpx.InvalidURL:
            self._url = None  # said in words by the first request, which sends nothing
        self._timeout = httpx.Timeout(timeout).as_dict()
        self._transport = transport or httpx.AsyncHTTPTransport(
            # a path is a CA bundle to trust (a private CA), not a way to switch checks off
            verify=ssl.create_default_context(cafile=verify)
            if isinstance(verify, str)
            else verify,
            limits=httpx.Limits(
                max_connections=concurrency, max_keepalive_connections=concurrency
            ),
            proxy=environment_proxy(self._url) if self._url else None,
        )

    async def __aenter__(self) -> VicidialClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._transport.aclose()

    def __repr__(self) -> str:
        return f"VicidialClient(url={self.url!r}, user={self.user!r})"

    @property
    def redact(self) -> Redactor:
        return self._redact

    # --- transport -----------------------------------------------------------

    async def _send(
        self, function: str, pairs: FormPairs, *, read: bool
    ) -> tuple[int, str]:
        """POST one call; return (status, body). Retries reads on transport errors."""
        if self._login_failure is not None:
            raise self._login_failure
        form: FormPairs = []
        if function != "version":
            form = [
                ("user", self.user),
                ("pass", self._password.get_secret_value()),
                ("source", self.source),
            ]
        form += pairs
        form.append(("function", function))
        attempts = 1 + (self.read_retries if read else 0)
        for attempt in range(1, attempts + 1):
            try:
                if not read:
                    return await self._post(function, form)
                self.read_pace.started()
                try:
                    return await self._post(function, form)
                finally:
                    # a lead's record, not the field reads that complete one
                    self.read_pace.ended(counted=function == "lead_all_info")
            except (e.ConnectionFailed, e.OutcomeUnknown) as error:
                if attempt == attempts:
                    raise
                log.info(
                    "retrying %s after %s (attempt %d)",
                    function,
                    type(error).__name__,
                    attempt,
                )
                await asyncio.sleep(0.2 * attempt)
        raise AssertionError("unreachable")

    async def _post(self, function: str, form: FormPairs) -> tuple[int, str]:
        async with self.pace.slot() as slot:
            started = time.monotonic()
            self.requests_sent += 1
            try:
                response = await self._transport.handle_async_request(
                    httpx.Request(
                        "POST",
                        self._url or httpx.URL(self.url),  # (raises InvalidURL)
                        content=urlencode(form).encode(),
                        headers=_HEADERS,
                        extensions={"timeout": self._timeout},
                    )
                )
                try:
                    await response.aread()
                finally:
                    await response.aclose()
            except NOT_SENT as exc:
                raise e.ConnectionFailed(
                    self._redact(f"Cannot reach the dialer at {self.url}: {exc}")
                ) from None
            except httpx.HTTPError as exc:
                # read/write errors, timeouts after connecting, a reset, a body that
                # cannot be decoded: the server may have run the request
                raise e.OutcomeUnknown(
                    self._redact(
                        f"The connection to the dialer failed during {function} "
                        f"({type(exc).__name__})."
                    )
                ) from None
            if response.status_code in OVERLOAD_STATUSES:
                slot.overloaded()
            body = response.content.decode("utf-8", errors="replace")
            elapsed = time.monotonic() - started
            previous = self.latency.get(function)
            self.latency[function] = (
                elapsed if previous is None else previous * 0.8 + elapsed * 0.2
            )
            log.debug(
                "POST %s %s -> HTTP %d, %d bytes in %.0f ms",
                self._redact(self.url),
                function,
                response.status_code,
                len(body),
                elapsed * 1000,
            )
            return response.status_code, body

    async def _call(
        self,
        function: str,
        pairs: FormPairs,
        parse: Callable[[str, int], T],
        *,
        read: bool,
    ) -> T:
        if function == "version":  # no credentials: nothing to prove
            return await self._exchange(function, pairs, parse, read=read)
        if self._login_failure is not None:
            raise self._login_failure
        if not self._proven:
            async with self._unproven:
                if self._login_failure is not None:
                    raise self._login_failure
                if not self._proven:
                    return await self._exchange(function, pairs, parse, read=read)
        return await self._exchange(function, pairs, parse, read=read)

    async def _exchange(
        self,
        function: str,
        pairs: FormPairs,
        parse: Callable[[str, int], T],
        *,
        read: bool,
    ) -> T:
        status, body = await self._send(function, pairs, read=read)
        try:
            result = parse(body, status)
        except e.VicidialError as error:
            self._scrub(error)
            if isinstance(error, e.LoginFailed | e.AccountLocked):
                self._login_failure = error
            elif not isinstance(error, _PROVES_NOTHING):
                self._proven = True
            raise
        self._proven = True
        return result

    def _scrub(self, error: e.VicidialError) -> None:
        error.raw = self._redact(error.raw)
        error.message = self._redact(error.message)
        if isinstance(error, e.OutcomeUnknown):
            error.partial = self._redact(error.partial)
        error.args = (error.message,)

    # --- functions -----------------------------------------------------------

    async def version(self) -> VersionInfo:
        return await self._call("version", [], parse_version, read=True)

    async def update_lead(self, request: UpdateLeadRequest) -> UpdateLeadOutcome:
        """One update_lead call. An empty answer to a request that always prints a
        line raises ``EmptyResponse`` (outcome unknown)."""
        pairs = request.form()
        expect = expects_output("update_lead", pairs)

        def parse(body: str, status: int) -> UpdateLeadOutcome:
            return parse_update_lead(body, status, expect_output=expect)

        return await self._call("update_lead", pairs, parse, read=request.is_read_only)

    async def batch_update_lead(
        self, request: BatchUpdateRequest
    ) -> BatchUpdateOutcome:
        """One batch_update_lead call. An empty answer to a request that sets a
        column raises ``EmptyResponse`` (outcome unknown); to one that sets
        nothing it is an outcome with ``found_ids=None``."""
        pairs = request.form()
        expect = expects_output("batch_update_lead", pairs)

        def parse(body: str, status: int) -> BatchUpdateOutcome:
            return parse_batch_update_lead(body, status, expect_output=expect)

        started = time.monotonic()
        outcome = await self._call("batch_update_lead", pairs, parse, read=False)
        ids = len(request.lead_ids)
        if ids >= BATCH_SAMPLE:
            each = (time.monotonic() - started) / ids
            known = self.seconds_per_batch_id
            self.seconds_per_batch_id = (
                each if known is None else known * 0.7 + each * 0.3
            )
        return outcome
