"""An empty HTTP 200 is a valid write answer only when the request asked for
nothing that prints a line (protocol reference §5.2.5, §5.3, §1 item 12).

For a request that sets a field (or deletes, previews, queues, schedules…) the
server always prints at least one line, so an empty body means the answer was
lost somewhere (outcome unknown), not "every lead matched".
"""

from __future__ import annotations

import httpx
import pytest

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.outcomes import BatchUpdateOutcome, UpdateLeadOutcome
from leadtui.api.vicidial.parse_writes import parse_batch_update_lead, parse_update_lead
from leadtui.api.vicidial.requests import (
    BatchUpdateRequest,
    CallbackSpec,
    FormPairs,
    LeadQuery,
    UpdateLeadRequest,
    expects_output,
)
from leadtui.emulator import Emulator
from tests.emulator.cases import request_of
from tests.transcripts import all_cases

# --- hand-made bodies ----------------------------------------------------------


def test_an_empty_batch_answer_to_a_write_is_outcome_unknown() -> None:
    with pytest.raises(e.EmptyResponse) as caught:
        parse_batch_update_lead("", 200)
    assert not caught.value.outcome_known
    with pytest.raises(e.EmptyResponse):
        parse_batch_update_lead("", 200, expect_output=True)


def test_an_empty_batch_answer_to_no_fields_is_no_change() -> None:
    outcome = parse_batch_update_lead("", 200, expect_output=False)
    assert outcome.found_ids is None


def test_an_empty_update_answer_to_a_write_is_outcome_unknown() -> None:
    with pytest.raises(e.EmptyResponse) as caught:
        parse_update_lead("", 200)
    assert not caught.value.outcome_known
    assert "empty" in caught.value.explain()


def test_an_empty_update_answer_to_nothing_is_no_lines() -> None:
    assert parse_update_lead("", 200, expect_output=False).lines == ()


def test_non_empty_answers_do_not_depend_on_the_expectation() -> None:
    line = "SUCCESS: batch_update_lead LEADS HAVE BEEN UPDATED - 6666|1|2|1101,1100\n"
    for expect in (True, False):
        assert parse_batch_update_lead(line, expect_output=expect).found_ids == (
            1101,
            1100,
        )
        assert parse_update_lead(
            "SUCCESS: update_lead LEAD HAS BEEN UPDATED - 6666|27|1|||\n",
            expect_output=expect,
        ).updated


# --- which requests print a line -------------------------------------------------

Q = LeadQuery(lead_id=1020)
CALLBACK = CallbackSpec(datetime="2026-12-01 10:00", campaign_id="TESTCAMP")

