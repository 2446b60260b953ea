"""What the team journal holds, read back: every operator's operations, who
touched a lead, one operation's rows, overlaps with an operation about to run,
and every journal's chain checked link by link."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from leadtui.ops.journal_chain import Entry, check_links, genesis
from leadtui.ops.journal_models import LeadRow, OperationRow
from leadtui.ops.team_connection import (
    TeamChain,
    TeamConnection,
    TeamJournalError,
    TeamLead,
    TeamOperation,
    operation_row,
    row_dict,
)

if TYPE_CHECKING:
    import psycopg


class TeamQueries(TeamConnection):
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
            found = [(str(r[0]), operation_row(r[1])) for r in rows]
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
        rows = self._fetch(
            "WITH l AS (SELECT DISTINCT ON (journal_id, row_id) journal_id,"
            " operation_id, body FROM leadtui_entries WHERE kind='lead' AND"
            " lead_id=%s ORDER BY journal_id, row_id, seq DESC)"
            " SELECT l.journal_id, l.body, (SELECT o.body FROM leadtui_entries o"
            " WHERE o.journal_id=l.journal_id AND o.kind='operation' AND"
            " o.row_id=l.operation_id ORDER BY o.seq DESC LIMIT 1) FROM l",
            (lead_id,),
        )
        found = [
            TeamLead(str(j), operation_row(op), LeadRow.from_row(row_dict(lead)))
            for j, lead, op in rows
            if op is not None
        ]
        found.sort(key=lambda t: (t.operation.started_at, t.lead.id), reverse=True)
        return found

    def operation_leads(
        self, journal_id: str, operation_id: int
    ) -> tuple[OperationRow, list[LeadRow]]:
        """One operation of any operator, with its lead rows as last pushed."""
        rows = self._fetch(
            "SELECT kind, body FROM (SELECT DISTINCT ON (kind, row_id) kind,"
            " row_id, body FROM leadtui_entries WHERE journal_id=%s AND"
            " operation_id=%s AND kind IN ('operation', 'lead')"
            " ORDER BY kind, row_id, seq DESC) latest ORDER BY row_id",
            (journal_id, operation_id),
        )
        ops = [operation_row(r) for k, r in rows if k == "operation"]
        if not ops:
            raise TeamJournalError(
                f"the team journal has no operation {operation_id} of journal "
                f"{journal_id}"
            )
        return ops[0], [LeadRow.from_row(row_dict(r)) for k, r in rows if k == "lead"]

    def journal_ids(self, prefix: str) -> list[str]:
        rows = self._fetch(
            "SELECT journal_id FROM leadtui_journals WHERE journal_id LIKE %s",
            (prefix.replace("%", "").replace("_", r"\_") + "%",),
        )
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
            found = [(str(r[0]), operation_row(r[1]), int(r[2])) for r in rows]
            counts = self._counts(conn, [(j, op) for j, op, _ in found])
        return [
            (TeamOperation(j, op, counts.get((j, op.id), {})), shared)
            for j, op, shared in found
        ]

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
