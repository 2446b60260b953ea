"""The client's list calls: ``list_info`` and ``list_custom_fields`` (every
list the user may see, or one list's custom field labels)."""

from __future__ import annotations

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.calls_base import Calls
from leadtui.api.vicidial.models import ListInfo
from leadtui.api.vicidial.parse_reads import parse_list_custom_fields, parse_list_info
from leadtui.api.vicidial.requests import FormPairs


class ListCalls(Calls):
    """Mixed into :class:`~leadtui.api.vicidial.client.VicidialClient`, whose
    ``_call`` sends and parses every request."""

    async def list_info(self, list_id: int, *, leads_counts: bool = True) -> ListInfo:
        pairs: FormPairs = [("list_id", str(list_id)), ("header", "YES")]
        if leads_counts:
            pairs.append(("leads_counts", "Y"))
        return await self._call("list_info", pairs, parse_list_info, read=True)

    async def lists(self) -> list[ListInfo]:
        """Every list the user may see (``list_custom_fields&list_id=---ALL---``)."""
        pairs: FormPairs = [("list_id", "---ALL---"), ("header", "YES")]
        return await self._call(
            "list_custom_fields", pairs, parse_list_custom_fields, read=True
        )

    async def custom_labels(self, list_id: int) -> tuple[str, ...]:
        """The custom field labels of one list (``list_custom_fields``): the
        columns of its ``custom_`` table, none when it has no table."""
        pairs: FormPairs = [("list_id", str(list_id)), ("header", "YES")]
        found = await self._call(
            "list_custom_fields", pairs, parse_list_custom_fields, read=True
        )
        if len(found) != 1 or found[0].list_id != list_id:
            raise e.UnrecognisedResponse(
                "list_custom_fields answered for other lists",
                raw=" ".join(str(i.list_id) for i in found),
            )
        return found[0].custom_fields
