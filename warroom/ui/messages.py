"""Messages that cross the app: facts in the past tense, requests in the imperative."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from warroom.domain.warroom import WarRoom

__all__ = ["RoomChanged", "StoreFailed"]


@dataclass
class RoomChanged(Message):
    """A new snapshot of the war room is available (our change or another process's)."""

    room: WarRoom
    rules: list[str]

    def can_replace(self, message: Message) -> bool:
        """A newer snapshot makes an older one still queued pointless."""
        return isinstance(message, RoomChanged)


@dataclass
class StoreFailed(Message):
    """A store operation failed; ``text`` says what went wrong, for the operator."""

    text: str
