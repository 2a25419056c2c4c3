"""A dashboard pane: a titled ``RowList`` with a detail line that shows the highlighted row whole.

Rows are cut to the pane's width; the detail line wraps the full text, so nothing is ever
cut off without a way to read it, even at 80x24.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from warroom.ui.widgets.row_list import Row, RowList

__all__ = ["Pane"]


class Pane(Vertical, can_focus=False):
    """Base class of the four panes."""

    ALLOW_MAXIMIZE = True
    PANE_TITLE = "Pane"
    EMPTY_TEXT = "Nothing here yet."

    def __init__(self, *, id: str) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, classes="pane")
        self.border_title = self.PANE_TITLE

    def compose(self) -> ComposeResult:
        yield RowList(empty_text=self.EMPTY_TEXT, id=f"{self.id}-list")
        yield Static(Content(""), classes="detail", markup=False)

    @property
    def rows(self) -> RowList:
        """The pane's list."""
        return self.query_exactly_one(RowList)

    @property
    def highlighted_key(self) -> str | None:
        """Key of the highlighted row."""
        row = self.rows.highlighted
        return row.key if row else None

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        row = event.row
        text = (row.detail or row.plain) if row else ""
        self.query_exactly_one(".detail", Static).update(Content(text))

    def show_rows(self, rows: Sequence[Row], subtitle: str = "") -> None:
        """Replace the rows and the border subtitle."""
        self.rows.set_rows(rows)
        self.border_subtitle = subtitle
        highlighted = self.rows.highlighted
        text = (highlighted.detail or highlighted.plain) if highlighted else ""
        self.query_exactly_one(".detail", Static).update(Content(text))

    def focus_list(self) -> None:
        """Give the keyboard to this pane's list."""
        self.rows.focus()
