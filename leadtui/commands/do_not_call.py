"""``leadtui dnc add|remove|check|evidence``: numbers on DNC lists."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from leadtui.api.vicidial.dnc_lists import DncListing
from leadtui.commands.bulk import load_ids
from leadtui.commands.context import (
    EXIT_FAILED,
    EXIT_OK,
    CommandContext,
    UsageError,
)
from leadtui.commands.render import result_head, result_json
from leadtui.ops.csv_rows import CsvError, read_text_file
from leadtui.ops.dnc_entries import describe_list, key_phone
from leadtui.ops.dnc_evidence import (
    dnc_operation_ids,
    evidence_rows,
    write_evidence,
)
from leadtui.ops.dnc_operations import (
    ADD,
    REMOVE,
    DncPlan,
    check_numbers,
    phone_problem,
    plan_dnc,
    plan_dnc_for_leads,
    run_dnc,
)
from leadtui.ops.journal_models import OperationState
from leadtui.ops.results import OperationResult
from leadtui.ops.session import Session
from leadtui.ops.wording import plural


def _given_numbers(ctx: CommandContext) -> list[str]:
    args = ctx.args
    numbers = list(args.numbers or [])
    if args.numbers_file is not None:
        try:
            text = read_text_file(args.numbers_file)
        except CsvError as error:
            raise UsageError(str(error)) from None
        numbers += [t for t in text.replace(",", "\n").splitlines() if t.strip()]
    return numbers


def _uses_leads(ctx: CommandContext) -> bool:
    return ctx.args.ids is not None or ctx.args.ids_file is not None


async def _plan(ctx: CommandContext, session: Session, action: str) -> DncPlan:
    """The numbers given, or the phone numbers of the leads given (read first)."""
    numbers = _given_numbers(ctx)
    if _uses_leads(ctx):
        if numbers:
            raise UsageError("give numbers or --ids/--ids-file, not both")
        ids = load_ids(ctx)
        plan, missing = await plan_dnc_for_leads(
            session, list(ids.valid), action, ctx.args.campaign
        )
        for lead_id, why in missing[:20]:
            ctx.warn(f"lead {lead_id}: no number taken ({why})")
        if len(missing) > 20:
            ctx.warn(f"… {len(missing) - 20:,} more leads without a number")
        return plan
    if not numbers:
        raise UsageError("give phone numbers, --numbers-file, --ids or --ids-file")
    return plan_dnc(action, numbers, campaign_id=ctx.args.campaign)


def _result_data(result: OperationResult, plan: DncPlan) -> dict[str, Any]:
    data = result_json(result, key=key_phone)
    data["list"] = plan.list_id
    data["numbers"] = [
        {"phone_number": key_phone(k), "outcome": o.value, "detail": d}
        for k, (o, d) in sorted(result.verdicts.items())
    ]
    data["refused"] = [{"given": g, "reason": r} for g, r in plan.refused]
    return data


def _result_text(result: OperationResult, limit: int = 50) -> list[str]:
    lines = result_head(result, "no number settled")
    verdicts = sorted(result.verdicts.items())
    for key, (outcome, detail) in verdicts[:limit]:
        lines.append(f"  {key_phone(key)}: {detail or outcome.describe}")
    if len(verdicts) > limit:
        lines.append(
            f"  … {len(verdicts) - limit:,} more (`leadtui log {result.operation_id}`)"
        )
    lines += [f"  note: {n}" for n in result.notes]
    lines.append(
        f"  evidence: `leadtui dnc evidence --operation {result.operation_id}`; "
        f"undo: `leadtui undo {result.operation_id}`"
    )
    return lines


async def _change(ctx: CommandContext, action: str) -> int:
    async with ctx.session() as session:
        plan = await _plan(ctx, session, action)
        lines = plan.describe()
        if not plan.phones:
            ctx.emit(
                {"refused": [{"given": g, "reason": r} for g, r in plan.refused]},
                [*lines, "nothing to send"],
            )
            return EXIT_FAILED
        if ctx.args.dry_run:
            ctx.emit(
                {
                    "dry_run": True,
                    "action": "add" if action == ADD else "remove",
                    "list": plan.list_id,
                    "numbers": list(plan.phones),
                    "refused": [{"given": g, "reason": r} for g, r in plan.refused],
                    "duplicates": plan.duplicates,
                },
                lines,
            )
            return EXIT_OK
        if not ctx.json:
            ctx.out.write("\n".join(lines) + "\n")
        count = len(plan.phones)
        if action == REMOVE:
            # dialing numbers that asked not to be called: type the count
            typed: str | None = plan.phones[0] if count == 1 else str(count)
            prompt = (
                f"TAKE {plural(count, 'number')} OFF {plan.where}: the dialer may "
                "call them again."
            )
        else:
            threshold = ctx.profile().confirm_typed_over
            typed = str(count) if count > threshold else None
            prompt = f"Add {plural(count, 'number')} to {plan.where}?"
        if not ctx.confirm_write(prompt, typed=typed):
            ctx.warn("nothing sent")
            return EXIT_FAILED
        with ctx.stoppable() as stop:
            result = await run_dnc(session, plan, on_progress=ctx.progress, stop=stop)
    ctx.emit(_result_data(result, plan), _result_text(result))
    return EXIT_OK if result.state is OperationState.DONE else EXIT_FAILED


async def _check(ctx: CommandContext) -> int:
    async with ctx.session() as session:
        plan = await _plan(ctx, session, ADD)
        found = await check_numbers(session, plan.phones, plan.list_id)
    where = describe_list(plan.list_id)
    rows: list[dict[str, Any]] = []
    lines: list[str] = [f"on {where}:"]
    failed = bool(plan.refused)
    for phone, answer in found.items():
        if isinstance(answer, DncListing):
            state = "listed" if answer.listed else "not listed"
            rows.append({"phone_number": phone, "listed": answer.listed})
            lines.append(f"  {phone}: {state}")
        else:
            failed = True
            rows.append({"phone_number": phone, "error": answer.explain()})
            lines.append(f"  {phone}: not checked: {answer.explain()}")
    for given, why in plan.refused:
        lines.append(f"  {given!r}: not checked: {why}")
    ctx.emit(
        {
            "list": plan.list_id,
            "numbers": rows,
            "refused": [{"given": g, "reason": r} for g, r in plan.refused],
        },
        lines,
    )
    return EXIT_FAILED if failed else EXIT_OK


def _evidence(ctx: CommandContext) -> int:
    args = ctx.args
    phones = []
    for given in args.numbers or []:
        phone, why = phone_problem(given)
        if phone is None:
            raise UsageError(f"{given!r}: {why}")
        phones.append(phone)
    journal = ctx.journal()
    ids = [args.operation] if args.operation is not None else dnc_operation_ids(journal)
    if args.operation is not None and not journal.has_operation(args.operation):
        raise UsageError(f"no operation {args.operation} in the journal")
    rows = [
        row
        for row in evidence_rows(journal, ids)
        if not phones or row["phone_number"] in phones
    ]
    fmt = args.export or ("jsonl" if ctx.json else "csv")
    if not args.output:
        write_evidence(rows, ctx.out, fmt)
        return EXIT_OK
    with Path(args.output).open("w", encoding="utf-8", newline="") as out:
        count = write_evidence(rows, out, fmt)
    print(f"{plural(count, 'row')} written to {args.output}", file=sys.stderr)
    return EXIT_OK


async def dnc_cmd(ctx: CommandContext) -> int:
    action = ctx.args.action
    if action == "evidence":
        return _evidence(ctx)
    if ctx.args.operation is not None:
        raise UsageError("--operation is for `leadtui dnc evidence`")
    if action == "check":
        return await _check(ctx)
    return await _change(ctx, ADD if action == "add" else REMOVE)
