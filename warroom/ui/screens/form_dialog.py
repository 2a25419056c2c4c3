"""One small modal form for every "ask the operator for a few words" moment.

Notes, back-dated times, replies, assignees, filters and ignore rules all go through this, so
each behaves the same: enter moves on or submits, escape cancels, and a validator's message is
shown in place without closing the dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from warroom.domain.text import for_terminal, inert
from warroom.ui.screens.form_field import Field
from warroom.ui.styles import DIALOG_STYLES

__all__ = ["Field", "FormDialog"]


Validator = Callable[[list[str]], str | None]
"""Returns an error message for the operator, or ``None`` when the values are fine."""


class FormDialog(ModalScreen[list[str] | None]):
    """Ask for one or more lines of text; dismisses with the values, or ``None`` on escape."""

    CSS_PATH = DIALOG_STYLES

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without changing anything")]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        *,
        validate: Validator | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(classes="form-dialog")
        self.title_text = title
        self.fields = list(fields)
        self.validate = validate
        self.hint = hint

    def compose(self) -> ComposeResult:
        # Titles, hints and values quote outside text (a stakeholder's name, the rules, a fact
        # as imported): markup is off, and escapes and bidi characters are made inert here.
        with Vertical(id="form"):
            yield Label(for_terminal(self.title_text), id="form-title", markup=False)
            for index, field in enumerate(self.fields):
                yield Label(for_terminal(field.label), classes="form-label", markup=False)
                yield Input(
                    value=inert(field.value, limit=None, tidy=False),
                    placeholder=for_terminal(field.placeholder),
                    id=f"field-{index}",
                    compact=True,
                )
            yield Static(Content(for_terminal(self.hint)), id="form-hint", markup=False)
            yield Static(Content(""), id="form-error", markup=False)
        yield Footer()  # this dialog's keys, not those of the screen behind it

    def on_mount(self) -> None:
        for widget in self.query(Input):
            widget.cursor_blink = False
        self.query_one("#field-0", Input).focus()

    @on(Input.Submitted)
    def next_or_submit(self, event: Input.Submitted) -> None:
        index = int((event.input.id or "field-0").split("-")[1])
        if index + 1 < len(self.fields):
            self.query_one(f"#field-{index + 1}", Input).focus()
            return
        values = [self.query_one(f"#field-{i}", Input).value for i in range(len(self.fields))]
        problem = next(
            (
                f"{f.label} is required"
                for f, v in zip(self.fields, values, strict=True)
                if f.required and not v.strip()
            ),
            None,
        ) or (self.validate(values) if self.validate else None)
        if problem:
            self.query_one("#form-error", Static).update(Content(for_terminal(problem)))
            self.add_class("-error")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
