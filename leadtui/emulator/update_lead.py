"""``update_lead`` (naa L16971-18029): checks, search, preview, the per-lead loop with the UPDATE
or DELETE. Callbacks, custom fields, the insert and the hopper are in their own modules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from leadtui.emulator.auth import restricted_list
from leadtui.emulator.callbacks import archive_callbacks, callback
from leadtui.emulator.common import digits, open_function
from leadtui.emulator.context import Ctx
from leadtui.emulator.custom_fields import custom_fields, delete_cf_data
from leadtui.emulator.hopper import hopper
from leadtui.emulator.lead_insert import not_found
from leadtui.emulator.mysql import SqlError, ci_equal, integer_literal, literal, to_text
from leadtui.emulator.php import PhpFatal, php_compare

__all__ = ["SET_FIELDS", "Found", "UpdateState", "build_set", "run_set", "update_lead"]

# (parameter, column) in SET-clause order (naa L17208-17236); batch_update_lead uses the same
SET_FIELDS: tuple[tuple[str, str], ...] = (
    ("user_field", "user"),
    ("list_id_field", "list_id"),
    ("status", "status"),
    ("vendor_lead_code", "vendor_lead_code"),
    ("source_id", "source_id"),
    ("gmt_offset_now", "gmt_offset_now"),
    ("title", "title"),
    ("first_name", "first_name"),
    ("middle_initial", "middle_initial"),
    ("last_name", "last_name"),
    ("address1", "address1"),
    ("address2", "address2"),
    ("address3", "address3"),
    ("city", "city"),
    ("state", "state"),
    ("province", "province"),
    ("postal_code", "postal_code"),
    ("country_code", "country_code"),
    ("gender", "gender"),
    ("date_of_birth", "date_of_birth"),
    ("alt_phone", "alt_phone"),
    ("email", "email"),
    ("security_phrase", "security_phrase"),
    ("comments", "comments"),
    ("rank", "rank"),
    ("owner", "owner"),
    ("called_count", "called_count"),
    ("phone_code", "phone_code"),
)
LIMIT_MAX = 2**64 - 1


@dataclass
class Found:
    lead_id: str
    list_id: str
    entry_list_id: str


@dataclass
class UpdateState:
    """PHP variables of update_lead that outlive one lead of the loop."""

    lead_id: str = ""
    list_id: str = ""
    vendor_lead_code: str = ""
    phone_number: str = ""
    entry_list_id: str = ""
    found: list[Found] = field(default_factory=list)
    inserted: int = 0
    vcba: str = ""  # $VCBAaffected_rows, printed twice in the SUCCESS line
    vcf: str = ""  # $VCFaffected_rows
    callback_sql: dict[str, str] = field(default_factory=dict)
    callback_type: str = ""
    callback_user: str = ""
    callback_status: str = ""
    callback_datetime: str = ""
    set_cleared: bool = False


def build_set(ctx: Ctx, with_phone: bool) -> list[tuple[str, str, str]]:
    """The SET clause as (column, quote, raw value), in order; each ``strlen($x)>0`` test is a
    string use of the variable (an array parameter throws here)."""
    v = ctx.v
    pairs: list[tuple[str, str, str]] = []
    for param, column in SET_FIELDS:
        value = v.s(param)
        if value:
            pairs.append((column, '"', value))
    if v.s("reset_lead") == "Y":
        pairs.append(("called_since_last_reset", "'", "N"))
    if with_phone:
        phone = v.s("phone_number")
        if v.s("update_phone_number") == "Y" and phone:
            pairs.append(("phone_number", "'", phone))
        entry = v.s("entry_list_id")
        if entry and not v.eq("custom_fields", "Y"):
            pairs.append(("entry_list_id", '"', entry))
    return pairs


def set_length(pairs: list[tuple[str, str, str]]) -> int:
    """strlen of the assembled SET clause after the --BLANK-- and newline replacements."""
    total = 0
    for column, _, value in pairs:
        value = "" if value == "--BLANK--" else value.replace("\n", "!N")
        total += len(column) + 3 + len(value)
    return total + max(0, len(pairs) - 1)


def run_set(ctx: Ctx, pairs: list[tuple[str, str, str]]) -> dict[str, str | None]:
    """What MariaDB reads from the SET clause (naa L17239-17241): ``"--BLANK--"`` becomes
    ``""``, newlines become ``!N``, then each literal is lexed (SQL error if one breaks)."""
    values: dict[str, str | None] = {}
    for column, quote, raw in pairs:
        raw = "" if raw == "--BLANK--" else raw.replace("\n", "!N")
        try:
            values[column] = to_text(literal(raw, quote))
        except SqlError as err:
            raise PhpFatal(f"mysqli_sql_exception: {err}") from err
    return values


def _limit(ctx: Ctx, records: str) -> int:
    if int(records) > LIMIT_MAX:
        raise PhpFatal("mysqli_sql_exception: LIMIT out of range")
    return int(records)


def _search(
    ctx: Ctx,
    where: str,
    params: list[object],
    scope: tuple[str, list[str]],
    records: str,
) -> list[Found]:
    limit = _limit(ctx, records)
    clause, scope_params = scope
    rows = (
        ctx.store.select(
            ctx.lead_table,
            f"{where}{clause}",
            [*params, *scope_params],
            f"ORDER BY entry_date DESC, rowid ASC LIMIT {min(limit, 2**62)}",
        )
        if limit
        else []
    )
    return [
        Found(
            ctx.db(str(r["lead_id"])), ctx.db(r["list_id"]), ctx.db(r["entry_list_id"])
        )
        for r in rows[:limit]
    ]


def _scope(ctx: Ctx, location: str, list_id: str) -> tuple[str, list[str]]:
    """``$search_SQL`` for search_location CAMPAIGN / LIST (naa L17082-17111)."""
    clause: tuple[str, list[str]] = ("", [])
    if "CAMPAIGN" in location.upper():
        row = ctx.store.one("vicidial_lists", "num_eq(list_id, ?)", [list_id])
        if row is not None:
            camp = row["campaign_id"] or ""
            lists = [
                str(r["list_id"])
                for r in ctx.store.select("vicidial_lists")
                if ci_equal(r["campaign_id"], camp)
            ]
            if lists:
                marks = ",".join("?" for _ in lists)
                clause = (f" AND list_id IN ({marks})", lists)
    if "LIST" in location.upper():
        clause = (" AND num_eq(list_id, ?)", [list_id])
    return clause


def _list_exists_check(ctx: Ctx, phone: str) -> None:
    """naa L17064-17080: list_exists_check containing a y and an unknown list_id_field."""
    v = ctx.v
    if not re.search("y", v.s("list_exists_check"), re.I):
        return
    list_id_field = v.s("list_id_field")
    if list_id_field and not ctx.store.count(
        "vicidial_lists", "num_eq(list_id, ?)", [list_id_field]
    ):
        data = f"{phone}|{list_id_field}"
        ctx.fail(
            f"ERROR: update_lead NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED - {data}\n",
            "update_lead NOT A DEFINED LIST ID, LIST EXISTS CHECK ENABLED",
            data,
        )


def update_lead(ctx: Ctx) -> None:
    v = ctx.v
    if not v.is_array("list_id"):
        v.set("list_id", digits(v.s("list_id")))
    open_function(
        ctx, "update_lead USER DOES NOT HAVE PERMISSION TO UPDATE LEADS IN THE SYSTEM"
    )
    st = UpdateState()
    user = ctx.user
    location = v.s("search_location")
    if (
        len(location) < 4
        or (not v.is_array("list_id") and php_compare(v.s("list_id"), 99) < 0)
        or len(v.s("list_id")) < 3
    ):
        location = "SYSTEM"
    list_id = v.s("list_id")
    method = v.s("search_method")
    if len(method) < 6:
        method = "LEAD_ID"
    records = v.s("records") or "1"
    force = v.s("force_entry_list_id")
    st.entry_list_id = force if len(force) > 1 else v.s("entry_list_id")
    if len(force) > 1:
        v.set("entry_list_id", force)
    st.lead_id = v.s("lead_id") if "LEAD_ID" in method else v.i("lead_id")
    find_lead = "LEAD_ID" in method and len(st.lead_id) > 0
    vendor = (
        v.s("vendor_lead_code")
        if "VENDOR_LEAD_CODE" in method
        else v.i("vendor_lead_code")
    )
    find_vendor = "VENDOR_LEAD_CODE" in method and len(vendor) > 0
    phone = v.s("phone_number") if "PHONE_NUMBER" in method else v.i("phone_number")
    find_phone = "PHONE_NUMBER" in method and 5 < len(phone) < 19
    st.vendor_lead_code, st.phone_number, st.list_id = vendor, phone, list_id
    if not (find_lead or find_vendor or find_phone):
        data = f"{method}|{st.lead_id}|{vendor}|{phone}"
        ctx.fail(
            f"ERROR: update_lead NO VALID SEARCH METHOD - {user}|{data}\n",
            "update_lead NO VALID SEARCH METHOD",
            data,
        )
    if restricted_list(ctx, list_id):
        ctx.fail(
            f"ERROR: update_lead NOT AN ALLOWED LIST ID, SEARCH - {phone}|{list_id}\n",
            "update_lead NOT AN ALLOWED LIST ID, SEARCH",
            f"{phone}|{list_id}",
        )
    _list_exists_check(ctx, phone)
    scope = _scope(ctx, location, list_id)
    if find_lead:
        st.found = _search(
            ctx, "lead_id = ?", [integer_literal(st.lead_id)], scope, records
        )
    if find_vendor and not st.found:
        value = ctx.sql('vendor_lead_code="{v}"', v=vendor)["v"]
        st.found = _search(
            ctx,
            "vendor_lead_code = ? COLLATE mysql_ci",
            [ctx.compare_text(value)],
            scope,
            records,
        )
    if find_phone and not st.found:
        st.found = _search(
            ctx, "phone_number = ? COLLATE mysql_ci", [to_text(phone)], scope, records
        )
    if len(force) > 1:
        for f in st.found:
            f.entry_list_id = force
    if v.eq("no_update", "Y"):
        _preview(ctx, st)
    elif st.found:
        _update_found(ctx, st)
    else:
        not_found(ctx, st)
    hopper(ctx, st)
    ctx.exit()


def _preview(ctx: Ctx, st: UpdateState) -> None:
    user = ctx.user
    if st.found:
        ctx.v.s("lead_id")  # strlen($lead_id)
        first = st.found[0]
        st.lead_id = st.lead_id or first.lead_id
        st.list_id = st.list_id or first.list_id
        data = (
            f"{st.lead_id}|{st.vendor_lead_code}|{st.phone_number}|{first.list_id}|"
            f"{first.entry_list_id}"
        )
        ctx.echo(f"NOTICE: update_lead LEADS FOUND IN THE SYSTEM: |{user}|{data}\n")
        ctx.api_log("NOTICE", "update_lead LEADS FOUND IN THE SYSTEM", data)
        return
    data = f"{st.lead_id}|{st.vendor_lead_code}|{st.phone_number}"
    ctx.echo(f"NOTICE: update_lead NO MATCHES FOUND IN THE SYSTEM: |{user}|{data}\n")
    ctx.api_log("NOTICE", "update_lead NO MATCHES FOUND IN THE SYSTEM", data)
    ctx.exit()


def _update_found(ctx: Ctx, st: UpdateState) -> None:
    v = ctx.v
    first = st.found[0]
    v.s("lead_id")  # strlen($lead_id)
    st.lead_id = st.lead_id or first.lead_id
    st.list_id = st.list_id or first.list_id
    pairs = build_set(ctx, with_phone=True)
    for lead in st.found:
        # the custom-fields step of a lead empties $VL_update_SQL for the next ones (L17517)
        writes = not st.set_cleared and set_length(pairs) > 6
        if restricted_list(ctx, lead.list_id):
            ctx.fail(
                f"ERROR: update_lead NOT AN ALLOWED LIST ID, RESULTS - {lead.list_id}\n",
                "update_lead NOT AN ALLOWED LIST ID, RESULTS",
                lead.list_id,
            )
        if v.eq("delete_cf_data", "Y"):
            delete_cf_data(ctx, st, lead)
        delete = v.eq("delete_lead", "Y")
        if writes or delete:
            if delete:
                reason = _delete(ctx, st, lead)
                affected = ctx.store.delete(
                    ctx.lead_table, "lead_id=?", [int(lead.lead_id)]
                )
            else:
                reason = "update_lead LEAD HAS BEEN UPDATED"
                values = run_set(ctx, pairs)
                affected = ctx.store.update(
                    ctx.lead_table, "lead_id=?", [int(lead.lead_id)], values
                )
            ctx.echo(
                f"SUCCESS: {reason} - {ctx.user}|{lead.lead_id}|{affected}|{st.vcba}|"
                f"{st.vcba}|\n"
            )
            ctx.api_log(
                "SUCCESS", reason, f"{st.phone_number}|{lead.list_id}|{lead.lead_id}|"
            )
        callback(ctx, st, lead)
        custom_fields(ctx, st, lead)


def _delete(ctx: Ctx, st: UpdateState, lead: Found) -> str:
    """Archive then delete the lead's callbacks (naa L17303-17314)."""
    archived, deleted = archive_callbacks(ctx, lead.lead_id)
    st.vcba = str(archived)
    return f"update_lead LEAD HAS BEEN DELETED {deleted}|{archived}"
