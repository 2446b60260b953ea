"""log, undo, resume, check: the journal and what can be done from it."""

from __future__ import annotations

import sys
from pathlib import Path

from leadtui.commands.context import EXIT_FAILED, EXIT_OK, CommandContext, UsageError
from leadtui.commands.render import operation_line, result_json, result_lines, table
from leadtui.commands.team_views import adopt_from_team, team_log, verify
from leadtui.ops.export import export_csv, export_jsonl
from leadtui.ops.journal_models import LeadRow, OperationState
from leadtui.ops.preflight import preflight
from leadtui.ops.recovery import Proposal, propose_resume, propose_undo
from leadtui.ops.resume import describe_run
from leadtui.ops.wording import change_text, operation_kind, plural, row_label


async def log(ctx: CommandContext) -> int:
    args = ctx.args
    if args.verify:
        return await verify(ctx)
    if args.team:
        return await team_log(ctx)
    journal = ctx.journal()
    if args.export:
        ids = (
            [args.operation_id]
            if args.operation_id
            else [op.id for op in journal.operations(args.limit)]
        )
        write = export_csv if args.export == "csv" else export_jsonl
        if args.output in (None, "-"):
            write(journal, ids, sys.stdout)
        else:
            with Path(args.output).open("w", encoding="utf-8", newline="") as target:
                count = write(journal, ids, target)
            ctx.warn(f"{count:,} lead rows written to {args.output}")
        return EXIT_OK
    if args.operation_id is None:
        ops = journal.operations(args.limit)
        rows = [operation_line(op) for op in ops]
        ctx.emit(
            [op.model_dump() for op in ops],
            table(
                ["op", "started", "kind", "profile", "leads", "changed", "state"], rows
            ),
        )
        return EXIT_OK
    op = journal.operation(_known(ctx, args.operation_id))
    leads = journal.leads(op.id)
    chunks = journal.chunks(op.id)
    runs = journal.runs(op.id)
    phases = journal.phase_counts(op.id)
    states = ", ".join(sorted({c.state.value for c in chunks})) or "none"
    text = [
        f"operation {op.id}: {operation_kind(op)} on {op.profile} ({op.server}) "
        f"as {op.api_user}",
        f"  started {op.started_at}, finished {op.finished_at or '—'}, "
        f"state {op.state.value}",
        f"  {op.describe()}",
        f"  {plural(len(chunks), 'request')} ({states})",
        "  leads: "
        + (", ".join(f"{n:,} {p.value}" for p, n in sorted(phases.items())) or "none"),
    ]
    text += [
        f"  run {n}: {run.kind} {run.started_at} pid {run.pid} on {run.host}: "
        f"{run.state}"
        + (f" ({run.summary['stopped']})" if run.summary.get("stopped") else "")
        for n, run in enumerate(runs, start=1)
    ]
    for row in leads[: args.limit]:
        text.append(lead_line(row, op.backend))
    if len(leads) > args.limit:
        text.append(
            f"  … {len(leads) - args.limit:,} more leads (use --limit or --export)"
        )
    ctx.emit(
        {
            "operation": op.model_dump(),
            "runs": [r.model_dump() for r in runs],
            "chunks": [c.model_dump() for c in chunks],
            "leads": [r.model_dump() for r in leads],
        },
        text,
    )
    return EXIT_OK


def lead_line(row: LeadRow, backend: str) -> str:
    """``lead 1120: updated — status NEW → XFER`` (and why, when that says more)."""
    changes = change_text(row, backend)
    noun, label = row_label(row, backend)
    line = f"  {noun} {label}: {row.outcome.value}"
    if changes:
        line += " — " + ", ".join(changes)
    # "changed: status" only repeats the columns listed
    if row.detail and not (changes and row.detail.startswith("changed: ")):
        line += f" ({row.detail})" if changes else f" — {row.detail}"
    return line


async def undo(ctx: CommandContext) -> int:
    if ctx.args.team:
        return await undo_from_team(ctx)
    async with ctx.engine_session() as session:
        proposal = await propose_undo(session, _known(ctx, ctx.args.operation_id))
        return await _carry_out(ctx, proposal)


async def undo_from_team(ctx: CommandContext) -> int:
    """A supervisor undoes another operator's operation: copied from the team
    journal into this journal, then undone as any other (journaled as this
    operator's, refusing leads changed since)."""
    operation_id = adopt_from_team(ctx, ctx.args.team, ctx.args.operation_id)
    async with ctx.engine_session() as session:
        proposal = await propose_undo(session, operation_id)
        return await _carry_out(ctx, proposal)


async def resume(ctx: CommandContext) -> int:
    async with ctx.engine_session() as session:
        proposal = propose_resume(session, _known(ctx, ctx.args.operation_id))
        return await _carry_out(ctx, proposal)


def _known(ctx: CommandContext, operation_id: int) -> int:
    if not ctx.journal().has_operation(operation_id):
        raise UsageError(f"there is no operation {operation_id} in the journal")
    return operation_id


async def _carry_out(ctx: CommandContext, proposal: Proposal) -> int:
    """The flow undo and resume share with the TUI: describe, confirm, run."""
    impossible = [
        {"lead_id": i, "column": c, "reason": w} for i, c, w in proposal.impossible
    ]
    if ctx.args.dry_run or proposal.empty:
        ctx.emit(
            {
                "dry_run": bool(ctx.args.dry_run),
                "leads": proposal.leads,
                "plan": proposal.lines,
                "impossible": impossible,
                "left_alone": proposal.left_alone,
            },
            [proposal.nothing] if proposal.empty else proposal.lines,
        )
        return EXIT_OK
    if not ctx.json:
        ctx.out.write("\n".join(proposal.lines) + "\n")
    typed = None if proposal.typed_count is None else str(proposal.typed_count)
    if not ctx.confirm_write(proposal.question, typed=typed):
        ctx.warn("nothing sent")
        return EXIT_FAILED
    with ctx.stoppable() as stop:
        result = await proposal.run(stop, ctx.progress)
    ctx.emit(
        {
            "operations": [result_json(result)],
            "run": result.run,
            "impossible": impossible,
            "left_alone": proposal.left_alone,
        },
        result_lines(result) + describe_run(result),
    )
    clean = result.state is OperationState.DONE and not proposal.impossible
    return EXIT_OK if clean else EXIT_FAILED


async def check(ctx: CommandContext) -> int:
    async with ctx.session() as session:
        report = await preflight(session.client)
    profile = ctx.profile()
    lines = [
        f"{profile.url}: VICIdial {report.version.version} (build {report.version.build})",
        f"user {report.user}{' — profile is READ-ONLY' if profile.read_only else ''}:",
        *("  " + line for line in report.summary()),
    ]
    ctx.emit(report.model_dump(), lines)
    return EXIT_OK
