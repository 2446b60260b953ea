"""The columns of the tables the API touches (MySQL_AST_CREATE_tables.sql), with their types and
defaults. Only the columns the emulated functions read or write are kept."""

from __future__ import annotations

from dataclasses import dataclass

from leadtui.emulator.mysql import Column

__all__ = ["TABLES", "Field", "Table", "lead_column"]

V = Column.varchar
E = Column.enum
I = Column.integer  # noqa: E741 - reads like the SQL type
DATE = Column("date")
DATETIME = Column("datetime")
TEXT = Column("text")
U16 = (0, 65535)
U32 = (0, 2**32 - 1)
U64 = (0, 2**64 - 1)


@dataclass(frozen=True)
class Field:
    name: str
    type: Column
    default: str | None = None
    not_null: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    fields: tuple[Field, ...]
    key: str | None = None  # integer AUTO_INCREMENT primary key

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _f(
    name: str, col: Column, default: str | None = None, not_null: bool = False
) -> Field:
    return Field(name, col, default, not_null)


VICIDIAL_LIST = Table(
    "vicidial_list",
    (
        _f("lead_id", I(*U32), not_null=True),
        _f("entry_date", DATETIME),
        _f("modify_date", DATETIME, not_null=True),
        _f("status", V(6)),
        _f("user", V(20)),
        _f("vendor_lead_code", V(20)),
        _f("source_id", V(50)),
        _f("list_id", I(*U64), "0", True),
        _f("gmt_offset_now", Column.decimal(4, 2), "0.00"),
        _f(
            "called_since_last_reset",
            E("Y", "N", *(f"Y{i}" for i in range(1, 11)), "D"),
            "N",
        ),
        _f("phone_code", V(10)),
        _f("phone_number", V(18), "", True),
        _f("title", V(4)),
        _f("first_name", V(30)),
        _f("middle_initial", V(1)),
        _f("last_name", V(30)),
        _f("address1", V(100)),
        _f("address2", V(100)),
        _f("address3", V(100)),
        _f("city", V(50)),
        _f("state", V(2)),
        _f("province", V(50)),
        _f("postal_code", V(10)),
        _f("country_code", V(3)),
        _f("gender", E("M", "F", "U"), "U"),
        _f("date_of_birth", DATE),
        _f("alt_phone", V(12)),
        _f("email", V(70)),
        _f("security_phrase", V(100)),
        _f("comments", V(255)),
        _f("called_count", I(*U16), "0"),
        _f("last_local_call_time", DATETIME),
        _f("rank", I(-32768, 32767), "0", True),
        _f("owner", V(20), ""),
        _f("entry_list_id", I(*U64), "0", True),
    ),
    key="lead_id",
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        VICIDIAL_LIST,
        Table("vicidial_list_archive", VICIDIAL_LIST.fields, key="lead_id"),
        Table(
            "vicidial_users",
            (
                _f("user", V(20), "", True),
                _f("pass", V(100), "", True),
                _f("full_name", V(50)),
                _f("user_level", I(0, 255), "1"),
                _f("user_group", V(20)),
                _f("active", E("Y", "N"), "Y"),
                _f("modify_leads", E(*"0123456"), "0"),
                _f("vdc_agent_api_access", E("0", "1"), "0"),
                _f("view_reports", E("0", "1"), "0"),
                _f("modify_lists", E("0", "1"), "0"),
                _f("delete_from_dnc", E("0", "1"), "0"),
                _f("api_list_restrict", E("1", "0"), "0"),
                _f("api_allowed_functions", V(1000), " ALL_FUNCTIONS "),
                _f("admin_hide_lead_data", E("0", "1"), "0"),
                _f("admin_cf_show_hidden", E("1", "0"), "0"),
                _f("failed_login_count", I(0, 255), "0"),
                _f("last_login_date", DATETIME, "2001-01-01 00:00:01"),
                _f("last_ip", V(15), ""),
            ),
        ),
        Table(
            "vicidial_user_groups",
            (
                _f("user_group", V(20), "", True),
                _f("group_name", V(40), "", True),
                _f("allowed_campaigns", TEXT),
                _f("admin_viewable_groups", TEXT),
            ),
        ),
        Table(
            "vicidial_campaigns",
            (
                _f("campaign_id", V(8), "", True),
                _f("campaign_name", V(40)),
                _f("active", E("Y", "N")),
                _f("user_group", V(20), "---ALL---"),
                _f("dial_method", V(30), "MANUAL"),
                _f("auto_dial_level", V(6), "0"),
                _f("lead_order", V(30)),
                _f("dial_statuses", V(255), " NEW -"),
                _f("dial_timeout", I(0, 255), "60"),
                _f("dial_prefix", V(20), "9"),
                _f("manual_dial_prefix", V(20), ""),
                _f("three_way_dial_prefix", V(20), ""),
                _f("local_call_time", V(10), "9am-9pm"),
                _f("lead_filter_id", V(20), "NONE"),
                _f("drop_lockout_time", V(6), "0"),
                _f("call_count_limit", I(*U16), "0"),
                _f("use_other_campaign_dnc", V(8), ""),
            ),
        ),
        Table(
            "vicidial_lists",
            (
                _f("list_id", I(*U64), "0", True),
                _f("list_name", V(30)),
                _f("campaign_id", V(8)),
                _f("active", E("Y", "N")),
                _f("list_changedate", DATETIME),
                _f("list_lastcalldate", DATETIME),
                _f("expiration_date", DATE, "2099-12-31"),
                _f("local_call_time", V(10), "campaign", True),
                _f("resets_today", I(*U16), "0"),
            ),
        ),
        Table("vicidial_dnc", (_f("phone_number", V(18), not_null=True),)),
        Table(
            "vicidial_campaign_dnc",
            (
                _f("phone_number", V(18), not_null=True),
                _f("campaign_id", V(8), not_null=True),
            ),
        ),
        Table(
            "vicidial_dnc_log",
            (
                _f("phone_number", V(18), not_null=True),
                _f("campaign_id", V(8), not_null=True),
                _f("action", E("add", "delete"), "add"),
                _f("action_date", DATETIME, not_null=True),
                _f("user", V(20), ""),
            ),
        ),
        Table(
            "vicidial_hopper",
            (
                _f("hopper_id", I(*U32), not_null=True),
                _f("lead_id", I(*U32), "0", True),
                _f("campaign_id", V(8)),
                _f(
                    "status",
                    E(
                        "READY",
                        "QUEUE",
                        "INCALL",
                        "DONE",
                        "HOLD",
                        "DNC",
                        "RHOLD",
                        "RQUEUE",
                    ),
                    "READY",
                ),
                _f("user", V(20)),
                _f("list_id", I(*U64), "0", True),
                _f("gmt_offset_now", Column.decimal(4, 2), "0.00"),
                _f("state", V(2), ""),
                _f("alt_dial", V(6), "NONE"),
                _f("priority", I(-128, 127), "0"),
                _f("source", V(1), ""),
                _f("vendor_lead_code", V(20), ""),
            ),
            key="hopper_id",
        ),
        *(
            Table(
                name,
                (
                    _f("callback_id", I(*U32), not_null=True),
                    _f("lead_id", I(*U32)),
                    _f("list_id", I(*U64)),
                    _f("campaign_id", V(8)),
                    _f("status", V(10)),
                    _f("entry_time", DATETIME),
                    _f("callback_time", DATETIME),
                    _f("modify_date", DATETIME, not_null=True),
                    _f("user", V(20)),
                    _f("recipient", E("USERONLY", "ANYONE")),
                    _f("comments", V(255)),
                    _f("user_group", V(20)),
                    _f("lead_status", V(6), "CALLBK"),
                    _f("customer_timezone", V(100), ""),
                    _f("customer_time", DATETIME),
                ),
                key="callback_id",
            )
            for name in ("vicidial_callbacks", "vicidial_callbacks_archive")
        ),
        Table(
            "vicidial_list_alt_phones",
            (
                _f("alt_phone_id", I(*U32), not_null=True),
                _f("lead_id", I(*U32), "0", True),
                _f("phone_code", V(10)),
                _f("phone_number", V(18)),
                _f("alt_phone_note", V(30)),
                _f("alt_phone_count", I(*U16)),
                _f("active", E("Y", "N"), "Y"),
            ),
            key="alt_phone_id",
        ),
        Table(
            "vicidial_api_log",
            (
                _f("api_id", I(*U32), not_null=True),
                _f("user", V(20), "", True),
                _f("api_date", DATETIME),
                _f("api_script", V(10)),
                _f("function", V(20), "", True),
                _f("agent_user", V(20)),
                _f("value", V(255)),
                _f("result", V(10)),
                _f("result_reason", V(255)),
                _f("source", V(20)),
                _f("data", TEXT),
            ),
            key="api_id",
        ),
        Table(
            "vicidial_lists_fields",
            (
                _f("field_id", I(*U32), not_null=True),
                _f("list_id", I(*U64), "0", True),
                _f("field_label", V(50)),
                _f("field_name", V(5000)),
                _f("field_rank", I(-32768, 32767)),
                _f("field_type", V(20), "TEXT"),
                _f("field_options", V(5000)),
                _f("field_max", I(-32768, 32767)),
                _f("field_order", I(-32768, 32767), "1"),
                _f("field_encrypt", E("Y", "N"), "N"),
                _f("field_show_hide", V(20), "DISABLED"),
                _f("field_duplicate", E("Y", "N"), "N"),
            ),
            key="field_id",
        ),
        Table(
            "vicidial_call_times",
            (
                _f("call_time_id", V(10), "", True),
                _f("ct_default_start", I(0, 65535), "900"),
                _f("ct_default_stop", I(0, 65535), "2100"),
                *(
                    _f(f"ct_{day}_{edge}", I(0, 65535), "0")
                    for day in (
                        "sunday",
                        "monday",
                        "tuesday",
                        "wednesday",
                        "thursday",
                        "friday",
                        "saturday",
                    )
                    for edge in ("start", "stop")
                ),
                _f("ct_state_call_times", TEXT),
            ),
        ),
        Table(
            "system_settings",
            (
                _f("use_non_latin", I(0, 255), "0"),
                _f("custom_fields_enabled", I(0, 255), "0"),
                _f("pass_hash_enabled", I(0, 255), "0"),
                _f("allow_web_debug", I(0, 255), "0"),
                _f("active_modules", TEXT),
            ),
        ),
        Table(
            "servers",
            (
                _f("server_id", V(10), "", True),
                _f("local_gmt", V(6), "-5.00"),
                _f("active", E("Y", "N"), "Y"),
            ),
        ),
    )
}


def lead_column(name: str) -> Field:
    return VICIDIAL_LIST.field(name)
