"""The batch composer's preview (before → after per lead) and result views."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from leadtui.ops.batch_plan import BatchPlan
from leadtui.ops.before_images import BeforeImage, ImageState
from leadtui.ops.journal_models import LeadOutcome
from leadtui.ops.results import OperationResult, Progress
from leadtui.ops.wording import plural
from leadtui.tui.widgets.line_table import FindableTable, LineTable
from leadtui.tui.widgets.progress_modal import PHASES


def verdict(image: BeforeImage | None, predicted: dict[str, str]) -> str:
    """What the batch does to one lead, in words (change_text's second half,
    without building the change: the summary counts every lead at once)."""
    if image is None:
        return "reading…"
    if image.state is ImageState.MISSING:
        return "no such lead: will not be sent"
    if image.state is ImageState.HIDDEN:
        return "list not visible to this user: will not be sent"
    if image.values is None:
        return f"unreadable: will not be sent ({image.detail})"
    values = image.values
    if all(values.get(column) == new for column, new in predicted.items()):
        return "already holds these values"
    if image.state is ImageState.PARTIAL:
        return "will change (partial record)"
    return "will change"


def count_verdicts(
    lead_ids: Sequence[int],
    images: dict[int, BeforeImage],
    predicted: dict[str, str],
) -> Counter[str]:
    """How many leads get each verdict: ``verdict`` for every lead, with the
    common case (a readable record) checked inline — 100,000 leads are counted
    before the preview's first frame."""
    counts: Counter[str] = Counter()
    wanted = tuple(predicted.items())
    full, partial = ImageState.FULL, ImageState.PARTIAL
    same = changes = partial_changes = 0
    get = images.get
    for lead_id in lead_ids:
        image = get(lead_id)
        values = image.values if image is not None else None
        if values is None or (image is not None and image.state not in (full, partial)):
            counts[verdict(image, predicted)] += 1
            continue
        for column, new in wanted:
            if values.get(column) != new:
                if image is not None and image.state is partial:
                    partial_changes += 1
                else:
                    changes += 1
                break
        else:
            same += 1
    for said, count in (
        ("already holds these values", same),
        ("will change", changes),
        ("will change (partial record)", partial_changes),
    ):
        if count:
            counts[said] += count
    return counts


def change_text(
    image: BeforeImage | None, predicted: dict[str, str]
) -> tuple[str, str]:
    """('status NEW→DNC, list 101→138', verdict) for one lead."""
    if image is None or image.values is None:
        return "", verdict(image, predicted)
    parts = []
    for column, new in predicted.items():
        old = image.values.get(column)
        if old != new:
            parts.append(f"{column} {shown(old)} → {shown(new)}")
    if not parts:
        return "", "already holds these values"
    note = " (partial record)" if image.state is ImageState.PARTIAL else ""
    return ", ".join(parts), "will change" + note


def shown(value: str | None) -> str:
    """A value as the operator reads it: empty and unknown said in words."""
    if value is None:
        return "(unknown)"
    return value if value.strip() else "(empty)"


def dnc_warning(images: dict[int, BeforeImage], predicted: dict[str, str]) -> str:
    """Leads now DNC that the batch gives another status, in words (or "")."""
    new = predicted.get("status")
    if new is None or new == "DNC":
        return ""
    dnc = sum(
        1
        for image in images.values()
        if image.values is not None and image.values.get("status") == "DNC"
    )
    if not dnc:
        return ""
    return (
        f"⚠ {plural(dnc, 'lead')} {'has' if dnc == 1 else 'have'} status DNC now: this batch sets them to {new}. "
        "If they asked not to be called, leave them out."
    )


