"""The service layer: one method per operator intent; the war room's rules hold here.

Screens, the palette, the wall, the browser view and the CLI call ``WarRoomService`` (the UI
through ``StoreGateway``, on the store thread); the domain decides, the store remembers.
The names below are loaded when first used (PEP 562), so ``warroom poll``, which needs only
``warroom.service.polling`` and ``warroom.service.feeds``, never loads the drafting checks, the
clock rules or the ledger.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from warroom.service.collector import freeze_long_lived
    from warroom.service.core import READ_ONLY_TEXT
    from warroom.service.errors import (
        GateBlocked,
        IntentRefused,
        ReadOnlyError,
        ReasonRequired,
        SaveConflict,
    )
    from warroom.service.gateway import StoreGateway
    from warroom.service.service import WarRoomService
    from warroom.service.view import Changed, RoomView
    from warroom.store.errors import StoreError

_WHERE = {
    "WarRoomService": "warroom.service.service",
    "StoreGateway": "warroom.service.gateway",
    "freeze_long_lived": "warroom.service.collector",
    "RoomView": "warroom.service.view",
    "Changed": "warroom.service.view",
    "IntentRefused": "warroom.service.errors",
    "GateBlocked": "warroom.service.errors",
    "ReasonRequired": "warroom.service.errors",
    "ReadOnlyError": "warroom.service.errors",
    "SaveConflict": "warroom.service.errors",
    "StoreError": "warroom.store.errors",
    "READ_ONLY_TEXT": "warroom.service.core",
}

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


def __getattr__(name: str) -> Any:
    """Load a name of the service layer on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'warroom.service' has no attribute {name!r}")
    return getattr(import_module(module), name)
