"""An immutable list of records made of chunks, so appending shares everything but the last.

A snapshot's timeline and inquiry events are rebuilt after every change another operator
makes. As one tuple, each rebuild copied 100k references (about a millisecond, twice per
intent at 100k calls); as chunks, a new snapshot reuses every full chunk of the previous one
and copies only the newest. It reads like a tuple and compares equal to one.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar, overload

__all__ = ["RecordList", "CHUNK"]

T = TypeVar("T")

CHUNK = 2048
"""Records per full chunk: a rebuild copies at most this many references."""


class RecordList(Sequence[T]):
    """Records in order, as a tuple of chunks (each a tuple); immutable."""

    __slots__ = ("_chunks", "_starts", "_len")

    def __init__(self, chunks: Sequence[tuple[T, ...]] = ()) -> None:
        self._chunks = tuple(chunk for chunk in chunks if chunk)
        starts, total = [], 0
        for chunk in self._chunks:
            starts.append(total)
            total += len(chunk)
        self._starts = starts
        self._len = total

    @classmethod
    def of(cls, records: Sequence[T]) -> RecordList[T]:
        """Chunk a plain sequence."""
        items = tuple(records)
        return cls([items[i : i + CHUNK] for i in range(0, len(items), CHUNK)])

    @property
    def chunks(self) -> tuple[tuple[T, ...], ...]:
        """The chunks, oldest first (a store extends a list by reusing them)."""
        return self._chunks

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._len)
            if step != 1:
                return tuple(self)[index]
            if stop <= start:
                return ()
            first = bisect.bisect_right(self._starts, start) - 1
            skip = start - self._starts[first]
            rest = itertools.chain.from_iterable(self._chunks[first:])
            return tuple(itertools.islice(rest, skip, skip + stop - start))
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError("RecordList index out of range")
        chunk = bisect.bisect_right(self._starts, index) - 1
        return self._chunks[chunk][index - self._starts[chunk]]

    def __iter__(self) -> Iterator[T]:
        return itertools.chain.from_iterable(self._chunks)

    def __reversed__(self) -> Iterator[T]:
        return (record for chunk in reversed(self._chunks) for record in reversed(chunk))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecordList | tuple | list):
            return NotImplemented
        return self._len == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: Sequence[Any]) -> tuple[Any, ...]:
        return (*self, *other)

    def __repr__(self) -> str:
        return f"RecordList({self._len} records)"
