"""BatchPlan: chunking at the records cap, stored-value previews, cap warning."""

from __future__ import annotations

from leadtui.ops.batch_plan import BatchPlan


def test_chunks_never_exceed_records_and_records_is_sent() -> None:
    plan = BatchPlan(
        lead_ids=tuple(range(1, 2501)), values={"status": "DNC"}, records=1000
    )
    assert [len(c) for c in plan.chunks] == [1000, 1000, 500]
    assert ("records", "1000") in plan.request(plan.chunks[0]).form()


def test_cap_warning_says_what_the_server_would_do() -> None:
    plan = BatchPlan(
        lead_ids=tuple(range(1, 1201)), values={"status": "DNC"}, records=1000
    )
    warning = plan.cap_warning()
    assert warning is not None
    assert "2 requests" in warning and "skip 200" in warning
    assert BatchPlan(lead_ids=(1, 2), values={"status": "X"}).cap_warning() is None


def test_predicted_values_follow_the_server_filters() -> None:
    plan = BatchPlan(
        lead_ids=(1,),
        values={"email": "a+b@x.com", "gender": "--BLANK--"},
        reset_lead=True,
    )
    assert plan.predicted == {
        "email": "a b@x.com",
        "gender": "",
        "called_since_last_reset": "N",
    }


def test_problems_block_sending() -> None:
    assert BatchPlan(lead_ids=(), values={"status": "X"}).problems()
    assert BatchPlan(
        lead_ids=(1,), values={"rank": "abc"}
    ).problems()  # filters to nothing
    assert BatchPlan(lead_ids=(1,), values={"comments": "bad\\"}).problems()
    assert BatchPlan(lead_ids=(1,), values={"phone_number": "3125550000"}).problems()
    assert not BatchPlan(lead_ids=(1,), values={"status": "X"}).problems()


def test_a_size_the_operator_chose_is_not_called_the_records_cap() -> None:
    plan = BatchPlan(
        lead_ids=tuple(range(1, 251)), values={"status": "NI"}, records=100
    )
    chosen = plan.cap_warning(chosen=True)
    assert chosen is not None and "cap" not in chosen and "(--records)" in chosen
    assert "records cap of 100" in (plan.cap_warning() or "")
