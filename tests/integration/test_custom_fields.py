"""Custom fields end to end against a server: the emulator here (the extras
dataset: list 101 has cf_text, cf_area, cf_pick, cf_date; list 138 note,
alpha), the upstream VICIdial in tests/realserver (the same tests, re-collected,
with the same tables loaded into its database).

Lead 1000 (list 101) has a custom row (cf_text hello, cf_pick A); lead 1003
(list 101) has none; lead 1002 is in list 138, which has no cf_text.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from pathlib import Path

import pytest

from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.requests import LeadQuery, UpdateLeadRequest
from leadtui.emulator import Emulator, FixedClock
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.csv_plan import plan_vicidial
from leadtui.ops.csv_rows import guess_mapping, read_csv, validate_rows
from leadtui.ops.csv_run import vicidial_csv_operation
from leadtui.ops.edit import save_edit
from leadtui.ops.engine import execute
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.lead_actions import clear_custom_data
from leadtui.ops.recovery import propose_undo
from leadtui.ops.search import read_full_lead
from leadtui.ops.session import Session
from tests.conftest import FROZEN
from tests.integration.test_cli import run

FIXTURES = Path(__file__).parents[1] / "fixtures"
EXTRAS = FIXTURES / "dataset-extras.json"
TOOLS = Path(__file__).resolve().parents[2] / "tools"
#: lead 1000's row in list 101's custom table, as the dataset loads it
HELD_1000 = {
    "cf_text": "hello",
    "cf_area": "multi\nline",
    "cf_pick": "A",
    "cf_date": "2020-02-02",
}


@pytest.fixture
def emulator() -> Emulator:
    """The extras dataset: custom tables for lists 101 and 138."""
    return Emulator.from_dataset(EXTRAS, now=FixedClock(FROZEN))


@pytest.fixture(autouse=True)
def custom_tables(request: pytest.FixtureRequest) -> None:
    """On the upstream server: after its reset, the extras' rows and tables."""
    if request.node.get_closest_marker("realserver") is None:
        return
    request.getfixturevalue("reset_real_server")
    command = os.environ.get("LEADTUI_REAL_VICIDIAL_SQL", "")
    if not command:
        pytest.fail("set LEADTUI_REAL_VICIDIAL_SQL: a client reading SQL on stdin")
    spec = importlib.util.spec_from_file_location(
        "leadtui_tools_record_cases", TOOLS / "record_cases.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    sql = tool.extras_sql(json.loads(EXTRAS.read_text()))
    done = subprocess.run(
        command, shell=True, input=sql, capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.fail(f"loading the extras failed: {done.stderr[-500:]}")


async def custom_of(client: VicidialClient, lead_id: int) -> tuple[int, dict[str, str]]:
    """(entry_list_id, custom values of list 101's table) as the server holds them."""
    lead = (await client.lead_all_info(lead_id=lead_id))[0]
    found = await client.lead_all_info(
        lead_id=lead_id, custom_fields=True, custom_list=101
    )
    return lead.entry_list_id, dict(found[0].custom_fields)


async def test_an_edit_of_a_custom_field_and_its_undo(session: Session) -> None:
    """Lead 1003's first custom write (entry list 0, no row): the server adds the
    row and moves the entry list to 101; undo deletes the row and puts 0 back."""
    client = session.client
    await client.update_lead(
        UpdateLeadRequest(query=LeadQuery(lead_id=1003), values={"entry_list_id": "0"})
    )
    seen = await read_full_lead(client, 1003)
    assert seen.custom_list == 101
    assert seen.lead.custom_fields == dict.fromkeys(
        ["cf_text", "cf_area", "cf_pick", "cf_date"], ""
    )
    saved = await save_edit(
        session,
        seen.lead,
        {"custom:cf_text": "a+b", "custom:cf_pick": "B", "first_name": "Zed"},
    )
    assert saved.result.verdicts[1003][0] is LeadOutcome.UPDATED
    assert saved.after is not None
    assert saved.after.lead.custom_fields["cf_text"] == "a b"
    assert await custom_of(client, 1003) == (
        101,
        {"cf_text": "a b", "cf_area": "", "cf_pick": "B", "cf_date": ""},
    )
    proposal = await propose_undo(session, saved.result.operation_id)
    undone = await proposal.run(StopFlag(), None)
    assert undone.state is OperationState.DONE
    assert undone.verdicts[1003][0] is LeadOutcome.UPDATED
    assert await custom_of(client, 1003) == (0, {})  # no row, entry list 0
    assert (await client.lead_all_info(lead_id=1003))[0].first_name != "Zed"


CSV = """lead_id,custom:cf_text,custom:cf_pick,first_name
1000,from crm,B,
1003,new row,,Nia
1002,not here,,
"""


async def test_a_csv_sets_custom_fields_per_row_and_undo_restores_them(
    session: Session,
) -> None:
    table = read_csv(CSV)
    mapping = guess_mapping(table.header, "vicidial")
    assert mapping["custom:cf_text"] == "custom:cf_text"
    rows = validate_rows(table, mapping, "vicidial")
    plan = plan_vicidial(rows, records=1000)
    assert not plan.batches and sorted(plan.singles) == [1000, 1002, 1003]
    result = await execute(session, vicidial_csv_operation(plan))
    assert result.verdicts[1000][0] is LeadOutcome.UPDATED
    assert result.verdicts[1003][0] is LeadOutcome.UPDATED
    outcome, detail = result.verdicts[1002]
    assert outcome is LeadOutcome.SKIPPED  # never sent: list 138 has no cf_text
    assert "list 138 has no custom field cf_text" in detail
    client = session.client
    assert await custom_of(client, 1000) == (
        101,
        {**HELD_1000, "cf_text": "from crm", "cf_pick": "B"},
    )
    proposal = await propose_undo(session, result.operation_id)
    undone = await proposal.run(StopFlag(), None)
    assert undone.state is OperationState.DONE
    assert await custom_of(client, 1000) == (
        101,
        HELD_1000,
    )
    # 1003 had entry list 101 and no row: the row stays, emptied, and reads the same
    entry, values = await custom_of(client, 1003)
    assert entry == 101 and set(values.values()) <= {""}
    assert (await client.lead_all_info(lead_id=1003))[0].first_name != "Nia"


async def test_clearing_custom_data_and_its_undo(session: Session) -> None:
    client = session.client
    result = await clear_custom_data(session, [1000, 1003])
    assert result.state is OperationState.DONE
    assert result.verdicts[1000][0] is LeadOutcome.UPDATED
    assert "deleted" in result.verdicts[1000][1]
    # 1003 had no row in list 101's table: only its entry list went to 0
    assert result.verdicts[1003][0] is LeadOutcome.UPDATED
    assert await custom_of(client, 1000) == (0, {})
    assert await custom_of(client, 1003) == (0, {})
    proposal = await propose_undo(session, result.operation_id)
    assert proposal.leads == 2 and not proposal.impossible
    undone = await proposal.run(StopFlag(), None)
    assert undone.state is OperationState.DONE
    assert await custom_of(client, 1000) == (
        101,
        HELD_1000,
    )
    assert await custom_of(client, 1003) == (101, {})


def test_the_cli_shows_updates_clears_and_undoes_custom_fields(
    vicidial_url: str,
) -> None:
    shown = run(vicidial_url, "show", "1000")
    assert "cf_text" in shown.stdout and "hello" in shown.stdout, shown.stderr
    dry = run(
        vicidial_url, "--dry-run", "update", "1000", "--set", "custom:cf_text=a+b;c"
    )
    assert dry.returncode == 0, dry.stderr
    assert "→ a bc" in dry.stdout  # what the server will store
    done = run(
        vicidial_url, "--json", "--yes", "update", "1000", "--set", "custom:cf_pick=B"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["after"]["custom_fields"]["cf_pick"] == "B"
    cleared = run(vicidial_url, "--json", "--yes", "clear-custom", "1000")
    assert cleared.returncode == 0, cleared.stderr
    op = json.loads(cleared.stdout)["operations"][0]["operation_id"]
    undo = run(vicidial_url, "--json", "--yes", "undo", str(op))
    assert undo.returncode == 0, undo.stderr
    after = json.loads(run(vicidial_url, "--json", "show", "1000").stdout)
    assert after["custom_fields"]["cf_pick"] == "B"
    assert after["custom_fields"]["cf_text"] == "hello"


@pytest.mark.parametrize(
    "args",
    [
        ["update", "1000", "--set", "custom:bad-label=1"],
        ["update", "1000", "--set", "custom:first_name=1"],
        ["batch", "--ids", "1000,1003", "--set", "custom:cf_text=x"],
    ],
)
def test_custom_fields_the_server_would_not_take_are_usage_errors(
    vicidial_url: str, args: list[str]
) -> None:
    done = run(vicidial_url, "--yes", *args)
    assert done.returncode == 2, done.stdout + done.stderr


def test_a_backslash_in_a_custom_value_is_refused_before_sending(
    vicidial_url: str,
) -> None:
    done = run(vicidial_url, "--yes", "update", "1000", "--set", "custom:cf_text=a\\b")
    assert done.returncode == 1
    assert "backslash" in done.stdout + done.stderr
