"""Help: the current screen's keys first, then every screen's, and what leadtui guarantees.

The footer drops keys that do not fit (80 columns hold five or six); this list
holds every binding of the screen F1 was pressed on, those the footer hides
included, with the keys a config's ``[keymap]`` gave them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.text import Text
from textual.actions import ActionError, parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from leadtui.tui.widgets.session_bar import SessionBar

HELP = """\
## Every screen

| Where | Key | Does |
|---|---|---|
| anywhere | **F2** / **F3** / **F4** | Search / Batch / Log |
| anywhere | **F1** or **?** | this help |
| anywhere | **Ctrl+P** | command palette (every action) |
| anywhere | **Ctrl+Q** | quit |
| anywhere | **Tab** / **Shift+Tab** | next / previous field |
| anywhere | **Ctrl+D** | hide the notice about operations with leads not settled |
| Search | **Enter** | search, or open the lead under the cursor |
| Search | **Space** | mark a lead; **b** sends marked leads to Batch |
| Search | **d** / **r** / **h** / **c** / **x** | delete / reset / hopper / remove callbacks / clear custom data (guarded) |
| Lead | **F5** | save (a diff is shown first) · **F8** clear the field (`--BLANK--`) · **F6** unlock the phone number · **F9** reload · **Esc** back |
| Batch | **Ctrl+O** | load IDs from a file · **Ctrl+N** add a field · **F5** preview · **F6** apply · **Esc** back / cancel |
| CSV batch | **F5** | preview · **F6** apply · **Ctrl+T** ID batch · **Esc** back · **F7** sample file (VoiceAIWrapper demo) |
| Log | **Enter** | open an operation |
| Operation | **u** / **r** / **e** | undo / resume / export CSV · **Esc** back |

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


_NAMED_KEYS = {
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "backspace": "Backspace",
    "delete": "Delete",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "insert": "Insert",
}


def key_text(key: str) -> str:
    """``ctrl+q`` → ``Ctrl+Q``, ``f5`` → ``F5``, ``question_mark`` → ``?``."""
    *modifiers, name = key.split("+")
    if name in _NAMED_KEYS:
        shown = _NAMED_KEYS[name]
    elif re.fullmatch(r"f\d+", name):
        shown = name.upper()
    else:
        shown = format_key(name)
        if modifiers and len(shown) == 1:
            shown = shown.upper()
    return "+".join([*(m.capitalize() for m in modifiers), shown])


def screen_name(screen: Screen[object]) -> str:
    """What the operator calls the screen: its session bar's title, else its class."""
    for bar in screen.query(SessionBar):
        return bar.title
    name = re.sub(r"(Screen|Modal)$", "", type(screen).__name__)
    words = re.findall(r"[A-Z][a-z]*|[a-z]+|\d+", name) or [name]
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def _available(node: DOMNode, action: str) -> bool:
    try:
        namespace, name, params = parse(action)
    except ActionError:
        return True
    if namespace:
        return True  # another node's action: it decides when it runs
    return node.check_action(name, params) is not False


def _own_actions(node: DOMNode) -> set[tuple[str, str]]:
    """(action, description) of the bindings leadtui's classes declare on
    ``node`` (Textual's own, such as Tab or the command palette, left out)."""
    own = set()
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("leadtui.") or "BINDINGS" not in vars(cls):
            continue
        for binding in Binding.make_bindings(vars(cls)["BINDINGS"]):
            own.add((binding.action, binding.description))
    return own


def binding_rows(
    nodes: Sequence[DOMNode], keymap: dict[str, str]
) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding leadtui declares on ``nodes``, in
    order: keys of one binding together, remapped keys as the keymap set them."""
    rows: dict[tuple[str, str], list[str]] = {}
    for node in nodes:
        own = _own_actions(node)
        bindings = node._bindings.copy()
        if keymap:
            bindings.apply_keymap(keymap)
        for key, key_bindings in bindings.key_to_bindings.items():
            for binding in key_bindings:
                if not binding.description:
                    continue
                if not binding.id and (binding.action, binding.description) not in own:
                    continue
                does = binding.description
                if not _available(node, binding.action):
                    does += " (not available now)"
                keys = rows.setdefault((binding.id or binding.action, does), [])
                shown = binding.key_display or key_text(key)
                if shown not in keys:
                    keys.append(shown)
    return [(" or ".join(keys), does) for (_, does), keys in rows.items()]


def _shown(node: DOMNode) -> bool:
    """Not inside a hidden part (another step of a ContentSwitcher)."""
    return all(n.display for n in node.ancestors_with_self if not isinstance(n, Screen))


def _block(title: str, rows: list[tuple[str, str]]) -> list[str]:
    width = max((len(keys) for keys, _ in rows), default=0)
    return [title, *(f"  {keys.ljust(width)}  {does}" for keys, does in rows)]


def screen_keys(screen: Screen[object]) -> str:
    """Every key of ``screen`` (its widgets' too) under its name, then the app's:
    one line each, so 80×24 shows a dozen at once."""
    app = screen.app
    keymap = dict(app._keymap)
    own = [screen] + [
        node
        for node in screen.query("*")
        if type(node).__module__.startswith("leadtui.") and _shown(node)
    ]
    here = binding_rows(own, keymap)
    lines = _block(f"{screen_name(screen)} — keys", here or [("", "none of its own")])
    if not isinstance(screen, ModalScreen):
        anywhere = binding_rows([app], keymap)
        if anywhere:
            lines += ["", *_block("Anywhere", anywhere)]
    return "\n".join(lines)


def _titled(keys: str) -> Text:
    """The key list with its titles in bold."""
    text = Text()
    for line in keys.splitlines(keepends=True):
        text.append(line, style="" if line.startswith(" ") else "bold")
    return text


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    #help-keys { padding: 1 1 0 1; }
    """
    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close", id="help-close")]

    def __init__(self, over: Screen[object] | None = None) -> None:
        super().__init__()
        #: the screen F1 was pressed on: its keys come first
        self.over = over

    def compose(self) -> ComposeResult:
        #: the keys of the screen under this one, as plain text
        self.keys = "" if self.over is None else screen_keys(self.over)
        with VerticalScroll():
            if self.keys:
                yield Static(_titled(self.keys), id="help-keys")
            yield Markdown(HELP, id="help-text")

    def action_close(self) -> None:
        self.dismiss()
