"""Intents on update promises: "next FAQ update by 14:00Z", "status page every 4 h".

A promise is kept by the next update of its channel (a saved version of its draft, or an
operator saying it was updated); a missed one goes into the timeline once per due time,
whichever dashboard notices it first.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from warroom.domain.cadence import PUBLIC_CHANNELS, CadenceStatus, ChannelUpdate, Promise
from warroom.domain.clock import format_utc
from warroom.domain.text import inert
from warroom.domain.timeline import EventKind
from warroom.service.core import ServiceCore
from warroom.service.errors import IntentRefused
from warroom.service.view import Changed
from warroom.store.ledger import LedgerStore

__all__ = ["CadenceIntents"]


class CadenceIntents(ServiceCore):
    """Promise, withdraw, mark updated, and record the promises that were missed."""

    def cadence(self) -> tuple[CadenceStatus, ...]:
        """Each public channel's promise now."""
        return self.view(drafts=False).cadence(self.clock())

    # ------------------------------------------------------------------ cadence
    def promise_update(
        self, channel: str, *, by: datetime | None = None, every: timedelta | None = None
    ) -> Changed[Promise]:
        """Promise the next update of a public channel: by a time, or every so often."""
        self.writable()
        if channel not in PUBLIC_CHANNELS:
            raise IntentRefused(
                f"{channel!r} is not a public channel ({', '.join(PUBLIC_CHANNELS)})"
            )
        now = self.clock()
        if (by is None) == (every is None):
            raise IntentRefused("promise either a time (by) or an interval (every)")
        if by is not None and by <= now:
            raise IntentRefused("a promised update must be in the future")
        if every is not None and every < timedelta(minutes=5):
            raise IntentRefused("an update interval shorter than 5 minutes is not a promise")
        promise = Promise(channel, self.operator, now, by, every)
        with self.repo.transaction():
            LedgerStore(self.repo).set_promise(promise, channel)
            self.repo.record(
                EventKind.LEDGER,
                f"Promised the next {PUBLIC_CHANNELS[channel]} update {promise.text}",
                self.operator,
                now,
            )
        return self.changed(promise)

    def withdraw_promise(self, channel: str) -> Changed[bool]:
        """Withdraw a channel's promise (False when there was none)."""
        self.writable()
        with self.repo.transaction():
            store = LedgerStore(self.repo)
            if channel not in store.promises():
                return self.changed(False)
            store.set_promise(None, channel)
            self.repo.record(
                EventKind.LEDGER,
                f"Withdrew the {PUBLIC_CHANNELS.get(channel, channel)} update promise",
                self.operator,
                self.clock(),
            )
        return self.changed(True)

    def mark_channel_updated(self, channel: str, what: str = "") -> Changed[ChannelUpdate]:
        """Say a channel was updated (the status page, the press: channels with no draft)."""
        self.writable()
        if channel not in PUBLIC_CHANNELS:
            raise IntentRefused(f"{channel!r} is not a public channel")
        update = ChannelUpdate(channel, self.clock(), self.operator, inert(what, limit=200))
        with self.repo.transaction():
            LedgerStore(self.repo).add_update(update)
            self.repo.record(
                EventKind.LEDGER,
                f"{PUBLIC_CHANNELS[channel]} updated" + (f": {update.what}" if update.what else ""),
                self.operator,
                update.at,
            )
        return self.changed(update)

    def record_missed_promises(self) -> Changed[list[CadenceStatus]]:
        """Write each newly missed promise into the timeline, once across all dashboards."""
        self.writable()
        now = self.clock()
        written: list[CadenceStatus] = []
        with self.repo.transaction():
            store = LedgerStore(self.repo)
            done = store.missed_recorded()
            for status in self.view(drafts=False).cadence(now):
                promise, due = status.promise, status.next_due
                if not status.overdue or promise is None or due is None:
                    continue
                if (status.channel, due.isoformat()) in done:
                    continue  # one entry per missed due time (a recurring promise can miss again)
                store.mark_missed(status.channel, due)
                self.repo.record(
                    EventKind.LEDGER,
                    f"OVERDUE: the {status.name} update promised {promise.text} was not made "
                    f"by {format_utc(due, with_date=True)}",
                    self.operator,
                    now,
                    at=due,
                )
                written.append(status)
        return self.changed(written)
