"""Export journal operations, one row per lead, as CSV or JSON Lines."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from leadtui.ops.journal import Journal

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
    "outcome",
    "detail",
    "before",
    "change",
    "after",
)


def export_rows(
    journal: Journal, operation_ids: Iterable[int]
) -> Iterator[dict[str, Any]]:
    for operation_id in operation_ids:
        op = journal.operation(operation_id)
        for row in journal.leads(operation_id):
            yield {
                "operation_id": op.id,
                "kind": op.kind,
                "started_at": op.started_at,
                "finished_at": op.finished_at,
                "state": op.state.value,
                "profile": op.profile,
                "server": op.server,
                "api_user": op.api_user,
                "lead_id": row.lead_id,
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
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for row in export_rows(journal, operation_ids):
        for key in ("before", "change", "after"):
            row[key] = (
                ""
                if row[key] is None
                else json.dumps(row[key], ensure_ascii=False, sort_keys=True)
            )
        writer.writerow(row)
        count += 1
    return count
