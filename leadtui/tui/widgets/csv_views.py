"""The CSV batch's column mapping, preview and per-row result views."""

from __future__ import annotations

import json
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Select, Static

from leadtui.api.vicidial.fields import FIELDS_BY_PARAM
from leadtui.api.vicidial.preview import stored_columns
from leadtui.ops.before_images import BeforeImage
from leadtui.ops.csv_rows import CUSTOM_PREFIX, IGNORE, VAW_FIELDS, CsvRow, CsvTable
from leadtui.ops.results import OperationResult
from leadtui.ops.wording import plural, shown_value
from leadtui.tui.widgets.batch_views import change_text
from leadtui.tui.widgets.line_table import FindableTable, LineTable


def field_choices(kind: str) -> list[tuple[str, str]]:
    if kind == "voiceaiwrapper":
        return [(name, name) for name in VAW_FIELDS]
    return [("lead_id", "lead_id")] + [
        (f.title, f.param) for f in FIELDS_BY_PARAM.values()
    ]


def plain(value: object) -> str:
    """A value to send, as the operator reads it (yes/no, not True/False)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or isinstance(value, str):
        return shown_value(value)
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def row_change(row: CsvRow) -> str:
    """``first_name=Zed, do_not_call=yes, plan=pro``: what a row sets, plainly."""
    if row.item is None:
        return ", ".join(f"{k}={shown_value(v)}" for k, v in row.values.items())
    parts = []
    for name, value in row.item.payload().items():
        if name == "phone_number":
            continue
        if name == "custom_fields" and isinstance(value, dict):
            parts += [f"{k}={plain(v)}" for k, v in value.items()]
        else:
            parts.append(f"{name}={plain(value)}")
    return ", ".join(parts)


def sets_unanswered(row: CsvRow) -> bool:
    """The row sends mark_as_unanswered, which no undo can take back."""
    return row.item is not None and row.item.mark_as_unanswered is not None


class MappingRows(VerticalScroll):
    """One row per CSV column: its name, the field it feeds, a sample value."""

    def show(self, table: CsvTable, mapping: dict[str, str], kind: str) -> None:
        self.remove_children()
        choices = [("(ignore)", IGNORE), *field_choices(kind)]
        sample = table.rows[0][1] if table.rows else ()
        rows = []
        for index, column in enumerate(table.header):
            target = mapping.get(column, IGNORE)
            options = choices
            if target.startswith(CUSTOM_PREFIX):
                options = [*choices, (target, target)]
            value = sample[index] if index < len(sample) else ""
            rows.append(
                Horizontal(
                    Label(column[:16], classes="map-column"),
                    Select(
                        options,
                        value=target,
                        allow_blank=False,
                        compact=True,
                        classes="map-field",
                        name=column,
                    ),
                    Label(value[:30], classes="map-sample"),
                    classes="map-row",
                )
            )
        self.mount_all(rows)

    def mapping(self) -> dict[str, str]:
        return {str(select.name): str(select.value) for select in self.query(Select)}


class CsvPreviewView(Vertical):
    """Every row: its line, its lead, what changes, or why it will not be sent."""

    def compose(self) -> ComposeResult:
        yield Static("", id="csv-preview-summary")
        yield FindableTable(
            ["line", "lead", "change", "verdict"], table_id="csv-preview-table"
        )

    def show(
        self,
        rows: list[CsvRow],
        requests: int,
        images: dict[int, BeforeImage] | None = None,
        others: list[str] | None = None,
    ) -> None:
        """``others``: other operators' work on these leads (team journal)."""
        cells: list[tuple[str, ...]] = []
        valid = [row for row in rows if row.ok]
        for row in rows:
            if not row.ok:
                cells.append(
                    (str(row.line), row.key, "", "✖ " + "; ".join(row.problems))
                )
                continue
            if images is not None and row.key.isdigit():
                change, verdict = change_text(
                    images.get(int(row.key)), stored_columns(row.values)
                )
            else:
                change = row_change(row)
                verdict = "will be sent"
                if sets_unanswered(row):
                    verdict += " · ⚠ mark_as_unanswered cannot be undone"
            cells.append((str(row.line), row.key, change, verdict))
        self.query_one(LineTable).set_rows(cells)
        text = (
            f"{len(valid):,} of {plural(len(rows), 'row')} will be sent in "
            f"{plural(requests, 'request')}; {len(rows) - len(valid):,} refused "
            "(their lines are listed). F6 applies."
        )
        unanswered = sum(1 for row in valid if sets_unanswered(row))
        if unanswered:
            text += (
                f"\n⚠ {plural(unanswered, 'row')} set{'s' if unanswered == 1 else ''} "
                "mark_as_unanswered: that cannot be undone (a lead cannot be "
                "marked answered again)."
            )
        if any(row.item is not None for row in valid):
            text += (
                "\nVoiceAIWrapper leads cannot be read: undo can restore only "
                "fields leadtui itself wrote to them before."
            )
        text += "".join(
            f"\n⚠ Another operator on these leads: {line}" for line in others or []
        )
        self.query_one("#csv-preview-summary", Static).update(text)


class CsvResultView(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="csv-result-summary")
        yield FindableTable(
            ["line", "lead", "outcome", "detail"], table_id="csv-result-table"
        )

    def running(self, text: str) -> None:
        self.query_one(LineTable).set_rows([])
        self.query_one("#csv-result-summary", Static).update(text)

    def show(
        self,
        results: list[OperationResult],
        lines: dict[str, int],
        key: Callable[[int], str],
        undo: str = "",
    ) -> None:
        """The rows' outcomes; ``undo`` says what an undo could restore (or why not)."""
        verdicts = {k: v for r in results for k, v in r.verdicts.items()}
        ordered = sorted(verdicts.items(), key=lambda item: lines.get(key(item[0]), 0))
        self.query_one(LineTable).set_rows(
            [
                (
                    str(lines.get(key(lead), "")),
                    key(lead),
                    outcome.value,
                    detail or outcome.describe,
                )
                for lead, (outcome, detail) in ordered
            ]
        )
        counts: dict[str, int] = {}
        for outcome, _ in verdicts.values():
            counts[outcome.value] = counts.get(outcome.value, 0) + 1
        ops = ", ".join(f"#{r.operation_id} {r.state.value}" for r in results)
        settled = " · ".join(f"{n:,} {k}" for k, n in sorted(counts.items()))
        self.query_one("#csv-result-summary", Static).update(
            f"Operation {ops}: {settled or 'no row settled'}."
            + (f" {undo}" if undo else "")
        )