#: (request, does the server always print a line for a found lead?)
UPDATES: list[tuple[str, UpdateLeadRequest, bool]] = [
    ("nothing", UpdateLeadRequest(query=Q), False),
    ("a name", UpdateLeadRequest(query=Q, values={"first_name": "Bob"}), True),
    ("rank blank", UpdateLeadRequest(query=Q, values={"rank": "--BLANK--"}), False),
    (
        "phone code blank",
        UpdateLeadRequest(query=Q, values={"phone_code": "--BLANK--"}),
        False,
    ),
    ("gender blank", UpdateLeadRequest(query=Q, values={"gender": "--BLANK--"}), True),
    ("email blank", UpdateLeadRequest(query=Q, values={"email": "--BLANK--"}), True),
    (
        "filtered away",
        UpdateLeadRequest(query=Q, values={"first_name": "ééé", "gender": "f"}),
        False,
    ),
    ("bad offset", UpdateLeadRequest(query=Q, values={"gmt_offset_now": "abc"}), False),
    ("rank zero", UpdateLeadRequest(query=Q, values={"rank": "0"}), True),
    ("entry list", UpdateLeadRequest(query=Q, values={"entry_list_id": "555"}), True),
    ("reset", UpdateLeadRequest(query=Q, reset_lead=True), True),
    ("new phone", UpdateLeadRequest(query=Q, new_phone_number="3125559999"), True),
    ("delete", UpdateLeadRequest(query=Q, delete_lead=True), True),
    ("delete custom data", UpdateLeadRequest(query=Q, delete_custom_data=True), True),
    ("preview", UpdateLeadRequest(query=Q, no_update=True), True),
    ("hopper add", UpdateLeadRequest(query=Q, add_to_hopper=True), True),
    ("hopper remove", UpdateLeadRequest(query=Q, remove_from_hopper=True), True),
    ("callback", UpdateLeadRequest(query=Q, callback=CALLBACK), True),
    ("remove callbacks", UpdateLeadRequest(query=Q, remove_callbacks=True), True),
    ("insert if absent", UpdateLeadRequest(query=Q, insert_if_not_found=True), False),
    ("priority only", UpdateLeadRequest(query=Q, hopper_priority=5), False),
    (
        "call time check only",
        UpdateLeadRequest(query=Q, hopper_local_call_time_check=True),
        False,
    ),
    ("list check only", UpdateLeadRequest(query=Q, list_exists_check=True), False),
    (
        "by vendor code",  # the search key is also written to the lead
        UpdateLeadRequest(query=LeadQuery(vendor_lead_code="V00020")),
        True,
    ),
    (
        "by phone",
        UpdateLeadRequest(query=LeadQuery(phone_number="3125550020")),
        False,
    ),
]
#: Custom fields print a line only if the list has such a field (or no table).
MAYBE: list[tuple[str, UpdateLeadRequest]] = [
    ("custom", UpdateLeadRequest(query=Q, custom_fields={"cf_note": "x"})),
    (
        "entry list with custom",  # custom_fields=Y suppresses the entry_list_id write
        UpdateLeadRequest(
            query=Q, values={"entry_list_id": "555"}, custom_fields={"cf_note": "x"}
        ),
    ),
]
BATCHES: list[tuple[str, BatchUpdateRequest, bool]] = [
    ("nothing", BatchUpdateRequest(lead_ids=(1100, 1101)), False),
    (
        "status",
        BatchUpdateRequest(lead_ids=(1100, 1101), values={"status": "NA"}),
        True,
    ),
    (
        "rank blank",
        BatchUpdateRequest(lead_ids=(1100, 1101), values={"rank": "--BLANK--"}),
        False,
    ),
    (
        "list blank",
        BatchUpdateRequest(lead_ids=(1100,), values={"list_id_field": "--BLANK--"}),
        False,
    ),
    ("reset", BatchUpdateRequest(lead_ids=(1100, 1101), reset_lead=True), True),
    (
        "list check only",
        BatchUpdateRequest(lead_ids=(1100,), list_exists_check=True),
        False,
    ),
]


def send(emulator: Emulator, function: str, pairs: FormPairs) -> str:
    params = {"user": "6666", "pass": "1234", "source": "test", **dict(pairs)}
    params["function"] = function
    status, _, body = emulator.handle(*request_of({"method": "POST", "params": params}))
    assert status == 200, body
    return body.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("request_", "prints"), [u[1:] for u in UPDATES], ids=[u[0] for u in UPDATES]
)
def test_update_lead_prediction_matches_the_emulator(
    emulator: Emulator, request_: UpdateLeadRequest, prints: bool
) -> None:
    pairs = request_.form()
    assert expects_output("update_lead", pairs) is prints
    assert request_.expects_output is prints
    assert (send(emulator, "update_lead", pairs) != "") is prints


@pytest.mark.parametrize("request_", [m[1] for m in MAYBE], ids=[m[0] for m in MAYBE])
def test_custom_fields_do_not_promise_a_line(request_: UpdateLeadRequest) -> None:
    assert not expects_output("update_lead", request_.form())


@pytest.mark.parametrize(
    ("request_", "prints"), [b[1:] for b in BATCHES], ids=[b[0] for b in BATCHES]
)
def test_batch_prediction_matches_the_emulator(
    emulator: Emulator, request_: BatchUpdateRequest, prints: bool
) -> None:
    pairs = request_.form()
    assert expects_output("batch_update_lead", pairs) is prints
    assert request_.expects_output is prints
    assert (send(emulator, "batch_update_lead", pairs) != "") is prints


