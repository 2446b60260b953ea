"""Export journal operations (this journal's, or the team journal's with who ran
each), one row per lead: CSV for spreadsheets, JSON Lines for scripts.

The CSV has one column per field the exported leads touched (``before.status``,
``change.status``, ``after.status`` …) instead of JSON inside a cell; times are
ISO 8601 with the machine's UTC offset; the file is UTF-8 with a header row.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TextIO

from leadtui.ops.journal import Journal
from leadtui.ops.team_connection import TeamLead
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
    return write_jsonl(export_rows(journal, operation_ids), out)


def export_csv(journal: Journal, operation_ids: Iterable[int], out: TextIO) -> int:
    return write_csv(export_rows(journal, operation_ids), COLUMNS, out)


def team_rows(found: Iterable[TeamLead]) -> Iterator[dict[str, Any]]:
    """The team journal's lead rows, each with who ran its operation, where."""
    for each in found:
        op, lead = each.operation, each.lead
        yield {
            "journal_id": each.journal_id,
            "operation_id": op.id,
            "os_user": op.os_user,
            "host": op.host,
            "api_user": op.api_user,
            "profile": op.profile,
            "server": op.server,
            "kind": op.kind,
            "started_at": iso(op.started_at),
            "finished_at": iso(op.finished_at),
            "lead_id": lead.lead_id,
            "outcome": lead.outcome.value,
            "phase": lead.phase.value,
            "detail": lead.detail,
            "before": lead.before,
            "change": lead.change,
            "after": lead.after,
        }


TEAM_COLUMNS = (
    "journal_id",
    "operation_id",
    "os_user",
    "host",
    "api_user",
    "profile",
    "server",
    "kind",
    "started_at",
    "finished_at",
    "lead_id",
    "outcome",
    "phase",
    "detail",
)


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def write_csv(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO
) -> int:
    """``columns``, then one column per field an image holds (``before.status``…)."""
    rows = list(rows)
    fields = sorted(
        {
            column
            for row in rows
            for image in ("before", "change", "after")
            for column in (row[image] or {})
        }
    )
    header = [*columns, *(f"{image}.{f}" for f in fields for image in IMAGES)]
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        flat = {key: row[key] for key in columns}
        for image in IMAGES:
            for column, value in (row[image] or {}).items():
                flat[f"{image}.{column}"] = value
        writer.writerow(flat)
    return len(rows)
