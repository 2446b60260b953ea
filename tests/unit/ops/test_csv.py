"""CSV per-row batches: mapping, validation by line number, fewest requests."""

from __future__ import annotations

import pytest

from leadtui.ops.csv_plan import plan_vicidial, plan_voiceaiwrapper
from leadtui.ops.csv_rows import guess_mapping, read_csv, validate_rows

VICIDIAL_CSV = """lead_id,status,list_id,first_name
1001,DNC,138,
1002,DNC,138,
1003,DNC,138,
1004,SALE,,Ann
12-34,DNC,138,
1005,,,
1002,NI,,
1006,DNC,138,José
"""


def test_header_guesses_fields() -> None:
    table = read_csv(VICIDIAL_CSV)
    assert guess_mapping(table.header, "vicidial") == {
        "lead_id": "lead_id",
        "status": "status",
        "list_id": "list_id_field",
        "first_name": "first_name",
    }


def test_invalid_rows_are_reported_by_line_number() -> None:
    table = read_csv(VICIDIAL_CSV)
    rows = validate_rows(table, guess_mapping(table.header, "vicidial"), "vicidial")
    problems = {row.line: row.problems for row in rows if not row.ok}
    assert set(problems) == {6, 7, 8}
    assert "1234" in problems[6][0]  # 12-34 would become lead 1234
    assert problems[7] == ["nothing to change"]
    assert problems[8] == ["lead_id 1002 is already on line 3"]


def test_identical_changes_share_a_batch_and_the_rest_go_single() -> None:
    table = read_csv(VICIDIAL_CSV)
    rows = validate_rows(table, guess_mapping(table.header, "vicidial"), "vicidial")
    plan = plan_vicidial(rows, records=1000)
    assert [(b.lead_ids, b.values) for b in plan.batches] == [
        ((1001, 1002, 1003), {"list_id_field": "138", "status": "DNC"})
    ]
    assert sorted(plan.singles) == [1004, 1006]  # unique change sets
    assert plan.requests == 3
    assert plan.lines[1006] == 9


@pytest.mark.parametrize(
    ("rows", "cap", "requests"), [(2500, 1000, 3), (1000, 1000, 1), (7, 3, 3)]
)
def test_minimum_requests_for_one_shared_change(
    rows: int, cap: int, requests: int
) -> None:
    text = "lead_id,status\n" + "\n".join(f"{2000 + i},NA" for i in range(rows))
    table = read_csv(text)
    plan = plan_vicidial(
        validate_rows(table, guess_mapping(table.header, "vicidial"), "vicidial"),
        records=cap,
    )
    assert plan.requests == requests


def test_phone_change_is_an_update_lead_call() -> None:
    table = read_csv("lead_id,phone_number\n1001,3125559999\n1002,3125559999\n")
    plan = plan_vicidial(
        validate_rows(
            table, {"lead_id": "lead_id", "phone_number": "phone_number"}, "vicidial"
        ),
        records=1000,
    )
    assert plan.batches == [] and plan.singles[1001].new_phone_number == "3125559999"


VOICE_CSV = """phone,first_name,email,dnc,custom_plan
(415) 555-2671,Jane,jane@example.com,no,pro
+14155559999,,,yes,
415555,Bad,,,
+14155552671,Dup,,,
+14155550000,,not-an-email,,
"""


def test_voice_rows_are_normalised_and_checked() -> None:
    table = read_csv(VOICE_CSV)
    mapping = guess_mapping(table.header, "voiceaiwrapper")
    assert mapping == {
        "phone": "phone_number",
        "first_name": "first_name",
        "email": "email",
        "dnc": "do_not_call",
        "custom_plan": "custom:plan",
    }
    rows = validate_rows(table, mapping, "voiceaiwrapper")
    assert [r.key for r in rows if r.ok] == ["+14155552671", "+14155559999"]
    assert rows[0].item is not None and rows[0].item.custom_fields == {"plan": "pro"}
    assert {r.line for r in rows if not r.ok} == {4, 5, 6}
    assert "already on line 2" in rows[3].problems[0]


def test_voice_rows_go_in_bulk_arrays() -> None:
    text = "phone_number,first_name\n" + "\n".join(
        f"+1415555{i:04d},N{i}" for i in range(2, 252)
    )
    table = read_csv(text)
    rows = validate_rows(
        table, guess_mapping(table.header, "voiceaiwrapper"), "voiceaiwrapper"
    )
    plan = plan_voiceaiwrapper(rows, bulk_size=100)
    assert [len(c) for c in plan.chunks] == [100, 100, 50] and plan.requests == 3


def test_a_key_column_is_required() -> None:
    table = read_csv("name,status\nx,y\n")
    with pytest.raises(ValueError, match="lead_id"):
        validate_rows(table, {"name": "", "status": "status"}, "vicidial")
