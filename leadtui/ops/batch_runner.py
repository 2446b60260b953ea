"""A batch: one set of values (or several) for many leads, as one engine operation.

Each BatchPlan becomes one ``batch_update_lead`` group, cut at its records cap;
the engine reads before-images, journals every step and reconciles each lead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from leadtui.api.vicidial import errors as e
from leadtui.ops.backend import Group, Verify
from leadtui.ops.backend_vicidial import BATCH, batch_form
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.before_images import BeforeImage
from leadtui.ops.cooperative import StopFlag
from leadtui.ops.engine import execute
from leadtui.ops.op_plan import GroupPlan, OperationPlan
from leadtui.ops.results import OperationResult, ProgressCallback
from leadtui.ops.session import Session


def batch_group(plan: BatchPlan) -> Group:
    return Group(
        function=BATCH,
        form=batch_form(
            plan.values,
            reset_lead=plan.reset_lead,
            list_exists_check=plan.list_exists_check,
        ),
        size=plan.records,
        verify=Verify.COMPARE,
        target=plan.predicted,
    )


def batch_operation(
    plans: BatchPlan | Sequence[BatchPlan],
    *,
    before_images: bool = True,
    images: Mapping[int, BeforeImage] | None = None,
    kind: str = "batch",
    undo_of: int | None = None,
) -> OperationPlan:
    """The engine's plan for one or several batches; refuses what cannot be sent."""
    groups = [plans] if isinstance(plans, BatchPlan) else list(plans)
    problems = [p for plan in groups for p in plan.problems()]
    if problems:
        raise e.RequestRefused("; ".join(problems))
    lead_ids = [i for plan in groups for i in plan.lead_ids]
    params = {
        "values": groups[0].values if len(groups) == 1 else [p.values for p in groups],
        "reset_lead": any(p.reset_lead for p in groups),
        "list_exists_check": any(p.list_exists_check for p in groups),
        "records": groups[0].records,
        "before_images": before_images or images is not None,
    }
    return OperationPlan(
        kind=kind,
        groups=[GroupPlan(batch_group(p), p.lead_ids) for p in groups],
        params=params,
        read_images=before_images or images is not None,
        image_columns=list(dict.fromkeys(c for p in groups for c in p.columns)),
        befores={i: images[i] for i in lead_ids if images and i in images},
        undo_of=undo_of,
    )


async def run_batch(
    session: Session,
    plans: BatchPlan | Sequence[BatchPlan],
    *,
    before_images: bool = True,
    images: Mapping[int, BeforeImage] | None = None,
    on_progress: ProgressCallback | None = None,
    kind: str = "batch",
    stop: StopFlag | None = None,
    undo_of: int | None = None,
) -> OperationResult:
    """Apply one plan, or several (one set of values each) as one operation.

    Every lead ends with a verdict in the result and in the journal. Before-
    images are read unless ``before_images`` is False; ``images`` a preview
    already read are used as they are (leads missing from them are read).
    """
    session.require_writable()
    plan = batch_operation(
        plans, before_images=before_images, images=images, kind=kind, undo_of=undo_of
    )
    result = await execute(session, plan, stop=stop, on_progress=on_progress)
    # the next estimate, here or in the next session, reads at this pace
    await asyncio.to_thread(session.remember_pace, result)
    return result
