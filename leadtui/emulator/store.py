"""The emulator's database: SQLite (stdlib), loaded from a dataset and reset back to it.

Every column is stored as the text MariaDB would return for it (``None`` for SQL NULL), except
AUTO_INCREMENT keys, which are SQLite INTEGER keys. Values are coerced with
:func:`leadtui.emulator.mysql.coerce` on the way in, so the stored text is exactly what the
reference server would hold. Comparisons that depend on MariaDB semantics go through the SQL
functions ``ci_eq`` (utf8mb4_general_ci) and ``num_eq`` (number = string literal).
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from leadtui.emulator.mysql import Column, ci_equal, ci_key, coerce, number_equal
from leadtui.emulator.schema import TABLES, Field, Table

__all__ = ["CUSTOM_SKIPPED_TYPES", "Row", "Store", "load_dataset"]

Row = dict[str, Any]
CUSTOM_SKIPPED_TYPES = ("DISPLAY", "SCRIPT", "BUTTON", "SWITCH")

_DATASET_TABLES = {
    "users": "vicidial_users",
    "user_groups": "vicidial_user_groups",
    "campaigns": "vicidial_campaigns",
    "lists": "vicidial_lists",
    "leads": "vicidial_list",
    "leads_archive": "vicidial_list_archive",
    "hopper": "vicidial_hopper",
    "callbacks": "vicidial_callbacks",
    "callbacks_archive": "vicidial_callbacks_archive",
    "call_times": "vicidial_call_times",
    "custom_fields": "vicidial_lists_fields",
    "servers": "servers",
    "dnc": "vicidial_dnc",
    "campaign_dnc": "vicidial_campaign_dnc",
}
_DEFAULT_CALL_TIMES = [
    {"call_time_id": cid, "ct_default_start": start, "ct_default_stop": stop}
    for cid, start, stop in (
        ("24hours", "0", "2400"),
        ("9am-9pm", "900", "2100"),
        ("9am-5pm", "900", "1700"),
        ("12pm-5pm", "1200", "1700"),
        ("12pm-9pm", "1200", "2100"),
        ("5pm-9pm", "1700", "2100"),
    )
]
_SETTINGS_IN_ABOUT = ("use_non_latin", "pass_hash_enabled", "custom_fields_enabled")


def _ci_collation(a: str, b: str) -> int:
    ka, kb = ci_key(a), ci_key(b)
    return (ka > kb) - (ka < kb)


def load_dataset(path: str | Path) -> dict[str, Any]:
    """Read a dataset file. ``{"extends": "other.json", ...}`` adds rows to another dataset
    (lists of rows are appended, ``custom_data`` tables merged, other keys replaced)."""
    path = Path(path)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    base_name = data.pop("extends", None)
    if not base_name:
        return data
    merged = load_dataset(path.parent / base_name)
    for key, value in data.items():
        old = merged.get(key)
        if isinstance(old, list) and isinstance(value, list):
            merged[key] = old + value
        elif isinstance(old, dict) and isinstance(value, dict):
            merged[key] = {
                **old,
                **{
                    k: (old.get(k) or []) + v if isinstance(v, list) else v
                    for k, v in value.items()
                },
            }
        else:
            merged[key] = value
    return merged


def _custom_column(field: Row) -> Column | None:
    kind = str(field.get("field_type") or "TEXT")
    if kind in CUSTOM_SKIPPED_TYPES:
        return None
    options = [
        line.split(",", 1)[0].strip()
        for line in str(field.get("field_options") or "").replace("\r", "").split("\n")
        if line.strip()
    ]
    if kind in ("SELECT", "SOURCESELECT", "RADIO"):
        return Column.enum(*options)
    if kind in ("MULTI", "CHECKBOX"):
        return Column.varchar(max(1, len(",".join(options))))
    if kind in ("AREA", "HIDEBLOB"):
        return Column("text")
    if kind == "DATE":
        return Column("date")
    if kind == "TIME":
        return Column("text")
    return Column.varchar(int(field.get("field_max") or 255))


class Store:
    """SQLite state of one emulated server. Not thread-safe by itself (the Emulator locks)."""

    def __init__(
        self,
        dataset: Mapping[str, Any],
        now: Callable[[], datetime],
        *,
        owned: bool = False,
    ) -> None:
        """``owned``: the caller hands the dataset over and keeps no reference."""
        self.dataset = dict(dataset) if owned else copy.deepcopy(dict(dataset))
        self.now = now
        self.conn = sqlite3.connect(
            ":memory:", check_same_thread=False, isolation_level=None
        )
        self.conn.row_factory = sqlite3.Row
        self.conn.create_function("ci_eq", 2, ci_equal, deterministic=True)
        self.conn.create_function("num_eq", 2, number_equal, deterministic=True)
        self.conn.create_collation("mysql_ci", _ci_collation)
        self.custom: dict[str, Table] = {}
        self.settings: dict[str, str | None] = {}
        self._baseline: sqlite3.Connection | None = None
        self._baseline_custom: dict[str, Table] = {}
        self._baseline_settings: dict[str, str | None] = {}
        self.reset()

    # ---------------------------------------------------------------- loading

    def reset(self) -> None:
        """Back to the dataset: every table emptied and reloaded, counters restarted. The first
        load is kept as an SQLite copy, so later resets are a fast page copy."""
        if self._baseline is not None:
            self._baseline.backup(self.conn)
            self.custom = dict(self._baseline_custom)
            self.settings = dict(self._baseline_settings)
            return
        self._load()
        self._baseline = sqlite3.connect(":memory:", check_same_thread=False)
        self.conn.backup(self._baseline)
        self._baseline_custom = dict(self.custom)
        self._baseline_settings = dict(self.settings)

    def _load(self) -> None:
        cur = self.conn.cursor()
        for (name,) in cur.execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        ).fetchall():
            if name != "sqlite_sequence":
                cur.execute(f'DROP TABLE "{name}"')
        self.custom = {}
        for table in TABLES.values():
            self._create(table)
        data = self.dataset
        stamp = self.now().strftime("%Y-%m-%d %H:%M:%S")
        for key, table_name in _DATASET_TABLES.items():
            rows = data.get(key)
            if rows is None and key == "call_times":
                rows = _DEFAULT_CALL_TIMES
            if rows is None and key == "servers":
                rows = [{"server_id": "TESTast", "local_gmt": "-5.00", "active": "Y"}]
            for row in rows or []:
                self._load_row(TABLES[table_name], row, stamp)
        for list_id in {
            str(f["list_id"]) for f in data.get("custom_fields") or []
        } | set(data.get("custom_data") or {}):
            self._create_custom(list_id)
        for list_id, rows in (data.get("custom_data") or {}).items():
            for row in rows:
                self._load_row(self.custom[str(list_id)], row, stamp)
        self._load_settings(data)

    def _load_settings(self, data: Mapping[str, Any]) -> None:
        settings: dict[str, str | None] = {
            f.name: f.default for f in TABLES["system_settings"].fields
        }
        for name, value in re.findall(
            r"\b([a-z_]+)=([0-9A-Za-z_]+)", str(data.get("about", ""))
        ):
            if name in _SETTINGS_IN_ABOUT:
                settings[name] = value
        for name, value in (data.get("system_settings") or {}).items():
            settings[name] = None if value is None else str(value)
        self.settings = settings

    def _create(self, table: Table) -> None:
        cols = []
        for f in table.fields:
            if f.name == table.key:
                cols.append(f'"{f.name}" INTEGER PRIMARY KEY AUTOINCREMENT')
            else:
                cols.append(f'"{f.name}" TEXT')
        self.conn.execute(f'CREATE TABLE "{table.name}" ({", ".join(cols)})')
        for name in ("phone_number", "vendor_lead_code"):
            if name in table.names:
                self.conn.execute(
                    f'CREATE INDEX "{table.name}_{name}" ON "{table.name}" '
                    f'("{name}" COLLATE mysql_ci)'
                )

    def _create_custom(self, list_id: str) -> None:
        fields = [
            f
            for f in self.dataset.get("custom_fields") or []
            if str(f.get("list_id")) == list_id
        ]
        columns = [Field("lead_id", Column.integer(0, 2**32 - 1), not_null=True)]
        seen = {"lead_id"}
        for f in fields:
            col = _custom_column(f)
            label = str(f.get("field_label"))
            if col is not None and label not in seen:
                seen.add(label)
                columns.append(Field(label, col))
        table = Table(f"custom_{list_id}", tuple(columns))
        self._create(table)
        self.custom[list_id] = table

    def _load_row(self, table: Table, row: Mapping[str, Any], stamp: str) -> None:
        values: dict[str, Any] = {}
        for f in table.fields:
            if f.name in row:
                v = row[f.name]
                values[f.name] = None if v is None else str(v)
            elif f.name == "modify_date":
                values[f.name] = stamp
            else:
                values[f.name] = f.default
        if table.key and values.get(table.key) is not None:
            values[table.key] = int(values[table.key])
        self.insert_row(table.name, values)

    def insert_row(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert stored values as they are (no coercion, no defaults); returns the key."""
        key = self._key(table)
        names = [k for k in values if not (k == key and values[k] is None)]
        sql = (
            f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '
            f"VALUES ({', '.join('?' for _ in names)})"
        )
        cur = self.conn.execute(sql, [values[n] for n in names])
        return int(cur.lastrowid or 0)

    def _key(self, table: str) -> str | None:
        t = self.table(table)
        return t.key if t else None

    # ---------------------------------------------------------------- schema queries

    def table(self, name: str) -> Table | None:
        if name.startswith("custom_"):
            return self.custom.get(name[len("custom_") :])
        return TABLES.get(name) if self.table_exists(name) else None

    def table_exists(self, name: str) -> bool:
        if name.startswith("custom_"):
            return name[len("custom_") :] in self.custom
        if (
            name == "vicidial_list_archive"
        ):  # made by ADMIN_archive_leads.pl, not by the schema
            return "leads_archive" in self.dataset
        return name in TABLES

    def setting(self, name: str) -> str:
        return self.settings.get(name) or ""

    # ---------------------------------------------------------------- rows

    def select(
        self, table: str, where: str = "1", params: Iterable[Any] = (), tail: str = ""
    ) -> list[Row]:
        rows = self.conn.execute(
            f'SELECT * FROM "{table}" WHERE {where} {tail}', tuple(params)
        )
        return [dict(r) for r in rows.fetchall()]

    def one(self, table: str, where: str, params: Iterable[Any] = ()) -> Row | None:
        rows = self.select(table, where, params, "LIMIT 1")
        return rows[0] if rows else None

    def count(self, table: str, where: str = "1", params: Iterable[Any] = ()) -> int:
        cur = self.conn.execute(
            f'SELECT count(*) FROM "{table}" WHERE {where}', tuple(params)
        )
        return int(cur.fetchone()[0])

    def coerce_row(
        self, table: Table, values: Mapping[str, str | None]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in values.items():
            f = table.field(name)
            if value is None:
                out[name] = None
            elif name == table.key:
                out[name] = int(coerce(f.type, value))
            else:
                out[name] = coerce(f.type, value)
        return out

    def insert(self, table_name: str, values: Mapping[str, str | None]) -> int:
        """INSERT … SET col="value", …: unsent columns get their defaults. Returns the new key."""
        table = self.table(table_name)
        assert table is not None
        stamp = self.now().strftime("%Y-%m-%d %H:%M:%S")
        row: dict[str, Any] = {f.name: f.default for f in table.fields}
        if "modify_date" in row:
            row["modify_date"] = stamp
        row.update(self.coerce_row(table, values))
        return self.insert_row(table.name, row)

    def update(
        self,
        table_name: str,
        where: str,
        params: Iterable[Any],
        values: Mapping[str, str | None],
    ) -> int:
        """UPDATE … SET …: returns the number of rows whose values really changed (MySQL's
        affected rows); ``modify_date`` moves only on those rows."""
        table = self.table(table_name)
        assert table is not None
        new = self.coerce_row(table, values)
        changed = 0
        stamp = self.now().strftime("%Y-%m-%d %H:%M:%S")
        for row in self.conn.execute(
            f'SELECT rowid AS _rid, * FROM "{table.name}" WHERE {where}', tuple(params)
        ).fetchall():
            current = dict(row)
            diff = {k: v for k, v in new.items() if current.get(k) != v}
            if not diff:
                continue
            if "modify_date" in current:
                diff["modify_date"] = stamp
            sets = ", ".join(f'"{k}"=?' for k in diff)
            self.conn.execute(
                f'UPDATE "{table.name}" SET {sets} WHERE rowid=?',
                [*diff.values(), row["_rid"]],
            )
            changed += 1
        return changed

    def delete(self, table_name: str, where: str, params: Iterable[Any] = ()) -> int:
        cur = self.conn.execute(
            f'DELETE FROM "{table_name}" WHERE {where}', tuple(params)
        )
        return int(cur.rowcount)
