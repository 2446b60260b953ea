"""A lead read column by column (lead_all_info crashed) whose answers make no
lead record is a typed error with what was read, never a pydantic traceback.

Found by the engine's stateful test at full strength: an emptied 200 to
``lead_field_info list_id`` while the editor loaded a lead."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
import pytest

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.ops.search import read_full_lead, read_lead

VALUES = {"list_id": "101", "status": "NEW", "phone_number": "3125551000"}


def _client(empty_column: str) -> VicidialClient:
    def answer(request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        if form["function"] == ["lead_all_info"]:
            return httpx.Response(500, text="")  # the PHP crash on an apostrophe
        column = form["field_name"][0]
        if column == empty_column:
            return httpx.Response(200, text="")  # a body a proxy emptied
        # every other column: a value each column can hold
        return httpx.Response(200, text=VALUES.get(column, ""))

    return VicidialClient(
        "http://dialer.test/vicidial/non_agent_api.php",
        "6666",
        "1234",
        read_retries=0,
        transport=httpx.MockTransport(answer),
    )


@pytest.mark.parametrize("read", [read_full_lead, read_lead])
async def test_an_emptied_list_id_is_a_typed_error(read: object) -> None:
    async with _client("list_id") as client:
        with pytest.raises(e.UnrecognisedResponse) as caught:
            await read(client, 1219)  # type: ignore[operator]
    assert "lead 1219" in str(caught.value)
    assert "list_id=" in caught.value.raw
