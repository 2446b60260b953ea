"""Transcript files and how the recorder sent their steps (same as shared/vicidial/replay.py)."""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from leadtui.emulator import API_PATH, Emulator, FixedClock, load_dataset

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DEFAULT_NOW = "2026-11-24 10:00:00"


@dataclass(frozen=True)
class Case:
    file: str
    name: str
    dataset: str
    steps: tuple[dict[str, Any], ...]

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"


def transcript_files() -> list[Path]:
    return [
        FIXTURES / "vicidial-2.14-202.json",
        *sorted((FIXTURES / "recorded").glob("*.json")),
    ]


def load_cases(path: Path) -> list[Case]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    dataset = doc.get("dataset", "dataset.json")
    return [
        Case(path.stem, c["name"], dataset, tuple(c["steps"])) for c in doc["cases"]
    ]


def all_cases() -> list[Case]:
    return [case for path in transcript_files() for case in load_cases(path)]


@cache
def dataset(name: str) -> dict[str, Any]:
    return load_dataset(FIXTURES / name)


def request_of(step: dict[str, Any]) -> tuple[str, str, bytes, dict[str, str]]:
    """(method, path with query, body, headers) exactly as replay.py sends the step."""
    qs = urllib.parse.urlencode(list(step["params"].items()), safe=",")
    if step["method"] == "GET":
        return "GET", f"{API_PATH}?{qs}", b"", {}
    query = step.get("query")
    path = API_PATH + ("?" + urllib.parse.urlencode(query) if query else "")
    return (
        "POST",
        path,
        qs.encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )


def normalise(body: str) -> str:
    return re.sub(
        r"(VERSION: [^|]*\|BUILD: [^|]*\|)DATE: [^|]*\|EPOCH: \d+\|",
        r"\1DATE: *|EPOCH: *|",
        body,
    )


class Emulators:
    """One emulator per dataset, reset before every case; its clock follows each step's
    recorded ``now`` (the public transcripts have none: a fixed default)."""

    def __init__(self) -> None:
        self.clock = FixedClock(DEFAULT_NOW)
        self._by_dataset: dict[str, Emulator] = {}

    def fresh(self, case: Case) -> Emulator:
        first = next((s["now"] for s in case.steps if s.get("now")), DEFAULT_NOW)
        self.clock.set(first)
        emu = self._by_dataset.get(case.dataset)
        if emu is None:
            emu = Emulator(dataset(case.dataset), now=self.clock)
            self._by_dataset[case.dataset] = emu
        else:
            emu.reset()
        return emu

    def step_clock(self, step: dict[str, Any]) -> None:
        if step.get("now"):
            self.clock.set(step["now"])
