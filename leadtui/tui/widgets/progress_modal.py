"""A modal progress bar for a running operation; Escape stops it cooperatively."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar

from leadtui.ops.cooperative import StopFlag
from leadtui.ops.results import Progress

PHASES = {
    "verifying": "Re-reading leads whose answer was lost",
    "reading": "Reading before-images",
    "sending": "Sending",
}


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
            "escape",
            "cancel",
            "Stop after the requests in flight",
            id="progress-cancel",
        )
    ]

    def __init__(self, title: str, stop: StopFlag | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.stop = stop or StopFlag()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="progress-title")
            yield ProgressBar(total=None, show_eta=False, id="progress-bar")
            yield Label(
                "Esc cancels after the requests in flight", id="progress-detail"
            )

    def show(self, progress: Progress) -> None:
        verb = PHASES.get(progress.phase, progress.phase.capitalize())
        bar = self.query_one("#progress-bar", ProgressBar)
        bar.update(total=max(progress.total, 1), progress=progress.done)
        failed = f" · {progress.failed} unknown" if progress.failed else ""
        tail = "stopping…" if self.stop.is_set() else "Esc stops"
        self.query_one("#progress-detail", Label).update(
            f"{verb}: {progress.done:,} / {progress.total:,}{failed} — {tail}"
        )

    def action_cancel(self) -> None:
        """No new request starts; the ones on the wire finish and are journaled.
        A second Esc adds nothing."""
        self.stop.set()
        self.query_one("#progress-detail", Label).update(
            "Stopping: waiting for the requests in flight…"
        )
