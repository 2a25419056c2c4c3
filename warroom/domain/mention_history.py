"""Every stored mention, newest first, decoded only as far as someone reads.

A breach that makes the evening news brings a hundred thousand mentions. The dashboard's
first frame needs the newest page and the last few hours (for the spike alarm), not the
whole history: decoding and holding every mention made the first frame five times an empty
app and the process 286 MB. The store hands the domain its shards as ``Segment``s that know
their size and the span of their published times without being decoded; this sequence
decodes them newest first, only when a read goes past what is decoded, and keeps them.

It is a full ``Sequence``: code that iterates or indexes past the decoded part gets every
mention (searching, the review, exports), so nothing ever sees a partial history. Code on
the hot path asks for only what it shows: ``newest(mentions, n)`` and
``published_since(mentions, when)`` work on a plain tuple too.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Protocol, overload

from warroom.domain.mentions import Mention

__all__ = ["Segment", "MentionHistory", "newest", "published_since", "decoded_count"]


class Segment(Protocol):
    """One stored group of mentions (a shard) that can be decoded on demand."""

    @property
    def count(self) -> int:
        """How many mentions it holds (known without decoding)."""
        ...

    @property
    def newest(self) -> datetime | None:
        """The latest published time in it (None when unknown or empty)."""
        ...

    def load(self) -> Sequence[Mention]:
        """Its mentions, newest published first (decoded now if they were not)."""
        ...


def _key(mention: Mention) -> tuple[datetime, str]:
    return (mention.published, mention.id)


class MentionHistory(Sequence[Mention]):
    """The stored mentions, newest published first, decoded segment by segment."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        # Newest segment first; those whose span is unknown before all, so they are read early
        # and can never make a page wrong.
        self._pending = sorted(
            segments, key=lambda s: (s.newest is None, s.newest or datetime.min), reverse=True
        )
        self._length = sum(segment.count for segment in segments)
        self._loaded: list[Sequence[Mention]] = []
        self._merged: tuple[Mention, ...] = ()

    # ------------------------------------------------------------------ the lazy part
    def _decode_next(self) -> None:
        segment = self._pending.pop(0)
        fresh = tuple(segment.load())
        # Two sorted runs: the sort merges them in linear time.
        self._merged = (
            tuple(sorted(self._merged + fresh, key=_key, reverse=True)) if self._merged else fresh
        )

    def _newer_than(self, bound: datetime, *, inclusive: bool) -> int:
        """How many decoded mentions were published after ``bound`` (or at it, inclusive)."""
        low, high = 0, len(self._merged)
        while low < high:
            middle = (low + high) // 2
            published = self._merged[middle].published
            if published > bound or (inclusive and published == bound):
                low = middle + 1
            else:
                high = middle
        return low

    def _settled(self) -> int:
        """How many of the decoded mentions are surely in their final place: those newer than
        anything a segment still to decode could hold."""
        if not self._pending:
            return len(self._merged)
        bound = self._pending[0].newest
        return 0 if bound is None else self._newer_than(bound, inclusive=False)

    def head(self, count: int) -> tuple[Mention, ...]:
        """The ``count`` newest mentions, decoding no more segments than that needs."""
        while self._pending and self._settled() < count:
            self._decode_next()
        return self._merged[:count]

    def since(self, when: datetime) -> tuple[Mention, ...]:
        """Every mention published at or after ``when`` (newest first)."""
        while self._pending and (
            self._pending[0].newest is None or self._pending[0].newest >= when
        ):
            self._decode_next()
        return self._merged[: self._newer_than(when, inclusive=True)]

    @property
    def decoded(self) -> int:
        """How many mentions are decoded so far (the rest wait until read)."""
        return len(self._merged)

    def everything(self) -> tuple[Mention, ...]:
        """All of them, decoding what is left (one sort, not one merge per segment)."""
        if self._pending:
            rest = [m for segment in self._pending for m in segment.load()]
            self._pending = []
            self._merged = tuple(sorted((*self._merged, *rest), key=_key, reverse=True))
        return self._merged

    # ------------------------------------------------------------------ Sequence
    def __len__(self) -> int:
        return self._length if self._pending else len(self._merged)

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
        if 0 <= index < len(self._merged) and index < self._settled():
            return self._merged[index]
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


def decoded_count(mentions: Sequence[Mention]) -> int:
    """How many of ``mentions`` are in memory now (all of a plain tuple)."""
    return mentions.decoded if isinstance(mentions, MentionHistory) else len(mentions)
