"""One shard's documents in time order, decoded only as far as a read of the history reaches.

A shard holds a thousand records. Parsing its file is cheap (orjson), and so is reading each
document's time from its text; building and checking each record is what costs. The first
frame wants the newest thousand timeline entries and two thousand mentions: when they fall
across two shards (the newest one partly filled, or an old shard holding one late entry), the
history decoded both shards whole. Here a shard's documents are put in time order once, and a
read decodes only the newest of them it needs (``LazyHistory``'s ``Divisible`` segments); what
is left stays a segment whose newest time is exact.

What is set aside is what a whole decode sets aside, with the same words: each document is
decoded by ``quarantine.attempt``, and the shard's entry in the quarantine lists the problems
found so far (a document no read has reached yet is not reported until one does, as a shard
never read is not). A document whose time cannot be read is put last, as if newest, so the
first read of the shard decodes it: its decoder reads the same time, so it is set aside and
reported then, as before.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from warroom.store.quarantine import DECODE_ERRORS, Problem, Quarantine, attempt, quick
from warroom.store.records import from_iso

__all__ = ["ShardDocs", "Part"]

R = TypeVar("R")
Doc = dict[str, Any]

_UNKNOWN = datetime.max.replace(tzinfo=UTC)
"""The time given to a document whose own cannot be read: later than any, so read first."""


READING = threading.RLock()
"""Held while a shard's documents are read in or decoded: the UI's reads of a history and the
store thread's (an export, a search) may reach the same shard at once, and its count of
documents left must not be decremented twice."""


class ShardDocs(Generic[R]):
    """A shard's documents, oldest first by the time their text gives, decoded on demand."""

    def __init__(
        self,
        path: Path,
        table: str,
        docs: Mapping[str, Doc],
        when: str,
        decoders: tuple[Callable[[Doc], R], Callable[[Doc], R | None]],
        quarantine: Quarantine,
        done: Callable[[ShardDocs[R], list[R]], None],
    ) -> None:
        """``when`` names the field whose text is a document's time (the time of its record:
        ``records.from_iso`` reads both; a document without a readable one is unknown);
        ``decoders`` are the general and the fast decoder (``Quarantine.decode``); ``done``
        gets these documents and every record once all are decoded (a holder that has read
        the file again since ignores it)."""
        self.path, self.table = path, table
        self._decoders = decoders
        self._quarantine = quarantine
        self._done: Callable[[ShardDocs[R], list[R]], None] | None = done
        timed: list[tuple[datetime, int, str, Doc]] = []
        unknown: list[tuple[datetime, int, str, Doc]] = []
        read = from_iso
        for position, (doc_id, doc) in enumerate(docs.items()):
            try:
                moment = read(doc[when])
            except DECODE_ERRORS:
                moment = None
            if moment is None:
                unknown.append((_UNKNOWN, position, doc_id, doc))
            else:
                timed.append((moment, position, doc_id, doc))
        self._known = len(timed)
        timed.sort()  # by time, then place in the file (unique: the documents never compare)
        timed += unknown
        self.times = [item[0] for item in timed]
        """Each document's time, oldest first (what a part's ``newest`` is read from)."""
        self._docs: list[tuple[datetime, int, str, Doc] | None] = list(timed)
        """Each document with its time and place, until it is decoded."""
        self._made: list[R | None] = [None] * len(timed)
        self._problems: dict[int, str] = {}
        self._left = len(timed)

    def span(self) -> tuple[datetime | None, datetime | None]:
        """(oldest, newest) of the times that could be read, (None, None) without any."""
        known = self._known
        return (self.times[0], self.times[known - 1]) if known else (None, None)

    def records(self, start: int, stop: int) -> list[R]:
        """The records of documents ``start``..``stop`` in time order, decoding those not
        decoded yet (the ones set aside are reported, and left out)."""
        with READING:
            found = False
            docs, made, (general, fast) = self._docs, self._made, self._decoders
            for index in range(start, stop):
                entry = docs[index]
                if entry is None:  # decoded already (or set aside)
                    continue
                docs[index] = None  # the parsed document is not needed again
                self._left -= 1
                found = True
                record = quick(fast, entry[3])
                if record is None:
                    _, position, doc_id, doc = entry
                    record = self._attempt(position, doc_id, doc, general)
                made[index] = record
            if found:
                self._report()
            if self._left == 0 and self._done is not None:
                done, self._done = self._done, None
                done(self, [record for record in self._made if record is not None])
            return [record for record in self._made[start:stop] if record is not None]

    def newer(self, stop: int, bound: datetime | None, most: int) -> tuple[list[R], Part[R] | None]:
        """``Divisible.newer`` for the oldest ``stop`` documents."""
        start = max(stop - max(most, 1), 0)
        if bound is not None:
            start = max(start, bisect.bisect_left(self.times, bound, 0, stop))
        return self.records(start, stop), Part(self, start) if start else None

    def _attempt(
        self, position: int, doc_id: str, doc: Doc, decoder: Callable[[Doc], R]
    ) -> R | None:
        """The general way, for a document the fast decoder leaves (set aside if it fails)."""
        made = attempt(self.path, self.table, doc_id, doc, decoder)
        if isinstance(made, Problem):
            self._problems[position] = made.line
            return None
        return made

    def _report(self) -> None:
        """The shard's entry in the quarantine: every problem found so far, in file order."""
        self._quarantine.note(
            self.path, self.table, [self._problems[p] for p in sorted(self._problems)]
        )


class Part(Generic[R]):
    """The oldest ``stop`` documents of a shard: a ``Divisible`` segment with an exact newest
    time (what a read of the newest records leaves)."""

    def __init__(self, docs: ShardDocs[R], stop: int) -> None:
        self._docs = docs
        self.count = stop
        self.newest: datetime | None = docs.times[stop - 1] if stop else None

    def load(self) -> Sequence[R]:
        """Every record of the part (decoded now where they were not)."""
        return self._docs.records(0, self.count)

    def newer(self, bound: datetime | None, most: int) -> tuple[list[R], Part[R] | None]:
        """See ``Divisible.newer``."""
        return self._docs.newer(self.count, bound, most)
