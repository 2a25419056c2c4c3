"""The service layer: one method per operator intent; the war room's rules hold here.

Screens, the palette, the wall, the browser view and the CLI call ``WarRoomService`` (the UI
through ``StoreGateway``, on the store thread); the domain decides, the store remembers.
Polling (``warroom.service.feeds``) and status (``warroom.service.status``) are imported
where used, so ``warroom status`` never loads the feed parser.
"""

from __future__ import annotations

from warroom.service.core import READ_ONLY_TEXT
from warroom.service.errors import (
    GateBlocked,
    IntentRefused,
    ReadOnlyError,
    ReasonRequired,
    SaveConflict,
)
from warroom.service.gateway import StoreGateway, freeze_long_lived
from warroom.service.service import WarRoomService
from warroom.service.view import Changed, RoomView
from warroom.store.errors import StoreError

__all__ = [
    "WarRoomService",
    "StoreGateway",
    "RoomView",
    "Changed",
    "IntentRefused",
    "GateBlocked",
    "ReasonRequired",
    "ReadOnlyError",
    "SaveConflict",
    "StoreError",
    "READ_ONLY_TEXT",
    "freeze_long_lived",
]
