"""Operations that take one ``update_lead`` call per lead: edit, delete, hopper,
callback removal, CSV rows of their own, restoring and re-creating leads.

Each lead's request is built (and refused, if it must be) before anything is
journaled; the engine journals it with the lead, so a resume sends exactly it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from leadtui.api.vicidial.requests import UpdateLeadRequest
from leadtui.ops.backend import Group
from leadtui.ops.backend_vicidial import SINGLE
from leadtui.ops.before_images import BeforeImage
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.engine import execute
from leadtui.ops.judges import VERIFY
from leadtui.ops.op_plan import GroupPlan, OperationPlan
from leadtui.ops.results import OperationResult, ProgressCallback
from leadtui.ops.session import Session


def single_group(
    lead_ids: Sequence[int],
    build: Callable[[int], UpdateLeadRequest],
    *,
    judge: str,
    change: Mapping[int, dict[str, str]] | None = None,
    read: bool = True,
) -> GroupPlan:
    """One update_lead per lead, each request built now (a refusal raises here)."""
    requests = {lead_id: build(lead_id).form() for lead_id in lead_ids}
    return GroupPlan(
        Group(function=SINGLE, size=1, judge=judge, verify=VERIFY[judge], read=read),
        tuple(lead_ids),
        changes={i: dict((change or {}).get(i, {})) for i in lead_ids},
        requests={i: [list(p) for p in form] for i, form in requests.items()},
    )


async def run_per_lead(
    session: Session,
    *,
    kind: str,
    lead_ids: Sequence[int],
    build: Callable[[int], UpdateLeadRequest],
    judge: str,
    change: Mapping[int, dict[str, str]] | None = None,
    before_columns: Sequence[str] | None = (),
    images: Mapping[int, BeforeImage] | None = None,
    params: dict[str, object] | None = None,
    on_progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
    undo_of: int | None = None,
) -> OperationResult:
    """Send ``build(lead_id)`` for every lead and judge each answer by ``judge``.

    Before-images: ``images`` when given, else read (``before_columns`` empty =
    full records, None = none). Leads without a readable image are not written.
    """
    session.require_writable()
    group = single_group(lead_ids, build, judge=judge, change=change)
    plan = OperationPlan(
        kind=kind,
        groups=[group],
        params={**(params or {}), "leads": len(lead_ids)},
        read_images=before_columns is not None or images is not None,
        image_columns=list(before_columns or []),
        befores=dict(images or {}),
        undo_of=undo_of,
    )
    return await execute(session, plan, stop=stop, on_progress=on_progress)
