"""Before-images: what each target lead holds before leadtui writes to it.

VICIdial has no bulk read, so this is one ``lead_all_info`` per lead, run
concurrently within the client's limit. Real servers answer HTTP 500 for a
lead holding an apostrophe; then the columns about to change are read one by
one with ``lead_field_info``. A lead that cannot be read at all is flagged
``unreadable`` — callers do not write to it silently.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.api.vicidial.fields import LEAD_ALL_INFO_COLUMNS
from leadtui.api.vicidial.models import Lead
from leadtui.ops.custom_fields import is_custom
from leadtui.ops.custom_reads import read_custom_image
from leadtui.ops.field_reads import STOPS_EVERY_READ, STOPS_FIELD_READS, read_field

#: Columns lead_all_info does not print; read with lead_field_info when needed.
FIELD_INFO_ONLY = frozenset({"called_since_last_reset", "entry_date", "modify_date"})


class ImageState(StrEnum):
    FULL = "full"  # every column
    PARTIAL = "partial"  # only the columns being changed (lead_all_info failed)
    MISSING = "missing"  # no such lead
    HIDDEN = "hidden"  # the lead exists in a list this API user may not see
    UNREADABLE = "unreadable"


class BeforeImage(BaseModel):
    model_config = ConfigDict(frozen=True)

    lead_id: int
    state: ImageState
    values: dict[str, str] | None = None
    detail: str = ""

    @property
    def readable(self) -> bool:
        return self.state in (ImageState.FULL, ImageState.PARTIAL)


def image_of(lead: Lead, extra: dict[str, str] | None = None) -> dict[str, str]:
    values = {column: lead.value(column) for column in LEAD_ALL_INFO_COLUMNS}
    values.update(extra or {})
    return values


async def read_before_image(
    client: VicidialClient, lead_id: int, columns: Iterable[str]
) -> BeforeImage:
    wanted = list(columns)
    try:
        leads = await client.lead_all_info(lead_id=lead_id)
    except e.LeadNotFound:
        return BeforeImage(
            lead_id=lead_id, state=ImageState.MISSING, detail="no such lead"
        )
    except STOPS_EVERY_READ:
        raise
    except e.VicidialError as error:
        return await _read_fields(client, lead_id, wanted, why=error.explain())
    return await _complete(client, leads[0], wanted)


async def _complete(
    client: VicidialClient, lead: Lead, wanted: list[str]
) -> BeforeImage:
    """The image of a lead whose columns are read: the columns lead_all_info
    does not print, and custom fields (``custom:LABEL``), read on."""
    lead_id = lead.lead_id
    extra = {}
    if any(is_custom(c) for c in wanted):
        custom, why = await read_custom_image(
            client, lead, [c for c in wanted if is_custom(c)]
        )
        if custom is None:
            return BeforeImage(lead_id=lead_id, state=ImageState.UNREADABLE, detail=why)
        extra.update(custom)
    for column in (c for c in wanted if c in FIELD_INFO_ONLY):
        try:
            extra[column] = await read_field(client, lead_id, column)
        except STOPS_FIELD_READS:
            raise
        except e.VicidialError as error:
            return BeforeImage(
                lead_id=lead_id,
                state=ImageState.UNREADABLE,
                detail=f"cannot read {column}: {error.explain()}",
            )
    return BeforeImage(
        lead_id=lead_id, state=ImageState.FULL, values=image_of(lead, extra)
    )


async def _read_fields(
    client: VicidialClient, lead_id: int, columns: list[str], *, why: str
) -> BeforeImage:
    values: dict[str, str] = {}
    custom = [c for c in columns if is_custom(c)]
    if custom:  # the lead's lists decide which custom table is read
        columns = list(dict.fromkeys([*columns, "list_id", "entry_list_id"]))
    for column in (c for c in columns if not is_custom(c)):
        try:
            values[column] = await read_field(client, lead_id, column)
        except e.LeadNotFound:
            return BeforeImage(
                lead_id=lead_id, state=ImageState.MISSING, detail="no such lead"
            )
        except e.ListNotFound:
            return BeforeImage(
                lead_id=lead_id,
                state=ImageState.HIDDEN,
                detail="its list is not among the campaigns this API user may see",
            )
        except STOPS_FIELD_READS:
            raise
        except e.VicidialError as error:
            return BeforeImage(
                lead_id=lead_id,
                state=ImageState.UNREADABLE,
                detail=f"lead_all_info failed ({why}); {column}: {error.explain()}",
            )
    if custom:
        lead = Lead.from_columns({"lead_id": str(lead_id), **values})
        image, why = await read_custom_image(client, lead, custom)
        if image is None:
            return BeforeImage(lead_id=lead_id, state=ImageState.UNREADABLE, detail=why)
        values.update(image)
    return BeforeImage(
        lead_id=lead_id,
        state=ImageState.PARTIAL,
        values=values,
        detail="full record unreadable (the server crashed on it); changed fields read one by one",
    )


async def read_before_images(
    client: VicidialClient,
    lead_ids: Iterable[int],
    columns: Iterable[str],
    *,
    concurrency: int = 4,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[int, BeforeImage]:
    """Before-images of every lead, ``concurrency`` reads in flight at a time."""
    ids = list(lead_ids)
    wanted = list(columns)
    images: dict[int, BeforeImage] = {}
    queue = iter(ids)

    async def worker() -> None:
        for lead_id in queue:
            images[lead_id] = await read_before_image(client, lead_id, wanted)
            if on_progress:
                on_progress(len(images), len(ids))

    workers = [
        asyncio.create_task(worker()) for _ in range(max(1, min(concurrency, len(ids))))
    ]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        for task in workers:
            task.cancel()
        raise
    return {lead_id: images[lead_id] for lead_id in ids}
