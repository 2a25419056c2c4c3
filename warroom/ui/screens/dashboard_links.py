"""The screens the dashboard opens (facts, messages, clocks, ledger, review) and its key help.

A mixin of ``DashboardScreen``. The screens are imported when first opened: the dashboard
draws first, and an operator who never opens the review does not pay for loading it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.binding import Binding

from warroom.domain.text import inert
from warroom.ui.screens.dashboard_host import DashboardHost
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.inquiry_pane import InquiryPane
from warroom.ui.widgets.mention_pane import MentionPane
from warroom.ui.widgets.row_list import RowList

__all__ = ["ScreenLinks"]


class ScreenLinks(DashboardHost):
    """Opens the dashboard's other screens, and shows every key with ``?``."""

    def action_facts(self) -> None:
        """Open the sheet of facts; the header's stale count is refreshed on the way back."""
        from warroom.ui.screens.facts import FactsScreen

        self.app.push_screen(FactsScreen(), self._reload_after)

    def action_drafts(self) -> None:
        """Open the messages: notice, FAQ, social post, banner, team briefings."""
        from warroom.ui.screens.drafts import DraftsScreen

        self.app.push_screen(DraftsScreen(), self._reload_after)

    async def _reload_after(self, _result: object) -> None:
        """Back from a drafting screen: show what changed there (facts, stale drafts)."""
        await self.reload()

    def action_help(self) -> None:
        """Show every key binding."""
        from warroom.ui.screens.help import HelpScreen, describe_bindings  # built when first shown

        groups: list[tuple[str, Iterable[Any]]] = [
            ("Everywhere", [*self.BINDINGS, *self.app.BINDINGS]),
            ("Inquiry channels (from any pane)", self._channel_bindings()),
            ("Lists (every pane)", RowList.BINDINGS),
            ("Checklist", ChecklistPane.BINDINGS),
            ("Inquiries", InquiryPane.BINDINGS),
            ("Mentions", MentionPane.BINDINGS),
        ]
        self.app.push_screen(HelpScreen(describe_bindings(groups)))

    def _channel_bindings(self) -> list[Binding]:
        if self.room is None:
            return []
        return [
            Binding(c.key, f"count('{c.id}')", f"Count one inquiry on {inert(c.name, limit=60)}")
            for c in self.room.incident.channels
        ]

    def action_clocks(self) -> None:
        """Open the regulatory clock board."""
        from warroom.ui.screens.clock_board import ClockBoardScreen

        self.app.push_screen(ClockBoardScreen())

    def action_ledger(self) -> None:
        """Open the notification ledger (also the affected counts and update promises)."""
        from warroom.ui.screens.ledger import LedgerScreen

        self.app.push_screen(LedgerScreen())

    def action_review(self) -> None:
        """Open the post-incident review."""
        from warroom.ui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())
