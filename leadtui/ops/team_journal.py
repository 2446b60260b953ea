"""The team journal: every operator's journal entries, pushed to PostgreSQL.

Local first: every write is journaled in the operator's own SQLite journal
(and sealed into its chain) before anything goes to the team; a push sends
the entries the team does not have yet, in order, each batch one
transaction, ``ON CONFLICT DO NOTHING`` on (journal id, seq). A push cut
anywhere (the network, PostgreSQL restarted, the process killed) is resumed
by the next one from what PostgreSQL holds: nothing lost, nothing twice.

Its connection, errors and rows are in team_connection, what it reads back in
team_queries; psycopg is imported only when a team journal is configured.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from leadtui.ops.journal import Journal
from leadtui.ops.journal_chain import Entry
from leadtui.ops.run_lock import host_name, os_user
from leadtui.ops.team_connection import (
    TeamChain,
    TeamDiverged,
    TeamJournalError,
    TeamLead,
    TeamOperation,
    TeamSettings,
    password_problem,
)
from leadtui.ops.team_queries import TeamQueries
from leadtui.ops.team_schema import SCHEMA

__all__ = [
    "TeamChain",
    "TeamDiverged",
    "TeamJournal",
    "TeamJournalError",
    "TeamLead",
    "TeamOperation",
    "TeamSettings",
    "password_problem",
]


class TeamJournal(TeamQueries):
    """The team journal: set up its tables, push a journal to it, read it back."""

    # --- setting up ----------------------------------------------------------

    def setup(self, grant_to: Iterable[str] = ()) -> None:
        """Create the tables, triggers and view (run as their owner), and let
        each role in ``grant_to`` read and append, nothing more."""
        from psycopg import sql

        with self._connect() as conn:
            conn.execute(SCHEMA.encode())
            for role in grant_to:
                conn.execute(
                    sql.SQL(
                        "GRANT SELECT, INSERT ON leadtui_journals, leadtui_entries,"
                        " leadtui_rows TO {}"
                    ).format(sql.Identifier(role))
                )

    def push(
        self,
        journal: Journal,
        *,
        batch: int = 5000,
        after_batch: Callable[[int], None] | None = None,
    ) -> int:
        """Send every entry the team does not hold yet; returns how many were sent."""
        journal_id = journal.journal_id
        sent = 0
        with self._connect() as conn:
            self._ready(conn)
            conn.execute(
                "INSERT INTO leadtui_journals (journal_id, os_user, host)"
                " VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (journal_id, os_user(), host_name()),
            )
            last = conn.execute(
                "SELECT seq, hash FROM leadtui_entries WHERE journal_id=%s"
                " ORDER BY seq DESC LIMIT 1",
                (journal_id,),
            ).fetchone()
            held = 0
            if last is not None:
                held = int(last[0])
                mine = journal.entries(after=held - 1, limit=1)
                if not mine or mine[0].hash != last[1]:
                    raise TeamDiverged(
                        f"the team journal's entry {held} of this journal differs "
                        "from the local one: run `leadtui log --verify --team`"
                    )
            while True:
                entries = journal.entries(after=held, limit=batch)
                if not entries:
                    return sent
                # COPY into a scratch table, then one INSERT … ON CONFLICT DO
                # NOTHING: the speed of COPY, the idempotence of the key
                with conn.transaction(), conn.cursor() as cursor:
                    cursor.execute(
                        "CREATE TEMPORARY TABLE IF NOT EXISTS leadtui_incoming"
                        " (LIKE leadtui_entries INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
                    )
                    with cursor.copy(
                        "COPY leadtui_incoming (journal_id, seq, at, kind,"
                        " operation_id, row_id, body, prev, hash, lead_id) FROM STDIN"
                    ) as copy:
                        for entry in entries:
                            copy.write_row(_values(journal_id, entry))
                    cursor.execute(
                        "INSERT INTO leadtui_entries (journal_id, seq, at, kind,"
                        " operation_id, row_id, body, prev, hash, lead_id)"
                        " SELECT journal_id, seq, at, kind, operation_id, row_id, body,"
                        " prev, hash, lead_id FROM leadtui_incoming ORDER BY seq"
                        " ON CONFLICT (journal_id, seq) DO NOTHING"
                    )
                held = entries[-1].seq
                sent += len(entries)
                if after_batch is not None:
                    after_batch(held)

    # --- reading -------------------------------------------------------------


def _values(journal_id: str, entry: Entry) -> tuple[Any, ...]:
    lead_id = entry.lead_id
    if entry.kind == "lead" and lead_id is None:
        lead_id = int(entry.content["lead_id"])
    return (
        journal_id,
        entry.seq,
        entry.at,
        entry.kind,
        entry.operation_id,
        entry.row_id,
        entry.body,
        entry.prev,
        entry.hash,
        lead_id,
    )
