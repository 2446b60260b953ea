"""Evidence of DNC changes: for each number, which list, what the server
answered and when, who asked (OS user and API user) and from which host.

Read from the journal alone: the answer is the chunk's response as the server
sent it, the time is when leadtui received it (ISO 8601 with the offset).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from leadtui.ops.dnc_entries import key_phone
from leadtui.ops.dnc_operations import ADD, KINDS
from leadtui.ops.export import iso
from leadtui.ops.journal import Journal

COLUMNS = (
    "phone_number",
    "list",
    "action",
    "outcome",
    "detail",
    "answered_at",
    "sent_at",
    "server_answer",
    "operation_id",
    "undo_of",
    "operator",
    "api_user",
    "host",
    "server",
    "profile",
)


def dnc_operation_ids(journal: Journal) -> list[int]:
    """Every DNC operation in the journal, oldest first."""
    return sorted(
        op.id for op in journal.operations(limit=1_000_000) if op.kind in KINDS
    )


def evidence_rows(
    journal: Journal, operation_ids: Iterable[int], *, phone: str | None = None
) -> Iterator[dict[str, Any]]:
    for operation_id in operation_ids:
        op = journal.operation(operation_id)
        if op.kind not in KINDS:
            continue
        chunks = {c.id: c for c in journal.chunks(operation_id)}
        for row in journal.leads(operation_id):
            number = key_phone(row.lead_id)
            if phone is not None and number != phone:
                continue
            chunk = chunks.get(row.chunk_id) if row.chunk_id is not None else None
            yield {
                "phone_number": number,
                "list": op.params.get("list", ""),
                "action": "add" if op.kind == ADD else "remove",
                "outcome": row.outcome.value,
                "detail": row.detail,
                "answered_at": iso(chunk.finished_at) if chunk else None,
                "sent_at": iso(chunk.sent_at) if chunk else None,
                "server_answer": (chunk.response or "").strip() if chunk else "",
                "operation_id": op.id,
                "undo_of": op.undo_of,
                "operator": op.params.get("operator", ""),
                "api_user": op.api_user,
                "host": op.host,
                "server": op.server,
                "profile": op.profile,
            }


def write_evidence(rows: Iterable[dict[str, Any]], out: TextIO, fmt: str) -> int:
    """CSV (a header row) or JSON Lines; the number of rows written."""
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
        return count
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
