"""Write the request-only case files (tools/cases/*.json) that record_cases.py sends to the real
server. Only requests are written here; every answer is recorded from the server.

usage: python tools/case_specs [--out DIR]      (default: tools/cases)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import auth
import batch
import callbacks
import crashes
import delete
import dnc
import extras
import fields
import hopper
import insert
import lead_all_info
import lead_field_info
import lead_search
import lists
import nonlatin
import params
import permissions
import search
from dsl import Cases

TOPICS = {
    "fields": fields.build,
    "blank": fields.build_blank,
    "search": search.build,
    "insert": insert.build,
    "callbacks": callbacks.build,
    "hopper": hopper.build,
    "permissions": permissions.build,
    "auth": auth.build,
    "params": params.build,
    "batch": batch.build,
    "lead_all_info": lead_all_info.build,
    "lead_field_info": lead_field_info.build,
    "lead_search": lead_search.build,
    "lists": lists.build,
    "delete": delete.build,
    "dnc": dnc.build,
    "phone_check": dnc.build_check,
    "crashes": crashes.build,
    "extras": extras.build,
    "nonlatin": nonlatin.build,
}
DATASETS = {
    "extras": "dataset-extras.json",
    "nonlatin": "dataset-nonlatin.json",
    "dnc": "dataset-dnc.json",
    "phone_check": "dataset-dnc.json",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--out", default=str(Path(__file__).resolve().parent.parent / "cases")
    )
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for topic, build in TOPICS.items():
        cases = Cases()
        build(cases)
        spec: dict[str, Any] = {"cases": cases.cases}
        if topic in DATASETS:
            spec = {"dataset": DATASETS[topic], **spec}
        text = json.dumps(spec, indent=1, ensure_ascii=False) + "\n"
        (out / f"{topic}.json").write_text(text, encoding="utf-8")
        print(f"{topic}: {len(cases.cases)} cases")


if __name__ == "__main__":
    main()
