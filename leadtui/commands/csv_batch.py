"""csv: per-row values from a CSV file, on either backend."""

from __future__ import annotations

from leadtui.commands.context import EXIT_FAILED, EXIT_OK, CommandContext, UsageError
from leadtui.commands.render import result_json, result_lines
from leadtui.ops.backend_voice import key_phone
from leadtui.ops.csv_plan import plan_vicidial, plan_voiceaiwrapper
from leadtui.ops.csv_rows import (
    CsvError,
    CsvRow,
    guess_mapping,
    read_csv,
    read_text_file,
    validate_rows,
)
from leadtui.ops.csv_run import run_vicidial_csv, run_voice_updates
from leadtui.ops.dnc_note import status_blocks_nothing
from leadtui.ops.journal_models import OperationState
from leadtui.ops.wording import plural


def mapping_from(
    ctx: CommandContext, header: tuple[str, ...], kind: str
) -> dict[str, str]:
    mapping = guess_mapping(header, kind)
    for pair in ctx.args.map or []:
        column, sep, target = pair.partition("=")
        if not sep or column not in header:
            raise UsageError(
                f"--map {pair!r}: expected COLUMN=FIELD with a column of {', '.join(header)}"
            )
        mapping[column] = target.strip()
    return mapping


def problem_lines(rows: list[CsvRow]) -> list[str]:
    bad = [row for row in rows if not row.ok]
    lines = [f"line {row.line}: {'; '.join(row.problems)}" for row in bad[:50]]
    if len(bad) > 50:
        lines.append(f"… {len(bad) - 50:,} more rows with problems")
    return lines


async def csv_cmd(ctx: CommandContext) -> int:
    profile = ctx.profile()
    kind = profile.kind
    try:
        table = read_csv(read_text_file(ctx.args.file), name=ctx.args.file)
    except CsvError as error:
        raise UsageError(str(error)) from None
    mapping = mapping_from(ctx, table.header, kind)
    if ctx.args.match is not None:
        if kind != "vicidial":
            raise UsageError("--match is for VICIdial profiles (CRM sync by upsert)")
        from leadtui.commands.crm_sync import upsert_cmd

        return await upsert_cmd(ctx, table, mapping)
    for option in ("insert_missing", "insert_list", "list_id", "records"):
        if getattr(ctx.args, option, None):
            flag = "--" + option.replace("_", "-")
            raise UsageError(f"{flag} is for --match (CRM sync by upsert)")
    try:
        rows = validate_rows(
            table, mapping, kind, region=ctx.args.region or profile.phone_region
        )
    except ValueError as error:
        raise UsageError(str(error)) from None
    good = [row for row in rows if row.ok]
    if kind == "voiceaiwrapper":
        voice_plan = plan_voiceaiwrapper(rows, bulk_size=profile.bulk_size)
        requests = voice_plan.requests
        dnc = None
    else:
        plan = plan_vicidial(rows, records=profile.records_cap)
        requests = plan.requests
        dnc = status_blocks_nothing(plan.stored_statuses(), len(good))
    used = {column: field for column, field in mapping.items() if field}
    summary = [
        f"{len(good):,} of {len(rows):,} rows valid; {plural(requests, 'request')}",
        "columns: " + ", ".join(f"{c}→{f}" for c, f in used.items()),
        *([f"warning: {dnc}"] if dnc else []),
        *problem_lines(rows),
    ]
    data: dict[str, object] = {
        "rows": len(rows),
        "valid": len(good),
        "requests": requests,
        "mapping": used,
        "invalid": [{"line": r.line, "problems": r.problems} for r in rows if not r.ok],
        "dnc_warning": dnc,
    }
    if ctx.args.dry_run or not good:
        ctx.emit({**data, "dry_run": True}, summary)
        return EXIT_OK if good else EXIT_FAILED
    if not ctx.json:
        ctx.out.write("\n".join(summary) + "\n")
    lead_ids = (
        [int(row.key) for row in good if row.key.isdigit()]
        if kind == "vicidial"
        else None  # VoiceAIWrapper rows are phone numbers, not leads
    )
    if not ctx.confirm_write(f"Apply {plural(len(good), 'row')}?", leads=lead_ids):
        return EXIT_FAILED
    if kind == "voiceaiwrapper":
        async with ctx.voice_session() as voice:
            with ctx.stoppable() as stop:
                result = await run_voice_updates(
                    voice, voice_plan, on_progress=ctx.progress, stop=stop
                )
    else:
        async with ctx.session() as session:
            with ctx.stoppable() as stop:
                result = await run_vicidial_csv(
                    session,
                    plan,
                    before_images=not ctx.args.no_before_images,
                    on_progress=ctx.progress,
                    stop=stop,
                )
    results = [result]
    key = key_phone if kind == "voiceaiwrapper" else str
    ctx.emit(
        {**data, "operations": [result_json(r, key) for r in results]},
        [line for r in results for line in result_lines(r, key=key)],
    )
    clean = all(r.state is OperationState.DONE for r in results) and len(good) == len(
        rows
    )
    return EXIT_OK if clean else EXIT_FAILED
