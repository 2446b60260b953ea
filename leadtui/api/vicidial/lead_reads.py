"""The client's lead reads: ``lead_all_info`` (records, with the columns the
delimiter made ambiguous read again), ``lead_field_info``, ``lead_search`` and
``lead_callback_info``."""

from __future__ import annotations

from leadtui.api.vicidial import errors as e
from leadtui.api.vicidial.calls_base import Calls
from leadtui.api.vicidial.models import (
    CallbackInfo,
    FieldValue,
    Lead,
    LeadRecord,
    PhoneSearchHit,
)
from leadtui.api.vicidial.parse_lead_all_info import parse_lead_all_info
from leadtui.api.vicidial.parse_reads import (
    parse_lead_callback_info,
    parse_lead_field_info,
    parse_lead_search,
)
from leadtui.api.vicidial.requests import FormPairs
from leadtui.api.vicidial.search_location import SearchLocation


class LeadReads(Calls):
    """Mixed into :class:`~leadtui.api.vicidial.client.VicidialClient`, whose
    ``_call`` sends and parses every request."""

    async def lead_all_info(
        self,
        *,
        lead_id: int | None = None,
        phone_number: str | None = None,
        custom_fields: bool = False,
        custom_list: int | None = None,
    ) -> list[Lead]:
        """Full records of one lead, or of every lead with a phone number.

        ``custom_list``: read the custom fields of that list's table
        (``force_entry_list_id``) rather than of the lead's entry list.
        Columns the delimiter made ambiguous are re-read with lead_field_info.
        """
        if (lead_id is None) == (phone_number is None):
            raise e.RequestRefused("give either a lead ID or a phone number")
        pairs: FormPairs = [("header", "YES"), ("stage", "pipe")]
        if lead_id is not None:
            pairs.append(("lead_id", str(lead_id)))
        else:
            pairs.append(("phone_number", phone_number or ""))
        if custom_fields:
            pairs.append(("custom_fields", "Y"))
            if custom_list is not None:
                pairs.append(("force_entry_list_id", str(custom_list)))
        records = await self._call(
            "lead_all_info", pairs, parse_lead_all_info, read=True
        )
        return [await self._settle(record, custom_list) for record in records]

    async def _settle(self, record: LeadRecord, custom_list: int | None) -> Lead:
        if not record.uncertain:
            return record.lead
        standard: dict[str, object] = {}
        custom = dict(record.lead.custom_fields)
        for column in sorted(record.uncertain):
            is_custom = column in custom
            value = await self.lead_field_info(
                record.lead.lead_id,
                column,
                custom_field=is_custom,
                custom_list=custom_list if is_custom else None,
            )
            if is_custom:
                custom[column] = value.value
            else:
                standard[column] = value.value
        return record.lead.model_copy(update={**standard, "custom_fields": custom})

    async def lead_field_info(
        self,
        lead_id: int,
        field: str,
        *,
        custom_field: bool = False,
        custom_list: int | None = None,
    ) -> FieldValue:
        """One column; ``custom_list``: a custom field of that list's table."""
        pairs: FormPairs = [("lead_id", str(lead_id)), ("field_name", field)]
        if custom_field:
            pairs.append(("custom_fields", "Y"))
            if custom_list is not None:
                pairs.append(("list_id", str(custom_list)))

        def parse(body: str, status: int) -> FieldValue:
            return parse_lead_field_info(
                body, status, lead_id=lead_id, field=field, custom_field=custom_field
            )

        return await self._call("lead_field_info", pairs, parse, read=True)

    async def lead_search(
        self,
        *,
        phone_numbers: list[str] | None = None,
        vendor_codes: list[str] | None = None,
        location: SearchLocation = SearchLocation.SYSTEM,
        list_id: int | None = None,
        records: int = 1000,
    ) -> list[PhoneSearchHit]:
        """Which leads hold each phone number (or vendor code); one key kind per call."""
        if bool(phone_numbers) == bool(vendor_codes):
            raise e.RequestRefused(
                "search phone numbers or vendor codes, one kind per call"
            )
        pairs: FormPairs = [("header", "YES")]
        if phone_numbers:
            bad = [p for p in phone_numbers if not (p.isdigit() and 6 <= len(p) <= 18)]
            if bad:
                raise e.RequestRefused(
                    f"not a 6-18 digit phone number: {', '.join(bad)}"
                )
            pairs += [
                ("phone_number", ",".join(phone_numbers)),
                ("search_method", "PHONE_NUMBER"),
            ]
        else:
            codes = vendor_codes or []
            if any(not c or set(c) & set(",'\\;#\"+\n") for c in codes):
                raise e.RequestRefused(
                    "vendor codes to search cannot hold , ' \\ ; # \" + or line breaks"
                )
            pairs += [
                ("vendor_lead_code", ",".join(codes)),
                ("search_method", "VENDOR_LEAD_CODE"),
            ]
        if location is not SearchLocation.SYSTEM:
            pairs.append(("search_location", location.value))
        if list_id is not None:
            pairs.append(("list_id", str(list_id)))
        pairs.append(("records", str(records)))
        return await self._call("lead_search", pairs, parse_lead_search, read=True)

    async def lead_callback_info(self, lead_id: int) -> list[CallbackInfo]:
        pairs: FormPairs = [
            ("lead_id", str(lead_id)),
            ("search_location", "ALL"),
            ("header", "YES"),
        ]
        return await self._call(
            "lead_callback_info", pairs, parse_lead_callback_info, read=True
        )
