"""Update cadence: "next update by 14:00Z" or "every 4 h", per public channel, kept or missed.

"Tell it all, fast" does not end with the first notice: the FAQ is updated as the team learns
more, and a promise of the next update is a promise to the public. A promise is met by the
next update of its channel after it was made (a new saved version of the channel's draft, or
an operator saying the channel was updated); a one-off promise past its time with no update is
missed, and a recurring one is missed whenever the gap since the last update exceeds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from warroom.domain.clock import format_utc, utc
from warroom.domain.clocks import format_countdown

__all__ = [
    "PUBLIC_CHANNELS",
    "CHANNEL_DRAFTS",
    "Promise",
    "ChannelUpdate",
    "CadenceStatus",
    "evaluate_cadence",
    "nearest",
    "updates_from_versions",
    "parse_promise",
    "PromiseError",
]

PUBLIC_CHANNELS: Mapping[str, str] = {
    "faq": "FAQ",
    "social": "Social",
    "banner": "Homepage banner",
    "status-page": "Status page",
    "press": "Press",
}
"""Channel id → name, in the order the header and the wall list them."""

CHANNEL_DRAFTS: Mapping[str, str] = {"faq": "faq", "social": "social", "banner": "banner"}
"""Channels whose new draft version is their update (the others are marked updated by hand)."""


@dataclass(frozen=True)
class Promise:
    """The next update promised on a channel: by a time, or every so often."""

    channel: str
    operator: str
    at: datetime
    """When the promise was made."""
    due_at: datetime | None = None
    every: timedelta | None = None

    @property
    def text(self) -> str:
        """``by 14:00Z`` or ``every 4 h``."""
        if self.every is not None:
            hours, rest = divmod(int(self.every.total_seconds()) // 60, 60)
            return f"every {hours} h" + (f" {rest} min" if rest else "")
        return f"by {format_utc(self.due_at, with_date=True)}" if self.due_at else ""


@dataclass(frozen=True)
class ChannelUpdate:
    """A channel was updated (a draft version saved, or an operator said so)."""

    channel: str
    at: datetime
    operator: str
    what: str = ""


@dataclass(frozen=True)
class CadenceStatus:
    """One channel's promise at ``now``."""

    channel: str
    name: str
    promise: Promise | None
    next_due: datetime | None
    last_update: ChannelUpdate | None
    met_at: datetime | None
    """When a one-off promise was kept (None: open, or recurring)."""
    now: datetime

    @property
    def overdue(self) -> bool:
        """True while a promised update is late."""
        return self.next_due is not None and self.met_at is None and self.now > self.next_due

    @property
    def open(self) -> bool:
        """True while a promise waits for an update."""
        return self.next_due is not None and self.met_at is None

    @property
    def summary(self) -> str:
        """``FAQ update by 14:00Z · 01:20 left`` / ``✖ FAQ update OVERDUE by 00:10``."""
        if self.promise is None:
            return f"{self.name}: no update promised"
        if self.met_at is not None:
            return f"{self.name}: promise {self.promise.text} kept at {format_utc(self.met_at)}"
        assert self.next_due is not None
        left = format_countdown(self.next_due - self.now)  # "01:20 left", "overdue by 00:10"
        if self.overdue:
            left = left.replace("overdue", "OVERDUE")
        mark = "✖" if self.overdue else "⟳"
        return f"{mark} {self.name} update {left} (promised {self.promise.text})"


def evaluate_cadence(
    promises: Mapping[str, Promise], updates: Iterable[ChannelUpdate], now: datetime
) -> tuple[CadenceStatus, ...]:
    """Every public channel with a promise (and the last update of each), in channel order."""
    by_channel: dict[str, list[ChannelUpdate]] = {}
    for update in sorted(updates, key=lambda u: u.at):
        by_channel.setdefault(update.channel, []).append(update)
    statuses = []
    for channel, name in PUBLIC_CHANNELS.items():
        promise = promises.get(channel)
        history = by_channel.get(channel, [])
        last = history[-1] if history else None
        if promise is None:
            if last is not None:
                statuses.append(CadenceStatus(channel, name, None, None, last, None, now))
            continue
        after = [u for u in history if u.at >= promise.at]
        if promise.every is not None:
            base = after[-1].at if after else promise.at
            statuses.append(
                CadenceStatus(channel, name, promise, base + promise.every, last, None, now)
            )
            continue
        met = after[0].at if after else None
        statuses.append(CadenceStatus(channel, name, promise, promise.due_at, last, met, now))
    return tuple(statuses)


def nearest(statuses: Iterable[CadenceStatus]) -> CadenceStatus | None:
    """The promise the header counts down to: an overdue one first, else the soonest."""
    waiting = [s for s in statuses if s.open and s.next_due is not None]
    if not waiting:
        return None
    return min(waiting, key=lambda s: (not s.overdue, s.next_due))


def updates_from_versions(
    versions: Iterable[tuple[str, int, datetime, str]],
) -> list[ChannelUpdate]:
    """Channel updates implied by saved draft versions: (draft kind, number, at, operator).

    A new version of the FAQ is the FAQ updated (its "last updated" stamp is the version's).
    """
    by_draft = {draft: channel for channel, draft in CHANNEL_DRAFTS.items()}
    return [
        ChannelUpdate(by_draft[kind], at, operator, f"{kind} v{number}")
        for kind, number, at, operator in versions
        if kind in by_draft
    ]


class PromiseError(ValueError):
    """An operator's promise that cannot be read."""


_IN = re.compile(r"^\+?(\d{1,3})\s*([mhd])$")
_EVERY = re.compile(r"^every\s+(\d{1,3})\s*([mhd])$")
_AT = re.compile(r"^(\d{1,2}):(\d{2})z?$")
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}


def parse_promise(text: str, now: datetime) -> tuple[datetime | None, timedelta | None]:
    """Read "14:00Z" (the next such time), "+2h" / "2h" (from now), ISO, or "every 4h".

    Returns:
        ``(by, None)`` for a one-off promise, ``(None, every)`` for a recurring one.
    """
    value = text.strip().lower()
    if match := _EVERY.match(value):
        return None, int(match.group(1)) * _UNITS[match.group(2)]
    if match := _IN.match(value):
        return now + int(match.group(1)) * _UNITS[match.group(2)], None
    if match := _AT.match(value):
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise PromiseError(f"{text!r} is not a time of day")
        moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        return (moment + timedelta(days=1) if moment <= now else moment), None
    try:
        return utc(datetime.fromisoformat(text.strip())), None
    except ValueError:
        raise PromiseError(f"{text!r}: use 14:00Z, +2h, an ISO time, or every 4h") from None
