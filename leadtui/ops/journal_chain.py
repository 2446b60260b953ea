"""The journal's tamper-evident record: an append-only hash chain of entries.

The tables the engine works in (operations, runs, leads) change as leads move
through their phases. What an auditor needs is what they held, in order, with
no quiet edits: each time an operation is created, starts a run or stops
one, every row of it whose content changed since is appended to ``entries``,
in the same commit as the change. Each entry's hash covers its content and the
previous entry's hash, so editing, removing or reordering any entry breaks
every hash after it; and a finished operation's rows must still equal their
latest entry, so editing a lead row directly is caught too (``verify``).

The entries are also what the team journal receives: append-only rows with
an idempotent key (journal id, seq).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

#: the tables whose rows are chained: entry kind, table, the column naming the
#: operation (leads, the third, are many: LEAD_KIND)
CHAINED = (("operation", "operations", "id"), ("run", "runs", "operation_id"))
LEAD_KIND = "lead"
_TABLES = (*CHAINED, (LEAD_KIND, "leads", "operation_id"))


def canonical(value: Any) -> str:
    """One text for one content: keys sorted, no spaces, UTF-8 kept."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def genesis(journal_id: str) -> str:
    """The ``prev`` of a journal's first entry: its own id, so chains differ."""
    return digest(f"leadtui journal {journal_id}")


def entry_hash(
    prev: str, seq: int, at: str, kind: str, operation_id: int, row_id: int, body: str
) -> str:
    return digest(f"{prev}\n{seq}\n{at}\n{kind}\n{operation_id}\n{row_id}\n{body}")


@dataclass(frozen=True, slots=True)
class Entry:
    """One link of the chain, as stored locally and in the team journal."""

    seq: int
    at: str
    kind: str
    operation_id: int
    row_id: int
    body: str
    prev: str
    hash: str
    #: a lead entry's lead ID (read with it, for the team journal's index)
    lead_id: int | None = None

    @property
    def content(self) -> dict[str, Any]:
        return dict(json.loads(self.body))

    def recomputed(self) -> str:
        return entry_hash(
            self.prev,
            self.seq,
            self.at,
            self.kind,
            self.operation_id,
            self.row_id,
            self.body,
        )


def journal_id(db: sqlite3.Connection) -> str:
    """This journal's id (made once, kept in ``meta``): half of every team key."""
    row = db.execute("SELECT value FROM meta WHERE key='journal_id'").fetchone()
    if row:
        return str(row[0])
    made = str(uuid.uuid4())
    db.execute("INSERT INTO meta (key, value) VALUES ('journal_id', ?)", (made,))
    return made


def _body_sql(db: sqlite3.Connection, table: str, alias: str) -> str:
    """SQL building a row's body: a JSON object of every column, keys sorted."""
    columns = sorted(str(r[1]) for r in db.execute(f"PRAGMA table_info({table})"))
    return "json_object(" + ",".join(f"'{c}',{alias}.{c}" for c in columns) + ")"


def _rows(
    db: sqlite3.Connection, operation_id: int, *, changed_only: bool = False
) -> Iterator[tuple[str, int, str]]:
    """(kind, row id, body) of every chained row of an operation; with
    ``changed_only``, of those whose body differs from their latest entry (compared
    in SQLite, so an unchanged batch of 100,000 leads costs one scan)."""
    for kind, table, key in _TABLES:
        body = _body_sql(db, table, "t")
        if changed_only:
            # the body built once per row, compared with its latest entry's
            sql = (
                f"SELECT id, body FROM (SELECT t.id AS id, {body} AS body,"
                f" e.body AS sealed FROM {table} t"
                " LEFT JOIN seals s ON s.kind=? AND s.row_id=t.id"
                " LEFT JOIN entries e ON e.seq=s.seq"
                f" WHERE t.{key}=?) WHERE sealed IS NOT body ORDER BY id"
            )
            args: tuple[Any, ...] = (kind, operation_id)
        else:
            sql = f"SELECT t.id, {body} FROM {table} t WHERE t.{key}=? ORDER BY t.id"
            args = (operation_id,)
        for row in db.execute(sql, args):
            yield kind, int(row[0]), str(row[1])


