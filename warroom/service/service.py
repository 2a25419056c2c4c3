"""``WarRoomService``: every operator intent, one method each, for every path alike.

The dashboard, the other screens, the palette, the wall, ``warroom serve`` (the same app in a
browser) and every CLI command call these methods, so a rule checked here holds everywhere.
"""

from __future__ import annotations

from warroom.service.autosave import AutosaveIntents
from warroom.service.clocks import ClockIntents
from warroom.service.drafting import DraftingIntents
from warroom.service.exports import ExportIntents
from warroom.service.ledger import LedgerIntents
from warroom.service.mentions import MentionIntents
from warroom.service.presence import PresenceIntents
from warroom.service.room import RoomIntents
from warroom.service.signoff import SignoffIntents

__all__ = ["WarRoomService"]


class WarRoomService(
    LedgerIntents,  # issue 11: who has been told, counts, cadence, holding statements
    RoomIntents,
    ClockIntents,  # issue 13: pauses, closures, a trigger's reason
    MentionIntents,
    DraftingIntents,
    ExportIntents,
    SignoffIntents,  # issue 10: sign-off bound to the words
    AutosaveIntents,  # issue 10: the editor's buffer, crash-safe
    PresenceIntents,  # issue 10: who is in, who edits what
):
    """All intents on one war-room database, as one operator with one clock."""
