"""Export journal operations, one row per lead: CSV for spreadsheets, JSON Lines
for scripts.

The CSV has one column per field the exported leads touched (``before.status``,
``change.status``, ``after.status`` …) instead of JSON inside a cell; times are
ISO 8601 with the machine's UTC offset; the file is UTF-8 with a header row.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, TextIO

from leadtui.ops.journal import Journal
from leadtui.ops.wording import row_label

COLUMNS = (
    "operation_id",
    "kind",
    "started_at",
    "finished_at",
    "state",
    "profile",
    "server",
    "api_user",
    "lead_id",
    "number",
    "csv_line",
    "outcome",
    "detail",
)
IMAGES = ("before", "change", "after")


def iso(stamp: str | None) -> str | None:
    """The journal's local ``YYYY-MM-DD HH:MM:SS`` as ISO 8601 with its offset."""
    if not stamp:
        return stamp
    try:
        return datetime.fromisoformat(stamp).astimezone().isoformat()
    except ValueError:
        return stamp


def export_rows(
    journal: Journal, operation_ids: Iterable[int]
) -> Iterator[dict[str, Any]]:
    for operation_id in operation_ids:
        op = journal.operation(operation_id)
        for row in journal.leads(operation_id):
            noun, label = row_label(row, op.backend)
            yield {
                "operation_id": op.id,
                "kind": op.kind,
                "started_at": iso(op.started_at),
                "finished_at": iso(op.finished_at),
                "state": op.state.value,
                "profile": op.profile,
                "server": op.server,
                "api_user": op.api_user,
                # a DNC entry is a number, a row to insert its CSV line
                "lead_id": row.lead_id if noun == "lead" else None,
                "number": label if noun == "number" else None,
                "csv_line": int(label) if noun == "CSV line" else None,
                "outcome": row.outcome.value,
                "detail": row.detail,
                "before": row.before,
                "change": row.change,
                "after": row.after,
            }


def export_jsonl(journal: Journal, operation_ids: Iterable[int], out: TextIO) -> int:
    count = 0
    for row in export_rows(journal, operation_ids):
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def export_csv(journal: Journal, operation_ids: Iterable[int], out: TextIO) -> int:
    rows = list(export_rows(journal, operation_ids))
    fields = sorted(
        {
            column
            for row in rows
            for image in ("before", "change", "after")
            for column in (row[image] or {})
        }
    )
    header = [*COLUMNS, *(f"{image}.{f}" for f in fields for image in IMAGES)]
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        flat = {key: row[key] for key in COLUMNS}
        for image in IMAGES:
            for column, value in (row[image] or {}).items():
                flat[f"{image}.{column}"] = value
        writer.writerow(flat)
    return len(rows)
