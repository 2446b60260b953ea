"""A request, once the client is warm, imports nothing: an import that fails is
not cached by Python, so a library that tries one per request walks sys.path
on every request (httpcore tried ``import sniffio`` per request once anyio
stopped installing it: ~1 ms of CPU a request, encode/httpcore#1103)."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest


class ImportSpy(importlib.abc.MetaPathFinder):
    """Asked first for every module not yet imported; finds none itself."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        self.asked.append(fullname)
        return None


async def requests(client: VicidialClient) -> None:
    await client.lead_all_info(lead_id=1010)
    await client.lead_field_info(lead_id=1010, field="status")
    query = LeadQuery(lead_id=1010)
    await client.update_lead(UpdateLeadRequest(query=query, no_update=True))


async def test_a_warm_client_imports_nothing_per_request(
    client: VicidialClient,
) -> None:
    await requests(client)  # first use: whatever loads lazily loads now
    spy = ImportSpy()
    sys.meta_path.insert(0, spy)
    try:
        for _ in range(10):
            await requests(client)
    finally:
        sys.meta_path.remove(spy)
    assert spy.asked == []
