"""``WarRoomService``: every operator intent, one method each, for every path alike.

The dashboard, the other screens, the palette, the wall, ``warroom serve`` (the same app in a
browser) and every CLI command call these methods, so a rule checked here holds everywhere.
"""

from __future__ import annotations

from warroom.service.drafting import DraftingIntents
from warroom.service.exports import ExportIntents
from warroom.service.ledger import LedgerIntents
from warroom.service.mentions import MentionIntents
from warroom.service.room import RoomIntents

__all__ = ["WarRoomService"]


class WarRoomService(LedgerIntents, RoomIntents, MentionIntents, DraftingIntents, ExportIntents):
    """All intents on one war-room database, as one operator with one clock."""