def seal(
    db: sqlite3.Connection, operation_id: int, at: str, *, new: bool = False
) -> int:
    """Append an entry for every row of the operation that changed since its last
    entry (``new``: an operation just created, every row); run inside the
    transaction that changed them. Returns the entries added."""
    changed = list(_rows(db, operation_id, changed_only=not new))
    if not changed:
        return 0
    last = db.execute(
        "SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    seq, prev = (int(last[0]), str(last[1])) if last else (0, genesis(journal_id(db)))
    chain = []
    seals = []
    for kind, row_id, body in changed:
        seq += 1
        link = entry_hash(prev, seq, at, kind, operation_id, row_id, body)
        chain.append((seq, at, kind, operation_id, row_id, body, prev, link))
        seals.append((kind, row_id, operation_id, seq))
        prev = link
    db.executemany(
        "INSERT INTO entries (seq, at, kind, operation_id, row_id, body, prev, hash)"
        " VALUES (?,?,?,?,?,?,?,?)",
        chain,
    )
    db.executemany(
        "INSERT INTO seals (kind, row_id, operation_id, seq) VALUES (?,?,?,?)"
        " ON CONFLICT (kind, row_id) DO UPDATE SET seq=excluded.seq",
        seals,
    )
    return len(chain)


def seal_all(db: sqlite3.Connection, at: str) -> int:
    """Every operation (a journal from before the chain): its first entries."""
    ids = [int(r[0]) for r in db.execute("SELECT id FROM operations ORDER BY id")]
    return sum(seal(db, i, at) for i in ids)


def entries(db: sqlite3.Connection, after: int = 0, limit: int = -1) -> list[Entry]:
    rows = db.execute(
        "SELECT seq, at, kind, operation_id, row_id, body, prev, hash,"
        f" CASE WHEN kind='{LEAD_KIND}' THEN json_extract(body, '$.lead_id') END"
        " FROM entries WHERE seq > ? ORDER BY seq LIMIT ?",
        (after, limit),
    ).fetchall()
    return [Entry(*tuple(r)) for r in rows]


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """The first place the record does not hold."""

    seq: int | None  # the entry, when the problem is in one
    what: str

    def describe(self) -> str:
        return f"entry {self.seq}: {self.what}" if self.seq is not None else self.what


def check_links(found: Iterable[Entry], first_prev: str) -> ChainProblem | None:
    """Walk a chain from its first entry: numbering, links and hashes; the first
    problem."""
    expected_seq, prev = 1, first_prev
    for entry in found:
        if entry.seq != expected_seq:
            return ChainProblem(
                expected_seq, f"missing (the next entry found is {entry.seq})"
            )
        if entry.prev != prev:
            return ChainProblem(entry.seq, "does not follow the entry before it")
        if entry.recomputed() != entry.hash:
            return ChainProblem(
                entry.seq,
                f"its content does not match its hash ({entry.kind} row "
                f"{entry.row_id} of operation {entry.operation_id})",
            )
        prev = entry.hash
        expected_seq += 1
    return None


_LATEST = (
    "WITH latest AS (SELECT kind, row_id, max(seq) AS seq FROM entries"
    " GROUP BY kind, row_id) "
)


def verify(db: sqlite3.Connection) -> tuple[ChainProblem | None, int]:
    """Check the whole local record; (first problem or None, entries checked).

    The chain first (every link and hash), then every row of every operation
    not running now against its latest entry, then entries whose row is gone.
    Reads only.
    """
    count = int(db.execute("SELECT count(*) FROM entries").fetchone()[0])
    problem = check_links(_all_entries(db), genesis(journal_id(db)))
    if problem:
        return problem, count
    found: list[ChainProblem] = []
    for kind, table, key in _TABLES:
        body = _body_sql(db, table, "t")
        row = db.execute(
            _LATEST + f"SELECT t.id, t.{key}, l.seq FROM {table} t"
            " LEFT JOIN latest l ON l.kind=? AND l.row_id=t.id"
            " LEFT JOIN entries e ON e.seq=l.seq"
            f" JOIN operations o ON o.id=t.{key}"
            f" WHERE o.state != 'running' AND e.body IS NOT {body}"
            " ORDER BY l.seq LIMIT 1",
            (kind,),
        ).fetchone()
        if row is not None:
            row_id, operation_id, seq = int(row[0]), int(row[1]), row[2]
            what = (
                "has no entry: it was added outside leadtui"
                if seq is None
                else "no longer holds what this entry recorded: it was changed"
                " outside leadtui"
            )
            found.append(
                ChainProblem(
                    None if seq is None else int(seq),
                    f"{kind} row {row_id} of operation {operation_id} {what}",
                )
            )
        gone = db.execute(
            _LATEST + "SELECT l.seq, l.row_id FROM latest l WHERE l.kind=? AND NOT"
            f" EXISTS (SELECT 1 FROM {table} t WHERE t.id=l.row_id)"
            " ORDER BY l.seq LIMIT 1",
            (kind,),
        ).fetchone()
        if gone is not None:
            found.append(
                ChainProblem(
                    int(gone[0]),
                    f"{kind} row {gone[1]} it records is gone from the journal",
                )
            )
    if not found:
        return None, count
    return min(found, key=lambda p: (p.seq is None, p.seq or 0)), count


def _all_entries(db: sqlite3.Connection) -> Iterator[Entry]:
    cursor = db.execute(
        "SELECT seq, at, kind, operation_id, row_id, body, prev, hash FROM entries"
        " ORDER BY seq"
    )
    for row in cursor:
        yield Entry(*tuple(row))
