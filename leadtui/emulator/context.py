"""The state of one request while the emulated script runs: its variables, its output, the
clock, the database, and ``api_log()`` (naa L20426-20505)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import NoReturn

from leadtui.emulator.mysql import (
    SqlError,
    check_statement,
    coerce,
    compare_text,
    from_text,
    to_text,
)
from leadtui.emulator.php import Output, PhpArray, PhpExit, PhpFatal, PhpValue
from leadtui.emulator.store import Store

__all__ = ["Ctx", "Vars", "allowed_campaigns"]

_API_LOG = (
    "INSERT INTO vicidial_api_log set user='{user}',agent_user='{agent_user}',"
    "function='{function}',value='{value}',result=\"{result}\",result_reason='{reason}',"
    "source='{source}',data=\"{data}\",api_date='{now}',api_script='non-agent',"
    "run_time='0',webserver='1',api_url='1';"
)


class Vars:
    """The script's request variables after the input filters (naa L242-1248).

    A variable sent as ``name[]=`` is a PHP array: string functions on it throw a TypeError
    (:meth:`s`), string interpolation prints ``Array`` (:meth:`i`), ``==`` is false (:meth:`eq`).
    """

    def __init__(self, values: dict[str, PhpValue]) -> None:
        self.values = values

    def s(self, name: str) -> str:
        value = self.values.get(name, "")
        if isinstance(value, PhpArray):
            raise PhpFatal(f"TypeError: ${name} is an array")
        return value

    def i(self, name: str) -> str:
        value = self.values.get(name, "")
        return "Array" if isinstance(value, PhpArray) else value

    def eq(self, name: str, literal: str) -> bool:
        value = self.values.get(name, "")
        return not isinstance(value, PhpArray) and value == literal

    def is_array(self, name: str) -> bool:
        return isinstance(self.values.get(name), PhpArray)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value


@dataclass
class Ctx:
    store: Store
    now: datetime
    v: Vars
    get: dict[str, PhpValue]
    post: dict[str, PhpValue]
    value: str  # api_log's $value: the last $_POST field (naa L1261)
    query_string: str  # naa L1256-1270, with the built-in server's empty QUERY_STRING
    out: Output = field(default_factory=Output)
    non_latin: bool = False
    # filled in by the authentication step (naa L1407-1467)
    api_list_restrict: int = 0
    api_allowed_functions: str = ""
    user_group: str | None = None
    allowed_lists: str = " "
    allowed_lists_sql: list[str] = field(default_factory=list)
    archived: bool = (
        False  # archived_lead=Y: the lead table is vicidial_list_archive (naa L1320)
    )

    # ------------------------------------------------------------------ script primitives

    @property
    def user(self) -> str:
        return self.v.i("user")

    @property
    def function(self) -> str:
        return self.v.i("function")

    @property
    def now_str(self) -> str:
        return self.now.strftime("%Y-%m-%d %H:%M:%S")

    def echo(self, text: str) -> None:
        self.out.echo(text)

    def exit(self) -> NoReturn:
        raise PhpExit

    def sql(self, template: str, **values: str) -> dict[str, str]:
        """Check a statement built from request data; an SQL error kills the script."""
        try:
            return check_statement(template, **values)
        except SqlError as err:
            raise PhpFatal(f"mysqli_sql_exception: {err}") from err

    def text(self, raw: str) -> str:
        """A byte string as the database stores it."""
        return to_text(raw)

    def compare_text(self, raw: str) -> str:
        """A byte string compared in a WHERE clause (an SQL error if utf8mb3 rejects it)."""
        try:
            return compare_text(raw)
        except SqlError as err:
            raise PhpFatal(f"mysqli_sql_exception: {err}") from err

    def api_log(self, result: str, reason: str, data: str) -> None:
        """naa L20426: one row per call; its INSERT pastes ``$value`` and ``$result_reason``
        between single quotes, so an apostrophe there is an SQL error."""
        got = self.sql(
            _API_LOG,
            user=self.user,
            agent_user=self.v.i("agent_user"),
            function=self.function,
            value=self.value,
            result=result,
            reason=reason,
            source=self.v.i("source"),
            data=data.replace('"', "'"),
            now=self.now_str,
        )
        log = self.store.table("vicidial_api_log")
        assert log is not None
        self.store.insert(
            "vicidial_api_log",
            {
                "user": to_text(got["user"]),
                "api_date": self.now_str,
                "api_script": "non-agent",
                "function": to_text(got["function"]),
                "agent_user": to_text(got["agent_user"]),
                "value": to_text(got["value"]),
                "result": got["result"],
                "result_reason": coerce(
                    log.field("result_reason").type, to_text(got["reason"])
                ),
                "source": to_text(got["source"]),
                "data": to_text(got["data"]),
            },
        )

    def fail(self, line: str, reason: str, data: str) -> NoReturn:
        """The usual error ending: echo, log, exit."""
        self.echo(line)
        self.api_log("ERROR", reason, data)
        self.exit()

    # ------------------------------------------------------------------ common lookups

    @property
    def lead_table(self) -> str:
        """``$vicidial_list_table``; querying a table that does not exist is an SQL error."""
        name = "vicidial_list_archive" if self.archived else "vicidial_list"
        if not self.store.table_exists(name):
            raise PhpFatal(f"mysqli_sql_exception: Table '{name}' doesn't exist")
        return name

    def group_row(self) -> dict[str, str | None] | None:
        if self.user_group is None:
            return None
        return self.store.one(
            "vicidial_user_groups", "ci_eq(user_group, ?)", [to_text(self.user_group)]
        )

    def db(self, text: str | None) -> str:
        """A value read from the database as PHP sees it (NULL is the empty string)."""
        return "" if text is None else from_text(text)


def allowed_campaigns(allowed: str | None, style: str) -> list[str] | None:
    """The campaign filter a function derives from ``vicidial_user_groups.allowed_campaigns``;
    None means all campaigns. Two spellings exist in the script:

    * ``dash`` (naa L1428, L7997, L14325): ``-ALL`` anywhere → all; else ``" -"`` removed and
      the rest split on spaces.
    * ``campaigns`` (naa L14572, L13938): ``ALL-CAMPAIGNS`` → all; else whitespace+``-`` removed
      and the rest split on whitespace.
    """
    text = allowed or ""
    if style == "dash":
        if re.search(r"-ALL", text, re.I):
            return None
        return text.replace(" -", "").split(" ")
    if re.search(r"ALL-CAMPAIGNS", text, re.I):
        return None
    return re.split(r"\s", re.sub(r"\s-", "", text))
