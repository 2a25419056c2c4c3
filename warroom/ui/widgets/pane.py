"""A dashboard pane: a titled ``RowList`` with a detail line that shows the highlighted row whole.

Rows are cut to the pane's width; the detail line wraps the full text, so nothing is ever
cut off without a way to read it, even at 80x24.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from warroom.ui.widgets.row_list import Row, RowList

__all__ = ["Pane"]


class Pane(Vertical, can_focus=False):
    """Base class of the four panes."""

    ALLOW_MAXIMIZE = True
    PANE_TITLE = "Pane"
    EMPTY_TEXT = "Nothing here yet."
    FILTER_ID = ""
    """The id of the pane's filter line (``/``), for panes that have one."""
    FILTER_PLACEHOLDER = ""

    def __init__(self, *, id: str) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, classes="pane")
        self.border_title = self.PANE_TITLE
        self._signature: object = object()
        self._detail = ""

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
        self._show_detail((row.detail or row.plain) if row else "")

    def show_rows(
        self, rows: Sequence[Row], subtitle: str = "", *, signature: object = None
    ) -> None:
        """Replace the rows and the border subtitle, unless nothing changed.

        Args:
            rows: The rows (a ``LazyRows`` is kept lazy).
            subtitle: The border subtitle.
            signature: Whatever the rows were built from, for lazy rows whose content cannot
                be compared cheaply; plain rows are compared themselves. Redrawing a pane costs
                milliseconds, and every reload would otherwise redraw all four.
        """
        key = signature if signature is not None else list(rows)
        if self.border_subtitle != subtitle:
            self.border_subtitle = subtitle
        if key == self._signature:
            return
        self._signature = key
        self.rows.set_rows(rows)
        highlighted = self.rows.highlighted
        self._show_detail((highlighted.detail or highlighted.plain) if highlighted else "")

    def set_state(self, on: bool, name: str) -> None:
        """Set a state class of the pane (``-overdue``, ``-spike``, ``-unseen``).

        These classes style the pane's own border and title only (``styles/dashboard.tcss``),
        so only the pane is restyled: Textual restyles every descendant on a class change, and
        the list's row roles cost about 2 ms each time (the first frame set ``-overdue``).
        """
        if self.has_class(name) == on:
            return
        self.set_class(on, name, update=False)
        if self.is_attached:
            self.app.stylesheet.apply(self)

    def _show_detail(self, text: str) -> None:
        if text != self._detail:
            self._detail = text
            self.query_exactly_one(".detail", Static).update(Content(text))

    async def filter_line(self) -> Input:
        """The pane's filter line, mounted above the list the first time it is opened.

        Most sessions never filter, and the first ``Input`` on screen cost the dashboard's
        first frame about 20 ms (its widget and its stylesheet).
        """
        found = self.query(f"#{self.FILTER_ID}").results(Input)
        line = next(found, None)
        if line is None:
            line = Input(placeholder=self.FILTER_PLACEHOLDER, id=self.FILTER_ID)
            await self.mount(line, before=self.rows)
        return line

    def close_filter_line(self) -> None:
        """Empty and hide the filter line, if it was ever opened."""
        for line in self.query(f"#{self.FILTER_ID}").results(Input):
            line.value = ""
            line.display = False

    def focus_list(self) -> None:
        """Give the keyboard to this pane's list."""
        self.rows.focus()
