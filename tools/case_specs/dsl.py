"""Helpers to write request-only cases (no answers: those are recorded from the server)."""

from __future__ import annotations

from typing import Any

Step = dict[str, Any]
AUTH = {"source": "test", "user": "6666", "pass": "1234"}


def G(function: str | None = None, user: str = "6666", **params: str) -> Step:
    p = {**AUTH, "user": user}
    if function is not None:
        p["function"] = function
    p.update(params)
    return {"method": "GET", "params": p}


def P(
    function: str | None = None,
    user: str = "6666",
    query: dict[str, str] | None = None,
    **params: str,
) -> Step:
    step = G(function, user, **params)
    step["method"] = "POST"
    if query:
        step["query"] = query
    return step


def raw(
    method: str, params: dict[str, str], query: dict[str, str] | None = None
) -> Step:
    step: Step = {"method": method, "params": params}
    if query:
        step["query"] = query
    return step


def info(lead: str, **extra: str) -> Step:
    return G("lead_all_info", lead_id=lead, header="YES", **extra)


def field(lead: str, name: str, **extra: str) -> Step:
    return G("lead_field_info", lead_id=lead, field_name=name, **extra)


def upd(lead: str, **params: str) -> Step:
    return G("update_lead", lead_id=lead, **params)


class Cases:
    """A topic: named cases, each a list of steps."""

    def __init__(self) -> None:
        self.cases: list[dict[str, Any]] = []
        self.names: set[str] = set()

    def add(self, name: str, *steps: Step, about: str = "") -> None:
        assert name not in self.names, name
        self.names.add(name)
        case: dict[str, Any] = {"name": name}
        if about:
            case["about"] = about
        case["steps"] = list(steps)
        self.cases.append(case)
