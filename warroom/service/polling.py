"""The two intents a poll needs, in a module that loads nothing else of the service.

``warroom poll`` runs from cron every few minutes; a warm pass (every feed answers 304) must
cost what newsboat's does, so it must not load the drafting checks, the clock rules or the
ledger to store a poll. ``WarRoomService`` has these same intents (it mixes this class in), so
the dashboard's poller and ``warroom poll`` store a poll through one piece of code.
"""

from __future__ import annotations

from collections.abc import Sequence

from warroom.domain.clock import Clock
from warroom.domain.feed_state import FeedState
from warroom.domain.mentions import Mention
from warroom.store.repository import WarRoomRepository

__all__ = ["PollIntents", "PollService"]


class PollIntents:
    """Read the feeds' states; store one poll."""

    repo: WarRoomRepository
    operator: str
    clock: Clock

    def feed_states(self) -> dict[str, FeedState]:
        """What is remembered about each feed, by feed id."""
        return self.repo.feed_states()

    def save_poll(
        self, mentions: Sequence[Mention], states: Sequence[FeedState], *, stored: bool = False
    ) -> list[Mention]:
        """Store one poll's mentions and feed states; return the mentions that were new.

        ``stored``: the poll stored mentions of its own already (``store_mentions``), so the
        shards' record is written with the states.

        Not read-only-guarded: a wall screen never polls, and ``warroom poll`` must store.
        """
        return self.repo.save_poll(mentions, states, self.operator, self.clock(), stored=stored)

    def store_mentions(self, mentions: Sequence[Mention]) -> list[Mention]:
        """Store one batch of a running poll's mentions; return those that were new.

        Only the shards are written; the poll's ``save_poll`` records them in the main file
        with the feeds' states, so a batch costs no write of the main file.
        """
        return self.repo.store_poll_mentions(mentions)


class PollService(PollIntents):
    """Just the poll intents, for ``warroom poll`` (the same code as the full service's)."""

    def __init__(self, repository: WarRoomRepository, *, operator: str, clock: Clock) -> None:
        self.repo = repository
        self.operator = operator
        self.clock = clock
