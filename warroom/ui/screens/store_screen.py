"""A screen that reads and writes through the app's store thread.

Every screen shares this (dashboard, wall, clock board, review, drafting): the app's clock,
store errors told to the operator instead of raised, and changes refused in wall (read-only)
mode. Reading never calls ``refresh_if_changed`` (the dashboard's timer does, and reloads
itself when it finds news), so the snapshot read here is as fresh as the dashboard's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

from warroom.store.errors import StoreError
from warroom.store.repository import WarRoomRepository

if TYPE_CHECKING:
    from warroom.ui.app import WarRoomApp

__all__ = ["StoreScreen", "READ_ONLY_TEXT"]

T = TypeVar("T")

READ_ONLY_TEXT = "Wall mode is read-only: changes are made from an operator's dashboard."


class StoreScreen(Screen[None]):
    """Base of the regulatory screens."""

    @property
    def warroom_app(self) -> WarRoomApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def now(self) -> datetime:
        """The current time from the app's clock (fixed in tests and snapshots)."""
        return self.warroom_app.clock()

    async def store(self, work: Callable[[WarRoomRepository], T]) -> T | None:
        """Run work on the store thread; a store or input error is told, not raised.

        Returns ``None`` too when the screen was closed while the store worked (an operator
        typing fast can leave a screen before its data arrives): the work is done, but there
        is nothing left to show it on.
        """
        try:
            result = await self.warroom_app.gateway.call(work)
        except (StoreError, ValueError) as error:
            self.notify(str(error), title="Not done", severity="error", markup=False, timeout=8)
            return None
        return result if self.is_open else None

    @property
    def is_open(self) -> bool:
        """True while this screen is on the app's stack (a closed one may still be attached
        while Textual removes its widgets, and querying them then fails)."""
        return self.is_attached and self in self.app.screen_stack

    def may_change(self) -> bool:
        """False (and says why) when this dashboard is read-only."""
        if self.warroom_app.read_only:
            self.notify(READ_ONLY_TEXT, severity="warning", markup=False)
            return False
        return True

    async def change(self, work: Callable[[WarRoomRepository], T]) -> T | None:
        """Make an operator's change, unless this dashboard is read-only."""
        if not self.may_change():
            return None
        result = await self.store(work)
        await self.reload_dashboard()
        return result

    async def reload_dashboard(self) -> None:
        """Have the dashboard beneath show our change (its timer only sees other processes')."""
        from warroom.ui.screens.dashboard import DashboardScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, DashboardScreen):
                await screen.reload()
