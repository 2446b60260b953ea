"""Load the recorded VICIdial request/response pairs from tests/fixtures."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
PUBLIC = FIXTURES / "vicidial-2.14-202.json"
RECORDED = FIXTURES / "recorded"
DATASET = FIXTURES / "dataset.json"


@dataclass(frozen=True)
class Step:
    case: str
    index: int
    method: str
    params: dict[str, str]
    status: int
    body: str
    query: dict[str, str] | None = None

    @property
    def function(self) -> str:
        return self.params.get("function", "")


@dataclass(frozen=True)
class Case:
    source: str
    name: str
    about: str
    steps: tuple[Step, ...]

    @property
    def id(self) -> str:
        return f"{self.source}:{self.name}"


def load_cases(path: Path) -> list[Case]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    cases = []
    for raw in data["cases"]:
        steps = tuple(
            Step(
                case=raw["name"],
                index=i,
                method=s["method"],
                params=dict(s["params"]),
                status=int(s["status"]),
                body=s["body"],
                query=s.get("query"),
            )
            for i, s in enumerate(raw["steps"])
        )
        cases.append(Case(path.stem, raw["name"], raw.get("about", ""), steps))
    return cases


def all_case_files() -> list[Path]:
    return [PUBLIC, *sorted(RECORDED.glob("*.json"))]


def all_cases() -> list[Case]:
    return [case for path in all_case_files() for case in load_cases(path)]


def public_steps() -> dict[tuple[str, int], Step]:
    return {(s.case, s.index): s for c in load_cases(PUBLIC) for s in c.steps}
