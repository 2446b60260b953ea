"""log --verify, log --team and team setup|push: the record several operators share."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, TextIO

from leadtui.commands.context import EXIT_FAILED, EXIT_OK, CommandContext, UsageError
from leadtui.commands.render import table
from leadtui.config import ConfigError
from leadtui.connect import team_journal
from leadtui.ops.export import TEAM_COLUMNS, team_rows, write_csv, write_jsonl
from leadtui.ops.journal_models import LeadOutcome
from leadtui.ops.team_adopt import adopt
from leadtui.ops.team_journal import TeamJournal, TeamJournalError, TeamLead
from leadtui.ops.wording import change_text, operation_kind


def _team(ctx: CommandContext, owner: str | None = None) -> TeamJournal:
    """The config's team journal (``owner``: another address, for setup)."""
    config = ctx.config
    if owner:
        config = config.model_copy(update={"team_journal": owner})
    try:
        team = team_journal(config)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    if team is None:
        raise UsageError(
            "no team journal: set team_journal in the config (README: Working as a "
            "team)"
        )
    return team


async def verify(ctx: CommandContext) -> int:
    journal = ctx.journal()
    problem, count = journal.verify_chain()
    lines = [
        f"journal {journal.path}: {count:,} entries, "
        + (
            "the chain holds"
            if problem is None
            else f"does NOT hold: {problem.describe()}"
        )
    ]
    data: dict[str, Any] = {
        "journal": {
            "id": journal.journal_id,
            "entries": count,
            "problem": None if problem is None else problem.describe(),
        }
    }
    failed = problem is not None
    if ctx.args.team:
        try:
            chains = _team(ctx).verify()
        except TeamJournalError as error:
            raise UsageError(str(error)) from None
        data["team"] = []
        for chain in chains:
            words = (
                "the chain holds"
                if chain.problem is None
                else f"does NOT hold: {chain.problem.describe()}"
            )
            mine = " (this journal)" if chain.journal_id == journal.journal_id else ""
            lines.append(
                f"team journal {chain.journal_id}{mine}, {chain.os_user}@{chain.host}:"
                f" {chain.entries:,} entries, {words}"
            )
            data["team"].append(
                {
                    "journal_id": chain.journal_id,
                    "os_user": chain.os_user,
                    "host": chain.host,
                    "entries": chain.entries,
                    "problem": None
                    if chain.problem is None
                    else chain.problem.describe(),
                }
            )
            failed = failed or chain.problem is not None
    ctx.emit(data, lines)
    return EXIT_FAILED if failed else EXIT_OK


async def team_log(ctx: CommandContext) -> int:
    args = ctx.args
    if args.since and not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?", args.since
    ):
        raise UsageError("--since takes a date: YYYY-MM-DD (or YYYY-MM-DD HH:MM)")
    team = _team(ctx)
    try:
        if args.export:
            return _export(ctx, team)
        if args.lead is not None:
            touched = team.lead_history(args.lead)
            lines = [f"lead {args.lead}: {len(touched):,} changes by leadtui"] + [
                _lead_line(t) for t in touched
            ]
            ctx.emit(list(team_rows(touched)), lines)
            return EXIT_OK
        ops = team.operations(
            operator=args.operator, since=args.since, limit=args.limit
        )
    except TeamJournalError as error:
        raise UsageError(str(error)) from None
    rows = [
        [
            t.journal_id[:8],
            str(t.operation.id),
            t.operation.started_at,
            t.operator,
            operation_kind(t.operation),
            f"{sum(t.counts.values()):,}",
            f"{sum(n for k, n in t.counts.items() if LeadOutcome(k).changed):,}",
            t.operation.state.value,
        ]
        for t in ops
    ]
    ctx.emit(
        [
            {"journal_id": t.journal_id, "counts": t.counts, **t.operation.model_dump()}
            for t in ops
        ],
        table(
            [
                "journal",
                "op",
                "started",
                "operator",
                "kind",
                "leads",
                "changed",
                "state",
            ],
            rows,
        ),
    )
    return EXIT_OK


def _lead_line(found: TeamLead) -> str:
    op, lead = found.operation, found.lead
    changes = change_text(lead, op.backend)
    line = (
        f"  {op.started_at} {op.operator}, "
        f"operation {op.id} of journal {found.journal_id[:8]} "
        f"({operation_kind(op)}): {lead.outcome.value}"
    )
    if changes:
        line += " — " + ", ".join(changes)
    return line


def _export(ctx: CommandContext, team: TeamJournal) -> int:
    """Every lead row of the operations chosen (or of one lead), for auditors."""
    args = ctx.args
    if args.lead is not None:
        found = team.lead_history(args.lead)
    else:
        found = []
        for op in team.operations(
            operator=args.operator, since=args.since, limit=args.limit
        ):
            operation, leads = team.operation_leads(op.journal_id, op.operation.id)
            found += [TeamLead(op.journal_id, operation, lead) for lead in leads]

    def write(target: TextIO) -> int:
        if args.export == "jsonl":
            return write_jsonl(team_rows(found), target)
        return write_csv(team_rows(found), TEAM_COLUMNS, target)

    if args.output in (None, "-"):
        write(sys.stdout)
    else:
        with Path(args.output).open("w", encoding="utf-8", newline="") as target:
            count = write(target)
        ctx.warn(f"{count:,} lead rows written to {args.output}")
    return EXIT_OK


async def team_cmd(ctx: CommandContext) -> int:
    team = _team(ctx, ctx.args.owner)
    if ctx.args.action == "push" and ctx.demo:
        ctx.emit(
            {"pushed": 0},
            "nothing pushed: the demo's operations are nobody's work",
        )
        return EXIT_OK
    try:
        if ctx.args.action == "setup":
            team.setup(grant_to=ctx.args.grant)
            granted = ", ".join(ctx.args.grant) or "no role (--grant ROLE)"
            ctx.emit(
                {"setup": True, "granted": ctx.args.grant},
                f"team journal ready; read and append granted to {granted}",
            )
            return EXIT_OK
        journal = ctx.journal()
        sent = team.push(journal)
    except TeamJournalError as error:
        ctx.warn(str(error))
        return EXIT_FAILED
    ctx.emit(
        {"pushed": sent, "journal_id": journal.journal_id},
        f"{sent:,} entries pushed to the team journal (journal {journal.journal_id})",
    )
    return EXIT_OK


def adopt_from_team(ctx: CommandContext, journal_prefix: str, operation_id: int) -> int:
    """Another operator's operation, copied into this journal; its local id."""
    team = _team(ctx)
    journal = ctx.journal()
    try:
        matches = team.journal_ids(journal_prefix)
        if len(matches) != 1:
            raise UsageError(
                f"--team {journal_prefix}: "
                + (
                    "no such journal in the team journal (see `leadtui log --team`)"
                    if not matches
                    else f"{len(matches)} journals start so; give more of the id"
                )
            )
        (journal_id,) = matches
        local = adopt(team, journal, journal_id, operation_id)
    except TeamJournalError as error:
        raise UsageError(str(error)) from None
    op = journal.operation(local)
    ctx.warn(
        f"operation {operation_id} of {op.operator} (journal "
        f"{journal_id[:8]}) copied into this journal as operation {local}"
    )
    return local
