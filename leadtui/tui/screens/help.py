"""Help: the keys, and what leadtui guarantees."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# leadtui — keys

| Where | Key | Does |
|---|---|---|
| anywhere | **F2** / **F3** / **F4** | Search / Batch / Log |
| anywhere | **F1** or **?** | this help |
| anywhere | **Ctrl+P** | command palette (every action) |
| anywhere | **Ctrl+Q** | quit |
| Search | **Enter** | search, or open the lead under the cursor |
| Search | **Space** | mark a lead; **b** sends marked leads to Batch |
| Search | **d** / **r** / **h** / **c** | delete / reset / hopper / remove callbacks (guarded) |
| Lead | **F5** | save (a diff is shown first) · **F8** clear the field (`--BLANK--`) · **F6** unlock the phone number · **F9** reload · **Esc** back |
| Batch | **Ctrl+O** | load IDs from a file · **Ctrl+N** add a field · **F5** preview · **F6** apply · **Esc** back / cancel |
| Log | **Enter** | open an operation · **u** undo · **r** resume · **e** export CSV |

## What the server does to values
VICIdial never refuses a value: it deletes characters its filter does not keep,
turns `+` into a space and line breaks into `!N`, cuts long text, and stores a bad
date as `0000-00-00`. leadtui shows **what will be stored** beside every value
before anything is sent, and refuses values that would crash the server.

## Safety
* Every write is journaled **before** it is sent and its outcome after; the log
  shows every lead touched with its before-image, and can undo or resume.
* `batch_update_lead` silently skips unknown IDs, IDs in lists the API user may
  not change, and IDs over its `records` cap: leadtui sends at most the cap per
  request and labels every lead the server did not match.
* Deletes need the lead count (or ID) typed; they cannot be undone on the server,
  but leadtui can re-create a deleted lead from its before-image (new lead ID).
* The password never appears on screen, in the journal or in logs.
"""


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close", id="help-close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(HELP)

    def action_close(self) -> None:
        self.dismiss()
