"""Show texts side by side and ask which way to go: a save conflict, an autosave to restore.

A conflict shows what the other operator changed (theirs against the common base) beside what
this one changed (yours against the base) and offers merge (three-way, conflicts marked),
save mine on top (recorded as an override; both stay in history) or discard mine. A restore
shows what the autosaved buffer has that the saved version does not. Escape always goes back
without deciding: nothing was saved or thrown away yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from warroom.domain.clock import format_utc
from warroom.domain.drafts import diff_texts
from warroom.domain.text import for_terminal, inert
from warroom.service import SaveConflict
from warroom.service.drafting_views import Restorable
from warroom.ui.styles import DIALOG_STYLES

__all__ = ["ChoiceDialog", "conflict_dialog", "restore_dialog", "conflict_diffs"]


def conflict_diffs(conflict: SaveConflict) -> tuple[str, str]:
    """Theirs against the base, and yours against the base, as unified diffs."""
    theirs = diff_texts(conflict.base, conflict.theirs, conflict.base_label, "theirs", context=2)
    yours = diff_texts(conflict.base, conflict.yours, conflict.base_label, "yours", context=2)
    return theirs or "(no change)", yours or "(no change)"


class ChoiceDialog(ModalScreen[str]):
    """Texts side by side and a few choices; dismisses with a choice's key ("" for back)."""

    CSS_PATH = DIALOG_STYLES

    BINDINGS = [Binding("escape", "choose('')", "Back", tooltip="Back; nothing decided")]

    def __init__(
        self,
        title: str,
        panes: Sequence[tuple[str, str]],
        choices: Sequence[tuple[str, str]],
    ) -> None:
        super().__init__(classes="choice-dialog")
        self.title_text = title
        self.panes = tuple(panes)
        self.choices = tuple(choices)
        """(key, label): the key is typed or the button pressed, and is the result."""

    def compose(self) -> ComposeResult:
        with Vertical(id="choice"):
            yield Label(for_terminal(self.title_text), id="choice-title", markup=False)
            with Horizontal(id="choice-panes"):
                for index, (title, text) in enumerate(self.panes):
                    area = TextArea(
                        inert(text, limit=None, keep_newlines=True, tidy=False),
                        id=f"choice-pane-{index}",
                        read_only=True,
                    )
                    area.cursor_blink = False
                    area.border_title = Content(inert(title))  # a str would be markup
                    yield area
            with Horizontal(id="choice-buttons"):
                for key, label in self.choices:
                    yield Button(
                        Content(f"{inert(label)} ({key})"), id=f"choice-{key}", compact=True
                    )
                yield Button("Back (esc)", id="choice-back", compact=True)

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_key(self, event: events.Key) -> None:
        if any(event.key == key for key, _ in self.choices):
            event.stop()
            self.dismiss(event.key)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choice = (event.button.id or "").removeprefix("choice-")
        self.dismiss("" if choice == "back" else choice)

    def action_choose(self, choice: str) -> None:
        """Close with the operator's choice."""
        self.dismiss(choice)


def conflict_dialog(conflict: SaveConflict, *, can_merge: bool = True) -> ChoiceDialog:
    """m: merge · o: save mine on top · d: discard mine."""
    theirs, yours = conflict_diffs(conflict)
    choices = [("m", "Merge")] if can_merge else []
    choices += [("o", "Save mine on top"), ("d", "Discard mine")]
    return ChoiceDialog(
        f"{conflict.theirs_by} saved {conflict.what} ({conflict.theirs_label}) while you edited "
        f"from {conflict.base_label}. Yours is not saved yet: nothing is lost whichever you pick.",
        [
            (f"Theirs against {conflict.base_label}", theirs),
            (f"Yours against {conflict.base_label}", yours),
        ],
        choices,
    )


def restore_dialog(restorable: Restorable) -> ChoiceDialog:
    """r: restore the autosaved buffer · d: discard it."""
    kept = restorable.autosaved
    since = (
        f" Note: v{restorable.latest_version} was saved since; saving will ask how to combine."
        if restorable.saved_since
        else ""
    )
    return ChoiceDialog(
        f"Unsaved text of {kept.ref} was autosaved at {format_utc(kept.at)} (from "
        f"v{kept.base_version}). Restore it?{since}",
        [("Saved → autosaved", restorable.diff)],
        [("r", "Restore"), ("d", "Discard it")],
    )
