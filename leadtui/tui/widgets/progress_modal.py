"""A modal progress bar for a running operation; Escape cancels it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar
from textual.worker import Worker

from leadtui.ops.operation import Progress


class ProgressModal(ModalScreen[None]):
    DEFAULT_CSS = """
    ProgressModal { align: center middle; }
    ProgressModal > Vertical {
        width: 60; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    ProgressModal ProgressBar { width: 100%; }
    """
    BINDINGS = [
        Binding(
            "escape", "cancel", "Cancel after the current request", id="progress-cancel"
        )
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self.worker: Worker[object] | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="progress-title")
            yield ProgressBar(total=None, show_eta=False, id="progress-bar")
            yield Label(
                "Esc cancels after the requests in flight", id="progress-detail"
            )

    def show(self, progress: Progress) -> None:
        verb = "Reading before-images" if progress.phase == "reading" else "Sending"
        bar = self.query_one("#progress-bar", ProgressBar)
        bar.update(total=max(progress.total, 1), progress=progress.done)
        failed = f" · {progress.failed} unknown" if progress.failed else ""
        self.query_one("#progress-detail", Label).update(
            f"{verb}: {progress.done:,} / {progress.total:,}{failed} — Esc cancels"
        )

    def action_cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.query_one("#progress-detail", Label).update(
                "Cancelling after the requests in flight…"
            )
