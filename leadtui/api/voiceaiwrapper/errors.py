"""Typed errors for every way a VoiceAIWrapper bulk request can fail.

Each error carries the HTTP ``status`` (0 when no answer came), the response
body as ``raw`` (truncated, the API key masked), and explains itself in
operator words (``explain()``). ``outcome_known`` is False when the server
may have applied the request; ``permanent`` is True when sending the same
request again cannot help.
"""

from __future__ import annotations

#: Most characters of a response body an error keeps.
RAW_LIMIT = 2000
#: Most characters of a response body ``explain()`` shows.
SHOWN_LIMIT = 300

_UNKNOWN_TAIL = (
    " The update may or may not have been applied: check the campaign in the "
    "VoiceAIWrapper dashboard before sending it again."
)


def truncate(text: str, limit: int = RAW_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit} more characters]"


class VoiceAIWrapperError(Exception):
    """A VoiceAIWrapper request did not do what was asked."""

    #: False when the server may or may not have applied the request.
    outcome_known: bool = True
    #: True when sending the same request again cannot help.
    permanent: bool = True

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        raw: str = "",
        server_message: str = "",
        campaign_id: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.raw = truncate(raw)
        #: The ``detail``/``message`` text of a JSON error body, if any.
        self.server_message = server_message
        self.campaign_id = campaign_id

    def explain(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.explain()

    def _said(self) -> str:
        return f": {self.server_message}" if self.server_message else ""


# --- not sent ----------------------------------------------------------------


class RequestRefused(VoiceAIWrapperError):
    """leadtui would not send the request (empty array, duplicate key…)."""

    def explain(self) -> str:
        return f"Not sent: {self.message}"


class ConnectionFailed(VoiceAIWrapperError):
    """The request never reached the server (refused, DNS, TLS): nothing was done."""

    permanent = False

    def explain(self) -> str:
        return f"{self.message} Nothing was sent; it is safe to try again."


# --- refused by the server (not applied) -------------------------------------


class AuthenticationFailed(VoiceAIWrapperError):
    """HTTP 401: the API key is wrong, disabled or deleted. Never retried."""

    def explain(self) -> str:
        return (
            f"VoiceAIWrapper refused the API key (HTTP 401{self._said()}). It is "
            "wrong, disabled or deleted: check Settings → API Keys in the "
            "dashboard. Nothing was changed."
        )


class Forbidden(VoiceAIWrapperError):
    """HTTP 403: the key may not touch this campaign."""

    def explain(self) -> str:
        return (
            f"This API key may not change campaign {self.campaign_id} (HTTP 403"
            f"{self._said()}): the campaign belongs to another workspace or the "
            "key lacks permission. Nothing was changed."
        )


class CampaignNotFound(VoiceAIWrapperError):
    """HTTP 404: no such campaign (or the base URL is not the API)."""

    def explain(self) -> str:
        return (
            f"Campaign {self.campaign_id} was not found (HTTP 404{self._said()}). "
            "Check the campaign ID, and that the profile's URL is the VoiceAIWrapper "
            "API base URL. Nothing was changed."
        )


class ValidationFailed(VoiceAIWrapperError):
    """HTTP 422 (or 400): the server rejected the request body as a whole.

    ``detail`` is the server's JSON ``detail`` (or the whole JSON body), when
    the body is JSON.
    """

    def __init__(
        self, message: str, *, detail: object = None, status: int = 422, raw: str = ""
    ) -> None:
        super().__init__(message, status=status, raw=raw)
        self.detail = detail

    def explain(self) -> str:
        said = summarise_detail(self.detail) if self.detail is not None else ""
        said = f": {said}" if said else self._said()
        return (
            f"VoiceAIWrapper rejected the request as invalid (HTTP {self.status}"
            f"{said}). Nothing was changed."
        )


class RateLimited(VoiceAIWrapperError):
    """HTTP 429 after every allowed retry. The refused requests did nothing."""

    permanent = False

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None,
        attempts: int,
        raw: str = "",
        server_message: str = "",
    ) -> None:
        super().__init__(message, status=429, raw=raw, server_message=server_message)
        #: Seconds the server asked to wait (None if it did not say).
        self.retry_after = retry_after
        self.attempts = attempts

    def explain(self) -> str:
        wait = (
            f"it asks to wait {self.retry_after:g} seconds"
            if self.retry_after is not None
            else "it did not say for how long"
        )
        return (
            f"VoiceAIWrapper is rate-limiting requests (HTTP 429, {self.attempts} "
            f"attempt{'s' if self.attempts != 1 else ''}); {wait}. Nothing was "
            "changed; try again later."
        )


class RequestRejected(VoiceAIWrapperError):
    """Any other non-2xx answer below 500: refused, so not applied."""

    def explain(self) -> str:
        return (
            f"VoiceAIWrapper refused the request (HTTP {self.status}{self._said()}). "
            "Nothing was changed."
        )


# --- outcome unknown ----------------------------------------------------------


class OutcomeUnknown(VoiceAIWrapperError):
    """The request may have been applied. Never retried automatically."""

    outcome_known = False
    permanent = False

    def explain(self) -> str:
        return self.message + _UNKNOWN_TAIL


class ServerError(OutcomeUnknown):
    """HTTP 5xx: the server may have applied part or all of the bulk request."""

    def explain(self) -> str:
        return (
            f"VoiceAIWrapper failed with HTTP {self.status}{self._said()}."
            + _UNKNOWN_TAIL
        )


class AnswerLost(OutcomeUnknown):
    """The request was sent but no answer came (timeout, connection dropped)."""


class UnrecognisedResponse(OutcomeUnknown):
    """A 2xx answer leadtui cannot read as a bulk result."""

    def explain(self) -> str:
        shown = truncate(self.raw, SHOWN_LIMIT)
        return (
            f"VoiceAIWrapper answered HTTP {self.status} with {self.message}: "
            f"{shown!r}." + _UNKNOWN_TAIL
        )


def summarise_detail(detail: object, most: int = 5) -> str:
    """A validation ``detail`` in one line: a string as is, a list of
    ``{"loc", "msg"}`` objects as ``item 1 phone_number: Field required; …``."""
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list):
        parts = [_one_detail(entry) for entry in detail[:most]]
        if len(detail) > most:
            parts.append(f"and {len(detail) - most} more")
        return "; ".join(parts)
    if isinstance(detail, dict):
        return "; ".join(
            f"{key}: {summarise_detail(value)}" for key, value in detail.items()
        )
    return str(detail)


def _one_detail(entry: object) -> str:
    if not isinstance(entry, dict) or "msg" not in entry:
        return summarise_detail(entry)
    where: list[str] = []
    for part in entry.get("loc") or []:
        if part == "body":
            continue
        where.append(f"item {part}" if isinstance(part, int) else str(part))
    prefix = " ".join(where)
    return f"{prefix}: {entry['msg']}" if prefix else str(entry["msg"])
