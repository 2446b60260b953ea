"""The team journal's connection: settings, errors in words, the rows it returns.

psycopg is imported here only, and only when a team journal is configured.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from leadtui.ops.journal_chain import ChainProblem
from leadtui.ops.journal_models import LeadRow, OperationRow

if TYPE_CHECKING:
    import psycopg


class TeamJournalError(Exception):
    """The team journal could not be reached or used; the words say why."""


class TeamDiverged(TeamJournalError):
    """The team holds a different entry under this journal's key: one of the two
    was altered (or the local journal was restored from an older copy)."""


@dataclass(frozen=True, slots=True)
class TeamSettings:
    dsn: str
    password: str | None = None
    connect_timeout: int = 5


@dataclass(frozen=True, slots=True)
class TeamOperation:
    """One operation as the team journal holds it (its latest entry)."""

    journal_id: str
    operation: OperationRow
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def operator(self) -> str:
        return self.operation.operator


@dataclass(frozen=True, slots=True)
class TeamLead:
    """One lead row of one operation, with the operation it belongs to."""

    journal_id: str
    operation: OperationRow
    lead: LeadRow


@dataclass(frozen=True, slots=True)
class TeamChain:
    journal_id: str
    os_user: str
    host: str
    entries: int
    problem: ChainProblem | None


def password_problem(dsn: str) -> str | None:
    """A team_journal address must not carry a password (it would sit in the
    config file and in process listings)."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(dsn)
    except Exception as error:  # psycopg.ProgrammingError, in words
        return f"team_journal is not a PostgreSQL address: {error}"
    if parts.get("password"):
        return (
            "team_journal must not contain a password: use team_password_command, "
            "the LEADTUI_TEAM_PASSWORD environment variable or ~/.pgpass"
        )
    return None


def operation_row(body: Any) -> OperationRow:
    return OperationRow.from_row(row_dict(body))


def row_dict(body: Any) -> dict[str, Any]:
    return dict(json.loads(body) if isinstance(body, str) else body)


class TeamConnection:
    """A connection per call to the team tables (calls are rare and short)."""

    def __init__(self, settings: TeamSettings) -> None:
        self.settings = settings

    @contextmanager
    def _connect(self) -> Iterator[psycopg.Connection[Any]]:
        import psycopg

        try:
            conn = psycopg.connect(
                self.settings.dsn,
                password=self.settings.password,
                connect_timeout=self.settings.connect_timeout,
                autocommit=True,
                application_name="leadtui",
            )
        except psycopg.Error as error:
            raise TeamJournalError(
                f"the team journal cannot be reached: {_first_line(error)}"
            ) from None
        try:
            yield conn
        except psycopg.Error as error:
            raise TeamJournalError(
                f"the team journal refused: {_first_line(error)}"
            ) from None
        finally:
            conn.close()

    # --- setting up ----------------------------------------------------------

    def _fetch(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """One query's rows, on a connection of its own."""
        with self._connect() as conn:
            self._ready(conn)
            return conn.execute(sql.encode(), args).fetchall()

    def _ready(self, conn: psycopg.Connection[Any]) -> None:
        row = conn.execute("SELECT to_regclass('leadtui_entries')").fetchone()
        if row is None or row[0] is None:
            raise TeamJournalError(
                "the team journal has no leadtui tables yet: run `leadtui team "
                "setup` once as the database's owner"
            )

    # --- pushing -------------------------------------------------------------


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
