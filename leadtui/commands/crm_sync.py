"""``leadtui csv FILE --match …``: update the lead each row matches, insert the
ones that match nothing (``--insert-missing``): classified before anything is sent."""

from __future__ import annotations

from leadtui.api.vicidial.preview import would_store
from leadtui.api.vicidial.search_location import SearchLocation
from leadtui.commands.context import EXIT_FAILED, EXIT_OK, CommandContext, UsageError
from leadtui.commands.render import result_head, result_json
from leadtui.ops.csv_rows import CsvTable
from leadtui.ops.csv_upsert import (
    RowKind,
    UpsertPlan,
    UpsertSpec,
    classify,
    upsert_operation,
    upsert_rows,
)
from leadtui.ops.dnc_note import status_blocks_nothing
from leadtui.ops.engine import execute
from leadtui.ops.journal_models import LeadOutcome, OperationState
from leadtui.ops.results import OperationResult
from leadtui.ops.wording import plural


def spec_from(ctx: CommandContext) -> UpsertSpec:
    args = ctx.args
    match = tuple(m.strip() for m in args.match.split(",") if m.strip())
    location = SearchLocation(args.location)
    insert_list = args.insert_list
    if args.insert_missing and insert_list is None:
        if location is SearchLocation.SYSTEM:
            raise UsageError(
                "--insert-missing needs --insert-list ID (where new leads go)"
            )
        insert_list = args.list_id
    if insert_list is not None and not args.insert_missing:
        raise UsageError("--insert-list is for --insert-missing")
    spec = UpsertSpec(
        match=match,
        location=location,
        list_id=args.list_id,
        insert_list=insert_list if args.insert_missing else None,
        phone_code=args.phone_code,
        records=args.records or 1,
    )
    problems = spec.problems()
    if problems:
        raise UsageError("; ".join(problems))
    return spec


def _rows_json(plan: UpsertPlan) -> list[dict[str, object]]:
    return [
        {
            "line": r.line,
            "kind": r.kind.value,
            "keys": r.keys,
            "lead_ids": list(r.lead_ids),
            "reason": r.reason or None,
        }
        for r in plan.rows
    ]


def _outcome_lines(result: OperationResult, plan: UpsertPlan) -> list[str]:
    lines = result_head(result, "nothing settled")
    lines_of = {-r.line: r.line for r in plan.of(RowKind.INSERT)}
    shown = 0
    for key, (outcome, detail) in sorted(result.verdicts.items()):
        if outcome in (LeadOutcome.UPDATED, LeadOutcome.UNCHANGED) and key > 0:
            continue
        where = f"line {lines_of[key]}" if key in lines_of else f"lead {key}"
        lines.append(f"  {where}: {outcome.value} — {detail}")
        shown += 1
        if shown >= 50:
            lines.append(f"  … see `leadtui log {result.operation_id}`")
            break
    lines.append(f"  undo: `leadtui undo {result.operation_id}`")
    return lines


async def upsert_cmd(
    ctx: CommandContext, table: CsvTable, mapping: dict[str, str]
) -> int:
    spec = spec_from(ctx)
    try:
        rows = upsert_rows(table, mapping, spec)
    except ValueError as error:
        raise UsageError(str(error)) from None
    profile = ctx.profile()
    async with ctx.session() as session:
        plan = await classify(session, rows, spec)
        statuses = [
            {"status": stored}
            for r in plan.rows
            if r.kind in (RowKind.UPDATE, RowKind.INSERT) and "status" in r.values
            if (stored := would_store("status", r.values["status"]).stored)
        ]
        dnc = status_blocks_nothing(statuses, plan.sendable)
        lines = plan.describe()
        if dnc:
            lines.append(f"warning: {dnc}")
        data: dict[str, object] = {
            "classified": plan.counts(),
            "rows": _rows_json(plan),
            "dnc_warning": dnc,
        }
        if ctx.args.dry_run or not plan.sendable:
            ctx.emit({**data, "dry_run": True}, lines)
            return EXIT_OK if plan.sendable or not plan.rows else EXIT_FAILED
        if not ctx.json:
            ctx.out.write("\n".join(lines) + "\n")
        count = plan.sendable
        inserts = len(plan.of(RowKind.INSERT))
        updates = sum(len(r.lead_ids) for r in plan.of(RowKind.UPDATE))
        typed = str(count) if count > profile.confirm_typed_over else None
        question = (
            f"Update {plural(updates, 'lead')} and insert {plural(inserts, 'lead')}?"
        )
        updated = [i for r in plan.of(RowKind.UPDATE) for i in r.lead_ids]
        if not ctx.confirm_write(question, typed=typed, leads=updated):
            ctx.warn("nothing sent")
            return EXIT_FAILED
        operation = upsert_operation(
            plan,
            records=profile.records_cap,
            before_images=not ctx.args.no_before_images,
        )
        with ctx.stoppable() as stop:
            result = await execute(
                session, operation, stop=stop, on_progress=ctx.progress
            )
    ctx.emit(
        {**data, "operations": [result_json(result)]}, _outcome_lines(result, plan)
    )
    clean = result.state is OperationState.DONE and plan.sendable == len(plan.rows)
    return EXIT_OK if clean else EXIT_FAILED
