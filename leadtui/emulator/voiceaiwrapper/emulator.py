"""An in-memory twin of VoiceAIWrapper's bulk lead endpoints.

It imports nothing from ``leadtui.api``: it is the server's twin, not the
client's, so a bug shared by both cannot pass the tests. Where the API
reference is silent it follows the assumptions in the README: JSON error
bodies ``{"detail": ...}``, 422 with a FastAPI-style ``detail`` list for a
body that is not a non-empty array of objects with their key, 429 with
``Retry-After``, 500 with an HTML body.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from email.utils import formatdate
from typing import Any
from urllib.parse import unquote

import httpx

from leadtui.emulator.voiceaiwrapper import bulk
from leadtui.emulator.voiceaiwrapper.demo import (
    DEMO_KEYS,
    DEMO_SEED,
    demo_campaign,
    other_campaign,
)
from leadtui.emulator.voiceaiwrapper.faults import Faults, Shot
from leadtui.emulator.voiceaiwrapper.serve import in_process_transport
from leadtui.emulator.voiceaiwrapper.state import ApiKey, Campaign

_ROUTE = re.compile(r"/api/v2/voice-campaigns/([^/]+)/leads/(update|remove)/bulk/?")
_METHODS = {"update": "PATCH", "remove": "DELETE"}
_KEYS = {"update": ("phone_number",), "remove": ("phone_number", "campaign_lead_id")}
_DONE = {
    "update": "Bulk lead update completed",
    "remove": "Bulk lead removal completed",
}
_SERVER_ERROR = (
    b"<!doctype html><title>Server Error (500)</title><h1>Server Error (500)</h1>"
)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    #: Seconds the server adapter waits before answering.
    delay: float = 0.0
    #: Close the connection without answering.
    hang_up: bool = False


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str
    #: Name of the API key used (never the key), None if none was valid.
    key_name: str | None
    #: Status answered; 0 when the connection was closed without an answer.
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class VoiceAIWrapperEmulator:
    """Keys, campaigns and fault knobs; ``handle()`` answers one HTTP request."""

    keys: dict[str, ApiKey] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    faults: Faults = field(default_factory=Faults)
    #: Epoch seconds, for ``Date`` and HTTP-date ``Retry-After`` headers.
    clock: Callable[[], float] = time.time
    requests: list[SeenRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def demo(
        cls,
        seed: int = DEMO_SEED,
        leads: int = 500,
        clock: Callable[[], float] = time.time,
    ) -> VoiceAIWrapperEmulator:
        """The demo key, a disabled key, the demo campaign and another tenant's."""
        emulator = cls(clock=clock)
        for key in DEMO_KEYS:
            emulator.add_key(key)
        emulator.add_campaign(demo_campaign(seed, leads))
        emulator.add_campaign(other_campaign(seed))
        return emulator

    def add_key(self, key: ApiKey) -> None:
        self.keys[key.key] = key

    def add_campaign(self, campaign: Campaign) -> Campaign:
        self.campaigns[campaign.campaign_id] = campaign
        return campaign

    def transport(self) -> httpx.AsyncBaseTransport:
        """An in-process transport: ``httpx.AsyncClient(transport=emu.transport())``."""
        return in_process_transport(self)

    # --- requests ------------------------------------------------------------

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> Reply:
        """Answer one request (thread-safe); it is logged in ``requests``."""
        lowered = {name.lower(): value for name, value in headers.items()}
        path = target.split("?", 1)[0]
        with self._lock:
            key = self.keys.get(_bearer(lowered.get("authorization", "")))
            reply = self._route(method.upper(), path, key, body)
            name = key.name if key is not None and key.enabled else None
            status = 0 if reply.hang_up else reply.status
            self.requests.append(SeenRequest(method.upper(), path, name, status, body))
        return reply

    def _route(self, method: str, path: str, key: ApiKey | None, body: bytes) -> Reply:
        if key is None:
            return self._json(401, {"detail": "Invalid API key."})
        if not key.enabled:
            return self._json(401, {"detail": "API key is disabled."})
        match = _ROUTE.fullmatch(path)
        if match is None:
            return self._json(404, {"detail": "Not found."})
        campaign_id, action = unquote(match[1]), match[2]
        if method != _METHODS[action]:
            return self._json(
                405,
                {"detail": f'Method "{method}" not allowed.'},
                {"Allow": _METHODS[action]},
            )
        campaign = self.campaigns.get(campaign_id)
        if campaign is None:
            return self._json(404, {"detail": "Campaign not found."})
        if campaign.tenant != key.tenant:
            return self._json(
                403, {"detail": "You do not have permission to perform this action."}
            )
        if self.faults.throttled > 0:
            self.faults.throttled -= 1
            return self._throttled()
        items, detail = bulk.parse_items(body, _KEYS[action])
        if detail:
            return self._json(422, {"detail": detail})
        return self._apply(action, campaign, items, self.faults.take())

    def _apply(
        self, action: str, campaign: Campaign, items: list[bulk.Item], shot: Shot
    ) -> Reply:
        if shot.fail == "before":
            return self._server_error(shot.fail_status)
        if shot.hang_up == "before":
            return replace(self._server_error(500), hang_up=True)
        if action == "update":
            results = bulk.apply_update(campaign, items, self.clock())
        else:
            results = bulk.apply_remove(campaign, items)
        if shot.fail == "after":
            return self._server_error(shot.fail_status)
        body = {
            "status": "success",
            "message": _DONE[action],
            "results": [r for r in results if r["index"] not in shot.drop],
        }
        # a hung-up reply still holds a full answer: an adapter that ignored
        # the hang-up would deliver it, and the tests would notice
        return replace(
            self._json(200, body), delay=shot.delay, hang_up=shot.hang_up == "after"
        )

    # --- replies -------------------------------------------------------------

    def _headers(self, content_type: str) -> dict[str, str]:
        return {
            "Content-Type": content_type,
            "Date": formatdate(self.clock(), usegmt=True),
        }

    def _json(
        self, status: int, data: object, extra: Mapping[str, str] | None = None
    ) -> Reply:
        headers = {**self._headers("application/json"), **(extra or {})}
        return Reply(status, headers, json.dumps(data).encode())

    def _server_error(self, status: int) -> Reply:
        return Reply(status, self._headers("text/html; charset=utf-8"), _SERVER_ERROR)

    def _throttled(self) -> Reply:
        wait = self.faults.retry_after
        extra: dict[str, str] = {}
        if wait is not None and self.faults.retry_after_as_date:
            extra["Retry-After"] = formatdate(self.clock() + wait, usegmt=True)
        elif wait is not None:
            extra["Retry-After"] = f"{wait:g}"
        return self._json(429, {"detail": "Request was throttled."}, extra)


def _bearer(authorization: str) -> str:
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