class BatchPreviewView(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="preview-summary")
        yield ProgressBar(total=None, show_eta=False, id="preview-progress")
        yield FindableTable(["lead", "change", "verdict"], table_id="preview-table")
        yield Static("", id="preview-help")

    def start(self, plan: BatchPlan) -> None:
        self.plan = plan
        ids = plan.lead_ids
        self.query_one(LineTable).set_lazy_rows(
            len(ids), lambda i: (str(ids[i]), "", "reading…"), lambda i: str(ids[i])
        )
        self.query_one("#preview-summary", Static).update(
            f"Reading {len(plan.lead_ids):,} leads to show what changes…"
        )
        self.query_one(ProgressBar).update(total=max(1, len(plan.lead_ids)), progress=0)
        self.query_one("#preview-help", Static).update(
            "F6 waits for the complete preview · Esc goes back to the composer"
        )

    def _ready(self, notes: list[str], problems: list[str]) -> None:
        help_text = (
            "✖ " + "; ".join(problems) + " F6 is off · Esc goes back to the composer"
            if problems
            else "F6 applies exactly this · Esc goes back to the composer"
        )
        self.query_one("#preview-help", Static).update(
            "\n".join([*(n for n in notes if n), help_text])
        )

    def failed(self, reason: str) -> None:
        self.query_one("#preview-summary", Static).update(
            f"✖ The preview failed: {reason}"
        )
        self.query_one("#preview-help", Static).update(
            "F6 is off until a preview completes · F5 tries again · Esc goes back"
        )

    def progress(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=max(1, total), progress=done)

    def no_images(
        self, *, notes: list[str] | None = None, problems: list[str] | None = None
    ) -> None:
        self.query_one("#preview-summary", Static).update(
            f"{len(self.plan.lead_ids):,} leads will be sent without reading them first: "
            "no before-images, so this batch cannot be undone."
        )
        self.query_one(ProgressBar).update(total=1, progress=1)
        self._ready(notes or [], problems or [])

    def show_images(
        self,
        images: dict[int, BeforeImage],
        *,
        notes: list[str] | None = None,
        problems: list[str] | None = None,
    ) -> None:
        table = self.query_one(LineTable)
        ids, predicted = self.plan.lead_ids, self.plan.predicted
        # the summary counts every lead now; a row's change is built when shown
        counts = count_verdicts(ids, images, predicted)

        def row(index: int) -> tuple[str, str, str]:
            lead_id = ids[index]
            return (str(lead_id), *change_text(images.get(lead_id), predicted))

        cursor = table.cursor
        table.set_lazy_rows(len(ids), row, lambda i: str(ids[i]))
        table.move_cursor(cursor)
        summary = " · ".join(f"{n:,} {said}" for said, n in sorted(counts.items()))
        self.query_one("#preview-summary", Static).update(summary)
        self._ready(
            [dnc_warning(images, self.plan.predicted), *(notes or [])], problems or []
        )


class BatchResultView(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="result-summary")
        yield ProgressBar(total=None, show_eta=False, id="result-progress")
        yield FindableTable(["lead", "outcome", "detail"], table_id="result-table")

    def start(self, plan: BatchPlan) -> None:
        self.query_one(LineTable).set_rows([])
        self.query_one("#result-summary", Static).update(
            f"Applying to {len(plan.lead_ids):,} leads — Esc stops after the requests in flight"
        )
        self.query_one(ProgressBar).update(total=max(1, len(plan.lead_ids)), progress=0)

    def progress(self, progress: Progress) -> None:
        verb = PHASES.get(progress.phase, progress.phase.capitalize())
        self.query_one(ProgressBar).update(
            total=max(1, progress.total), progress=progress.done
        )
        unknown = f" · {progress.failed:,} unknown" if progress.failed else ""
        self.query_one("#result-summary", Static).update(
            f"{verb} {progress.done:,}/{progress.total:,}{unknown} — Esc stops"
        )

    def failed(self, reason: str) -> None:
        self.query_one("#result-summary", Static).update(f"✖ {reason}")

    def show_result(self, result: OperationResult) -> None:
        counts = " · ".join(f"{n:,} {k}" for k, n in sorted(result.counts().items()))
        requests = f"{result.requests:,} request" + (
            "" if result.requests == 1 else "s"
        )
        unsettled = result.run.get("open", 0)
        follow = (
            f"{plural(unsettled, 'lead')} not settled: resume from the log (F4)."
            if unsettled
            else "Undo from the log (F4)."
        )
        self.query_one("#result-summary", Static).update(
            f"Operation {result.operation_id} {result.state.value}: {counts} "
            f"({requests}). {follow}"
        )
        # the worst outcomes first, each by lead ID; a row is built when shown
        verdicts = result.verdicts
        by_outcome: dict[LeadOutcome, list[int]] = {}
        for lead_id in sorted(verdicts):
            by_outcome.setdefault(verdicts[lead_id][0], []).append(lead_id)
        order = {outcome: i for i, outcome in enumerate(_ORDER)}
        ids = [
            lead_id
            for outcome in sorted(by_outcome, key=lambda o: order.get(o, 99))
            for lead_id in by_outcome[outcome]
        ]

        def row(index: int) -> tuple[str, str, str]:
            outcome, detail = verdicts[ids[index]]
            return (str(ids[index]), outcome.value, detail or outcome.describe)

        self.query_one(LineTable).set_lazy_rows(len(ids), row, lambda i: str(ids[i]))


_ORDER = [
    LeadOutcome.UNKNOWN,
    LeadOutcome.FAILED,
    LeadOutcome.NOT_ALLOWED,
    LeadOutcome.NOT_FOUND,
    LeadOutcome.OVER_CAP,
    LeadOutcome.SKIPPED,
    LeadOutcome.CONFLICT,
    LeadOutcome.UPDATED,
    LeadOutcome.UNCHANGED,
    LeadOutcome.MATCHED,
]
