"""Before a batch that moves leads: does its target list exist?

With ``list_exists_check`` the server refuses the whole batch when the list in
``list_id_field`` is not defined, after the operator confirmed it. The preview
asks first (``list_info``, which needs Modify Lists = 1) and says plainly when
it cannot tell.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.client import VicidialClient
from leadtui.ops.batch_plan import BatchPlan


@dataclass(frozen=True)
class TargetCheck:
    list_id: str
    #: True: it exists; False: it does not (the batch would be refused); None: unknown
    exists: bool | None
    detail: str = ""

    def describe(self) -> str:
        if self.exists:
            return f"Target list {self.list_id} exists."
        if self.exists is False:
            return (
                f"List {self.list_id} does not exist: with 'target list must exist' "
                "the server refuses the whole batch. Fix the list ID or untick the box."
            )
        return f"Cannot tell whether list {self.list_id} exists ({self.detail})."


async def check_target_list(
    client: VicidialClient, plan: BatchPlan
) -> TargetCheck | None:
    """None when the batch moves no lead or does not ask the server to check."""
    target = plan.values.get("list_id_field", "").strip()
    if not plan.list_exists_check or not target:
        return None
    if not target.isdigit():
        return TargetCheck(target, False, "not a list ID")
    try:
        await client.list_info(int(target), leads_counts=False)
    except e.ListNotFound:
        return TargetCheck(target, False)
    except e.VicidialError as error:
        return TargetCheck(target, None, error.explain())
    return TargetCheck(target, True)
