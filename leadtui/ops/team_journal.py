"""The team journal: every operator's journal entries, pushed to PostgreSQL.

Local first: every write is journaled in the operator's own SQLite journal
(and sealed into its chain) before anything goes to the team; a push sends
the entries the team does not have yet, in order, each batch one
transaction, ``ON CONFLICT DO NOTHING`` on (journal id, seq). A push cut
anywhere (the network, PostgreSQL restarted, the process killed) is resumed
by the next one from what PostgreSQL holds: nothing lost, nothing twice.

psycopg is imported here only, and only when a team journal is configured.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from leadtui.ops.journal import Journal
from leadtui.ops.journal_chain import ChainProblem, Entry, check_links, genesis
from leadtui.ops.journal_models import LeadRow, OperationRow
from leadtui.ops.run_lock import host_name, os_user
from leadtui.ops.team_schema import SCHEMA

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
        op = self.operation
        return f"{op.os_user or '?'}@{op.host or '?'} as {op.api_user}"


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


def _operation(body: Any) -> OperationRow:
    return OperationRow.from_row(_row(body))


def _row(body: Any) -> dict[str, Any]:
    return dict(json.loads(body) if isinstance(body, str) else body)


class TeamJournal:
    """A connection-per-call client of the team tables (calls are rare and short)."""

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

    def _ready(self, conn: psycopg.Connection[Any]) -> None:
        row = conn.execute("SELECT to_regclass('leadtui_entries')").fetchone()
        if row is None or row[0] is None:
            raise TeamJournalError(
                "the team journal has no leadtui tables yet: run `leadtui team "
                "setup` once as the database's owner"
            )

    # --- pushing -------------------------------------------------------------

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

    def operations(
        self,
        *,
        operator: str | None = None,
        since: str | None = None,
        lead: int | None = None,
        limit: int = 200,
    ) -> list[TeamOperation]:
        """Operations, newest first: by an OS or API user, since a date, on a lead."""
        where = ["kind='operation'"]
        args: list[Any] = []
        if operator:
            where.append("(row->>'os_user' = %s OR row->>'api_user' = %s)")
            args += [operator, operator]
        if since:
            where.append("row->>'started_at' >= %s")
            args.append(since)
        if lead is not None:
            where.append(
                "EXISTS (SELECT 1 FROM leadtui_entries l WHERE l.lead_id=%s AND"
                " l.journal_id=r.journal_id AND l.operation_id=r.operation_id)"
            )
            args.append(lead)
        with self._connect() as conn:
            self._ready(conn)
            rows = conn.execute(
                "SELECT journal_id, row FROM leadtui_rows r WHERE "
                + " AND ".join(where)
                + " ORDER BY row->>'started_at' DESC, journal_id LIMIT %s",
                (*args, limit),
            ).fetchall()
            found = [(str(r[0]), _operation(r[1])) for r in rows]
            counts = self._counts(conn, found)
        return [TeamOperation(j, op, counts.get((j, op.id), {})) for j, op in found]

    def _counts(
        self, conn: psycopg.Connection[Any], ops: list[tuple[str, OperationRow]]
    ) -> dict[tuple[str, int], dict[str, int]]:
        if not ops:
            return {}
        # each lead row's latest entry, found through the operation index (the
        # view would sort every lead of these journals first)
        rows = conn.execute(
            "WITH latest AS (SELECT DISTINCT ON (e.journal_id, e.row_id)"
            " e.journal_id, e.operation_id, e.body FROM leadtui_entries e JOIN"
            " unnest(%s::text[], %s::bigint[]) AS o(journal_id, operation_id)"
            " ON e.journal_id=o.journal_id AND e.operation_id=o.operation_id"
            " WHERE e.kind='lead' ORDER BY e.journal_id, e.row_id, e.seq DESC)"
            " SELECT journal_id, operation_id, body::jsonb->>'outcome', count(*)"
            " FROM latest GROUP BY 1, 2, 3",
            ([j for j, _ in ops], [op.id for _, op in ops]),
        ).fetchall()
        counts: dict[tuple[str, int], dict[str, int]] = {}
        for journal_id, operation_id, outcome, n in rows:
            counts.setdefault((str(journal_id), int(operation_id)), {})[
                str(outcome)
            ] = int(n)
        return counts

    def lead_history(self, lead_id: int) -> list[TeamLead]:
        """Who touched this lead: every operator's rows for it, newest first."""
        with self._connect() as conn:
            self._ready(conn)
            rows = conn.execute(
                "WITH l AS (SELECT DISTINCT ON (journal_id, row_id) journal_id,"
                " operation_id, body FROM leadtui_entries WHERE kind='lead' AND"
                " lead_id=%s ORDER BY journal_id, row_id, seq DESC)"
                " SELECT l.journal_id, l.body, (SELECT o.body FROM leadtui_entries o"
                " WHERE o.journal_id=l.journal_id AND o.kind='operation' AND"
                " o.row_id=l.operation_id ORDER BY o.seq DESC LIMIT 1) FROM l",
                (lead_id,),
            ).fetchall()
        found = [
            TeamLead(str(j), _operation(op), LeadRow.from_row(_row(lead)))
            for j, lead, op in rows
            if op is not None
        ]
        found.sort(key=lambda t: (t.operation.started_at, t.lead.id), reverse=True)
        return found

    def operation_leads(
        self, journal_id: str, operation_id: int
    ) -> tuple[OperationRow, list[LeadRow]]:
        """One operation of any operator, with its lead rows as last pushed."""
        with self._connect() as conn:
            self._ready(conn)
            rows = conn.execute(
                "SELECT kind, body FROM (SELECT DISTINCT ON (kind, row_id) kind,"
                " row_id, body FROM leadtui_entries WHERE journal_id=%s AND"
                " operation_id=%s AND kind IN ('operation', 'lead')"
                " ORDER BY kind, row_id, seq DESC) latest ORDER BY row_id",
                (journal_id, operation_id),
            ).fetchall()
        ops = [_operation(r) for k, r in rows if k == "operation"]
        if not ops:
            raise TeamJournalError(
                f"the team journal has no operation {operation_id} of journal "
                f"{journal_id}"
            )
        return ops[0], [LeadRow.from_row(_row(r)) for k, r in rows if k == "lead"]

    def journal_ids(self, prefix: str) -> list[str]:
        with self._connect() as conn:
            self._ready(conn)
            rows = conn.execute(
                "SELECT journal_id FROM leadtui_journals WHERE journal_id LIKE %s",
                (prefix.replace("%", "").replace("_", r"\_") + "%",),
            ).fetchall()
        return [str(r[0]) for r in rows]

    def overlapping(
        self,
        *,
        own_journal: str,
        server: str,
        lead_ids: Iterable[int],
        since: str,
    ) -> list[tuple[TeamOperation, int]]:
        """Other journals' operations on the same server touching any of these
        leads that are running, or started or finished since ``since``; each with
        how many of the leads it shares."""
        ids = sorted(set(lead_ids))
        if not ids:
            return []
        with self._connect() as conn:
            self._ready(conn)
            rows = conn.execute(
                "WITH hit AS (SELECT journal_id, operation_id,"
                " count(DISTINCT lead_id) AS shared FROM leadtui_entries WHERE"
                " kind='lead' AND lead_id = ANY(%s) AND journal_id <> %s"
                " GROUP BY journal_id, operation_id)"
                " SELECT r.journal_id, r.row, hit.shared FROM leadtui_rows r JOIN hit"
                " ON hit.journal_id=r.journal_id AND hit.operation_id=r.row_id"
                " WHERE r.kind='operation' AND r.row->>'server' = %s AND"
                " (r.row->>'state' = 'running' OR r.row->>'started_at' >= %s OR"
                " coalesce(r.row->>'finished_at', '') >= %s)"
                " ORDER BY r.row->>'started_at' DESC",
                (ids, own_journal, server, since, since),
            ).fetchall()
            found = [(str(r[0]), _operation(r[1]), int(r[2])) for r in rows]
            counts = self._counts(conn, [(j, op) for j, op, _ in found])
        return [
            (TeamOperation(j, op, counts.get((j, op.id), {})), shared)
            for j, op, shared in found
        ]

    # --- verifying -----------------------------------------------------------

    def verify(self) -> list[TeamChain]:
        """Every journal's chain in the team journal, checked link by link."""
        with self._connect() as conn:
            self._ready(conn)
            journals = conn.execute(
                "SELECT journal_id, os_user, host FROM leadtui_journals"
                " ORDER BY registered_at, journal_id"
            ).fetchall()
            reports: list[TeamChain] = []
            for journal_id, user, host in journals:
                count = 0

                def counted(rows: Iterable[Any]) -> Iterator[Entry]:
                    nonlocal count
                    for r in rows:
                        count += 1
                        yield Entry(*r)

                with (
                    conn.transaction(),
                    conn.cursor(name=f"chain_{len(reports)}") as cursor,
                ):
                    cursor.itersize = 5000
                    cursor.execute(
                        "SELECT seq, at, kind, operation_id, row_id, body, prev, hash"
                        " FROM leadtui_entries WHERE journal_id=%s ORDER BY seq",
                        (journal_id,),
                    )
                    problem = check_links(counted(cursor), genesis(str(journal_id)))
                reports.append(
                    TeamChain(str(journal_id), str(user), str(host), count, problem)
                )
        return reports


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


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