@pytest.mark.parametrize(
    ("pairs", "prints"),
    [
        ([("lead_id", "1"), ("reset_lead", "y")], False),
        ([("lead_id", "1"), ("reset_lead", "YES")], False),
        ([("lead_id", "1"), ("callback", "remove")], False),
        ([("lead_id", "1"), ("callback", "REMOVE")], True),
        ([("lead_id", "1"), ("delete_lead", "y")], False),
        ([("lead_id", "1"), ("remove_from_hopper", "y")], False),
        (
            [("lead_id", "1"), ("phone_number", "312"), ("update_phone_number", "y")],
            False,
        ),
        (
            [("lead_id", "1"), ("phone_number", "312"), ("update_phone_number", "Y")],
            True,
        ),
        ([("lead_id", "1"), ("force_entry_list_id", "55")], True),
        ([("lead_id", "1"), ("force_entry_list_id", "5")], False),
        ([("lead_id", "1"), ("entry_list_id", "5"), ("custom_fields", "Y")], False),
    ],
)
def test_switches_count_as_the_server_filters_them(
    pairs: FormPairs, prints: bool
) -> None:
    assert expects_output("update_lead", pairs) is prints


def test_batch_ignores_what_batch_update_lead_cannot_set() -> None:
    for extra in (
        [("phone_number", "3120000000"), ("update_phone_number", "Y")],
        [("entry_list_id", "555")],
        [("delete_lead", "Y")],
        [("add_to_hopper", "Y")],
    ):
        assert not expects_output("batch_update_lead", [("lead_ids", "1207"), *extra])


def _recorded_empty_writes() -> list[tuple[str, str, FormPairs]]:
    found = []
    for case in all_cases():
        for step in case.steps:
            if (
                step.function in ("update_lead", "batch_update_lead")
                and step.status == 200
                and step.body == ""
                and not step.query  # leadtui sends nothing in the URL
            ):
                pairs = [(k, v) for k, v in step.params.items()]
                found.append((f"{case.id}[{step.index}]", step.function, pairs))
    return found


EMPTY_WRITES = _recorded_empty_writes()


@pytest.mark.parametrize(
    ("function", "pairs"),
    [w[1:] for w in EMPTY_WRITES],
    ids=[w[0] for w in EMPTY_WRITES],
)
def test_every_empty_answer_the_real_server_gave_is_predicted(
    function: str, pairs: FormPairs
) -> None:
    assert not expects_output(function, pairs)


# --- through the client --------------------------------------------------------


def _empty_answers() -> tuple[VicidialClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"")

    client = VicidialClient(
        "http://dialer.test/vicidial/non_agent_api.php",
        "6666",
        "1234",
        source="test",
        transport=httpx.MockTransport(answer),
    )
    return client, seen


async def test_client_batch_write_answered_empty_is_outcome_unknown() -> None:
    client, seen = _empty_answers()
    async with client:
        with pytest.raises(e.EmptyResponse):
            await client.batch_update_lead(
                BatchUpdateRequest(lead_ids=(1100, 1101), values={"status": "NA"})
            )
        outcome = await client.batch_update_lead(
            BatchUpdateRequest(lead_ids=(1100,), values={"rank": "--BLANK--"})
        )
    assert isinstance(outcome, BatchUpdateOutcome) and outcome.found_ids is None
    assert len(seen) == 2  # a write is never sent twice


async def test_client_update_answered_empty_is_outcome_unknown() -> None:
    client, seen = _empty_answers()
    async with client:
        with pytest.raises(e.EmptyResponse):
            await client.update_lead(
                UpdateLeadRequest(query=Q, values={"last_name": "Smith"})
            )
        with pytest.raises(e.EmptyResponse):
            await client.update_lead(UpdateLeadRequest(query=Q, delete_lead=True))
        outcome = await client.update_lead(UpdateLeadRequest(query=Q))
    assert isinstance(outcome, UpdateLeadOutcome) and outcome.lines == ()
    assert len(seen) == 3


async def test_client_against_the_emulator(emulator: Emulator) -> None:
    async with VicidialClient(
        "http://emulator/vicidial/non_agent_api.php",
        "6666",
        "1234",
        source="test",
        transport=emulator.transport(),
    ) as client:
        nothing = await client.batch_update_lead(BatchUpdateRequest(lead_ids=(1116,)))
        assert nothing.found_ids is None
        done = await client.batch_update_lead(
            BatchUpdateRequest(lead_ids=(1116, 1117), values={"status": "NA"})
        )
        assert done.found_ids == (1117, 1116)
        assert (await client.update_lead(UpdateLeadRequest(query=Q))).lines == ()
        updated = await client.update_lead(
            UpdateLeadRequest(query=Q, values={"title": "Dr"})
        )
        assert updated.updated[0].lead_id == 1020
