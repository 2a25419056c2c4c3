"""Every open screen hears who is in and how the room stands, not only the one on top."""

from __future__ import annotations

from typing import TYPE_CHECKING

from warroom.ui.screens.store_screen import RoomChanged, StoreScreen

__all__ = ["RoomFanout"]

if TYPE_CHECKING:
    from textual.app import App

    from warroom.service import StoreGateway

    class _Base(App[None]):
        gateway: StoreGateway
        editing: str

else:
    _Base = object


class RoomFanout(_Base):
    """A mixin of the App: the heartbeat, and a change made here shown on every screen."""

    async def beat(self) -> None:
        """Heartbeat (what this dashboard edits) and who is in, handed to every screen."""
        editing = self.editing
        presence = await self.gateway.call(lambda service: service.heartbeat(editing))
        for screen in self.screen_stack:
            if isinstance(screen, StoreScreen) and screen.is_attached:
                screen.show_presence(presence)

    def on_room_changed(self, message: RoomChanged) -> None:
        """A change made here: every open screen shows the room as it now stands."""
        for screen in self.screen_stack:
            if (
                isinstance(screen, StoreScreen)
                and screen.is_attached
                and screen is not message.origin
            ):
                screen.show_view(message.view)
