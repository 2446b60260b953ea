"""Datasets: the extends mechanism, schema coercion at load, settings, SQL expression fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadtui.emulator import API_PATH, Emulator, FixedClock, load_dataset
from leadtui.emulator.fieldexpr import evaluate
from leadtui.emulator.mysql import SqlError
from leadtui.emulator.schema import TABLES

from .cases import FIXTURES


def test_extends_appends_rows_and_overrides_settings(tmp_path: Path) -> None:
    base = {"users": [{"user": "a"}], "custom_data": {"1": [{"lead_id": "1"}]}, "x": 1}
    (tmp_path / "base.json").write_text(json.dumps(base))
    ext = {
        "extends": "base.json",
        "users": [{"user": "b"}],
        "x": 2,
        "custom_data": {"1": [{"lead_id": "2"}], "2": []},
    }
    (tmp_path / "ext.json").write_text(json.dumps(ext))
    got = load_dataset(tmp_path / "ext.json")
    assert [u["user"] for u in got["users"]] == ["a", "b"]
    assert got["x"] == 2
    assert got["custom_data"] == {"1": [{"lead_id": "1"}, {"lead_id": "2"}], "2": []}


def test_extras_dataset_loads() -> None:
    data = load_dataset(FIXTURES / "dataset-extras.json")
    emu = Emulator(data, now=FixedClock("2026-11-24 10:00:00"))
    assert emu.store.table_exists("vicidial_list_archive")
    assert emu.store.table_exists("custom_101") and not emu.store.table_exists(
        "custom_102"
    )
    assert emu.store.setting("custom_fields_enabled") == "1"
    _, _, body = emu.handle(
        "GET",
        f"{API_PATH}?source=t1&user=6666&pass=1234&function=list_custom_fields&list_id=101",
    )
    assert body == b"101|List 101|TESTCAMP|Y|||cf_text cf_area cf_pick cf_date\n"


def test_settings_from_about_text() -> None:
    emu = Emulator({"about": "system_settings: use_non_latin=1, pass_hash_enabled=0"})
    assert emu.store.setting("use_non_latin") == "1"


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("status", "NEW"),
        ("STATUS", "NEW"),
        ("lead_id-1", "999"),
        ("1", "1"),
        ("NULL", None),
        ("status-1", "-1"),
        ("gmt_offset_now-1", "-6.00"),
        ("-rank", "-3"),
        ("1e3", "1000"),
        ("0x41", "A"),
        ("TRUE", "1"),
    ],
)
def test_field_expressions(expression: str, value: str | None) -> None:
    row = {"lead_id": 1000, "status": "NEW", "gmt_offset_now": "-5.00", "rank": "3"}
    assert evaluate(expression, row, TABLES["vicidial_list"]) == value


@pytest.mark.parametrize("expression", ["now", "1-lead_id", "status-", "-", "1abc"])
def test_field_expression_errors(expression: str) -> None:
    row = {"lead_id": 1000, "status": "NEW"}
    with pytest.raises(SqlError):
        evaluate(expression, row, TABLES["vicidial_list"])
