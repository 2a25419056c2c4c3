"""A draft's saved versions and reviews, its staleness against the facts, and diffs."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from warroom.domain.clock import format_utc
from warroom.domain.draft_kinds import DraftRef
from warroom.domain.fact_sheet import fact_snapshot
from warroom.domain.incident import Facts

__all__ = ["DraftVersion", "Review", "Draft", "diff_texts", "diff_versions"]


@dataclass(frozen=True)
class DraftVersion:
    """One saved version (ctrl+s): the source, what it rendered to, who and when."""

    number: int
    source: str
    text: str
    operator: str
    at: datetime
    facts_used: Mapping[str, str]
    """The facts this version was rendered from, at the values it read."""

    @property
    def label(self) -> str:
        """``v3 · alice · 2026-11-27 14:05Z`` for lists and diff headers."""
        return f"v{self.number} · {self.operator} · {format_utc(self.at, with_date=True)}"


@dataclass(frozen=True)
class Review:
    """An operator confirmed a version still reads right with the facts as they are now."""

    version: int
    operator: str
    at: datetime
    facts_seen: Mapping[str, str]
    """The values of the facts the version reads, at review time."""


@dataclass(frozen=True)
class Draft:
    """A draft and its history; the store builds it, screens show it."""

    ref: DraftRef
    versions: tuple[DraftVersion, ...] = ()
    """Oldest first."""
    reviews: tuple[Review, ...] = ()
    """Oldest first."""

    @property
    def latest(self) -> DraftVersion | None:
        """The newest saved version, if any."""
        return self.versions[-1] if self.versions else None

    def version(self, number: int) -> DraftVersion | None:
        """The version with this number."""
        return next((v for v in self.versions if v.number == number), None)

    def baseline(self) -> Mapping[str, str]:
        """The fact values the latest version was last confirmed against (save or review)."""
        latest = self.latest
        if latest is None:
            return {}
        seen = dict(latest.facts_used)
        for review in self.reviews:
            if review.version == latest.number:
                seen.update(review.facts_seen)
        return seen

    def stale_facts(self, facts: Facts) -> tuple[str, ...]:
        """Facts this draft read that have changed since it was saved or last reviewed."""
        now = fact_snapshot(facts)
        return tuple(name for name, value in self.baseline().items() if now.get(name) != value)

    def is_stale(self, facts: Facts) -> bool:
        """True while a fact the draft read has changed and nobody has reviewed it since."""
        return bool(self.stale_facts(facts))


def diff_texts(old: str, new: str, old_label: str, new_label: str, *, context: int = 3) -> str:
    """A unified diff of two texts ("" when they are the same)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=old_label,
        tofile=new_label,
        n=context,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def diff_versions(old: DraftVersion, new: DraftVersion, *, rendered: bool = False) -> str:
    """A unified diff between two versions' sources (or their rendered texts)."""
    if rendered:
        return diff_texts(old.text, new.text, old.label, new.label)
    return diff_texts(old.source, new.source, old.label, new.label)
