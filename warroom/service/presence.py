"""Presence: this dashboard's heartbeat, and who else has the incident open and edits what.

The app calls ``heartbeat`` every ``BEAT_SECONDS`` (and at once when the operator opens or
closes an editor) on the store thread: one small file write and one read of the folder's few
heartbeat files, never the main file. Wall mode only reads: a board is not an operator.
"""

from __future__ import annotations

from functools import cached_property

from warroom.domain.presence import Presence, live
from warroom.service.core import ServiceCore
from warroom.store.presence import PresenceStore

__all__ = ["PresenceIntents", "Presence"]


class PresenceIntents(ServiceCore):
    """Heartbeats in the database family, expiring on their own."""

    @cached_property
    def presence_store(self) -> PresenceStore:
        """This process's heartbeat file (one session per service)."""
        return PresenceStore(self.repo.path)

    def heartbeat(self, editing: str = "") -> tuple[Presence, ...]:
        """Say this dashboard is here, editing ``editing``; return who is in now."""
        now = self.clock()
        if not self.read_only:
            self.presence_store.beat(self.operator, editing, now)
        return live(self.presence_store.read(now), now)

    def presence(self) -> tuple[Presence, ...]:
        """Who is in now (reads only)."""
        now = self.clock()
        return live(self.presence_store.read(now), now)

    def leave(self) -> None:
        """Remove this dashboard's heartbeat (on a clean exit)."""
        self.presence_store.leave()
