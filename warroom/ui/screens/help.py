"""Every key binding, grouped by where it works; opened with ``?``."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.binding import Binding as _Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["HelpScreen", "describe_bindings"]


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


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every binding; escape, q or ? closes it."""

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

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Help"
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
