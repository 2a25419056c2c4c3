"""How the dashboard's four panes share the screen, changed from the keyboard and remembered.

Two columns: the timeline over the checklist on the left, the inquiries over the mentions on
the right. Operators live in the mentions pane, so it gets the most width (60% by default) and
every row the inquiry pane does not need: that pane is as tall as its channels. ``ctrl+arrows``
move the dividers: ``ctrl+left`` and ``ctrl+right`` the one between the columns, ``ctrl+up``
and ``ctrl+down`` the one between the timeline and the checklist (40/60 by default). The split
is kept per operator (through the app's ``on_layout_change``, which the
command line points at the config file), so the next session opens the way it was left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from warroom.ui.screens.dashboard_host import DashboardHost
from warroom.ui.widgets.mention_pane import MentionPane
from warroom.ui.widgets.pane import Pane

__all__ = ["PaneSplit", "PaneLayout", "LAYOUT_BINDINGS"]

STEP, LOWEST, HIGHEST = 5, 20, 80
"""Percent moved per key press, and how far a divider may go."""

NARROW_WIDTH, NARROW_HEIGHT = 100, 30
"""Below this size one pane is shown at a time, switched with tab."""

LAYOUT_BINDINGS = [
    Binding("ctrl+left", "move_divider('left')", "Divider left", show=False,
            tooltip="Move the column divider left: more width for the right-hand panes"),
    Binding("ctrl+right", "move_divider('right')", "Divider right", show=False,
            tooltip="Move the column divider right: more width for the left-hand panes"),
    Binding("ctrl+up", "move_divider('up')", "Divider up", show=False,
            tooltip="Move the left column's divider up: more height for the checklist"),
    Binding("ctrl+down", "move_divider('down')", "Divider down", show=False,
            tooltip="Move the left column's divider down: more height for the timeline"),
]  # fmt: skip
"""The dashboard adds these to its own (a mixin's BINDINGS are not merged by Textual)."""


@dataclass(frozen=True)
class PaneSplit:
    """Percent of the width for the left column, and of its height for the timeline."""

    left: int = 40
    top: int = 40

    @classmethod
    def parse(cls, text: str) -> PaneSplit:
        """Read ``"40x40"`` (as remembered); anything else gives the default."""
        match = re.fullmatch(r"(\d{1,2})x(\d{1,2})", text.strip())
        if not match:
            return cls()
        left, top = (min(max(int(n), LOWEST), HIGHEST) for n in match.groups())
        return cls(left, top)

    @property
    def text(self) -> str:
        """How it is remembered."""
        return f"{self.left}x{self.top}"

    def moved(self, direction: str) -> PaneSplit:
        """The split with one divider moved a step (within bounds)."""
        left, top = self.left, self.top
        if direction in ("left", "right"):
            left += STEP if direction == "right" else -STEP
        else:
            top += STEP if direction == "down" else -STEP
        return PaneSplit(min(max(left, LOWEST), HIGHEST), min(max(top, LOWEST), HIGHEST))


class PaneLayout(DashboardHost):
    """The dashboard's panes on screen: the split (applied on mount, moved by keys, reported to
    be kept), the current pane, maximising, and one pane at a time on small terminals."""

    split = PaneSplit()

    def apply_split(self, split: PaneSplit) -> None:
        """Share the screen by ``split``.

        On a small terminal only the current pane and its column are shown, and a lone ``fr``
        takes all the room, so the same sizes serve both (CSS decides what is shown).
        """
        self.split = split
        self.query_one("#left-panes").styles.width = f"{split.left}fr"
        self.query_one("#right-panes").styles.width = f"{100 - split.left}fr"
        self.query_one("#timeline").styles.height = f"{split.top}fr"
        self.query_one("#checklist").styles.height = f"{100 - split.top}fr"

    def action_move_divider(self, direction: str) -> None:
        """Move a divider one step and remember the split for this operator."""
        moved = self.split.moved(direction)
        if moved == self.split:
            return
        self.apply_split(moved)
        keep = self.warroom_app.on_layout_change
        if keep is not None:
            keep(moved.text)

    def action_toggle_maximize(self) -> None:
        """Maximise the focused pane, or restore the grid."""
        if self.maximized is not None:
            self.minimize()
            return
        pane = self._focused_pane()
        if pane is not None:
            self.maximize(pane, container=False)

    def _focused_pane(self) -> Pane | None:
        node = self.focused
        while node is not None and not isinstance(node, Pane):
            node = node.parent  # type: ignore[assignment]
        return node

    def on_resize(self, event: events.Resize) -> None:
        self._apply_size(event.size.width, event.size.height)

    def _apply_size(self, width: int, height: int) -> None:
        narrow = width < NARROW_WIDTH or height < NARROW_HEIGHT
        self.set_class(narrow, "-narrow")
        self._show_tabs()

    def on_descendant_focus(self) -> None:
        pane = self._focused_pane()
        if pane is not None:
            self._make_current(pane)
        self._show_tabs()

    def _make_current(self, pane: Pane) -> None:
        """Mark the pane (and its column) current: the one shown on a small terminal."""
        for other in self.query(Pane):
            other.set_class(other is pane, "-current")
        for column in self.query(".pane-column"):
            column.set_class(column is pane.parent, "-current")

    def action_next_pane(self, step: int) -> None:
        """Move to the next (or previous) pane; on a small terminal it replaces the one shown.

        Focus moves pane to pane, not widget to widget: a hidden pane cannot take focus, so
        on a small terminal the target pane is shown first and focused once it is laid out.
        """
        panes = list(self.query(Pane))
        # The pane chosen last (focus may still be on its way there when keys come fast).
        current = next((p for p in panes if p.has_class("-current")), self._focused_pane())
        index = panes.index(current) if current in panes else -1
        target = panes[(index + step) % len(panes)]
        self._make_current(target)
        self.call_after_refresh(target.focus_list)

    def _show_tabs(self) -> None:
        """The pane names over the one pane shown on a small terminal (hidden on a large one:
        kept as it was until the terminal is small, then written afresh by ``_apply_size``)."""
        if not self.has_class("-narrow"):
            return
        focused = self._focused_pane()
        names = []
        for pane in self.query(Pane):
            title = str(pane.PANE_TITLE)
            if isinstance(pane, MentionPane) and pane.unseen:
                title += f" ({pane.unseen} new)"  # news in a hidden pane must not go unnoticed
            names.append(f"▶ {title} ◀" if pane is focused else f"  {title}  ")
        self.query_one("#pane-tabs", Static).update(Content("│".join(names) + "   tab: next pane"))
