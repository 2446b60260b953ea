"""batch, delete, reset, hopper, callbacks: many leads at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from leadtui.commands.context import EXIT_FAILED, EXIT_OK, CommandContext, UsageError
from leadtui.commands.leads import parse_sets
from leadtui.commands.render import result_json, result_lines
from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.batch_runner import run_batch
from leadtui.ops.csv_rows import CsvError, read_text_file
from leadtui.ops.custom_fields import is_custom
from leadtui.ops.dnc_note import status_blocks_nothing
from leadtui.ops.idlist import IdList, parse_id_csv, parse_id_text
from leadtui.ops.journal_models import OperationState
from leadtui.ops.lead_actions import (
    clear_custom_data,
    delete_leads,
    hopper,
    remove_callbacks_of,
    reset_leads,
)
from leadtui.ops.results import OperationResult
from leadtui.ops.wording import plural


def load_ids(ctx: CommandContext) -> IdList:
    args = ctx.args
    positional = " ".join(getattr(args, "lead_ids", None) or [])
    if args.ids is None and args.ids_file is None and not positional:
        raise UsageError("give lead IDs, --ids or --ids-file")
    text = " ".join(part for part in (positional, args.ids or "") if part)
    if args.ids_file is not None:
        try:
            text = read_text_file(args.ids_file)
        except CsvError as error:
            raise UsageError(str(error)) from None
    if args.csv_column is not None:
        column: str | int = (
            int(args.csv_column) if args.csv_column.isdigit() else args.csv_column
        )
        try:
            ids = parse_id_csv(text, column)
        except ValueError as error:
            raise UsageError(str(error)) from None
    else:
        ids = parse_id_text(text)
    if ids.invalid and not ctx.json:
        ctx.warn(f"{plural(len(ids.invalid), 'invalid token')} will not be sent:")
        for bad in ids.invalid[:20]:
            ctx.warn(f"  #{bad.position} {bad.token!r}: {bad.reason}")
    if not ids.valid:
        raise UsageError("no valid lead IDs")
    return ids


def _exit(results: list[OperationResult]) -> int:
    return (
        EXIT_OK if all(r.state is OperationState.DONE for r in results) else EXIT_FAILED
    )


def _emit_results(
    ctx: CommandContext, results: list[OperationResult], ids: IdList | None = None
) -> None:
    data: dict[str, object] = {"operations": [result_json(r) for r in results]}
    if ids is not None:
        data["invalid"] = [
            {"token": b.token, "position": b.position, "reason": b.reason}
            for b in ids.invalid
        ]
        data["duplicates"] = ids.duplicates
    ctx.emit(data, [line for r in results for line in result_lines(r)])


async def batch(ctx: CommandContext) -> int:
    args = ctx.args
    ids = load_ids(ctx)
    values = parse_sets(args.set)
    custom = [name for name in values if is_custom(name)]
    if custom:
        raise UsageError(
            f"{', '.join(custom)}: batch_update_lead cannot set custom fields; give "
            "each lead its value in a CSV (a custom:LABEL column) with leadtui csv"
        )
    profile = ctx.profile()
    plan = BatchPlan(
        lead_ids=ids.valid,
        values=values,
        reset_lead=args.reset,
        list_exists_check=args.list_exists_check,
        records=args.records or profile.records_cap,
    )
    problems = plan.problems()
    lines = [
        f"batch: {ids.summary()}; {plural(len(plan.chunks), 'request')} of at most {plan.records:,}"
    ]
    chosen = args.records is not None
    if plan.cap_warning(chosen=chosen):
        lines.append(
            ("note: " if chosen else "warning: ") + str(plan.cap_warning(chosen=chosen))
        )
    dnc = status_blocks_nothing(plan.predicted, len(plan.lead_ids))
    if dnc:
        lines.append(f"warning: {dnc}")
    for param, preview in plan.previews.items():
        stored = "unchanged" if preview.stored is None else repr(preview.stored)
        notes = "; ".join(n.detail for n in preview.notes)
        lines.append(
            f"  set {param} = {preview.typed!r} → stored {stored}"
            + (f" ({notes})" if notes else "")
        )
    if plan.reset_lead:
        lines.append("  reset: called_since_last_reset = N")
    if problems:
        ctx.emit(
            {"problems": problems}, lines + [f"cannot send: {p}" for p in problems]
        )
        return EXIT_FAILED
    if args.dry_run:
        ctx.emit(
            {
                "dry_run": True,
                "valid": len(ids.valid),
                "duplicates": ids.duplicates,
                "invalid": [
                    {"token": b.token, "reason": b.reason} for b in ids.invalid
                ],
                "requests": len(plan.chunks),
                "stored": {p: v.stored for p, v in plan.previews.items()},
                "cap_warning": plan.cap_warning(chosen=args.records is not None),
                "dnc_warning": dnc,
            },
            lines,
        )
        return EXIT_OK
    if not ctx.json:
        ctx.out.write("\n".join(lines) + "\n")
    if not ctx.confirm_write(f"Apply to {len(ids.valid):,} leads?", leads=ids.valid):
        ctx.warn("nothing sent")
        return EXIT_FAILED
    async with ctx.session() as session:
        with ctx.stoppable() as stop:
            result = await run_batch(
                session,
                plan,
                before_images=not args.no_before_images,
                on_progress=ctx.progress,
                stop=stop,
            )
    _emit_results(ctx, [result], ids)
    return _exit([result])


LeadsOperation = Callable[..., Awaitable[OperationResult]]


async def _guarded(
    ctx: CommandContext,
    *,
    dry_key: str,
    doing: str,
    warning: str,
    refused: str,
    run: LeadsOperation,
) -> int:
    """An irreversible per-lead operation: dry run, or the count (or the lead ID)
    typed, then ``run`` under the stop flag."""
    ids = load_ids(ctx)
    count = len(ids.valid)
    shown = ", ".join(str(i) for i in ids.valid[:10]) + (" …" if count > 10 else "")
    if ctx.args.dry_run:
        ctx.emit(
            {"dry_run": True, dry_key: list(ids.valid)},
            f"would {doing} {plural(count, 'lead')}: {shown}",
        )
        return EXIT_OK
    typed = str(ids.valid[0]) if count == 1 else str(count)
    prompt = f"{doing.upper()} {plural(count, 'lead')}: {shown}\n{warning}"
    if not ctx.confirm_write(prompt, typed=typed, leads=ids.valid):
        ctx.warn(refused)
        return EXIT_FAILED
    async with ctx.session() as session:
        with ctx.stoppable() as stop:
            result = await run(session, ids.valid, on_progress=ctx.progress, stop=stop)
    _emit_results(ctx, [result], ids)
    return _exit([result])


async def delete(ctx: CommandContext) -> int:
    return await _guarded(
        ctx,
        dry_key="would_delete",
        doing="delete",
        warning="Deleting cannot be undone on the server; leadtui keeps each lead's "
        "record in its journal and can re-create it (new lead ID).",
        refused="nothing deleted",
        run=delete_leads,
    )


async def clear_custom(ctx: CommandContext) -> int:
    return await _guarded(
        ctx,
        dry_key="would_clear",
        doing="clear the custom data of",
        warning="The server deletes each lead's custom fields row and sets its entry "
        "list to 0. leadtui keeps every value in its journal first; undo writes "
        "them back.",
        refused="nothing cleared",
        run=clear_custom_data,
    )


async def reset(ctx: CommandContext) -> int:
    args = ctx.args
    ids = load_ids(ctx)
    what = f"reset {plural(len(ids.valid), 'lead')} (called_since_last_reset=N"
    what += (
        f", called_count={args.called_count})" if args.called_count is not None else ")"
    )
    if args.hopper:
        what += ", then add them to the hopper"
    if args.remove_callbacks:
        what += ", then remove their callbacks"
    if args.dry_run:
        ctx.emit({"dry_run": True, "leads": list(ids.valid)}, what)
        return EXIT_OK
    if not ctx.confirm_write(what[0].upper() + what[1:] + "?", leads=ids.valid):
        ctx.warn("nothing sent")
        return EXIT_FAILED
    async with ctx.session() as session:
        with ctx.stoppable() as stop:
            results = await reset_leads(
                session,
                ids.valid,
                called_count=args.called_count,
                add_to_hopper=args.hopper,
                remove_callbacks=args.remove_callbacks,
                on_progress=ctx.progress,
                stop=stop,
            )
    _emit_results(ctx, results, ids)
    return _exit(results)


async def hopper_cmd(ctx: CommandContext) -> int:
    ids = load_ids(ctx)
    add = ctx.args.action == "add"
    if ctx.args.dry_run:
        ctx.emit(
            {"dry_run": True, "leads": list(ids.valid)},
            f"would {ctx.args.action} {plural(len(ids.valid), 'lead')}",
        )
        return EXIT_OK
    if not ctx.confirm_write(
        f"{'Add' if add else 'Remove'} {plural(len(ids.valid), 'lead')} {'to' if add else 'from'} the hopper?"
    ):
        return EXIT_FAILED
    async with ctx.session() as session:
        with ctx.stoppable() as stop:
            result = await hopper(
                session,
                ids.valid,
                add=add,
                priority=ctx.args.priority,
                on_progress=ctx.progress,
                stop=stop,
            )
    _emit_results(ctx, [result], ids)
    return _exit([result])


async def callbacks_cmd(ctx: CommandContext) -> int:
    ids = load_ids(ctx)
    if ctx.args.dry_run:
        ctx.emit(
            {"dry_run": True, "leads": list(ids.valid)},
            f"would remove callbacks of {plural(len(ids.valid), 'lead')}",
        )
        return EXIT_OK
    if not ctx.confirm_write(
        f"Remove the scheduled callbacks of {plural(len(ids.valid), 'lead')}?"
    ):
        return EXIT_FAILED
    async with ctx.session() as session:
        with ctx.stoppable() as stop:
            result = await remove_callbacks_of(
                session, ids.valid, on_progress=ctx.progress, stop=stop
            )
    _emit_results(ctx, [result], ids)
    return _exit([result])
