"""list_info, list_custom_fields and campaigns_list cases."""

from __future__ import annotations

from dsl import Cases, G, P, field, info, raw, upd  # noqa: F401


def build(c: Cases) -> None:
    for list_id in (
        "101",
        "138",
        "999",
        "1",
        "0101",
        "101abc",
        "---ALL---",
        "abc",
        "123456789012345",
        "1e2",
        "101.5",
        "",
    ):
        for kw in (
            {},
            {"header": "YES"},
            {"leads_counts": "Y", "header": "YES"},
            {"leads_counts": "Y", "stage": "csv"},
            {"dialable_count": "Y"},
            {
                "dialable_count": "Y",
                "leads_counts": "Y",
                "header": "YES",
                "stage": "tab",
            },
            {"leads_counts": "Y", "archived_lead": "Y"},
        ):
            tag = "_".join(f"{k}{v}" for k, v in kw.items()) or "plain"
            c.add(
                f"list_info_{list_id or 'empty'}_{tag}",
                G("list_info", list_id=list_id, **kw),
            )
    c.add(
        "list_info_dialable_after_edits",
        upd("1101", called_count="0", reset_lead="Y"),
        G("batch_update_lead", lead_ids="1102,1103,1104", status="NEW", reset_lead="Y"),
        G(
            "list_info",
            list_id="101",
            dialable_count="Y",
            leads_counts="Y",
            header="YES",
        ),
    )
    c.add(
        "list_info_restricted",
        G("list_info", user="8888", list_id="138"),
        G("list_info", user="8888", list_id="102", header="YES"),
    )
    for kw in (
        {"list_id": "101"},
        {"list_id": "---ALL---"},
        {"list_id": "---ALL---", "custom_order": "alpha_up"},
        {"list_id": "1"},
        {},
    ):
        tag = "_".join(f"{k}{v}" for k, v in kw.items()) or "plain"
        c.add(f"lcf_{tag}", G("list_custom_fields", **kw))
    for kw in (
        {},
        {"header": "YES"},
        {"stage": "csv", "header": "YES"},
        {"campaign_id": "ALTCAMP"},
        {"campaign_id": "altcamp"},
        {"campaign_id": "NOPE"},
        {"stage": "tab"},
    ):
        tag = "_".join(f"{k}{v}" for k, v in kw.items()) or "plain"
        c.add(f"campaigns_{tag}", G("campaigns_list", **kw))
