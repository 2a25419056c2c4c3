"""The timeline as people read it: counts folded per channel and minute, and a live filter.

Every inquiry key press is its own timeline entry (the audit trail keeps them all), so a busy
phone line turns forty presses into forty rows and buries the one decision that matters.
``fold_counts`` shows them as one row per channel per minute ("☎ 12 inquiries on Phone,
14:02–14:03"), placed where the first of them was; the entries stay whole underneath, for the
pane to expand. ``TimelineFilter`` narrows the timeline by kind, operator and text, from one
line an operator types: ``notes @maya card`` (notes by maya mentioning "card").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from warroom.domain.timeline import EventKind, TimelineEntry

__all__ = [
    "FILTER_KINDS",
    "TimelineFilter",
    "TimelineRow",
    "entry_kind",
    "fold_counts",
    "inquiry_count",
]

FILTER_KINDS: dict[str, tuple[str, ...]] = {
    "notes": ("note",),
    "decisions": ("decision",),
    "counts": ("inquiry", "inquiry-undo"),
    "mentions": ("triage",),
    "ticks": ("tick", "untick"),
    "drafts": ("draft", "fact"),
    "clocks": ("trigger",),
    "system": ("system", "import"),
}
"""The filter's words for kinds, and the entry kinds each covers (``decision``: a note that
starts with "Decision")."""

_INQUIRY = re.compile(
    r"^(?:(?P<n>\d+) inquiries|Inquiry) on (?P<channel>.+?)(?: about (?P<topic>.+))?$"
)
"""How the store words a count: "Inquiry on Phone about X" or "3 inquiries on Phone"."""
_DECISION = re.compile(r"^\s*decision\b", re.IGNORECASE)
MINUTE = timedelta(minutes=1)


def entry_kind(entry: TimelineEntry) -> str:
    """The entry's kind, with notes that record a decision told apart."""
    if entry.kind is EventKind.NOTE and _DECISION.match(entry.text):
        return "decision"
    return entry.kind.value


def inquiry_count(entry: TimelineEntry) -> tuple[int, str, str] | None:
    """(how many, channel name, topic) of a count entry; None for any other entry."""
    if entry.kind is not EventKind.INQUIRY:
        return None
    match = _INQUIRY.match(entry.text)
    if match is None:
        return None
    return int(match.group("n") or 1), match.group("channel"), match.group("topic") or ""


@dataclass(frozen=True)
class TimelineRow:
    """One row as shown: a single entry, or the counts of one channel in one minute."""

    entries: tuple[TimelineEntry, ...]
    channel: str = ""
    """The channel's name, for a fold of counts (empty: a single entry)."""
    count: int = 0
    """Inquiries in the fold."""

    @property
    def key(self) -> str:
        """A stable key: the entry's id, or ``fold:`` and the first entry's id."""
        first = self.entries[0].id
        return f"fold:{first}" if self.is_fold else first

    @property
    def is_fold(self) -> bool:
        """True when the row stands for several count entries."""
        return len(self.entries) > 1

    @property
    def at(self) -> datetime:
        """When the row's first entry happened."""
        return self.entries[0].at

    @property
    def minute(self) -> datetime:
        """The minute the fold covers."""
        return self.at.replace(second=0, microsecond=0)

    @property
    def text(self) -> str:
        """What the row says: the entry's text, or "12 inquiries on Phone, 14:02–14:03"."""
        if not self.is_fold:
            return self.entries[0].text
        start = self.minute
        return f"{self.count} inquiries on {self.channel}, {start:%H:%M}–{start + MINUTE:%H:%M}"

    @property
    def operators(self) -> tuple[str, ...]:
        """Who recorded the row's entries, most entries first."""
        return tuple(name for name, _ in Counter(e.operator for e in self.entries).most_common())

    @property
    def topics(self) -> tuple[tuple[str, int], ...]:
        """The fold's topics with their counts, most asked first."""
        counted: Counter[str] = Counter()
        for entry in self.entries:
            parsed = inquiry_count(entry)
            if parsed and parsed[2]:
                counted[parsed[2]] += parsed[0]
        return tuple(counted.most_common())


def fold_counts(entries: Sequence[TimelineEntry]) -> tuple[TimelineRow, ...]:
    """Fold count entries into one row per channel per minute; other entries stay single.

    A fold sits where its first entry was; entries keep their order inside it. A lone count in
    its minute stays a plain row.
    """
    groups: dict[tuple[str, datetime], list[TimelineEntry]] = {}
    order: list[tuple[str, datetime] | TimelineEntry] = []
    for entry in entries:
        parsed = inquiry_count(entry)
        if parsed is None:
            order.append(entry)
            continue
        key = (parsed[1], entry.at.replace(second=0, microsecond=0))
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(entry)
    rows: list[TimelineRow] = []
    for item in order:
        if isinstance(item, TimelineEntry):
            rows.append(TimelineRow((item,)))
            continue
        members = tuple(groups[item])
        if len(members) == 1:
            rows.append(TimelineRow(members))
        else:
            total = sum((inquiry_count(e) or (1, "", ""))[0] for e in members)
            rows.append(TimelineRow(members, channel=item[0], count=total))
    return tuple(rows)


@dataclass(frozen=True)
class TimelineFilter:
    """Which entries to show: by kind, by operator and by text (all must match)."""

    kinds: frozenset[str] = field(default_factory=frozenset)
    """Entry kinds (``FILTER_KINDS`` values) to keep; empty keeps every kind."""
    operator: str = ""
    """Keep entries by operators whose name starts with this (case-insensitive)."""
    text: str = ""
    """Keep entries whose text holds every one of these words (case-insensitive)."""
    query: str = ""
    """What the operator typed."""

    @classmethod
    def parse(cls, query: str) -> TimelineFilter:
        """Read ``notes decisions @maya card``: kind words, ``@name`` (or ``by:name``), text.

        A kind word may be shortened (``dec``, ``count``) and may be written ``kind:notes``.
        """
        kinds: set[str] = set()
        operator, words = "", []
        for token in query.split():
            lower = token.lower()
            if lower.startswith("@") or lower.startswith("by:"):
                operator = lower.split(":", 1)[1] if lower.startswith("by:") else lower[1:]
                continue
            name = lower.removeprefix("kind:")
            match = [k for k in FILTER_KINDS if len(name) >= 3 and k.startswith(name)]
            if match:
                kinds.update(FILTER_KINDS[match[0]])
            else:
                words.append(lower)
        return cls(frozenset(kinds), operator, " ".join(words), query.strip())

    @property
    def active(self) -> bool:
        """True when the filter hides anything at all."""
        return bool(self.kinds or self.operator or self.text)

    def matches(self, entry: TimelineEntry) -> bool:
        """True when ``entry`` passes every part of the filter."""
        if self.kinds and entry_kind(entry) not in self.kinds:
            return False
        if self.operator and not entry.operator.lower().startswith(self.operator):
            return False
        text = entry.text.lower()
        return all(word in text for word in self.text.split())

    def apply(self, entries: Iterable[TimelineEntry]) -> tuple[TimelineEntry, ...]:
        """The entries that pass."""
        if not self.active:
            return tuple(entries)
        return tuple(e for e in entries if self.matches(e))
