"""The journal's hash chain and the team push: what they cost a batch of N leads.

One operation's life as the engine journals it — created with every lead,
a run begun, every lead sent and settled, the run finished — timed with the
chain (every row sealed into ``entries`` in the commits that create, start and
stop it) and, beside it in the same run, the same journal with sealing turned
off (the floor: the journal before the chain). Then ``log --verify`` over the
result, and, with ``--postgres DSN``, a push of it to a team journal (a
throwaway PostgreSQL's address; the tables are created if missing).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchlib import machine, publish, scratch, summary, table

from leadtui.ops import journal_chain, journal_operations
from leadtui.ops.journal import Journal, LeadStep, NewLead
from leadtui.ops.journal_models import LeadOutcome, LeadPhase, OperationState


def lifecycle(path: Path, leads: int) -> dict[str, float]:
    """Seconds per journal step of one batch of ``leads`` leads."""
    journal = Journal(path)
    ids = list(range(100_000, 100_000 + leads))
    change = {"status": "NI"}
    took: dict[str, float] = {}
    started = time.perf_counter()
    op, lock = journal.create_operation(
        kind="batch",
        profile="bench",
        backend="vicidial",
        server="http://bench",
        api_user="6666",
        params={"groups": [{"function": "batch_update_lead"}]},
        leads=[NewLead(i, 0, change) for i in ids],
    )
    took["create"] = time.perf_counter() - started
    started = time.perf_counter()
    run = journal.begin_run(op, "start")
    took["begin run"] = time.perf_counter() - started
    started = time.perf_counter()
    journal.step_leads(
        op,
        [
            LeadStep(i, LeadPhase.SETTLED, LeadOutcome.UPDATED, after=change)
            for i in ids
        ],
    )
    took["settle leads"] = time.perf_counter() - started
    started = time.perf_counter()
    journal.finish_run(op, run, OperationState.DONE, run_summary={}, summary={})
    took["finish run"] = time.perf_counter() - started
    took["total"] = sum(took.values())
    lock.release()
    journal.close()
    return took


def measure(leads: int, rounds: int, postgres: str | None) -> dict[str, Any]:
    chained: list[dict[str, float]] = []
    floor: list[dict[str, float]] = []
    verify: list[float] = []
    push: list[float] = []
    entries = 0
    real_seal = journal_operations.seal
    with scratch("ltj-") as folder:
        for n in range(rounds):
            journal_operations.seal = lambda *a, **k: 0  # type: ignore[assignment]
            try:
                floor.append(lifecycle(folder / f"floor{n}.sqlite3", leads))
            finally:
                journal_operations.seal = real_seal
            path = folder / f"chain{n}.sqlite3"
            chained.append(lifecycle(path, leads))
            journal = Journal(path)
            started = time.perf_counter()
            problem, entries = journal.verify_chain()
            verify.append(time.perf_counter() - started)
            assert problem is None, problem.describe()
            if postgres:
                from leadtui.ops.team_journal import TeamJournal, TeamSettings

                team = TeamJournal(TeamSettings(postgres))
                if n == 0:
                    team.setup()
                started = time.perf_counter()
                pushed = team.push(journal)
                push.append(time.perf_counter() - started)
                assert pushed == entries
            journal.close()
    steps = list(chained[0])
    return {
        "bench": "journal",
        "leads": leads,
        "rounds": rounds,
        "entries": entries,
        "chain": {s: summary([r[s] for r in chained]) for s in steps},
        "floor": {s: summary([r[s] for r in floor]) for s in steps},
        "verify": summary(verify),
        "push": summary(push) if push else None,
        "seal_function": journal_chain.seal.__qualname__,
        "machine": machine(),
    }


def render(report: dict[str, Any]) -> str:
    rows = []
    for step, chain in report["chain"].items():
        floor = report["floor"][step]["median"]
        rows.append(
            [
                step,
                f"{floor * 1000:,.0f} ms",
                f"{chain['median'] * 1000:,.0f} ms",
                f"{chain['median'] / floor:.2f}×" if floor else "—",
            ]
        )
    text = (
        f"{report['leads']:,} leads, {report['entries']:,} chain entries, median of "
        f"{report['rounds']}\n"
        + table(["step", "no chain (floor)", "with the chain", "ratio"], rows)
        + f"\n\nlog --verify: {report['verify']['median'] * 1000:,.0f} ms"
    )
    if report["push"]:
        text += f"; team push of every entry: {report['push']['median'] * 1000:,.0f} ms"
    return text


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--leads", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--postgres", metavar="DSN", help="also time a team push here")
    ap.add_argument("--json", metavar="PATH", help="also write the JSON report here")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = measure(args.leads, args.rounds, args.postgres)
    publish(render(report), report, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
