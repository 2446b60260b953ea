"""log, undo, resume, check: the journal and what can be done from it."""

from __future__ import annotations

import sys
from pathlib import Path

from leadtui.commands.context import EXIT_FAILED, EXIT_OK, CommandContext, UsageError
from leadtui.commands.render import operation_line, result_json, result_lines, table
from leadtui.ops.csv_plan import VoiceCsvPlan
from leadtui.ops.export import export_csv, export_jsonl
from leadtui.ops.journal_models import OperationState
from leadtui.ops.preflight import preflight
from leadtui.ops.resume import prepare_resume, run_resume
from leadtui.ops.undo import prepare_undo, run_undo
from leadtui.ops.voice_ops import key_phone, plan_voice_undo, run_voice_updates


async def log(ctx: CommandContext) -> int:
    journal = ctx.journal()
    args = ctx.args
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
    try:
        op = journal.operation(args.operation_id)
    except KeyError as error:
        raise UsageError(str(error)) from None
    leads = journal.leads(op.id)
    chunks = journal.chunks(op.id)
    text = [
        f"operation {op.id}: {op.kind} on {op.profile} ({op.server}) as {op.api_user}",
        f"  started {op.started_at}, finished {op.finished_at or '-'}, state {op.state.value}",
        f"  parameters: {op.params}",
        f"  requests: {len(chunks)} ({', '.join(sorted({c.state.value for c in chunks})) or 'none'})",
    ]
    for row in leads[: args.limit]:
        changed = {
            c: f"{(row.before or {}).get(c, '?')!r}→{v!r}"
            for c, v in row.change.items()
        }
        text.append(
            f"  lead {row.lead_id}: {row.outcome.value} {row.detail} {changed if changed else ''}".rstrip()
        )
    if len(leads) > args.limit:
        text.append(
            f"  … {len(leads) - args.limit:,} more leads (use --limit or --export)"
        )
    ctx.emit(
        {
            "operation": op.model_dump(),
            "chunks": [c.model_dump() for c in chunks],
            "leads": [r.model_dump() for r in leads],
        },
        text,
    )
    return EXIT_OK


async def undo(ctx: CommandContext) -> int:
    operation_id = ctx.args.operation_id
    backend = _backend_of(ctx, operation_id)
    if backend != ctx.profile().kind:
        raise UsageError(
            f"operation {operation_id} was made on {backend}: undo it with a {backend} profile"
        )
    if backend == "voiceaiwrapper":
        return await undo_voice(ctx, operation_id)
    async with ctx.session() as session:
        try:
            session.journal.operation(operation_id)
        except KeyError as error:
            raise UsageError(str(error)) from None
        plan = await prepare_undo(session, operation_id)
        lines = [
            f"undo of operation {operation_id}: {plan.lead_count:,} lead(s) to restore in "
            f"{len(plan.groups)} batch group(s), {len(plan.singles)} single update(s), "
            f"{len(plan.recreate)} re-creation(s)"
        ]
        if plan.recreate:
            lines.append(
                "  deleted leads come back under NEW lead IDs (the server assigns them)"
            )
        lines += [
            f"  lead {i}: cannot restore {c}: {why}"
            for i, c, why in plan.impossible[:50]
        ]
        lines += [
            f"  lead {i}: left alone — {why}"
            for i, why in list(plan.left_alone.items())[:50]
        ]
        if ctx.args.dry_run or plan.lead_count == 0:
            ctx.emit(
                {
                    "dry_run": bool(ctx.args.dry_run),
                    "groups": [
                        {"values": v, "leads": list(ids)} for v, ids in plan.groups
                    ],
                    "singles": plan.singles,
                    "recreate": list(plan.recreate),
                    "impossible": [
                        {"lead_id": i, "column": c, "reason": w}
                        for i, c, w in plan.impossible
                    ],
                    "left_alone": plan.left_alone,
                },
                lines,
            )
            return EXIT_OK
        if not ctx.json:
            ctx.out.write("\n".join(lines) + "\n")
        if not ctx.confirm_write(f"Restore {plan.lead_count:,} lead(s)?"):
            return EXIT_FAILED
        results = await run_undo(session, plan, on_progress=ctx.progress)
    ctx.emit(
        {
            "operations": [result_json(r) for r in results],
            "impossible": [
                {"lead_id": i, "column": c, "reason": w} for i, c, w in plan.impossible
            ],
            "left_alone": plan.left_alone,
        },
        [line for r in results for line in result_lines(r)],
    )
    clean = all(r.state is OperationState.DONE for r in results) and not plan.impossible
    return EXIT_OK if clean else EXIT_FAILED


