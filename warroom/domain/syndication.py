"""Syndicated copies: one wire story under many URLs is one line with "+N copies".

An AP or Reuters story about the breach appears on dozens of regional sites within the hour,
each under its own URL, so URL dedup keeps them all (rightly: each is a source the review may
cite). Shown one by one they bury everything else. Mentions whose normalised titles are equal
and whose times fall within a window are grouped; the group shows the earliest copy and keeps
every member, so no source is lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from warroom.domain.mentions import Mention

__all__ = ["MentionGroup", "normalised_title", "group_syndicated", "SYNDICATION_WINDOW"]

SYNDICATION_WINDOW = timedelta(hours=12)
"""Copies of one story appear within hours; the same title a week later is news again."""
MIN_TITLE_WORDS = 4
"""Shorter titles ("Update", "Data breach") are too generic to say two articles are one story."""

_PUNCTUATION = re.compile(r"[^\w\s]+")
_OUTLET_SUFFIX = re.compile(r"\s+[-–—|:]\s+[^-–—|:]{1,60}$")
"""`` - Reuters``, `` | The Star``: the outlet's name that aggregators append to a title."""
_SUFFIX_MARKS = ("-", "–", "—", "|", ":")
"""A title holding none of these has no outlet suffix: the regex, tried at every space, is
not run on it (the dashboard normalises the newest 2,000 titles before its first frame)."""


def normalised_title(title: str) -> str:
    """The title as compared for syndication: no outlet suffix, case or punctuation."""
    return _normalised_words(title)[0]


def _normalised_words(title: str) -> tuple[str, int]:
    """The normalised title and its number of words (counted once, for grouping)."""
    if title.isascii():  # NFKC leaves ASCII as it is, and ASCII's casefold is its lower case
        text = title.lower()
        if "-" in text or "|" in text or ":" in text:
            text = _without_suffix(text)
    else:
        text = unicodedata.normalize("NFKC", title).casefold()
        if any(mark in text for mark in _SUFFIX_MARKS):
            text = _without_suffix(text)
    # Letters and digits are word characters (``\w`` is ``str.isalnum`` and ``_``), so a title
    # of only those and spaces has no punctuation to replace; ``str.split`` and ``\s`` agree on
    # what is a space (``str.isspace``).
    plain = text.replace(" ", "").isalnum()
    words = (text if plain else _PUNCTUATION.sub(" ", text)).split()
    return " ".join(words), len(words)


def _without_suffix(text: str) -> str:
    """``text`` without the outlet's name, unless too few words would be left."""
    stripped = _OUTLET_SUFFIX.sub("", text)
    return stripped if len(stripped.split()) >= MIN_TITLE_WORDS else text


@dataclass(frozen=True)
class MentionGroup:
    """One story: the earliest copy first, then the others in time order."""

    mentions: tuple[Mention, ...]

    @property
    def lead(self) -> Mention:
        """The copy shown (the earliest published)."""
        return self.mentions[0]

    @property
    def copies(self) -> tuple[Mention, ...]:
        """The other copies, each keeping its own source and link."""
        return self.mentions[1:]

    @property
    def label(self) -> str:
        """``+3 copies`` (empty for a story seen once), for the mention's line."""
        n = len(self.copies)
        if n == 0:
            return ""
        return f"+{n} cop{'y' if n == 1 else 'ies'}"

    @property
    def sources(self) -> tuple[str, ...]:
        """The distinct domains (or feeds, when there is no link) that carried the story."""
        seen: dict[str, None] = {}
        for mention in self.mentions:
            seen.setdefault(mention.domain or mention.feed_id, None)
        return tuple(seen)


def group_syndicated(
    mentions: Sequence[Mention], window: timedelta = SYNDICATION_WINDOW
) -> tuple[MentionGroup, ...]:
    """Group copies of one story; groups come in the order their first member appears.

    A copy joins a group when its normalised title is equal and it was published within
    ``window`` of the group's earliest copy. Titles under ``MIN_TITLE_WORDS`` words never
    group. One pass in time order, one dictionary lookup per mention.
    """
    order = {m.id: i for i, m in enumerate(mentions)}
    open_groups: dict[str, list[Mention]] = {}
    groups: list[list[Mention]] = []
    for mention in sorted(mentions, key=lambda m: (m.published, m.id)):
        key, words = _normalised_words(mention.title)
        groups_it = words >= MIN_TITLE_WORDS
        current = open_groups.get(key) if groups_it else None
        if current is not None and mention.published - current[0].published <= window:
            current.append(mention)
            continue
        group = [mention]
        groups.append(group)
        if groups_it:
            open_groups[key] = group
    groups.sort(key=lambda g: order[g[0].id] if len(g) == 1 else min(order[m.id] for m in g))
    return tuple(MentionGroup(tuple(g)) for g in groups)
