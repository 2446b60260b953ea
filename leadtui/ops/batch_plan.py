"""A batch: one set of values for many leads, cut into ``batch_update_lead`` calls.

Pure: no I/O. The plan knows what the server will store for each value, how
many requests it takes, and what a single request would silently do instead.
"""

from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field

from leadtui.api.vicidial.errors import RequestRefused
from leadtui.api.vicidial.fields import FIELDS_BY_COLUMN, FIELDS_BY_PARAM
from leadtui.api.vicidial.preview import StoredValue, would_store
from leadtui.api.vicidial.requests import BatchUpdateRequest


class BatchPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    lead_ids: tuple[int, ...]
    #: field parameter → value as typed (``--BLANK--`` clears)
    values: dict[str, str] = Field(default_factory=dict)
    reset_lead: bool = False
    list_exists_check: bool = False
    #: most IDs per request (the profile's records cap, sent as ``records``)
    records: int = Field(default=1000, ge=1)

    @cached_property
    def previews(self) -> dict[str, StoredValue]:
        return {
            param: would_store(_param(param), value)
            for param, value in self.values.items()
        }

    @cached_property
    def predicted(self) -> dict[str, str]:
        """column → the value every matched lead will hold afterwards."""
        after = {
            preview.column: preview.stored
            for preview in self.previews.values()
            if preview.stored is not None
        }
        if self.reset_lead:
            after["called_since_last_reset"] = "N"
        return after

    @property
    def columns(self) -> list[str]:
        """Columns the batch may change (what a before-image must hold)."""
        return list(self.predicted)

    @cached_property
    def chunks(self) -> list[tuple[int, ...]]:
        size = self.records
        return [self.lead_ids[i : i + size] for i in range(0, len(self.lead_ids), size)]

    def request(self, chunk: tuple[int, ...]) -> BatchUpdateRequest:
        return BatchUpdateRequest(
            lead_ids=chunk,
            values=dict(self.values),
            reset_lead=self.reset_lead,
            list_exists_check=self.list_exists_check,
            records=self.records,
        )

    def problems(self) -> list[str]:
        """Why the plan cannot be sent; empty when it can."""
        found: list[str] = []
        if not self.lead_ids:
            found.append("no valid lead IDs")
        if not self.predicted:
            found.append(
                "nothing to change: every value is empty after the server's filter"
            )
        for param, preview in self.previews.items():
            if preview.refused:
                found.append(f"{param}: {preview.refused}")
        if not found:
            try:
                self.request(self.chunks[0]).form()
            except RequestRefused as error:
                found.append(error.message)
        return found

    def cap_warning(self, *, chosen: bool = False) -> str | None:
        """What the records cap means for this many IDs, or None when under it.

        ``chosen``: the operator picked this size (``--records``) rather than it
        being the profile's cap on the server's ``records``."""
        count = len(self.lead_ids)
        if count <= self.records:
            return None
        dropped = count - self.records
        if chosen:
            return (
                f"{count:,} IDs in requests of at most {self.records:,} (--records): "
                f"leadtui sends {len(self.chunks)} requests."
            )
        return (
            f"{count:,} IDs exceed the records cap of {self.records:,}: leadtui sends "
            f"{len(self.chunks)} requests of at most {self.records:,}. One request would "
            f"silently update only the {self.records:,} highest IDs and skip {dropped:,}."
        )


def _param(name: str) -> str:
    if name in FIELDS_BY_PARAM:
        return name
    return FIELDS_BY_COLUMN[name].param


def values_from_rows(
    rows: list[tuple[str, str]],
) -> tuple[dict[str, str], list[str]]:
    """The composer's rows (parameter, value) as one set of values, and a problem
    for every field given more than one value (the server takes one per field)."""
    values: dict[str, str] = {}
    problems: list[str] = []
    for param, value in rows:
        if not value:
            continue
        if param in values and values[param] != value:
            title = FIELDS_BY_PARAM[_param(param)].title
            problems.append(
                f"{title} is set twice ({values[param]} and {value}): keep one row"
            )
            continue
        values[param] = value
    return values, problems
