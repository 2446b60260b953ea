"""update_lead ``insert_if_not_found=Y`` (naa L17657-17880): validation, INSERT, multi alt
phones and custom fields of the new lead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadtui.emulator.auth import restricted_list
from leadtui.emulator.calltime import lookup_gmt
from leadtui.emulator.context import Ctx
from leadtui.emulator.custom_fields import cf_assignments, cf_write
from leadtui.emulator.mysql import to_text
from leadtui.emulator.php import PhpFatal

if TYPE_CHECKING:
    from leadtui.emulator.update_lead import UpdateState

__all__ = ["insert_lead", "not_found"]

# columns of the INSERT after user (naa L17692), each pasted between double quotes
_INSERT_FIELDS = (
    "vendor_lead_code",
    "source_id",
    "gmt_offset_now",
    "title",
    "first_name",
    "middle_initial",
    "last_name",
    "address1",
    "address2",
    "address3",
    "city",
    "state",
    "province",
    "postal_code",
    "country_code",
    "gender",
    "date_of_birth",
    "alt_phone",
    "email",
    "security_phrase",
    "comments",
)


def not_found(ctx: Ctx, st: UpdateState) -> None:
    """NO MATCHES FOUND, then exit — or, with insert_if_not_found=Y, insert the lead."""
    v = ctx.v
    insert = v.eq("insert_if_not_found", "Y")
    result = "NOTICE" if insert else "ERROR"
    data = f"{st.lead_id}|{st.vendor_lead_code}|{st.phone_number}"
    ctx.echo(
        f"{result}: update_lead NO MATCHES FOUND IN THE SYSTEM: |{ctx.user}|{data}\n"
    )
    ctx.api_log(result, "update_lead NO MATCHES FOUND IN THE SYSTEM", data)
    if not insert:
        ctx.exit()
    insert_lead(ctx, st)


def insert_lead(ctx: Ctx, st: UpdateState) -> None:
    v = ctx.v
    user = ctx.user
    if v.s("list_id_field"):
        st.list_id = v.s("list_id_field")
    list_id, phone, phone_code = st.list_id, st.phone_number, v.s("phone_code")
    if (
        len(v.s("phone_number")) < 6
        or len(phone) > 18
        or len(phone_code) < 1
        or len(list_id) < 3
    ):
        data = f"{phone}|{phone_code}|{list_id}|{v.i('insert_if_not_found')}"
        ctx.fail(
            f"ERROR: update_lead INVALID DATA FOR LEAD INSERTION - {user}|{data}\n",
            "update_lead INVALID DATA FOR LEAD INSERTION",
            data,
        )
    if restricted_list(ctx, list_id):
        ctx.fail(
            f"ERROR: update_lead NOT AN ALLOWED LIST ID, INSERT - {phone}|{list_id}\n",
            "update_lead NOT AN ALLOWED LIST ID, INSERT",
            f"{phone}|{list_id}",
        )
    gmt = lookup_gmt(ctx, phone_code, v.i("owner"), v.s("tz_method"))
    entry_list_id = "0"
    if v.s("entry_list_id") and not v.eq("custom_fields", "Y"):
        entry_list_id = v.s("entry_list_id")
    status = v.s("status") or "NEW"
    raw = {
        "phone_code": phone_code,
        "phone_number": phone,
        "list_id": list_id,
        "status": status,
        "user": user,
        **{name: v.i(name) for name in _INSERT_FIELDS},
        "gmt_offset_now": gmt,
        "called_since_last_reset": "N",
        "entry_date": ctx.now.strftime("%Y%m%d%H%M%S"),
        "last_local_call_time": ctx.now_str,
        "rank": v.i("rank"),
        "owner": v.i("owner"),
    }
    template = (
        ",".join(f'{k}="{{{k}}}"' for k in raw) + ",entry_list_id='{entry_list_id}'"
    )
    got = ctx.sql(template, entry_list_id=entry_list_id, **raw)
    lead_id = str(
        ctx.store.insert("vicidial_list", {k: to_text(x) for k, x in got.items()})
    )
    st.inserted = 1
    st.lead_id = lead_id
    ctx.echo(
        f"SUCCESS: update_lead LEAD HAS BEEN ADDED - {phone}|{list_id}|{lead_id}|{gmt}|"
        f"{user}\n"
    )
    ctx.api_log(
        "SUCCESS",
        "update_lead LEAD HAS BEEN ADDED",
        f"{phone}|{list_id}|{lead_id}|{gmt}",
    )
    _alt_phones(ctx, lead_id)
    if v.eq("custom_fields", "Y"):
        _custom_fields(ctx, st, lead_id)


def _alt_phones(ctx: Ctx, lead_id: str) -> None:
    phones = ctx.v.s("multi_alt_phones")
    if len(phones) <= 5:
        return
    inserted = 0
    for count, entry in enumerate(phones.split("!"), start=1):
        parts = [*entry.split("_"), "", "", ""]
        ctx.echo(f"{parts[0]}|{parts[1]}|{parts[2]}")
        ctx.store.insert(
            "vicidial_list_alt_phones",
            {
                "lead_id": lead_id,
                "phone_code": to_text(parts[1] or "1"),
                "phone_number": to_text(parts[0]),
                "alt_phone_note": to_text(parts[2]),
                "alt_phone_count": str(count),
            },
        )
        inserted += 1
    data = f"{inserted}|{lead_id}"
    ctx.echo(
        f"NOTICE: update_lead MULTI-ALT-PHONE NUMBERS LOADED - {data}|{ctx.user}\n"
    )
    ctx.api_log("NOTICE", "update_lead MULTI-ALT-PHONE NUMBERS LOADED", data)


def _custom_fields(ctx: Ctx, st: UpdateState, lead_id: str) -> None:
    phone, list_id = st.phone_number, st.list_id
    enabled = ctx.store.setting("custom_fields_enabled") or "0"
    if int(enabled) < 1:
        data = f"{phone}|{lead_id}|{ctx.v.i('custom_fields')}|{enabled}"
        ctx.echo(
            f"NOTICE: update_lead CUSTOM FIELDS NOT ADDED, CUSTOM FIELDS DISABLED - {data}\n"
        )
        ctx.api_log(
            "NOTICE",
            "update_lead CUSTOM FIELDS NOT ADDED, CUSTOM FIELDS DISABLED",
            data,
        )
        return
    data = f"{phone}|{lead_id}|{list_id}"
    if not ctx.store.table_exists(f"custom_{list_id}"):
        reason = "update_lead CUSTOM FIELDS NOT ADDED, NO CUSTOM FIELDS DEFINED FOR THIS LIST"
        ctx.echo(f"NOTICE: {reason} - {data}\n")
        ctx.api_log("NOTICE", reason, data)
        return
    pairs = cf_assignments(ctx, list_id, only_sent=False)
    force = ctx.v.s("force_entry_list_id")
    target = force if len(force) > 1 else list_id
    count = 0
    if pairs:
        count = (
            cf_write(ctx, f"custom_{target}", lead_id, pairs, update=False)
            if ctx.store.table_exists(f"custom_{target}")
            else _missing(target)
        )
    if count > 0:
        changed = ctx.store.update(
            "vicidial_list", "lead_id=?", [int(lead_id)], {"entry_list_id": target}
        )
        ctx.echo(f"NOTICE: update_lead CUSTOM FIELDS VALUES ADDED - {data}|{changed}\n")
        ctx.api_log("NOTICE", "update_lead CUSTOM FIELDS VALUES ADDED", data)
        return
    reason = "update_lead CUSTOM FIELDS NOT ADDED, NO FIELDS DEFINED"
    ctx.echo(f"NOTICE: {reason} - {data}\n")
    ctx.api_log("NOTICE", reason, data)


def _missing(table_list: str) -> int:
    raise PhpFatal(f"mysqli_sql_exception: Table 'custom_{table_list}' doesn't exist")
