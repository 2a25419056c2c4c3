"""Every key binding, grouped by where it works; opened with ``?``."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.binding import Binding as _Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from warroom.ui.styles import DIALOG_STYLES

__all__ = ["HelpScreen", "describe_bindings", "screen_keys"]


def _key_names(binding: Binding) -> str:
    names = []
    for key in binding.key.split(","):
        key = key.strip()
        names.append(
            {
                "slash": "/",
                "question_mark": "?",
                "plus": "+",
                "minus": "-",
                "equals_sign": "=",
                "space": "space",
            }.get(key, key)
        )
    return " ".join(names)


def describe_bindings(groups: Iterable[tuple[str, Iterable[BindingType]]]) -> str:
    """Render binding groups as plain text lines: keys, then what they do."""
    lines: list[str] = []
    for title, bindings in groups:
        lines.append(title)
        for binding in bindings:
            if not isinstance(binding, _Binding):
                continue
            text = binding.tooltip or binding.description or binding.action
            lines.append(f"  {_key_names(binding):<22} {text}")
        lines.append("")
    return "\n".join(lines).rstrip()


def screen_keys(screen: Screen[object]) -> str:
    """The keys that work on ``screen`` right now (for screens without a help of their own):
    the screen's own first, then those of the focused widget, then those that work anywhere."""
    groups: dict[str, dict[str, Binding]] = {"screen": {}, "widget": {}, "app": {}}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.action in ("help", "screen_help", "app.screen_help") or not binding.description:
            continue
        where = "screen" if active.node is screen else "app" if active.node is screen.app else ""
        group = groups[where or "widget"]
        known = group.get(binding.action)  # one line per action, with all its keys
        keys = f"{known.key},{binding.key}" if known else binding.key
        group[binding.action] = Binding(keys, binding.action, binding.description,
                                        tooltip=binding.tooltip)  # fmt: skip
    name = str(getattr(screen, "TITLE", None) or type(screen).__name__)
    titles = {"screen": f"This screen ({name})", "widget": "Where the cursor is", "app": "Anywhere"}
    return describe_bindings(
        (titles[where], list(bindings.values())) for where, bindings in groups.items() if bindings
    )


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every binding; escape, q or ? closes it."""

    CSS_PATH = DIALOG_STYLES

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close help")]

    def __init__(self, text: str) -> None:
        super().__init__(classes="help-screen")
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(
                Content("Keys (everything is also in the command palette, ctrl+p)\n"),
                id="help-title",
            )
            yield Static(Content(self.text), id="help-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Help"
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
