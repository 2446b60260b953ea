"""The journal: intent before, outcome after; crash leftovers; export; no secrets."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from leadtui.ops.export import export_csv, export_jsonl
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import ChunkState, LeadOutcome, OperationState


def _operation(journal: Journal) -> tuple[int, int]:
    op = journal.begin(
        kind="batch",
        profile="p",
        server="http://x",
        api_user="6666",
        params={"values": {"status": "DNC"}},
    )
    journal.add_leads(op, [(1, {"status": "DNC"}), (2, {"status": "DNC"})])
    journal.set_before(
        op, [(1, "full", {"status": "NEW"}, ""), (2, "missing", None, "no such lead")]
    )
    chunk = journal.add_chunk(
        op,
        seq=0,
        function="batch_update_lead",
        request=[("lead_ids", "1,2")],
        lead_ids=[1, 2],
    )
    return op, chunk


def test_chunk_states_and_outcomes(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    op, chunk = _operation(journal)
    journal.chunk_sending(chunk)
    assert journal.chunks(op)[0].state is ChunkState.SENDING
    journal.chunk_finished(
        chunk,
        ChunkState.DONE,
        response="SUCCESS: ...",
        outcomes={
            1: (LeadOutcome.UPDATED, "changed", {"status": "DNC"}),
            2: (LeadOutcome.NOT_FOUND, "", None),
        },
    )
    journal.finish(op, OperationState.PARTIAL, {"counts": {}})
    rows = {r.lead_id: r for r in journal.leads(op)}
    assert rows[1].before == {"status": "NEW"} and rows[1].after == {"status": "DNC"}
    assert rows[2].outcome is LeadOutcome.NOT_FOUND
    assert journal.operation(op).state is OperationState.PARTIAL
    assert journal.integrity_ok()
    assert (os.stat(tmp_path / "j.sqlite3").st_mode & 0o077) == 0


def test_many_chunks_and_mixed_outcomes_land_on_the_right_leads(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    op = journal.begin(kind="batch", profile="p", server="s", api_user="u", params={})
    ids = list(range(10, 40))
    journal.add_leads(op, [(i, {"status": "DNC"}) for i in ids])
    journal.add_leads(op, [(99, {"status": "DNC"})])  # in no chunk
    chunks = journal.add_chunks(
        op, [(n, "batch_update_lead", [], ids[n * 10 : n * 10 + 10]) for n in range(3)]
    )
    journal.chunk_finished(
        chunks[1],
        ChunkState.DONE,
        outcomes={
            i: (LeadOutcome.UPDATED, "", {"status": "DNC", "lead": str(i)})
            if i % 3
            else (LeadOutcome.NOT_FOUND, f"lead {i} is gone", None)
            for i in ids[10:20]
        },
    )
    rows = {r.lead_id: r for r in journal.leads(op)}
    assert [c.id for c in journal.chunks(op)] == chunks
    assert {i: rows[i].chunk_id for i in ids} == {
        i: chunks[(i - 10) // 10] for i in ids
    }
    assert rows[99].chunk_id is None
    for i in ids[10:20]:
        if i % 3:
            assert rows[i].outcome is LeadOutcome.UPDATED
            assert rows[i].after == {"status": "DNC", "lead": str(i)}
        else:
            assert rows[i].outcome is LeadOutcome.NOT_FOUND
            assert (rows[i].detail, rows[i].after) == (f"lead {i} is gone", None)
    untouched = [rows[i].outcome for i in ids[:10] + ids[20:] + [99]]
    assert set(untouched) == {LeadOutcome.PENDING}


def test_a_dead_process_leaves_sending_chunks_reported_unknown(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    script = f"""
import os
from leadtui.ops.journal import Journal
j = Journal({str(path)!r})
op = j.begin(kind="batch", profile="p", server="s", api_user="u", params={{}})
j.add_leads(op, [(1, {{}})])
c = j.add_chunk(op, seq=0, function="batch_update_lead", request=[], lead_ids=[1])
j.chunk_sending(c)
os._exit(0)  # no finish, no close: like kill -9 after the request left
"""
    subprocess.run([sys.executable, "-c", script], check=True)
    journal = Journal(path)
    assert journal.integrity_ok()
    stale = journal.mark_interrupted()
    assert [op.state for op in stale] == [OperationState.INTERRUPTED]
    assert journal.chunks(stale[0].id)[0].state is ChunkState.UNKNOWN
    assert [op.id for op in journal.unfinished()] == [stale[0].id]


def test_mark_resumed_settles_the_operation(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    op, chunk = _operation(journal)
    journal.chunk_sending(chunk)
    journal.finish(op, OperationState.INTERRUPTED, {})
    journal.mark_resumed(op, applied={1: "already holds the new values"})
    assert journal.operation(op).state is OperationState.RESUMED
    assert journal.unfinished() == []
    assert {r.lead_id: r.outcome for r in journal.leads(op)}[1] is LeadOutcome.UPDATED


def test_export_csv_and_jsonl(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    op, _ = _operation(journal)
    out = io.StringIO()
    assert export_jsonl(journal, [op], out) == 2
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["before"] == {"status": "NEW"} and first["kind"] == "batch"
    out = io.StringIO()
    assert export_csv(journal, [op], out) == 2
    assert out.getvalue().splitlines()[0].startswith("operation_id,kind")


def test_leads_keep_their_order_and_their_own_change(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    op = journal.begin(kind="csv", profile="p", server="s", api_user="u", params={})
    shared = {"status": "DNC"}
    leads = [(7, shared), (3, shared), (9, {"status": "A"}), (1, shared), (5, shared)]
    journal.add_leads(op, leads)
    assert [(r.lead_id, r.change) for r in journal.leads(op)] == leads
