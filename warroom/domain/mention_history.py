"""Every stored mention, newest first, decoded only as far as someone reads.

A breach that makes the evening news brings a hundred thousand mentions. The dashboard's
first frame needs the newest page and the last few hours (for the spike alarm), not the
whole history: decoding and holding every mention made the first frame five times an empty
app and the process 286 MB. The store hands the domain its shards as ``Segment``s that know
their size and the span of their published times without being decoded; this sequence
decodes them newest first, only when a read goes past what is decoded, and keeps them: it is
``lazy_history.LazyHistory`` (which the timeline and the inquiry events use too) read backwards.

It is a full ``Sequence``: code that iterates or indexes past the decoded part gets every
mention (searching, the review, exports), so nothing ever sees a partial history. Code on
the hot path asks for only what it shows: ``newest(mentions, n)`` and
``published_since(mentions, when)`` work on a plain tuple too.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import overload

from warroom.domain.lazy_history import LazyHistory, Segment
from warroom.domain.mentions import Mention

__all__ = ["Segment", "MentionHistory", "newest", "published_since", "decoded_count"]


def _key(mention: Mention) -> tuple[datetime, str]:
    return (mention.published, mention.id)


def _published(mention: Mention) -> datetime:
    return mention.published


class MentionHistory(Sequence[Mention]):
    """The stored mentions, newest published first, decoded segment by segment."""

    def __init__(self, segments: Sequence[Segment[Mention]]) -> None:
        self._history = LazyHistory(segments, key=_key, time=_published)
        self._everything: tuple[Mention, ...] | None = None

    def head(self, count: int) -> tuple[Mention, ...]:
        """The ``count`` newest mentions, decoding no more segments than that needs."""
        return self._history.tail(count)[::-1]

    def since(self, when: datetime) -> tuple[Mention, ...]:
        """Every mention published at or after ``when`` (newest first)."""
        return self._history.since(when)[::-1]

    @property
    def decoded(self) -> int:
        """How many mentions are decoded so far (the rest wait until read)."""
        return self._history.decoded

    def everything(self) -> tuple[Mention, ...]:
        """All of them, decoding what is left."""
        if self._everything is None:
            self._everything = tuple(reversed(self._history.everything()))
        return self._everything

    # ------------------------------------------------------------------ Sequence
    def __len__(self) -> int:
        return len(self._history)

    @overload
    def __getitem__(self, index: int) -> Mention: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Mention, ...]: ...

    def __getitem__(self, index: int | slice) -> Mention | tuple[Mention, ...]:
        if isinstance(index, slice):
            start, stop, step = index.start, index.stop, index.step
            if (start or 0) >= 0 and stop is not None and stop >= 0 and step in (None, 1):
                return self.head(stop)[start:stop]
            return self.everything()[index]
        if index >= 0:
            head = self.head(index + 1)
            if index < len(head):
                return head[index]
            raise IndexError(index)
        return self.everything()[index]

    def __iter__(self) -> Iterator[Mention]:
        return iter(self.everything())

    def __contains__(self, value: object) -> bool:
        return value in self.everything()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MentionHistory):
            return other is self or self.everything() == other.everything()
        if isinstance(other, tuple):
            return self.everything() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"MentionHistory({len(self)} mentions, {self.decoded} decoded)"


def newest(mentions: Sequence[Mention], count: int) -> tuple[Mention, ...]:
    """The ``count`` newest of ``mentions`` (newest first), without decoding the rest."""
    if isinstance(mentions, MentionHistory):
        return mentions.head(count)
    return tuple(itertools.islice(mentions, count))


def published_since(mentions: Sequence[Mention], when: datetime) -> tuple[Mention, ...]:
    """The mentions published at or after ``when``: what a spike window needs, no more."""
    if isinstance(mentions, MentionHistory):
        return mentions.since(when)
    return tuple(m for m in mentions if m.published >= when)


def decoded_count(records: Sequence[object]) -> int:
    """How many of ``records`` are in memory now (all of a plain tuple)."""
    if isinstance(records, MentionHistory | LazyHistory):
        return records.decoded
    return len(records)
