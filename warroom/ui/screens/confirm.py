"""A yes/no question before something that cannot be undone (discarding an unsaved draft)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label

from warroom.domain.text import for_terminal
from warroom.ui.styles import DRAFTING_STYLES

__all__ = ["ConfirmDialog"]


class ConfirmDialog(ModalScreen[bool]):
    """Ask one question; dismisses with True (y / the confirm button) or False (n / escape)."""

    CSS_PATH = DRAFTING_STYLES

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", tooltip="Confirm"),
        Binding("n,escape", "answer(False)", "No", tooltip="Go back without doing it"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="confirm-dialog")
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(for_terminal(self.question), id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.no} (n)", id="confirm-no", variant="primary", compact=True)
                yield Button(f"{self.yes} (y)", id="confirm-yes", variant="error", compact=True)
        yield Footer()  # this dialog's keys, not those of the screen behind it

    def on_mount(self) -> None:
        # The safe answer has the keyboard: enter on a reflex keeps the work.
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
