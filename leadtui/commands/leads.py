"""search, show, update: one lead (or one search) at a time."""

from __future__ import annotations

from leadtui.api.vicidial.fields import custom_label_problem
from leadtui.api.vicidial.requests import LeadQuery
from leadtui.api.vicidial.search_location import SearchLocation
from leadtui.commands.context import EXIT_FAILED, EXIT_OK, CommandContext, UsageError
from leadtui.commands.render import (
    diff_lines,
    lead_detail,
    lead_json,
    lead_row,
    result_json,
    result_lines,
    table,
)
from leadtui.ops.custom_fields import is_custom, label_of
from leadtui.ops.dnc_note import status_blocks_nothing
from leadtui.ops.edit import diff_edit, field_for, save_edit
from leadtui.ops.search import describe_query, find_leads, read_full_lead
from leadtui.ops.wording import plural


def parse_sets(pairs: list[str] | None) -> dict[str, str]:
    """``--set field=value`` pairs; the field is a parameter or a column name."""
    values: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"--set {pair!r}: expected FIELD=VALUE")
        if is_custom(name.strip()):
            problem = custom_label_problem(label_of(name.strip()))
            if problem:
                raise UsageError(f"--set {name!r}: {problem}")
            values[name.strip()] = value
            continue
        try:
            field = field_for(name.strip())
        except KeyError:
            raise UsageError(
                f"--set {name!r}: not a lead field leadtui can set"
            ) from None
        values[field.param] = value
    return values


async def search(ctx: CommandContext) -> int:
    args = ctx.args
    profile = ctx.profile()
    keys = (args.lead_id, args.vendor_code, args.phone)
    if all(k is None for k in keys):
        raise UsageError("search needs --lead-id, --vendor-code or --phone")
    query = LeadQuery(
        lead_id=args.lead_id,
        vendor_lead_code=args.vendor_code,
        phone_number=args.phone,
        location=SearchLocation(args.location or profile.default_location),
        list_id=args.list_id if args.list_id is not None else profile.default_list_id,
        records=args.records,
    )
    async with ctx.session() as session:
        result = await find_leads(session.client, query)
    if result.preview is None:
        ctx.emit(
            {
                "query": describe_query(query),
                "preview": None,
                "leads": [],
                "would_update": [],
            },
            f"No lead matches {describe_query(query)}.",
        )
        return EXIT_OK
    would = set(result.would_update)
    rows = [
        ["*" if f.lead.lead_id in would else " ", *lead_row(f.lead)]
        for f in result.leads
    ]
    text = [
        f"{plural(len(result.leads), 'lead')} match {describe_query(query)}; update_lead with "
        f"records={query.records} would change the ones marked *.",
        *table([" ", "lead", "list", "status", "phone", "name", "vendor code"], rows),
        *(f"note: {n}" for n in result.notes),
    ]
    data = {
        "query": describe_query(query),
        "preview": result.preview.model_dump(exclude={"raw", "kind"}),
        "would_update": list(result.would_update),
        "leads": [lead_json(f) for f in result.leads],
        "notes": list(result.notes),
    }
    ctx.emit(data, text)
    return EXIT_OK


async def show(ctx: CommandContext) -> int:
    async with ctx.session() as session:
        found = await read_full_lead(session.client, ctx.args.lead_id)
    text = lead_detail(found.lead)
    if not found.complete:
        text.append(
            "note: the server cannot print this record whole; fields were read one by one"
        )
    ctx.emit(lead_json(found), text)
    return EXIT_OK


async def update(ctx: CommandContext) -> int:
    args = ctx.args
    values = parse_sets(args.set)
    if not values and args.new_phone is None:
        raise UsageError("update needs at least one --set FIELD=VALUE or --new-phone")
    async with ctx.session() as session:
        before = (await read_full_lead(session.client, args.lead_id)).lead
        changes = diff_edit(before, values, args.new_phone)
        refused = [c for c in changes if c.refused]
        effective = [c for c in changes if c.changes]
        header = f"lead {args.lead_id}:"
        dnc = status_blocks_nothing(
            {c.column: c.stored for c in effective if c.stored is not None}
        )
        if dnc:
            ctx.warn(f"warning: {dnc}")
        if refused:
            ctx.emit(
                {
                    "lead_id": args.lead_id,
                    "refused": {c.param: c.refused for c in refused},
                },
                [header, *diff_lines(changes)],
            )
            return EXIT_FAILED
        if not effective or args.dry_run:
            ctx.emit(
                {
                    "lead_id": args.lead_id,
                    "dry_run": bool(args.dry_run),
                    "changes": [c.model_dump() for c in changes],
                },
                [header, *diff_lines(changes)]
                + ([] if effective else ["nothing to change"]),
            )
            return EXIT_OK
        if not ctx.json:
            ctx.out.write("\n".join([header, *diff_lines(changes)]) + "\n")
        if not ctx.confirm_write("Save these changes?", leads=[args.lead_id]):
            ctx.warn("not saved")
            return EXIT_FAILED
        saved = await save_edit(
            session, before, values, new_phone_number=args.new_phone
        )
    ctx.emit(
        {
            **result_json(saved.result),
            "after": lead_json(saved.after) if saved.after else None,
        },
        result_lines(saved.result),
    )
    return EXIT_OK if saved.result.state.value == "done" else EXIT_FAILED