async def resume(ctx: CommandContext) -> int:
    operation_id = ctx.args.operation_id
    async with ctx.session() as session:
        try:
            session.journal.operation(operation_id)
        except KeyError as error:
            raise UsageError(str(error)) from None
        plan = await prepare_resume(session, operation_id)
        resend = sum(len(p.lead_ids) for p in plan.batches) + len(plan.singles)
        lines = [
            f"resume of operation {operation_id}: {len(plan.applied):,} lead(s) were already "
            f"changed by the lost request(s); {resend:,} to send; {len(plan.refused):,} refused"
        ]
        lines += [f"  lead {i}: {why}" for i, why in list(plan.refused.items())[:50]]
        if ctx.args.dry_run or plan.empty:
            if plan.empty and not ctx.args.dry_run:
                session.journal.mark_resumed(operation_id, applied=plan.applied)
            ctx.emit(
                {
                    "dry_run": bool(ctx.args.dry_run),
                    "applied": plan.applied,
                    "to_send": resend,
                    "refused": plan.refused,
                },
                lines,
            )
            return EXIT_OK
        if not ctx.json:
            ctx.out.write("\n".join(lines) + "\n")
        if not ctx.confirm_write(f"Send the remaining {resend:,} lead(s)?"):
            return EXIT_FAILED
        results = await run_resume(session, plan, on_progress=ctx.progress)
    ctx.emit(
        {
            "operations": [result_json(r) for r in results],
            "applied": plan.applied,
            "refused": plan.refused,
        },
        [line for r in results for line in result_lines(r)],
    )
    return (
        EXIT_OK if all(r.state is OperationState.DONE for r in results) else EXIT_FAILED
    )


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


def _backend_of(ctx: CommandContext, operation_id: int) -> str:
    try:
        op = ctx.journal().operation(operation_id)
    except KeyError as error:
        raise UsageError(str(error)) from None
    return str(op.params.get("backend", "vicidial"))


async def undo_voice(ctx: CommandContext, operation_id: int) -> int:
    async with ctx.voice_session() as session:
        try:
            session.journal.operation(operation_id)
        except KeyError as error:
            raise UsageError(str(error)) from None
        plan = plan_voice_undo(session.journal, operation_id)
        lines = [
            f"undo of operation {operation_id}: {len(plan.items):,} lead(s) to restore"
        ]
        lines += [
            f"  {key_phone(k)}: cannot restore {c}: {why}"
            for k, c, why in plan.impossible[:50]
        ]
        impossible = [
            {"phone": key_phone(k), "field": c, "reason": w}
            for k, c, w in plan.impossible
        ]
        if ctx.args.dry_run or not plan.items:
            ctx.emit(
                {
                    "dry_run": bool(ctx.args.dry_run),
                    "restore": len(plan.items),
                    "impossible": impossible,
                },
                lines,
            )
            return EXIT_OK if not plan.impossible else EXIT_FAILED
        if not ctx.json:
            ctx.out.write("\n".join(lines) + "\n")
        if not ctx.confirm_write(f"Restore {len(plan.items):,} lead(s)?"):
            return EXIT_FAILED
        chunks = [
            plan.items[i : i + session.bulk_size]
            for i in range(0, len(plan.items), session.bulk_size)
        ]
        result = await run_voice_updates(
            session,
            VoiceCsvPlan(chunks=chunks),
            kind="undo",
            undo_of=operation_id,
            on_progress=ctx.progress,
        )
    ctx.emit(
        {"operations": [result_json(result)], "impossible": impossible},
        result_lines(result),
    )
    return (
        EXIT_OK
        if result.state is OperationState.DONE and not plan.impossible
        else EXIT_FAILED
    )
