"""CRM sync by upsert against a server: the emulator here, the upstream VICIdial
in tests/realserver (the same tests, re-collected)."""

from __future__ import annotations

from leadtui.api.vicidial.search_location import SearchLocation
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.csv_rows import guess_mapping, read_csv
from leadtui.ops.csv_upsert import (
    RowKind,
    UpsertSpec,
    classify,
    upsert_operation,
    upsert_rows,
)
from leadtui.ops.engine import execute
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.recovery import propose_undo
from leadtui.ops.search import matching_ids
from leadtui.ops.session import Session

# V00021 is lead 1021 (list 101); V00000 is leads 1000 and 1480; CRM-77 is new
CRM = """vendor_lead_code,phone_number,first_name,status
V00021,3125550021,Lena-Marie,SALE
V00000,3125550000,Twice,SALE
CRM-77,3125559077,Grace,NEW
"""


async def test_upsert_in_a_campaign_then_undo(session: Session) -> None:
    spec = UpsertSpec(
        match=("vendor_lead_code",),
        location=SearchLocation.CAMPAIGN,
        list_id=101,
        insert_list=101,
    )
    table = read_csv(CRM)
    rows = upsert_rows(table, guess_mapping(table.header, "vicidial"), spec)
    plan = await classify(session, rows, spec)
    assert [r.kind for r in plan.rows] == [
        RowKind.UPDATE,
        RowKind.AMBIGUOUS,
        RowKind.INSERT,
    ]
    result = await execute(session, upsert_operation(plan, records=1000))
    assert result.state is OperationState.DONE
    assert result.verdicts[1021][0] is LeadOutcome.UPDATED
    outcome, detail = result.verdicts[-4]
    assert outcome is LeadOutcome.ADDED
    new_id = int(detail.rsplit(" ", 1)[1])
    query = spec.query({"vendor_lead_code": "CRM-77"})
    assert await matching_ids(session.client, query) == [new_id]
    lead = (await session.client.lead_all_info(lead_id=new_id))[0]
    assert (lead.list_id, lead.first_name, lead.status) == (101, "Grace", "NEW")
    proposal = await propose_undo(session, result.operation_id)
    assert proposal.typed_count == 2
    undone = await proposal.run(StopFlag(), None)
    assert undone.state is OperationState.DONE
    assert await matching_ids(session.client, query) == []
    restored = (await session.client.lead_all_info(lead_id=1021))[0]
    assert restored.first_name == "Lena"
