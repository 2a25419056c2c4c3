"""What the drafting screens share: store access, the time, titles and state words.

The drafting screens (facts, drafts, editor, versions) sit above the dashboard. Like it, they
reach the repository only through the app's ``StoreGateway`` (its own thread), tell a store
error to the operator instead of raising it, and refuse changes in wall (read-only) mode.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

from warroom.domain.clock import format_utc
from warroom.domain.drafts import DraftKind, DraftRef, DraftVersion, fact_field
from warroom.domain.incident import Incident
from warroom.store.drafts import team_for
from warroom.store.errors import StoreError
from warroom.store.repository import WarRoomRepository

if TYPE_CHECKING:
    from warroom.ui.app import WarRoomApp

__all__ = ["DraftingScreen", "draft_title", "fact_labels", "saved_words"]

T = TypeVar("T")

READ_ONLY_TEXT = "Wall mode is read-only: changes are made from an operator's dashboard."


def draft_title(incident: Incident, ref: DraftRef) -> str:
    """A draft as screens title it: ``Customer notice e-mail``, ``Briefing: Sales force``."""
    if ref.kind is DraftKind.BRIEFING:
        team = team_for(incident, ref)
        return f"Briefing: {team.name if team else ref.key}"
    return ref.kind.label


def fact_labels(names: tuple[str, ...] | list[str]) -> str:
    """Fact names as the facts screen labels them, joined."""
    return ", ".join(fact_field(name).label for name in names)


def saved_words(version: DraftVersion | None) -> str:
    """``saved v3 by ana at 03:00Z`` (or ``never saved``)."""
    if version is None:
        return "never saved"
    return f"saved v{version.number} by {version.operator} at {format_utc(version.at)}"


class DraftingScreen(Screen[None]):
    """Base of the drafting screens: typed app, the app's clock, and guarded store calls."""

    @property
    def warroom_app(self) -> WarRoomApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def now(self) -> datetime:
        """The current time from the app's clock (fixed in tests and snapshots)."""
        return self.warroom_app.clock()

    async def store(self, work: Callable[[WarRoomRepository], T]) -> T | None:
        """Run work on the store thread; a store or input error is told, not raised."""
        try:
            return await self.warroom_app.gateway.call(work)
        except (StoreError, ValueError) as error:
            self.notify(str(error), title="Not done", severity="error", markup=False, timeout=8)
            return None

    def may_change(self) -> bool:
        """False (and says why) when this dashboard is read-only."""
        if self.warroom_app.read_only:
            self.notify(READ_ONLY_TEXT, severity="warning", markup=False)
            return False
        return True
