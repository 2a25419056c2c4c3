"""A history kept in stored segments, oldest first, decoded only as far as someone reads.

A breach that makes the evening news brings a hundred thousand mentions, calls and timeline
entries. The dashboard's first frame needs the newest page and the last few hours (spikes,
trends), not the whole history: decoding and holding all of it made the first frame six times
an empty app. The store hands the domain its shards as ``Segment``s that know their size and
the latest time in them without being decoded; this sequence decodes them newest first, only
when a read reaches past what is decoded, and keeps them.

It is a full ``Sequence`` in time order: code that iterates or indexes into the old part gets
every record (searching, the review, exports), so nothing ever sees a partial history. Code on
the hot path reads from the end: ``history[-n:]``, ``tail(n)``, ``since(moment)``. The mention
feed's newest-first ``MentionHistory`` is this sequence read backwards.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar, overload, runtime_checkable

from warroom.domain.record_list import RecordList

__all__ = ["Segment", "Divisible", "LazyHistory"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Segment(Protocol[T_co]):
    """One stored group of records (a shard) that can be decoded on demand."""

    @property
    def count(self) -> int:
        """How many records it holds (known without decoding)."""
        ...

    @property
    def newest(self) -> datetime | None:
        """The latest time in it (None when unknown or empty): nothing in it is later."""
        ...

    def load(self) -> Sequence[T_co]:
        """Its records, in any order (decoded now if they were not)."""
        ...


@runtime_checkable
class Divisible(Segment[T_co], Protocol[T_co]):
    """A segment that can decode its newest records alone: a shard's documents, parsed, say
    when each happened for far less than building and checking each record costs, so the
    newest page of two shards decodes one page, not both shards."""

    def newer(
        self, bound: datetime | None, most: int
    ) -> tuple[Sequence[T_co], Segment[T_co] | None]:
        """Its records at ``bound`` or later (every one when None), at most the ``most``
        newest of them but at least one; and what is left, as a segment whose ``newest`` is
        exact (None when nothing is)."""
        ...


def _unknown_first(segment: Segment[Any]) -> tuple[bool, datetime]:
    return (segment.newest is None, segment.newest or datetime.min)


class LazyHistory(Sequence[T], Generic[T]):
    """Records in time order: a decoded part in memory plus segments still on disk."""

    def __init__(
        self,
        segments: Sequence[Segment[T]],
        decoded: Sequence[T] = (),
        *,
        key: Callable[[T], Any],
        time: Callable[[T], datetime],
    ) -> None:
        """``decoded`` is in ``key`` order and holds nothing any segment holds; ``time`` is
        the leading part of ``key`` (what a segment's ``newest`` bounds)."""
        # Newest segment first; those whose span is unknown before all, so they are read early
        # and can never make a page wrong.
        self._pending = sorted(segments, key=_unknown_first, reverse=True)
        self._decoded: RecordList[T] = (
            decoded if isinstance(decoded, RecordList) else RecordList.of(decoded)
        )
        self._length = len(self._decoded) + sum(segment.count for segment in segments)
        self._key = key
        self._time = time

    # ------------------------------------------------------------------ the lazy part
    def _decode_next(self, bound: datetime | None = None, most: int | None = None) -> None:
        """Decode the newest segment still on disk: of one that can be divided, only its
        records at ``bound`` or later, at most ``most`` of them (the rest goes back)."""
        segment = self._pending.pop(0)
        if most is not None and segment.newest is not None and isinstance(segment, Divisible):
            records, rest = segment.newer(bound, most)
            if rest is not None:
                self._pending.append(rest)
                self._pending.sort(key=_unknown_first, reverse=True)
        else:
            records = segment.load()
        fresh = sorted(records, key=self._key)
        if fresh:
            self._decoded = self._merged(fresh)

    def _merged(self, fresh: list[T]) -> RecordList[T]:
        """The decoded part with ``fresh`` (sorted) in place: older shards usually hold older
        records, so the chunks are only put side by side; overlapping ones are sorted in."""
        have = self._decoded
        if not have:
            return RecordList.of(fresh)
        if self._key(fresh[-1]) <= self._key(have[0]):
            return RecordList([*RecordList.of(fresh).chunks, *have.chunks])
        if self._key(fresh[0]) >= self._key(have[-1]):
            return RecordList([*have.chunks, *RecordList.of(fresh).chunks])
        return RecordList.of(sorted([*have, *fresh], key=self._key))

    def _after(self, moment: datetime, *, inclusive: bool) -> int:
        """Index of the first decoded record later than ``moment`` (or at it, inclusive)."""
        find = bisect.bisect_left if inclusive else bisect.bisect_right
        return find(self._decoded, moment, key=self._time)

    def _settled(self) -> int:
        """How many of the newest decoded records are surely in their final place: those
        later than anything a segment still to decode could hold."""
        if not self._pending:
            return len(self._decoded)
        bound = self._pending[0].newest
        return 0 if bound is None else len(self._decoded) - self._after(bound, inclusive=False)

    def tail(self, count: int) -> tuple[T, ...]:
        """The ``count`` newest records (oldest of them first), decoding no more than needed."""
        if count <= 0:
            return ()
        while self._pending and (settled := self._settled()) < count:
            # What the next segment may hold must be read anyway before anything at its time
            # is settled; beyond that, only as many as are still wanted.
            after = self._pending[1].newest if len(self._pending) > 1 else None
            self._decode_next(after, count - settled)
        return self._decoded[-count:]

    def since(self, moment: datetime, *, inclusive: bool = True) -> tuple[T, ...]:
        """Every record at or after ``moment`` (strictly after, not ``inclusive``), in order:
        what a spike window or an hour's trend needs, reading only the segments reaching it."""
        while self._pending:
            newest = self._pending[0].newest
            if newest is not None and (newest < moment or (newest == moment and not inclusive)):
                break
            self._decode_next(moment, self._length)
        return self._decoded[self._after(moment, inclusive=inclusive) :]

    def everything(self) -> RecordList[T]:
        """All of them, decoding what is left (one sort, not one merge per segment)."""
        if self._pending:
            rest = [record for segment in self._pending for record in segment.load()]
            self._pending = []
            if rest:
                self._decoded = self._merged(sorted(rest, key=self._key))
        return self._decoded

    @property
    def decoded(self) -> int:
        """How many records are decoded so far (the rest wait until read)."""
        return len(self._decoded)

    @property
    def complete(self) -> bool:
        """True when nothing is left on disk."""
        return not self._pending

    # ------------------------------------------------------------------ Sequence
    def __len__(self) -> int:
        return self._length if self._pending else len(self._decoded)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if not self._pending:
            return self._decoded[index]
        length = len(self)
        if isinstance(index, slice):
            start, stop, step = index.indices(length)
            if step != 1:
                return tuple(self.everything())[index]
            if stop <= start:
                return ()
            return self.tail(length - start)[: stop - start]
        position = index + length if index < 0 else index
        if not 0 <= position < length:
            raise IndexError("LazyHistory index out of range")
        return self.tail(length - position)[0]

    def __iter__(self) -> Iterator[T]:
        return iter(self.everything())

    def __reversed__(self) -> Iterator[T]:
        return reversed(self.everything())

    def __contains__(self, value: object) -> bool:
        return value in self.everything()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyHistory):
            return other is self or self.everything() == other.everything()
        if isinstance(other, RecordList | tuple | list):
            return self.everything() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazyHistory({len(self)} records, {self.decoded} decoded)"
