"""What setting status DNC does not do, said wherever an operation sets it.

Status ``DNC`` (or ``DNCL``) set through the Non-Agent API changes the lead's
status and nothing else: only the admin web page (or ``add_dnc_phone``) puts a
number on a DNC list (``vicidial_dnc`` / ``vicidial_campaign_dnc``), and a lead
already in the hopper is dialled anyway. An operator who batch-sets DNC after an
opt-out believes the numbers are blocked; this note says they are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: the statuses operators use for "do not call"
DNC_STATUSES = frozenset({"DNC", "DNCL"})


def status_blocks_nothing(
    stored: Mapping[str, str] | Iterable[Mapping[str, str]], leads: int = 1
) -> str | None:
    """The warning for an operation whose stored values (column → value, or one
    mapping per row) set a DNC status on ``leads`` leads; None when none does."""
    rows = [stored] if isinstance(stored, Mapping) else list(stored)
    statuses = sorted(
        {row["status"] for row in rows if row.get("status") in DNC_STATUSES}
    )
    if not statuses:
        return None
    said = " or ".join(statuses)
    whose = "this lead's number goes" if leads == 1 else "these leads' numbers go"
    return (
        f"Status {said} alone blocks nothing: {whose} on no DNC list, and a lead "
        "in the hopper still dials. Add the numbers to a DNC list (`leadtui dnc "
        "add --ids …`) and run `leadtui hopper remove`."
    )
