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
    plans_by_lead_campaign,
    run_dnc,
)
from leadtui.ops.dnc_operations import (
    KINDS as DNC_KINDS,
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


async def _plans(ctx: CommandContext, session: Session, action: str) -> list[DncPlan]:
    """The numbers given, or the phone numbers of the leads given (read first):
    one plan, or one per campaign with ``--lead-campaign``."""
    numbers = _given_numbers(ctx)
    if ctx.args.lead_campaign and not _uses_leads(ctx):
        raise UsageError("--lead-campaign takes the leads of --ids or --ids-file")
    if not _uses_leads(ctx):
        if not numbers:
            raise UsageError("give phone numbers, --numbers-file, --ids or --ids-file")
        return [plan_dnc(action, numbers, campaign_id=ctx.args.campaign)]
    if numbers:
        raise UsageError("give numbers or --ids/--ids-file, not both")
    ids = list(load_ids(ctx).valid)
    if ctx.args.lead_campaign:
        plans, missing = await plans_by_lead_campaign(session, ids, action)
    else:
        plan, missing = await plan_dnc_for_leads(
            session, ids, action, ctx.args.campaign
        )
        plans = [plan]
    for lead_id, why in missing[:20]:
        ctx.warn(f"lead {lead_id}: no number taken ({why})")
    if len(missing) > 20:
        ctx.warn(f"… {len(missing) - 20:,} more leads without a number")
    return plans or [plan_dnc(action, [])]


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


def _one_or_many(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"lists": items}


def _refused(plan: DncPlan) -> list[dict[str, str]]:
    return [{"given": g, "reason": r} for g, r in plan.refused]


async def _change(ctx: CommandContext, action: str) -> int:
    async with ctx.session() as session:
        plans = await _plans(ctx, session, action)
        lines = [line for plan in plans for line in plan.describe()]
        count = sum(len(plan.phones) for plan in plans)
        if not count:
            ctx.emit(
                _one_or_many([{"refused": _refused(p)} for p in plans]),
                [*lines, "nothing to send"],
            )
            return EXIT_FAILED
        if ctx.args.dry_run:
            ctx.emit(
                _one_or_many(
                    [
                        {
                            "dry_run": True,
                            "action": "add" if action == ADD else "remove",
                            "list": plan.list_id,
                            "numbers": list(plan.phones),
                            "refused": _refused(plan),
                            "duplicates": plan.duplicates,
                        }
                        for plan in plans
                    ]
                ),
                lines,
            )
            return EXIT_OK
        if not ctx.json:
            ctx.out.write("\n".join(lines) + "\n")
        where = plans[0].where if len(plans) == 1 else f"{len(plans)} DNC lists"
        if action == REMOVE:
            # dialing numbers that asked not to be called: type the count
            only = plans[0].phones[0] if len(plans) == 1 else ""
            typed: str | None = only if count == 1 and only else str(count)
            prompt = (
                f"TAKE {plural(count, 'number')} OFF {where}: the dialer may "
                "call them again."
            )
        else:
            threshold = ctx.profile().confirm_typed_over
            typed = str(count) if count > threshold else None
            prompt = f"Add {plural(count, 'number')} to {where}?"
        if not ctx.confirm_write(prompt, typed=typed):
            ctx.warn("nothing sent")
            return EXIT_FAILED
        results: list[tuple[DncPlan, OperationResult]] = []
        with ctx.stoppable() as stop:
            for plan in plans:
                if stop.is_set() or not plan.phones:
                    continue
                result = await run_dnc(
                    session, plan, on_progress=ctx.progress, stop=stop
                )
                results.append((plan, result))
    ctx.emit(
        _one_or_many([_result_data(r, p) for p, r in results]),
        [line for _, r in results for line in _result_text(r)],
    )
    done = all(r.state is OperationState.DONE for _, r in results)
    return (
        EXIT_OK
        if done and len(results) == len([p for p in plans if p.phones])
        else EXIT_FAILED
    )


async def _check(ctx: CommandContext) -> int:
    async with ctx.session() as session:
        plans = await _plans(ctx, session, ADD)
        found = [
            (plan, await check_numbers(session, plan.phones, plan.list_id))
            for plan in plans
        ]
    lists: list[dict[str, Any]] = []
    lines: list[str] = []
    failed = False
    for plan, answers in found:
        rows: list[dict[str, Any]] = []
        lines.append(f"on {describe_list(plan.list_id)}:")
        failed = failed or bool(plan.refused)
        for phone, answer in answers.items():
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
        lists.append({"list": plan.list_id, "numbers": rows, "refused": _refused(plan)})
    ctx.emit(_one_or_many(lists), lines)
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
    if args.operation is not None:
        if not journal.has_operation(args.operation):
            raise UsageError(f"no operation {args.operation} in the journal")
        kind = journal.operation(args.operation).kind
        if kind not in DNC_KINDS:
            raise UsageError(
                f"operation {args.operation} is a {kind}, not a DNC operation "
                f"(`leadtui log {args.operation} --export csv` exports it)"
            )
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
