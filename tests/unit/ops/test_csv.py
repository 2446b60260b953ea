"""CSV per-row batches: mapping, validation by line number, fewest requests."""

from __future__ import annotations

import pytest

from leadtui.ops.csv_plan import plan_vicidial, plan_voiceaiwrapper
from leadtui.ops.csv_rows import (
    MAX_FIELD,
    CsvError,
    guess_mapping,
    read_csv,
    validate_rows,
)

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


# --- strict reading: a malformed file is refused, with the line -------------------


def refused(text: str) -> CsvError:
    with pytest.raises(CsvError) as caught:
        read_csv(text)
    return caught.value


def test_an_unclosed_quote_is_refused_at_the_line_where_it_opened() -> None:
    error = refused('lead_id,status\n1001,DNC\n1002,"DNC\n1003,NI\n1004,SALE\n')
    assert error.line == 3
    assert str(error) == "line 3: a quoted field is never closed"


def test_an_unclosed_quote_after_a_multi_line_field_names_its_own_line() -> None:
    error = refused('lead_id,comments\n1001,"two\nlines"\n1002,"open\n1003,x\n')
    assert error.line == 4


def test_an_unclosed_quote_longer_than_the_csv_module_allows_is_still_named() -> None:
    tail = "".join(f"{2000 + i},NI\n" for i in range(20_000))  # > 131,072 chars
    error = refused('lead_id,status\n1001,"DNC\n' + tail)
    assert (error.line, error.reason) == (2, "a quoted field is never closed")


def test_a_quote_left_open_and_closed_by_a_later_one_names_where_it_opened() -> None:
    error = refused('lead_id,status\n1001,"DNC\n1002,"NI"\n1003,NI\n')
    assert error.line == 2 and "line 3" in error.reason


def test_text_after_a_closing_quote_is_refused() -> None:
    error = refused('lead_id,status\n1001,"DN"C\n')
    assert error.line == 2 and "after the closing quote" in str(error)


@pytest.mark.parametrize(
    "header",
    ["lead_id,status,lead_id", "lead_id,status, Lead ID ", "LEAD-ID,status,lead_id"],
)
def test_a_repeated_column_name_is_refused_naming_both_columns(header: str) -> None:
    error = refused(header + "\n1001,DNC,1002\n")
    assert error.line == 1
    assert "columns 1 and 3" in str(error)


def test_blank_column_names_may_repeat() -> None:
    table = read_csv("lead_id,status,,\n1001,DNC,,\n")
    assert table.header == ("lead_id", "status", "", "")


def test_a_row_with_more_cells_than_the_header_is_refused() -> None:
    error = refused("lead_id,status\n1001,DNC\n1002,DNC,138\n")
    assert error.line == 3
    assert "3 cells" in str(error) and "2 columns" in str(error)


def test_a_row_with_fewer_cells_than_the_header_is_refused() -> None:
    # a missing comma shifts every later cell into the wrong column
    error = refused("lead_id,status,list_id\n1001,DNC,138\n1002,DNC\n")
    assert error.line == 3
    assert "2 cells" in str(error) and "3 columns" in str(error)


def test_blank_lines_are_skipped_whatever_their_cell_count() -> None:
    table = read_csv("lead_id,status\n\n1001,DNC\n , , ,\n1002,NI\n")
    assert [line for line, _ in table.rows] == [3, 5]


def test_a_field_over_the_csv_module_limit_is_refused_with_its_line() -> None:
    error = refused(f"lead_id,comments\n1001,x\n1002,{'y' * 200_000}\n")
    assert error.line == 3 and "65,536" in str(error) and "column 2" in str(error)


def test_a_field_over_the_cap_is_refused_with_its_line_and_column() -> None:
    error = refused(f'lead_id,comments\n1001,x\n1002,"{"y" * (MAX_FIELD + 1)}"\n')
    assert error.line == 3
    assert "column 2" in str(error) and f"{MAX_FIELD:,}" in str(error)
    assert read_csv(f"lead_id,comments\n1002,{'y' * MAX_FIELD}\n").rows


def test_a_nul_character_is_refused() -> None:
    error = refused("lead_id,status\n1001,DNC\n1002,D\x00NC\n")
    assert error.line == 3 and "NUL" in str(error)


def test_lone_carriage_returns_end_lines() -> None:
    table = read_csv("lead_id,status\r1001,DNC\r1002,NI\r")
    assert table.rows == ((2, ("1001", "DNC")), (3, ("1002", "NI")))


def test_a_byte_order_mark_left_in_the_text_is_not_part_of_the_first_name() -> None:
    assert read_csv("\ufefflead_id,status\n1,DNC\n").header == ("lead_id", "status")


def test_multi_line_cells_keep_the_line_where_the_row_starts() -> None:
    table = read_csv('lead_id,comments\n1001,"a\nb"\n1002,c\n')
    assert table.rows == ((2, ("1001", "a\nb")), (4, ("1002", "c")))


def test_the_error_names_the_file_when_told_and_has_no_python_repr() -> None:
    with pytest.raises(CsvError) as caught:
        read_csv('lead_id\n"1001\n', name="leads.csv")
    assert str(caught.value) == "leads.csv: line 2: a quoted field is never closed"
    assert isinstance(caught.value, ValueError)


def test_two_columns_guessed_as_one_field_keep_only_the_exact_name() -> None:
    table = read_csv("phone,phone_number,lead_id,id\n1,+14155552671,2,3\n")
    assert guess_mapping(table.header, "voiceaiwrapper")["phone"] == ""
    assert guess_mapping(table.header, "voiceaiwrapper")["phone_number"] == (
        "phone_number"
    )
    vicidial = guess_mapping(table.header, "vicidial")
    assert (vicidial["lead_id"], vicidial["id"]) == ("lead_id", "")
    assert (vicidial["phone"], vicidial["phone_number"]) == ("", "phone_number")


def test_two_columns_mapped_to_one_field_are_refused() -> None:
    table = read_csv("lead_id,status,disposition\n1001,DNC,NI\n")
    mapping = {"lead_id": "lead_id", "status": "status", "disposition": "status"}
    with pytest.raises(ValueError, match=r"columns 2 \(status\) and 3 \(disposition\)"):
        validate_rows(table, mapping, "vicidial")
